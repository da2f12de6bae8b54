/** Vietnamese UI text of the households pages; keys start with 'households.'. */
export const households = {} as const
