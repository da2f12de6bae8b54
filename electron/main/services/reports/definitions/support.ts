import { sql } from 'kysely'
import type { Cell } from '@shared/print/document'
import { viCollator } from '@shared/text/fold'
import type { ReportDefinition } from '../definition'
import { grouping, share } from '../grouping'

/**
 * Support coverage: for each policy recorded in the year (or its first six months), how many of
 * the year's poor and near-poor households (the eligible ones) received it, and what share of the
 * eligible that is; with the amounts paid.
 */
export const supportReport: ReportDefinition = {
  id: 'support',
  title: 'Kết quả thực hiện chính sách hỗ trợ hộ nghèo, hộ cận nghèo',
  orientation: 'portrait',
  params: ['year', 'period', 'commune'],
  async build(ctx, params) {
    const g = await grouping(ctx, params)
    const inScope = (unitId: string) => g.byOffice || g.keyOf(unitId, null) !== undefined
    const from = `${params.year}-01-01`
    const to = params.period === 'H1' ? `${params.year}-06-30` : `${params.year}-12-31`
    const eligible = (
      await sql<{ unit_id: string; classification: string; hh: number }>`
        select h.unit_id, a.classification, count(*) as hh
        from household_assessments a join households h on h.id = a.household_id
        where a.year = ${params.year} and a.classification in ('poor', 'near_poor')
        group by h.unit_id, a.classification`.execute(ctx.store.db)
    ).rows
    const received = (
      await sql<{ policy: string; unit_id: string; classification: string; hh: number; amount: number }>`
        select s.policy, h.unit_id, a.classification, count(distinct s.household_id) as hh, sum(s.amount) as amount
        from household_support s
        join households h on h.id = s.household_id
        join household_assessments a on a.household_id = s.household_id and a.year = ${params.year}
        where s.date between ${from} and ${to} and a.classification in ('poor', 'near_poor')
        group by s.policy, h.unit_id, a.classification`.execute(ctx.store.db)
    ).rows
    let poor = 0
    let near = 0
    for (const e of eligible) {
      if (!inScope(e.unit_id)) continue
      if (e.classification === 'poor') poor += Number(e.hh)
      else near += Number(e.hh)
    }
    const byPolicy = new Map<string, { poor: number; near: number; amount: number }>()
    for (const r of received) {
      if (!inScope(r.unit_id)) continue
      const t = byPolicy.get(r.policy) ?? { poor: 0, near: 0, amount: 0 }
      if (r.classification === 'poor') t.poor += Number(r.hh)
      else t.near += Number(r.hh)
      t.amount += Number(r.amount ?? 0)
      byPolicy.set(r.policy, t)
    }
    const rows: Cell[][] = [...byPolicy.keys()]
      .sort((a, b) => viCollator.compare(a, b))
      .map((policy, i) => {
        const t = byPolicy.get(policy)!
        return [i + 1, policy, t.poor, share(t.poor, poor), t.near, share(t.near, near), t.amount]
      })
    rows.push(['', 'Số hộ thuộc diện hưởng chính sách', poor, null, near, null, null])
    return {
      subtitle: `${poor} hộ nghèo và ${near} hộ cận nghèo năm ${params.year}`,
      body: [
        {
          kind: 'table',
          table: {
            header: [
              [
                { text: 'STT', rowSpan: 2 },
                { text: 'Chính sách hỗ trợ', rowSpan: 2 },
                { text: 'Hộ nghèo được hỗ trợ', colSpan: 2 },
                { text: 'Hộ cận nghèo được hỗ trợ', colSpan: 2 },
                { text: 'Kinh phí (đồng)', rowSpan: 2 },
              ],
              [{ text: 'Số hộ' }, { text: 'Tỷ lệ' }, { text: 'Số hộ' }, { text: 'Tỷ lệ' }],
            ],
            columns: [
              { kind: 'int', width: 5 },
              { kind: 'text', width: 34 },
              { kind: 'int', width: 9 },
              { kind: 'percent', width: 9 },
              { kind: 'int', width: 9 },
              { kind: 'percent', width: 9 },
              { kind: 'money', width: 14 },
            ],
            rows,
            boldRows: [rows.length - 1],
          },
        },
      ],
    }
  },
}
