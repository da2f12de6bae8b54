import { sql, type RawBuilder } from 'kysely'
import { POVERTY_CAUSES, SPECIAL_GROUPS } from '@shared/domain/households'
import { POVERTY_CAUSE_LABELS, SPECIAL_GROUP_LABELS } from '@shared/domain/household-labels'
import type { Cell } from '@shared/print/document'
import { viCollator } from '@shared/text/fold'
import type { ServiceContext } from '../../context'
import type { ReportDefinition } from '../definition'
import { grouping, share } from '../grouping'

interface CategoryCount {
  category: string
  unit_id: string
  classification: 'poor' | 'near_poor'
  hh: number
  persons: number
}

/**
 * Forms 8–10: poor and near-poor households and persons by a category of the household — its
 * special groups, its ethnicity, its causes of poverty. A household in two groups counts in both
 * rows (the forms ask "of which"), so the rows are not summed: the last row gives the number of
 * poor and near-poor households themselves, and each row's share is against it.
 */
function breakdownReport(options: {
  id: string
  title: string
  heading: string
  /** SQL giving the category of a household `h` (a json_each value or a column), and the FROM addition it needs. */
  category: RawBuilder<string>
  from: RawBuilder<unknown>
  order: (categories: string[]) => string[]
  label: (category: string) => string
}): ReportDefinition {
  return {
    id: options.id,
    title: options.title,
    orientation: 'landscape',
    params: ['year', 'period', 'commune'],
    async build(ctx, params) {
      const g = await grouping(ctx, params)
      const inScope = (unitId: string) => g.byOffice || g.keyOf(unitId, null) !== undefined
      const { rows } = await sql<CategoryCount>`
        select ${options.category} as category, h.unit_id, a.classification, count(*) as hh, sum(h.member_count) as persons
        from household_assessments a join households h on h.id = a.household_id ${options.from}
        where a.year = ${params.year} and a.classification in ('poor', 'near_poor')
        group by category, h.unit_id, a.classification`.execute(ctx.store.db)
      const totals = await poorAndNearPoor(ctx, params.year)
      const acc = new Map<string, { poor: number; poorP: number; near: number; nearP: number }>()
      const all = { poor: 0, poorP: 0, near: 0, nearP: 0 }
      for (const r of rows) {
        if (!inScope(r.unit_id) || r.category === null || r.category === '') continue
        const t = acc.get(r.category) ?? { poor: 0, poorP: 0, near: 0, nearP: 0 }
        if (r.classification === 'poor') {
          t.poor += Number(r.hh)
          t.poorP += Number(r.persons ?? 0)
        } else {
          t.near += Number(r.hh)
          t.nearP += Number(r.persons ?? 0)
        }
        acc.set(r.category, t)
      }
      for (const r of totals) {
        if (!inScope(r.unit_id)) continue
        if (r.classification === 'poor') {
          all.poor += Number(r.hh)
          all.poorP += Number(r.persons ?? 0)
        } else {
          all.near += Number(r.hh)
          all.nearP += Number(r.persons ?? 0)
        }
      }
      const line = (stt: Cell, label: string, t: typeof all): Cell[] => [
        stt,
        label,
        t.poor,
        t.poorP,
        share(t.poor, all.poor),
        t.near,
        t.nearP,
        share(t.near, all.near),
      ]
      const body = options
        .order([...acc.keys()])
        .map((c, i) => line(i + 1, options.label(c), acc.get(c) ?? { poor: 0, poorP: 0, near: 0, nearP: 0 }))
      body.push(line('', 'Tổng số hộ nghèo, hộ cận nghèo', all))
      return {
        subtitle: `Năm rà soát ${params.year}`,
        body: [
          {
            kind: 'table',
            table: {
              header: [
                [
                  { text: 'STT', rowSpan: 2 },
                  { text: options.heading, rowSpan: 2 },
                  { text: 'Hộ nghèo', colSpan: 3 },
                  { text: 'Hộ cận nghèo', colSpan: 3 },
                ],
                [{ text: 'Số hộ' }, { text: 'Số khẩu' }, { text: 'Tỷ lệ' }, { text: 'Số hộ' }, { text: 'Số khẩu' }, { text: 'Tỷ lệ' }],
              ],
              columns: [
                { kind: 'int', width: 5 },
                { kind: 'text', width: 36 },
                { kind: 'int', width: 10 },
                { kind: 'int', width: 10 },
                { kind: 'percent', width: 9 },
                { kind: 'int', width: 10 },
                { kind: 'int', width: 10 },
                { kind: 'percent', width: 9 },
              ],
              rows: body,
              boldRows: [body.length - 1],
            },
          },
        ],
      }
    },
  }
}

async function poorAndNearPoor(ctx: ServiceContext, year: number) {
  return (
    await sql<{ unit_id: string; classification: 'poor' | 'near_poor'; hh: number; persons: number }>`
      select h.unit_id, a.classification, count(*) as hh, sum(h.member_count) as persons
      from household_assessments a join households h on h.id = a.household_id
      where a.year = ${year} and a.classification in ('poor', 'near_poor')
      group by h.unit_id, a.classification`.execute(ctx.store.db)
  ).rows
}

/** Coded categories keep the order the form lists them in, with every row shown even when empty. */
const fixedOrder = (codes: readonly string[]) => () => [...codes]

export const groupsReport = breakdownReport({
  id: 'groups',
  title: 'Hộ nghèo, hộ cận nghèo theo nhóm đối tượng',
  heading: 'Nhóm đối tượng',
  category: sql<string>`g.value`,
  from: sql`, json_each(h.special_groups) g`,
  order: fixedOrder(SPECIAL_GROUPS),
  label: (c) => SPECIAL_GROUP_LABELS[c as keyof typeof SPECIAL_GROUP_LABELS] ?? c,
})

export const causesReport = breakdownReport({
  id: 'causes',
  title: 'Hộ nghèo, hộ cận nghèo theo nguyên nhân nghèo',
  heading: 'Nguyên nhân',
  category: sql<string>`c.value`,
  from: sql`, json_each(h.poverty_causes) c`,
  order: fixedOrder(POVERTY_CAUSES),
  label: (c) => POVERTY_CAUSE_LABELS[c as keyof typeof POVERTY_CAUSE_LABELS] ?? c,
})

export const ethnicityReport = breakdownReport({
  id: 'ethnicity',
  title: 'Hộ nghèo, hộ cận nghèo theo dân tộc',
  heading: 'Dân tộc',
  category: sql<string>`case when trim(h.ethnicity) = '' then 'Chưa ghi dân tộc' else trim(h.ethnicity) end`,
  from: sql``,
  order: (cs) => cs.sort((a, b) => viCollator.compare(a, b)),
  label: (c) => c,
})
