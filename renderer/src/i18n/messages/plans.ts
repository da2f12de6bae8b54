/** Vietnamese UI text of the plans pages; keys start with 'plans.'. */
export const plans = {} as const
