import { z } from 'zod'

/** One row of the province's list of communes it expects packages from, with what it received for a period. */
export const ExpectedOfficeStatusSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** The package accepted for the period, or null when the commune has not sent one. */
  received: z
    .object({
      sequence: z.number().int(),
      receivedAt: z.string(),
      officeName: z.string(),
    })
    .nullable(),
})

export const ExpectedOfficesViewSchema = z.object({
  period: z.string(),
  expected: z.array(ExpectedOfficeStatusSchema),
  /** How many of the expected communes have not sent a package for the period. */
  missing: z.number().int(),
  /** Offices whose package was accepted for the period but are not on the list. */
  unexpected: z.array(z.object({ code: z.string(), name: z.string() })),
})
export type ExpectedOfficesView = z.infer<typeof ExpectedOfficesViewSchema>

export const ExpectedImportResultSchema = z.object({
  fileName: z.string(),
  imported: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
})
export type ExpectedImportResult = z.infer<typeof ExpectedImportResultSchema>
