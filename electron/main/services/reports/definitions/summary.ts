import type { Cell } from '@shared/print/document'
import { classCounts } from '../class-counts'
import type { ReportDefinition } from '../definition'
import { grouping, share, shownGroups } from '../grouping'

type Tally = Record<'all' | 'poor' | 'near' | 'average', { hh: number; persons: number }> & {
  poorRural: number
  poorUrban: number
  nearRural: number
  nearUrban: number
}

const emptyTally = (): Tally => ({
  all: { hh: 0, persons: 0 },
  poor: { hh: 0, persons: 0 },
  near: { hh: 0, persons: 0 },
  average: { hh: 0, persons: 0 },
  poorRural: 0,
  poorUrban: 0,
  nearRural: 0,
  nearUrban: 0,
})

/**
 * Form 1, the official results: households and persons, poor, near-poor and average living
 * standard, with rates against all households reviewed that year, and the rural/urban split of the
 * poor and near-poor. One row per unit one level under the office (grouping.ts) and a total that is
 * the sum of the rows, its rates computed from the summed counts.
 */
export const summaryReport: ReportDefinition = {
  id: 'summary',
  title: 'Kết quả rà soát hộ nghèo, hộ cận nghèo, hộ có mức sống trung bình',
  orientation: 'landscape',
  params: ['year', 'period', 'commune'],
  async build(ctx, params) {
    const g = await grouping(ctx, params)
    const tallies = new Map(g.groups.map((gr) => [gr.key, emptyTally()]))
    for (const c of await classCounts(ctx, params.year, g)) {
      const t = tallies.get(c.key)
      if (!t) continue
      t.all.hh += c.households
      t.all.persons += c.persons
      const bucket =
        c.classification === 'poor' ? 'poor' : c.classification === 'near_poor' ? 'near' : c.classification === 'average' ? 'average' : null
      if (!bucket) continue
      t[bucket].hh += c.households
      t[bucket].persons += c.persons
      if (bucket === 'poor') t[c.areaType === 'rural' ? 'poorRural' : 'poorUrban'] += c.households
      if (bucket === 'near') t[c.areaType === 'rural' ? 'nearRural' : 'nearUrban'] += c.households
    }
    const groups = shownGroups(g, (k) => tallies.get(k)!.all.hh)
    const total = emptyTally()
    for (const gr of groups) {
      const t = tallies.get(gr.key)!
      for (const k of ['all', 'poor', 'near', 'average'] as const) {
        total[k].hh += t[k].hh
        total[k].persons += t[k].persons
      }
      total.poorRural += t.poorRural
      total.poorUrban += t.poorUrban
      total.nearRural += t.nearRural
      total.nearUrban += t.nearUrban
    }
    const line = (stt: Cell, label: string, t: Tally): Cell[] => [
      stt,
      label,
      t.all.hh,
      t.all.persons,
      t.poor.hh,
      t.poor.persons,
      share(t.poor.hh, t.all.hh),
      t.near.hh,
      t.near.persons,
      share(t.near.hh, t.all.hh),
      t.average.hh,
      t.average.persons,
      share(t.average.hh, t.all.hh),
      t.poorRural,
      t.poorUrban,
      t.nearRural,
      t.nearUrban,
    ]
    const rows = groups.map((gr, i) => line(i + 1, gr.label, tallies.get(gr.key)!))
    rows.push(line('', 'Tổng cộng', total))
    const int = (width = 9) => ({ kind: 'int' as const, width })
    const pct = { kind: 'percent' as const, width: 8 }
    return {
      subtitle: `Năm rà soát ${params.year}`,
      body: [
        {
          kind: 'table',
          table: {
            header: [
              [
                { text: 'STT', rowSpan: 2 },
                { text: g.heading, rowSpan: 2 },
                { text: 'Tổng số hộ', rowSpan: 2 },
                { text: 'Tổng số nhân khẩu', rowSpan: 2 },
                { text: 'Hộ nghèo', colSpan: 3 },
                { text: 'Hộ cận nghèo', colSpan: 3 },
                // Only farming, forestry, fishery and salt-making households are identified with average living standard.
                { text: 'Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình', colSpan: 3 },
                { text: 'Hộ nghèo', colSpan: 2 },
                { text: 'Hộ cận nghèo', colSpan: 2 },
              ],
              [
                { text: 'Số hộ' },
                { text: 'Số khẩu' },
                { text: 'Tỷ lệ' },
                { text: 'Số hộ' },
                { text: 'Số khẩu' },
                { text: 'Tỷ lệ' },
                { text: 'Số hộ' },
                { text: 'Số khẩu' },
                { text: 'Tỷ lệ' },
                { text: 'Nông thôn' },
                { text: 'Thành thị' },
                { text: 'Nông thôn' },
                { text: 'Thành thị' },
              ],
            ],
            columns: [
              { kind: 'int', width: 5 },
              { kind: 'text', width: 24 },
              int(),
              int(),
              int(),
              int(),
              pct,
              int(),
              int(),
              pct,
              int(),
              int(),
              pct,
              int(8),
              int(8),
              int(8),
              int(8),
            ],
            rows,
            boldRows: [rows.length - 1],
          },
        },
      ],
    }
  },
}
