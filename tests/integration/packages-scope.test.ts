import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelOutput } from '@shared/contract'
import { importPackage, previewImport } from '../../electron/main/services/packages/import'
import { checkPackage } from '../../electron/main/services/packages/verify'
import { cliInProcess } from '../helpers/cli'
import { signedInRouter } from '../helpers/session'
import { craft, databaseDigest, table, type OpenedPackage } from './packages-craft'
import { closeAll, makeOffice, makeProvince, type OfficeHandle } from './packages-offices'
import { invokeToEnd } from '../helpers/jobs'

/**
 * Class "one office against another": office A's key is trusted and its signature valid, but the
 * package reaches into office B's data. Each such package must be refused by verify, preview and
 * import alike, naming the table and the row, and leave the province's database as it was.
 */
describe('a trusted office cannot reach into another office at the province', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgn-scope-'))
  let a: OfficeHandle
  let b: OfficeHandle
  let province: Awaited<ReturnType<typeof makeProvince>>
  let genuine: Buffer

  beforeAll(async () => {
    a = await makeOffice(dir, '14563', 'Tân Thành')
    b = await makeOffice(dir, '14564', 'Tân Lập')
    province = await makeProvince(dir, [a, b])
    await importPackage(province.ctx, await b.exportNext())
    genuine = await a.exportNext()
  })
  afterAll(async () => {
    await closeAll(a?.ctx, b?.ctx, province?.ctx)
    rmSync(dir, { recursive: true, force: true })
  })

  const at = '2026-11-01T08:00:00.000Z'
  // What each attack changes in A's package, and the refusal it must get (table, row, column).
  const attacks: [string, (p: OpenedPackage) => void, RegExp][] = [
    [
      "a village of A hung under B's commune",
      (p) => void (table(p, 'admin_units').rows.find((r) => r.kind === 'village')!.parent_id = b.communeId),
      /Bảng admin_units, dòng \d+ \(mã định danh [0-9a-f-]{36}\): cột parent_id trỏ tới admin_units [0-9a-f-]{36}, không có trong gói/,
    ],
    [
      "a household of A in B's village",
      (p) => void (table(p, 'households').rows[0]!.unit_id = b.villageIds[0]!),
      /Bảng households, dòng 1 \(mã định danh [0-9a-f-]{36}\): cột unit_id trỏ tới admin_units/,
    ],
    [
      "a household carrying B's office id and B's next code",
      (p) => Object.assign(table(p, 'households').rows[0]!, { office_id: b.officeId, code: '14564-H000003' }),
      /Bảng households, dòng 1 \(mã định danh [0-9a-f-]{36}\): cột office_id ghi đơn vị [0-9a-f-]{36} \(đơn vị 14564\), không phải đơn vị gửi gói 14563/,
    ],
    [
      "a review cycle of B's",
      (p) =>
        void table(p, 'review_cycles').rows.push({
          id: randomUUID(),
          office_id: b.officeId,
          year: 2026,
          standard_id: 'mdp-2022-2025',
          opened_on: '2026-09-01',
          state: 'open',
          created_at: at,
          updated_at: at,
        }),
      /Bảng review_cycles, dòng 1 \(mã định danh [0-9a-f-]{36}\): cột office_id ghi đơn vị [0-9a-f-]{36} \(đơn vị 14564\)/,
    ],
    [
      "a task led by B's agency",
      (p) => void (table(p, 'plan_tasks').rows[0]!.lead_agency_id = b.agencyId),
      /Bảng plan_tasks, dòng 1 \(mã định danh [0-9a-f-]{36}\): cột lead_agency_id trỏ tới agencies/,
    ],
    [
      "B's agency as a coordinator",
      (p) => void (table(p, 'task_coordinators').rows[0]!.agency_id = b.agencyId),
      /Bảng task_coordinators, dòng 1: cột agency_id trỏ tới agencies/,
    ],
    [
      "a task carried out in B's village",
      (p) => void (table(p, 'task_units').rows[0]!.unit_id = b.villageIds[0]!),
      /Bảng task_units, dòng 1: cột unit_id trỏ tới admin_units/,
    ],
    [
      "a task for B's household",
      (p) => void (table(p, 'task_households').rows[0]!.household_id = b.householdIds[0]!),
      /Bảng task_households, dòng 1: cột household_id trỏ tới households/,
    ],
    [
      "a task report from B's agency",
      (p) =>
        void table(p, 'task_reports').rows.push({
          id: randomUUID(),
          task_id: a.taskId,
          agency_id: b.agencyId,
          due_date: '2026-06-15',
          received_on: '2026-06-10',
          summary: 'Đã thực hiện',
          created_at: at,
        }),
      /Bảng task_reports, dòng 1 \(mã định danh [0-9a-f-]{36}\): cột agency_id trỏ tới agencies/,
    ],
    [
      "A speaking for B's office id",
      (p) => {
        p.fields.office.id = b.officeId
        table(p, 'office').rows[0]!.id = b.officeId
        for (const h of table(p, 'households').rows) h.office_id = b.officeId
      },
      /Mã định danh đơn vị [0-9a-f-]{36} trong gói đã thuộc đơn vị 14564/,
    ],
  ]

  it.each(attacks)('refuses %s: verify, preview and import agree, nothing written', async (_name, change, refusal) => {
    const zip = craft(genuine, a.key, change)
    const before = databaseDigest(province.ctx)
    const verdict = await checkPackage(province.ctx, zip)
    expect(verdict.report.valid).toBe(false)
    expect(verdict.report.problems.map((p) => p.message).join('\n')).toMatch(refusal)
    const preview = await previewImport(province.ctx, zip)
    expect(preview.valid).toBe(false)
    expect(preview.problems).toEqual(verdict.report.problems)
    await expect(importPackage(province.ctx, zip)).rejects.toThrow(refusal)
    expect(databaseDigest(province.ctx)).toEqual(before)
  })

  it('refuses it through the router and the command line too, with exit code 1 and nothing written', async () => {
    const zip = craft(genuine, a.key, attacks[0]![1])
    const file = join(dir, 'goi-14563-2026-so0001.zip')
    writeFileSync(file, zip)
    province.files.pick = file
    const api = await signedInRouter(province.ctx, 'admin')
    const before = databaseDigest(province.ctx)

    const answer = await api.invoke('packages.pick', {})
    const picked = (answer.ok ? answer.data : null) as ChannelOutput<'packages.pick'> | null
    if (!picked || picked.cancelled) throw new Error('the pick failed')
    expect(picked.preview.valid).toBe(false)
    expect(picked.preview.problems.map((p) => p.message).join('\n')).toMatch(attacks[0]![2])
    const imported = await invokeToEnd(api, province.ctx, 'packages.import', { token: picked.token })
    expect(imported).toMatchObject({ ok: false, error: { message: expect.stringMatching(attacks[0]![2]) } })

    const verify = await cliInProcess(['--db', province.path, 'package', 'verify', file])
    expect(verify.code).toBe(1)
    expect(verify.stdout).toMatch(/Gói KHÔNG hợp lệ/)
    expect(verify.stdout).toMatch(attacks[0]![2])
    const preview = await cliInProcess(['--db', province.path, 'package', 'import', file, '--preview'])
    expect(preview.code).toBe(1)
    expect(preview.stdout).toMatch(attacks[0]![2])
    const imports = await cliInProcess(['--db', province.path, 'package', 'import', file])
    expect(imports.code).toBe(1)
    expect(imports.stderr).toMatch(/Gói bị từ chối, không nhập gì/)
    expect(imports.stderr).toMatch(attacks[0]![2])
    expect(databaseDigest(province.ctx)).toEqual(before)
  })

  it("still takes A's genuine package afterwards (nothing of the refusals was recorded)", async () => {
    expect((await checkPackage(province.ctx, genuine)).report.problems).toEqual([])
    expect(await importPackage(province.ctx, genuine)).toMatchObject({ status: 'imported' })
    // Each office's rows name the office itself.
    const owners = province.ctx.store.sqlite.prepare('select distinct office_id from households order by office_id').pluck().all()
    expect(owners).toEqual([a.officeId, b.officeId].sort())
  })
})
