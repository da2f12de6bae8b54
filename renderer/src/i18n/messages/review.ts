/** Vietnamese UI text of the review pages; keys start with 'review.'. */
export const review = {} as const
