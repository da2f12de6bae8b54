/** Vietnamese UI text of the system pages; keys start with 'system.'. */
export const system = {} as const
