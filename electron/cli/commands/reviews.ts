import type { PeriodPoint } from '@shared/domain/reviews'
import { MOVEMENT_REASONS } from '@shared/domain/reviews'
import { formatInt, parseViDate } from '@shared/text/format'

import { UsageError, type Command } from '../command'
import { withRouter } from '../router'
import { reviewCaseCommands } from './review-cases'

function yearOption(value: unknown, name: string): number {
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) throw new UsageError(`Cần --${name} NĂM (4 chữ số)`)
  return Number(value)
}

/** A period end given as a review year (2025) or a date (31/12/2025 or 2025-12-31). */
function pointOption(value: unknown, name: string): PeriodPoint {
  if (typeof value !== 'string') throw new UsageError(`Cần --${name} (năm rà soát hoặc ngày DD/MM/YYYY)`)
  if (/^\d{4}$/.test(value)) return { year: Number(value) }
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : parseViDate(value)
  if (!date) throw new UsageError(`--${name} phải là năm (2025) hoặc ngày (31/12/2025)`)
  return { date }
}

const openCommand: Command = {
  name: ['review', 'open'],
  usage: 'review open --year NĂM',
  summary: 'Mở kỳ rà soát của năm theo chuẩn nghèo của năm có danh sách (danh sách = hộ nghèo, cận nghèo hiện có)',
  options: { year: { type: 'string' } },
  channels: ['review.open', 'review.status'],
  async run({ values, dbPath }, io) {
    const year = yearOption(values.year, 'year')
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const cycle = await call('review.open', { year })
      const status = await call('review.status', { year })
      const total = status.rows.find((r) => r.level === 'total')!
      io.out(`Đã mở kỳ rà soát năm ${year} theo ${cycle.standardName}: ${formatInt(total.total)} hộ cần rà soát.`)
      io.out(`Chuẩn nghèo: ${cycle.standardId} — ${cycle.standardBasis}`)
      return 0
    })
  },
}

const statusCommand: Command = {
  name: ['review', 'status'],
  usage: 'review status --year NĂM [--json]',
  summary: 'Tiến độ rà soát theo thôn, xã: đã khảo sát, đã họp, đã niêm yết, đã phê duyệt',
  options: { year: { type: 'string' }, json: { type: 'boolean' } },
  channels: ['review.status'],
  async run({ values, dbPath }, io) {
    const year = yearOption(values.year, 'year')
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const status = await call('review.status', { year })
      if (!status.cycle) {
        io.err(`Chưa mở kỳ rà soát năm ${year}. Chạy "so-giam-ngheo review open --year ${year}".`)
        return 1
      }
      const listed = status.rows.find((r) => r.level === 'total')?.total ?? 0
      if (values.json) {
        io.out(JSON.stringify({ standardId: status.cycle.standardId, listed, ...status }, null, 2))
        return 0
      }
      const c = status.cycle
      io.out(
        `Kỳ rà soát năm ${year} (${c.standardName}): ${c.state === 'approved' ? `đã phê duyệt, Quyết định số ${c.decisionNumber}` : 'đang thực hiện'}; ${formatInt(listed)} hộ trong danh sách`,
      )
      if (c.standardWarning) io.err(c.standardWarning)
      io.out(
        `${'Địa bàn'.padEnd(32)}${['Số hộ', 'Khảo sát', 'Đã họp', 'Niêm yết', 'Phê duyệt', 'Rà soát lại'].map((h) => h.padStart(12)).join('')}`,
      )
      for (const r of status.rows) {
        const name = r.level === 'village' ? `  ${r.name}` : r.name
        io.out(
          `${name.padEnd(32)}${[r.total, r.surveyed, r.met, r.posted, r.approved, r.redo].map((n) => formatInt(n).padStart(12)).join('')}`,
        )
      }
      return 0
    })
  },
}

const movementsCommand: Command = {
  name: ['movements'],
  usage: 'movements --from NĂM|NGÀY --to NĂM|NGÀY [--json]',
  summary: 'Biến động hộ nghèo, cận nghèo (hộ và khẩu) theo xã và tổng giữa hai năm rà soát hoặc hai ngày',
  options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
  channels: ['movements.get'],
  async run({ values, dbPath }, io) {
    const from = pointOption(values.from, 'from')
    const to = pointOption(values.to, 'to')
    if ('year' in from !== 'year' in to) throw new UsageError('--from và --to phải cùng là năm hoặc cùng là ngày')
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const rows = await call('movements.get', { from, to })
      if (values.json) {
        // Exactly the documented shape: commune code (null = total), group, unit, start, entered, left, end.
        io.out(
          JSON.stringify(
            rows.map(({ commune, group, unit, start, entered, left, end }) => ({ commune, group, unit, start, entered, left, end })),
            null,
            2,
          ),
        )
        return 0
      }
      for (const group of ['poor', 'near_poor'] as const) {
        io.out(group === 'poor' ? 'BIẾN ĐỘNG HỘ NGHÈO' : 'BIẾN ĐỘNG HỘ CẬN NGHÈO')
        for (const r of rows.filter((x) => x.group === group)) {
          const reasons = MOVEMENT_REASONS[group]
          const left = reasons.left.map((x) => `${x.label} ${formatInt(r.left[x.key] ?? 0)}`).join(', ')
          const entered = reasons.entered.map((x) => `${x.label} ${formatInt(r.entered[x.key] ?? 0)}`).join(', ')
          io.out(
            `  ${r.communeName} (${r.unit === 'households' ? 'hộ' : 'khẩu'}): đầu kỳ ${formatInt(r.start)}; giảm: ${left}; tăng: ${entered}; cuối kỳ ${formatInt(r.end)}`,
          )
        }
      }
      return 0
    })
  },
}

/** CLI commands of the domain: Rà soát hằng năm, biến động, chỉ tiêu. */
export const reviewCommands: Command[] = [openCommand, statusCommand, ...reviewCaseCommands, movementsCommand]
