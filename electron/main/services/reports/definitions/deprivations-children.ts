import { sql } from 'kysely'
import { BUILTIN_STANDARDS, standardForYear } from '@shared/standards'
import type { Cell, ColumnSpec, HeaderCell } from '@shared/print/document'
import { ApiError } from '@shared/contract/errors'
import { officeOf } from '../class-counts'
import type { ReportDefinition } from '../definition'
import { grouping, shownGroups } from '../grouping'

const CLASSES = [
  { cls: 'poor', who: 'Hộ nghèo' },
  { cls: 'near_poor', who: 'Hộ cận nghèo' },
] as const

/** Under 16 in the review year, from the birth year (birth dates may be a year only). */
const CHILD_AGE = 16

/**
 * Form 11: children in poor and near-poor households and the households deprived on each indicator
 * that concerns children (the standard's data marks them: nutrition and school attendance in
 * 2022–2025 and 2027–2030, school attendance in 2016–2020). One row per unit under the office and a
 * total that is the sum of the rows.
 */
export const deprivationsChildrenReport: ReportDefinition = {
  id: 'deprivations-children',
  title: 'Tình hình thiếu hụt của trẻ em trong hộ nghèo, hộ cận nghèo',
  orientation: 'landscape',
  params: ['year', 'period', 'commune'],
  async build(ctx, params) {
    const standard = standardForYear(BUILTIN_STANDARDS, params.year)
    if (!standard) throw new ApiError('BAD_INPUT', `Chưa có chuẩn nghèo cho năm ${params.year}.`, ['params', 'year'])
    const indicators = standard.indicators.filter((i) => i.concernsChildren)
    const nos = indicators.map((i) => i.no)
    const g = await grouping(ctx, params)
    const office = officeOf(g)
    const minBirthYear = params.year - CHILD_AGE + 1
    const base = await sql<{ unit_id: string; office: string | null; classification: string; hh: number; children: number }>`
      select h.unit_id, ${office.column} as office, a.classification, count(*) as hh,
        sum((select count(*) from household_members m where m.household_id = h.id
             and cast(substr(m.birth_date, 1, 4) as integer) >= ${minBirthYear})) as children
      from household_assessments a join households h on h.id = a.household_id ${office.join}
      where a.year = ${params.year} and a.classification in ('poor', 'near_poor')
      group by h.unit_id, office, a.classification`.execute(ctx.store.db)
    const deprived = await sql<{ unit_id: string; office: string | null; classification: string; no: number; n: number }>`
      select h.unit_id, ${office.column} as office, a.classification, json_extract(j.value, '$.no') as no, count(*) as n
      from household_assessments a join households h on h.id = a.household_id ${office.join}, json_each(a.indicators_json) j
      where a.year = ${params.year} and a.classification in ('poor', 'near_poor') and json_extract(j.value, '$.deprived') = 1
      group by h.unit_id, office, a.classification, no`.execute(ctx.store.db)
    type Tally = { hh: number; children: number; by: Map<number, number> }
    const zero = (): Record<string, Tally> => Object.fromEntries(CLASSES.map((c) => [c.cls, { hh: 0, children: 0, by: new Map() }]))
    const acc = new Map(g.groups.map((gr) => [gr.key, zero()]))
    for (const r of base.rows) {
      const t = acc.get(g.keyOf(r.unit_id, r.office) ?? '')?.[r.classification]
      if (!t) continue
      t.hh += Number(r.hh)
      t.children += Number(r.children ?? 0)
    }
    for (const r of deprived.rows) {
      const t = acc.get(g.keyOf(r.unit_id, r.office) ?? '')?.[r.classification]
      if (t && nos.includes(Number(r.no))) t.by.set(Number(r.no), (t.by.get(Number(r.no)) ?? 0) + Number(r.n))
    }
    const groups = shownGroups(g, (k) => CLASSES.reduce((s, c) => s + acc.get(k)![c.cls]!.hh, 0))
    const total = zero()
    for (const gr of groups) {
      for (const { cls } of CLASSES) {
        const t = acc.get(gr.key)![cls]!
        total[cls]!.hh += t.hh
        total[cls]!.children += t.children
        for (const [no, n] of t.by) total[cls]!.by.set(no, (total[cls]!.by.get(no) ?? 0) + n)
      }
    }
    const line = (stt: Cell, label: string, t: Record<string, Tally>): Cell[] => [
      stt,
      label,
      ...CLASSES.flatMap(({ cls }) => [t[cls]!.hh, t[cls]!.children, ...nos.map((no) => t[cls]!.by.get(no) ?? 0)]),
    ]
    const rows = [...groups.map((gr, i) => line(i + 1, gr.label, acc.get(gr.key)!)), line('', 'Tổng cộng', total)]
    const header: HeaderCell[][] = [
      [{ text: 'STT', rowSpan: 2 }, { text: g.heading, rowSpan: 2 }, ...CLASSES.map((c) => ({ text: c.who, colSpan: 2 + nos.length }))],
      CLASSES.flatMap(() => [
        { text: 'Số hộ' },
        { text: `Số trẻ em dưới ${CHILD_AGE} tuổi` },
        ...indicators.map((i) => ({ text: `Số hộ thiếu hụt: ${i.no}. ${i.name}` })),
      ]),
    ]
    const columns: ColumnSpec[] = [
      { kind: 'int', width: 5 },
      { kind: 'text', width: 22 },
      ...CLASSES.flatMap(() => Array.from({ length: 2 + nos.length }, () => ({ kind: 'int' as const, width: 10 }))),
    ]
    return {
      subtitle: `Theo ${standard.name}`,
      body: [{ kind: 'table', table: { header, columns, rows, boldRows: [rows.length - 1] } }],
    }
  },
}
