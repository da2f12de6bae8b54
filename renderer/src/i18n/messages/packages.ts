/** Vietnamese UI text of the packages pages; keys start with 'packages.'. */
export const packages = {} as const
