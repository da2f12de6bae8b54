import { existsSync } from 'node:fs'
import type { ImportResult } from '@shared/domain/household-import'
import type { HouseholdRow } from '@shared/domain/household-views'
import { ClassificationSchema, LivelihoodSchema } from '@shared/domain/households'
import { OfficeLevelSchema } from '@shared/domain/office-levels'
import { BUILTIN_STANDARDS, standardForReview, standardInForce } from '@shared/standards'
import type { PovertyStandard } from '@shared/standards/schema'
import { parseViDate } from '@shared/text/format'
import { classify } from '@shared/standards/classify'
import { z } from 'zod'

import { UsageError, type CliIO, type Command } from '../command'
import { withRouter, type CliCall } from '../router'

function intOption(value: unknown, name: string): number | null {
  if (value === undefined) return null
  const n = Number(value)
  if (!Number.isInteger(n)) throw new UsageError(`--${name} phải là số nguyên`)
  return n
}

const demoData: Command = {
  name: ['demo-data'],
  usage: 'demo-data --households N [--seed S] [--level commune|district]',
  summary: 'Sinh dữ liệu mẫu (tên tiếng Việt, thôn, thu nhập, chỉ số thiếu hụt, nhiều năm)',
  options: { households: { type: 'string' }, seed: { type: 'string' }, level: { type: 'string' } },
  channels: ['households.demoData'],
  async run({ values, dbPath }, io) {
    const n = intOption(values.households, 'households')
    if (n === null || n < 1 || n > 2_000_000) throw new UsageError('Cần --households N (1 đến 2.000.000)')
    const seed = intOption(values.seed, 'seed') ?? 1
    // The unit tree to build when the office has none: by default the office's own level.
    const level = values.level === undefined ? null : OfficeLevelSchema.exclude(['province']).safeParse(values.level).data
    if (level === undefined) throw new UsageError('--level phải là commune hoặc district')
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const made = await call('households.demoData', { households: n, seed, level })
      io.out(`Đã sinh ${made.households} hộ mẫu (seed ${made.seed}).`)
      return 0
    })
  },
}

const importCmd: Command = {
  name: ['households', 'import'],
  usage: 'households import FILE [--sheet NAME] [--year Y] [--valid-rows-only] [--error-report OUT.xlsx]',
  summary: 'Nhập danh sách hộ từ Excel (.xlsx hoặc .xls); in "imported N, updated N, rejected N"',
  options: {
    sheet: { type: 'string' },
    year: { type: 'string' },
    'valid-rows-only': { type: 'boolean' },
    'error-report': { type: 'string' },
  },
  channels: ['households.import.pick', 'households.import.start', 'jobs.status', 'households.import.saveErrorReport', 'files.release'],
  async run({ values, positionals, dbPath }, io) {
    const file = positionals[0]
    if (!file || positionals.length > 1) throw new UsageError('Cần đúng một tệp FILE')
    const report = values['error-report'] as string | undefined
    const options = {
      sheet: (values.sheet as string | undefined) ?? null,
      year: intOption(values.year, 'year'),
      mode: values['valid-rows-only'] ? ('valid_only' as const) : ('all_or_nothing' as const),
    }
    // The window's steps: the file "chosen" (FILE), the import as a job, the error report "saved as" --error-report.
    return withRouter(dbPath, io, { open: file, ...(report ? { save: report } : {}) }, async ({ call, job }) => {
      const picked = await call('households.import.pick', {})
      // Never cancelled: FILE answers the dialog (a missing file is said when the import opens it).
      if (picked.cancelled) return 1
      const { token } = picked
      try {
        const end = await job('households.import.start', { token, options })
        if (end.state !== 'done') {
          io.err(end.error ?? 'Chưa nhập được danh sách hộ.')
          return 1
        }
        // The job's result is the import's (households.import.start).
        const result = end.result as ImportResult
        for (const e of result.errors.slice(0, 200)) io.err(`Dòng ${e.row}${e.column ? `, cột "${e.column}"` : ''}: ${e.message}`)
        if (result.errors.length > 200) io.err(`… và ${result.errors.length - 200} lỗi khác`)
        // What was not imported, or changed on the way in, is said, not left for the clerk to discover.
        for (const n of result.notices.slice(0, 50)) io.out(`Lưu ý: ${n}`)
        if (result.notices.length > 50) io.out(`… và ${result.notices.length - 50} lưu ý khác`)
        // New villages exist only when the import was written (all or nothing may have refused it).
        if (result.committed && result.addedVillages.length) io.out(`Đã thêm thôn mới: ${result.addedVillages.join(', ')}`)
        if (result.rejected && !result.committed)
          io.err('Có dòng bị từ chối nên chưa nhập dòng nào (dùng --valid-rows-only để nhập các dòng hợp lệ).')
        if (report && result.errors.length) {
          const saved = await call('households.import.saveErrorReport', { token })
          if (saved.saved) io.out(`Tệp báo lỗi: ${report}`)
        }
        io.out(`imported ${result.created}, updated ${result.updated}, rejected ${result.rejected}`)
        return result.rejected ? 1 : 0
      } finally {
        // The pick's opened workbook (an .xls's converted copy) is closed now, not when the process exits.
        await call('files.release', { token }).catch(() => {})
      }
    })
  },
}

const listCmd: Command = {
  name: ['households', 'list'],
  usage: 'households list [--search TEXT] [--year Y] [--limit N | --all] [--json]',
  summary: 'Liệt kê hộ (tìm không dấu theo tên hoặc số CCCD); --all: mọi hộ, ghi ra dần từng trang',
  options: {
    search: { type: 'string' },
    year: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  channels: ['households.list', 'households.listFrom'],
  async run({ values, dbPath }, io) {
    const search = (values.search as string | undefined) ?? ''
    if (values.all && (search || values.limit !== undefined))
      throw new UsageError('--all liệt kê mọi hộ: không dùng cùng --search hay --limit (tìm kiếm trả về tối đa 500 hộ một trang).')
    const year = intOption(values.year, 'year')
    const limit = intOption(values.limit, 'limit') ?? 500
    return withRouter(dbPath, io, {}, async ({ call }) => {
      if (values.all) return listAll(call, year, Boolean(values.json), io)
      const r = await call('households.list', { search, year, limit })
      if (values.json) io.out(JSON.stringify(r, null, 2))
      else {
        for (const h of r.rows) io.out(tsv(h))
        io.out(`${r.total}${r.totalCapped ? '+' : ''} hộ`)
      }
      return 0
    })
  },
}

const tsv = (h: HouseholdRow) =>
  [h.code, h.headName, h.unitName, h.year ?? '', h.classification ?? '', h.incomePerPersonMonth ?? ''].join('\t')

/**
 * Every household, written out a page at a time as it is read (households.listFrom, each page
 * after the last): the same JSON as a page ({ total, totalCapped, rows }), one row a line, so a
 * register of any size is listed with the memory of one page. Waits for the output to drain
 * between pages where it can lag (a pipe on Windows), so a slow reader does not make the rows pile
 * up in memory.
 */
async function listAll(call: CliCall, year: number | null, json: boolean, io: CliIO): Promise<number> {
  const { total } = await call('households.list', { year, limit: 1 })
  let first = true
  if (json) io.out(`{"total": ${total}, "totalCapped": false, "rows": [`)
  let after: string | null = null
  do {
    const page: { rows: HouseholdRow[]; next: string | null } = await call('households.listFrom', { year, after })
    for (const h of page.rows) {
      io.out(json ? `${first ? '' : ','}${JSON.stringify(h)}` : tsv(h))
      first = false
    }
    after = page.next
    await io.drain?.()
  } while (after !== null)
  io.out(json ? ']}' : `${total} hộ`)
  return 0
}

const ClassifyInputSchema = z.object({
  areaType: z.enum(['rural', 'urban']),
  incomePerPersonMonth: z.number().int().nonnegative(),
  /** The review year (as --review-year). */
  year: z.number().int().optional(),
  deprivations: z.array(z.number().int().positive()).optional(),
  /** The full form: each indicator with whether it is deprived. */
  indicators: z.array(z.object({ no: z.number().int().positive(), deprived: z.boolean() })).optional(),
  previous: ClassificationSchema.nullable().optional(),
  /** The B1 score as the surveyor computed it on form B1 (the review's B1/B2 rule). */
  b1Score: z.number().int().nonnegative().nullable().optional(),
  livelihood: LivelihoodSchema.nullable().optional(),
})

/** Which standard: by id, by the review year it governs, or in force on a date; by default this year's review. */
function pickStandard(
  standards: readonly PovertyStandard[],
  values: Record<string, unknown>,
  jsonYear: number | undefined,
): { standard?: PovertyStandard; why: string } {
  if (typeof values.standard === 'string') {
    const id = values.standard
    return { standard: standards.find((s) => s.id === id), why: `chuẩn ${id} (có: ${standards.map((s) => s.id).join(', ')})` }
  }
  if (typeof values.date === 'string') {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(values.date) ? values.date : parseViDate(values.date)
    if (!date) throw new UsageError('--date phải có dạng YYYY-MM-DD (hoặc DD/MM/YYYY)')
    return { standard: standardInForce(standards, date), why: `ngày ${date}` }
  }
  const year = intOption(values['review-year'], 'review-year') ?? intOption(values.year, 'year') ?? jsonYear ?? new Date().getFullYear()
  return { standard: standardForReview(standards, year), why: `kỳ rà soát năm ${year}` }
}

const classifyCmd: Command = {
  name: ['classify'],
  usage: 'classify [--standard ID | --review-year Y | --date YYYY-MM-DD] < household.json',
  summary: 'Phân loại một hộ từ JSON (areaType, incomePerPersonMonth, deprivations, b1Score, livelihood)',
  options: { year: { type: 'string' }, 'review-year': { type: 'string' }, standard: { type: 'string' }, date: { type: 'string' } },
  channels: ['households.standards'],
  async run({ values, dbPath }, io) {
    let raw: unknown
    try {
      raw = JSON.parse(await io.stdin())
    } catch {
      io.err('Đầu vào không phải JSON hợp lệ.')
      return 1
    }
    const parsed = ClassifyInputSchema.safeParse(raw)
    if (!parsed.success) {
      io.err(`Dữ liệu hộ không hợp lệ: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(gốc)'}: ${i.message}`).join('; ')}`)
      return 1
    }
    const input = parsed.data
    // With a register, its standards as the window sees them (households.standards: the office's
    // corrections applied). WITHOUT A REGISTER (no database file), the router cannot open: the
    // shipped standards, read here, classify the household (classify works without an office).
    if (!existsSync(dbPath)) return classifyWith(BUILTIN_STANDARDS, values, input, io)
    return withRouter(dbPath, io, {}, async ({ call }) => classifyWith(await call('households.standards', {}), values, input, io))
  },
}

/** The household on stdin classified under the standard the options pick (shared/standards/classify.ts, as the register does). */
function classifyWith(
  standards: readonly PovertyStandard[],
  values: Record<string, unknown>,
  input: z.infer<typeof ClassifyInputSchema>,
  io: CliIO,
): number {
  const { standard, why } = pickStandard(standards, values, input.year)
  if (!standard) {
    io.err(`Không có chuẩn nghèo cho ${why}.`)
    return 1
  }
  const deprived = input.deprivations ?? input.indicators?.filter((i) => i.deprived).map((i) => i.no) ?? []
  const unknown = deprived.filter((n) => !standard.indicators.some((i) => i.no === n))
  if (unknown.length) {
    io.err(`Chuẩn ${standard.id} không có chỉ số ${unknown.join(', ')} (chỉ có 1–${standard.indicators.length}).`)
    return 1
  }
  const r = classify(standard, {
    areaType: input.areaType,
    incomePerPersonMonth: input.incomePerPersonMonth,
    deprived,
    previous: input.previous ?? null,
    b1Score: input.b1Score ?? null,
    livelihood: input.livelihood ?? null,
  })
  io.out(
    JSON.stringify(
      {
        class: r.class,
        standard: r.standard,
        basis: r.basis,
        reasons: r.reasons,
        scores: r.scores,
        deprived: r.deprived,
        incomeLine: r.incomeLine,
      },
      null,
      2,
    ),
  )
  return 0
}

/** CLI commands of the domain: Hộ gia đình (sổ hộ, thành viên, phân loại, nhập Excel). */
export const householdCommands: Command[] = [demoData, importCmd, listCmd, classifyCmd]
