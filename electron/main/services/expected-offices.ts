import { ApiError } from '@shared/contract/errors'
import type { ExpectedImportResult, ExpectedOfficesView } from '@shared/domain/expected-offices'
import { codeProblem } from '@shared/domain/office-levels'
import { fold, viCollator } from '@shared/text/fold'
import { audit } from './audit'
import type { ServiceContext } from './context'
import { requireOffice } from './office'
import { parseUnitRows, type RowError } from './unit-list'

async function requireProvince(ctx: ServiceContext): Promise<void> {
  const office = await requireOffice(ctx)
  if (office.mode !== 'province') {
    throw new ApiError('FORBIDDEN', 'Danh sách xã, phường phải gửi báo cáo chỉ có ở cơ sở dữ liệu cấp tỉnh.')
  }
}

/**
 * Replaces the province's list of expected communes with the communes of a table (the province's
 * list after the reform: a column of codes and one of names, as the units file reads them). Every
 * commune needs its 5-digit code, since packages are matched to the list by code; rows without one
 * are reported and left out. All or nothing, audited.
 */
export async function importExpectedOffices(ctx: ServiceContext, rows: string[][], fileName: string): Promise<ExpectedImportResult> {
  await requireProvince(ctx)
  const { drafts, errors } = parseUnitRows(rows)
  const all: RowError[] = [...errors]
  const communes = new Map<string, string>()
  drafts.forEach((d) => {
    if (d.kind !== 'commune') return
    const problem = d.code ? codeProblem('commune', d.code) : 'Thiếu mã xã (5 chữ số): gói báo cáo được đối chiếu theo mã.'
    if (problem) all.push({ row: 0, column: '', message: `${d.name}: ${problem}` })
    else if (communes.has(d.code)) all.push({ row: 0, column: '', message: `${d.name}: mã ${d.code} đã có ở "${communes.get(d.code)}".` })
    else communes.set(d.code, d.name)
  })
  if (communes.size === 0) {
    throw new ApiError('BAD_INPUT', `Không đọc được xã, phường nào có mã trong ${fileName}: cần một cột mã xã và một cột tên xã/phường.`)
  }
  const at = ctx.now().toISOString()
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('expected_offices').select(['code', 'name']).execute()
    await trx.deleteFrom('expected_offices').execute()
    for (const [code, name] of communes) {
      await trx
        .insertInto('expected_offices')
        .values({ code, name, name_folded: fold(name), created_at: at, updated_at: at })
        .execute()
    }
    await audit(trx, ctx, {
      entity: 'expected_offices',
      entityId: '*',
      action: 'import',
      before: before.length,
      after: { file: fileName, communes: communes.size },
    })
  })
  return { fileName, imported: communes.size, errors: all }
}

/**
 * The expected communes for a period, each with the package accepted for it (or none), and the
 * offices that sent one without being on the list.
 */
export async function expectedOfficesView(ctx: ServiceContext, period: string): Promise<ExpectedOfficesView> {
  await requireProvince(ctx)
  const expected = await ctx.store.db.selectFrom('expected_offices').select(['code', 'name']).execute()
  const received = await ctx.store.db
    .selectFrom('packages_received')
    .select(['office_code', 'office_name', 'sequence', 'received_at'])
    .where('period', '=', period)
    .where('status', '=', 'accepted')
    .execute()
  const byCode = new Map(received.map((r) => [r.office_code, r]))
  const rows = expected
    .sort((a, b) => viCollator.compare(a.name, b.name))
    .map((e) => {
      const r = byCode.get(e.code)
      return {
        code: e.code,
        name: e.name,
        received: r ? { sequence: Number(r.sequence), receivedAt: r.received_at, officeName: r.office_name } : null,
      }
    })
  const listed = new Set(expected.map((e) => e.code))
  return {
    period,
    expected: rows,
    missing: rows.filter((r) => !r.received).length,
    unexpected: received.filter((r) => !listed.has(r.office_code)).map((r) => ({ code: r.office_code, name: r.office_name })),
  }
}
