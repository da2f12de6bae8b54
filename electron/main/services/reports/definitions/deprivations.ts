import { sql } from 'kysely'
import { BUILTIN_STANDARDS, standardForYear } from '@shared/standards'
import type { Cell, ColumnSpec, HeaderCell } from '@shared/print/document'
import { ApiError } from '@shared/contract/errors'
import { officeOf } from '../class-counts'
import type { ReportDefinition } from '../definition'
import { grouping, share, shownGroups } from '../grouping'

/**
 * Forms 4–7: how many poor (or near-poor) households are deprived on each indicator of the year's
 * standard, and the share of them; with the households counted and the total of deprivations.
 * The indicators come from the standard's data, so a 2016–2020 year has 10 columns, 2022–2025 twelve.
 */
function deprivationsReport(id: string, group: 'poor' | 'near_poor', who: string): ReportDefinition {
  return {
    id,
    title: `Tình hình thiếu hụt các dịch vụ xã hội cơ bản của ${who}`,
    orientation: 'landscape',
    params: ['year', 'period', 'commune'],
    async build(ctx, params) {
      const standard = standardForYear(BUILTIN_STANDARDS, params.year)
      if (!standard) throw new ApiError('BAD_INPUT', `Chưa có chuẩn nghèo cho năm ${params.year}.`, ['params', 'year'])
      const g = await grouping(ctx, params)
      const office = officeOf(g)
      const base = await sql<{ unit_id: string; office: string | null; hh: number; total: number }>`
        select h.unit_id, ${office.column} as office, count(*) as hh, sum(a.deprived_count) as total
        from household_assessments a join households h on h.id = a.household_id ${office.join}
        where a.year = ${params.year} and a.classification = ${group}
        group by h.unit_id, office`.execute(ctx.store.db)
      const byIndicator = await sql<{ unit_id: string; office: string | null; no: number; n: number }>`
        select h.unit_id, ${office.column} as office, json_extract(j.value, '$.no') as no, count(*) as n
        from household_assessments a join households h on h.id = a.household_id ${office.join}, json_each(a.indicators_json) j
        where a.year = ${params.year} and a.classification = ${group} and json_extract(j.value, '$.deprived') = 1
        group by h.unit_id, office, no`.execute(ctx.store.db)
      const nos = standard.indicators.map((i) => i.no)
      const zero = () => ({ hh: 0, total: 0, by: new Map<number, number>() })
      const acc = new Map(g.groups.map((gr) => [gr.key, zero()]))
      for (const r of base.rows) {
        const t = acc.get(g.keyOf(r.unit_id, r.office) ?? '')
        if (t) {
          t.hh += Number(r.hh)
          t.total += Number(r.total)
        }
      }
      for (const r of byIndicator.rows) {
        const t = acc.get(g.keyOf(r.unit_id, r.office) ?? '')
        if (t) t.by.set(Number(r.no), (t.by.get(Number(r.no)) ?? 0) + Number(r.n))
      }
      const groups = shownGroups(g, (k) => acc.get(k)!.hh)
      const total = zero()
      for (const gr of groups) {
        const t = acc.get(gr.key)!
        total.hh += t.hh
        total.total += t.total
        for (const [no, n] of t.by) total.by.set(no, (total.by.get(no) ?? 0) + n)
      }
      const counts = (stt: Cell, label: string, t: ReturnType<typeof zero>): Cell[] => [
        stt,
        label,
        t.hh,
        t.total,
        ...nos.map((no) => t.by.get(no) ?? 0),
      ]
      const shares = (stt: Cell, label: string, t: ReturnType<typeof zero>): Cell[] => [
        stt,
        label,
        t.hh,
        ...nos.map((no) => share(t.by.get(no) ?? 0, t.hh)),
      ]
      const header = (second: string | null): HeaderCell[][] => [
        [
          { text: 'STT', rowSpan: 2 },
          { text: g.heading, rowSpan: 2 },
          { text: `Số ${who}`, rowSpan: 2 },
          ...(second ? [{ text: second, rowSpan: 2 }] : []),
          { text: 'Số hộ thiếu hụt theo từng chỉ số', colSpan: nos.length },
        ],
        standard.indicators.map((i) => ({ text: `${i.no}. ${i.name}` })),
      ]
      const cols = (extra: number, kind: ColumnSpec['kind']): ColumnSpec[] => [
        { kind: 'int', width: 5 },
        { kind: 'text', width: 20 },
        ...Array.from({ length: extra }, () => ({ kind: 'int' as const, width: 8 })),
        ...nos.map(() => ({ kind, width: 7 })),
      ]
      const countRows = [...groups.map((gr, i) => counts(i + 1, gr.label, acc.get(gr.key)!)), counts('', 'Tổng cộng', total)]
      const shareRows = [...groups.map((gr, i) => shares(i + 1, gr.label, acc.get(gr.key)!)), shares('', 'Tổng cộng', total)]
      return {
        subtitle: `Theo ${standard.name}`,
        body: [
          { kind: 'heading', text: `1. Số ${who} thiếu hụt từng chỉ số` },
          {
            kind: 'table',
            table: { header: header('Tổng số lượt thiếu hụt'), columns: cols(2, 'int'), rows: countRows, boldRows: [countRows.length - 1] },
          },
          { kind: 'heading', text: `2. Tỷ lệ ${who} thiếu hụt từng chỉ số (so với số ${who})` },
          {
            kind: 'table',
            table: { header: header(null), columns: cols(1, 'percent'), rows: shareRows, boldRows: [shareRows.length - 1] },
          },
        ],
      }
    },
  }
}

export const deprivationsPoorReport = deprivationsReport('deprivations-poor', 'poor', 'hộ nghèo')
export const deprivationsNearPoorReport = deprivationsReport('deprivations-near-poor', 'near_poor', 'hộ cận nghèo')
