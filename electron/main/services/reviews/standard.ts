import type { PovertyStandard } from '@shared/standards/schema'
import type { ServiceContext } from '../context'
import { effectiveStandards, standardFor } from '../households/standards'

/** The standard a review was opened under (kept on the cycle), or the year's standard for an ongoing case. */
export async function findStandardById(ctx: ServiceContext, id: string | null, year: number): Promise<PovertyStandard> {
  if (id) {
    const s = (await effectiveStandards(ctx)).find((x) => x.id === id)
    if (s) return s
  }
  return standardFor(ctx, year)
}
