import { BUILTIN_STANDARDS, summarize } from '@shared/standards'
import type { PovertyStandard, StandardSummary } from '@shared/standards/schema'
import type { ServiceContext } from './context'

/** The standards this office can use. Office corrections of unconfirmed values arrive with the register. */
export async function listStandards(_ctx: ServiceContext): Promise<StandardSummary[]> {
  return BUILTIN_STANDARDS.map(summarize)
}

export async function findStandard(_ctx: ServiceContext, id: string): Promise<PovertyStandard | undefined> {
  return BUILTIN_STANDARDS.find((s) => s.id === id)
}
