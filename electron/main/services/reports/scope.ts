import { ApiError } from '@shared/contract/errors'
import type { AdminUnit } from '@shared/domain/units'
import { viCollator } from '@shared/text/fold'
import type { ServiceContext } from '../context'
import { listUnits } from '../units'

/**
 * The communes a report covers (all, or the one asked for) and a way to find every unit under a
 * commune, at any depth: reports group by commune whatever the hierarchy looks like.
 */
export async function scopeUnits(ctx: ServiceContext, communeId: string | null) {
  const units = await listUnits(ctx)
  const children = new Map<string | null, AdminUnit[]>()
  for (const u of units) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u])
  const descendants = (id: string): AdminUnit[] => (children.get(id) ?? []).flatMap((c) => [c, ...descendants(c.id)])
  let communes = units.filter((u) => u.kind === 'commune')
  if (communeId) {
    communes = communes.filter((c) => c.id === communeId)
    if (communes.length === 0) throw new ApiError('NOT_FOUND', 'Không tìm thấy xã/phường đã chọn.', ['params', 'communeId'])
  }
  communes.sort((a, b) => viCollator.compare(a.name, b.name))
  /** Maps every unit id to its commune's id (the commune maps to itself). */
  const communeOf = new Map<string, string>()
  for (const c of communes) {
    communeOf.set(c.id, c.id)
    for (const d of descendants(c.id)) communeOf.set(d.id, c.id)
  }
  /** The units directly under a unit, sorted as the reports list them. */
  const childrenOf = (id: string): AdminUnit[] => [...(children.get(id) ?? [])].sort((a, b) => viCollator.compare(a.name, b.name))
  return { communes, communeOf, villagesOf: descendants, childrenOf }
}
