import type { HouseholdInput } from '@shared/domain/households'
import type { Router } from '../../electron/main/ipc'

/** Calls a channel through the router and fails the test with main's message when it is refused. */
export async function ok<T = unknown>(api: Router, channel: string, input: unknown): Promise<T> {
  const r = await api.invoke(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
  return r.data as T
}

/** The Vietnamese message of a refused call (fails when the call succeeds). */
export async function refused(api: Router, channel: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await api.invoke(channel, input)
  if (r.ok) throw new Error(`${channel} should have been refused`)
  return r.error
}

/** A small household of the village, with an assessment for `year` when given. */
export function household(
  unitId: string,
  head: string,
  citizenId: string,
  year: number | null,
  income = 1_200_000,
  deprived: number[] = [],
): HouseholdInput {
  return {
    household: { unitId, areaType: 'rural', ethnicity: 'Tày' },
    members: [
      { fullName: head, sex: 'male', birthDate: '1975', citizenId, relationship: 'head', healthInsurance: true, working: 'contract' },
      {
        fullName: `Lương Thị ${head.split(' ').pop()}`,
        sex: 'female',
        birthDate: '1978',
        relationship: 'spouse',
        healthInsurance: true,
        working: 'contract',
      },
    ],
    assessment:
      year === null
        ? null
        : { year, incomePerPersonMonth: income, housingAreaM2: 40, indicators: deprived.map((no) => ({ no, deprived: true })) },
  }
}
