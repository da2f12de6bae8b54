import { sql } from 'kysely'
import type { IndicatorValue } from '@shared/domain/households'
import type { Cell } from '@shared/print/document'
import { viCollator } from '@shared/text/fold'
import type { ReportDefinition } from '../definition'
import { scopeUnits } from '../scope'

/**
 * Forms 14–15: the detailed list of poor (or near-poor) households, commune by commune: head,
 * village, members, ethnicity, income, deprived indicators ("1, 4, 9") and the B1/B2 scores. Names
 * are printed as entered; the print view escapes them.
 */
function householdListReport(id: string, group: 'poor' | 'near_poor', who: string): ReportDefinition {
  return {
    id,
    title: `Danh sách ${who}`,
    orientation: 'landscape',
    params: ['year', 'period', 'commune'],
    async build(ctx, params) {
      const { communes, communeOf } = await scopeUnits(ctx, params.communeId)
      const units = new Map((await ctx.store.db.selectFrom('admin_units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]))
      const { rows } = await sql<{
        unit_id: string
        code: string
        head_name: string
        ethnicity: string
        member_count: number
        area_type: string
        income: number
        indicators_json: string
        income_score: number | null
        deprivation_score: number
      }>`
        select h.unit_id, h.code, h.head_name, h.ethnicity, h.member_count, a.area_type, a.income_per_person_month as income,
               a.indicators_json, a.income_score, a.deprivation_score
        from household_assessments a join households h on h.id = a.household_id
        where a.year = ${params.year} and a.classification = ${group}
        order by h.head_name_sort`.execute(ctx.store.db)
      const byCommune = new Map<string, typeof rows>()
      for (const r of rows) {
        const c = communeOf.get(r.unit_id)
        if (c) byCommune.set(c, [...(byCommune.get(c) ?? []), r])
      }
      const out: Cell[][] = []
      const bold: number[] = []
      let n = 0
      for (const commune of communes) {
        const list = byCommune.get(commune.id) ?? []
        if (list.length === 0) continue
        bold.push(out.length)
        out.push(['', `${commune.name} (${list.length} hộ)`, '', '', null, '', null, '', null, null])
        list.sort((a, b) => viCollator.compare(units.get(a.unit_id) ?? '', units.get(b.unit_id) ?? ''))
        for (const r of list) {
          const deprived = (JSON.parse(r.indicators_json) as IndicatorValue[]).filter((i) => i.deprived).map((i) => i.no)
          out.push([
            ++n,
            r.head_name,
            r.code,
            units.get(r.unit_id) ?? '',
            r.member_count,
            r.ethnicity,
            r.income,
            deprived.join(', '),
            r.income_score,
            r.deprivation_score,
          ])
        }
      }
      bold.push(out.length)
      out.push(['', `Tổng cộng: ${n} hộ`, '', '', null, '', null, '', null, null])
      return {
        subtitle: `Năm rà soát ${params.year}`,
        body: [
          {
            kind: 'table',
            table: {
              header: [
                [
                  { text: 'STT' },
                  { text: 'Họ và tên chủ hộ' },
                  { text: 'Mã hộ' },
                  { text: 'Thôn, bản' },
                  { text: 'Số khẩu' },
                  { text: 'Dân tộc' },
                  { text: 'Thu nhập bình quân (đồng/người/tháng)' },
                  { text: 'Chỉ số thiếu hụt' },
                  { text: 'Điểm B1' },
                  { text: 'Điểm B2' },
                ],
              ],
              columns: [
                { kind: 'int', width: 6 },
                { kind: 'text', width: 26 },
                { kind: 'text', width: 12 },
                { kind: 'text', width: 18 },
                { kind: 'int', width: 7 },
                { kind: 'text', width: 10 },
                { kind: 'money', width: 14 },
                { kind: 'text', width: 14 },
                { kind: 'int', width: 7 },
                { kind: 'int', width: 7 },
              ],
              rows: out,
              boldRows: bold,
            },
          },
        ],
      }
    },
  }
}

export const listPoorReport = householdListReport('list-poor', 'poor', 'hộ nghèo')
export const listNearPoorReport = householdListReport('list-near-poor', 'near_poor', 'hộ cận nghèo')
