import type { Cell } from '@shared/print/document'
import { viCollator } from '@shared/text/fold'
import type { ReportDefinition } from '../definition'
import { scopeUnits } from '../scope'

/** The office's area: each commune and its villages, with the number of households registered in each. */
export const unitsReport: ReportDefinition = {
  id: 'units',
  title: 'Danh mục địa bàn và số hộ trong sổ',
  orientation: 'portrait',
  params: ['commune'],
  async build(ctx, params) {
    const { communes, villagesOf } = await scopeUnits(ctx, params.communeId)
    const counts = await ctx.store.db
      .selectFrom('households')
      .select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('unit_id')
      .execute()
    const byUnit = new Map(counts.map((c) => [c.unit_id, Number(c.n)]))
    const rows: Cell[][] = []
    const bold: number[] = []
    let total = 0
    communes.forEach((commune, i) => {
      const villages = villagesOf(commune.id).sort((a, b) => viCollator.compare(a.name, b.name))
      const communeTotal = villages.reduce((s, v) => s + (byUnit.get(v.id) ?? 0), byUnit.get(commune.id) ?? 0)
      bold.push(rows.length)
      rows.push([i + 1, commune.name, commune.code, communeTotal])
      villages.forEach((v) => rows.push(['', `   ${v.name}`, v.code, byUnit.get(v.id) ?? 0]))
      total += communeTotal
    })
    bold.push(rows.length)
    rows.push(['', 'Tổng cộng', '', total])
    return {
      subtitle: `${communes.length} xã/phường`,
      body: [
        {
          kind: 'table',
          table: {
            header: [[{ text: 'STT' }, { text: 'Xã/phường, thôn/bản' }, { text: 'Mã' }, { text: 'Số hộ' }]],
            columns: [
              { kind: 'int', width: 6 },
              { kind: 'text', width: 40 },
              { kind: 'text', width: 10 },
              { kind: 'int', width: 12 },
            ],
            rows,
            boldRows: bold,
          },
        },
      ],
    }
  },
}
