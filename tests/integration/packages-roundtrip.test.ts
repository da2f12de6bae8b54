import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fold } from '@shared/text/fold'
import type { Cell, OfficialDocument } from '@shared/print/document'
import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/contract'
import type { Router } from '../../electron/main/ipc'
import { signedInRouter } from '../helpers/session'
import { readZip } from '../../electron/main/export/package/zip-reader'
import type { ServiceContext } from '../../electron/main/services/context'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { exportOwnCertificate } from '../../electron/main/services/packages/keys'
import { exportPackage } from '../../electron/main/services/packages/export'
import { decryptBytes } from '../../electron/main/export/signing/envelope'
import { unlockRecipient } from '../../electron/main/services/packages/package-encryption'
import { importPackage, previewImport } from '../../electron/main/services/packages/import'
import { createReceipt, importReceipt } from '../../electron/main/services/packages/receipts'
import { catalogueReportFiles, defaultPackageReports } from '../../electron/main/services/packages/report-files'
import { listSent, listReceived } from '../../electron/main/services/packages/sent'
import { addTrusted, listTrusted } from '../../electron/main/services/packages/trust'
import { fixedClock, tempContext, tempDir } from '../helpers/temp'
import { PASSPHRASE, seedOffice } from './packages-fixture'
import { invokeToEnd } from '../helpers/jobs'

/** The office's own numbers for a year, counted straight from its assessments (not through any report). */
function classCounts(ctx: ServiceContext, year: number) {
  const rows = ctx.store.sqlite
    .prepare('select classification as c, count(*) as n from household_assessments where year = ? group by classification')
    .all(year) as { c: string; n: number }[]
  const n = (c: string) => rows.find((r) => r.c === c)?.n ?? 0
  return { all: rows.reduce((s, r) => s + r.n, 0), poor: n('poor'), near: n('near_poor') }
}

/** The summary report's row for an office: [stt, label, households, persons, poor hh, poor persons, rate, near-poor hh, …]. */
function officeRow(doc: OfficialDocument, officeCode: string): Cell[] | undefined {
  const table = doc.body.find((b) => b.kind === 'table')
  if (table?.kind !== 'table') return undefined
  return table.table.rows.find((r) => String(r[1]).includes(`(${officeCode})`))
}

/** The router's answer, typed by the contract; a refusal fails the test with its message. */
async function ask<K extends ChannelName>(api: Router, channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const r = await api.invoke(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
  return r.data as ChannelOutput<K>
}

function run(cmd: string, args: string[]) {
  return spawnSync(cmd, args, { encoding: 'utf8' })
}

describe('office → USB → province → receipt → office, with a generated register', () => {
  it('exports data and reports, verifies with openssl and pdfsig, imports, consolidates, searches, lists a shared citizen ID, and carries a receipt back', async () => {
    const clock = fixedClock('2026-01-15T08:00:00Z')
    const office = await tempContext({ now: clock.now })
    const province = await tempContext({ now: clock.now })
    await seedOffice(office, { code: '14563', name: 'Tân Thành', villages: 1 })
    await generateDemoData(office, { households: 300, seed: 7, years: [2024, 2025] })
    await seedOffice(province, { code: 'SO37', name: 'Sở Nông nghiệp và Môi trường Ninh Bình', mode: 'province' })

    // Certificates travel both ways, each confirmed by its fingerprint.
    const officeCert = await exportOwnCertificate(office)
    const provinceCert = await exportOwnCertificate(province)
    await addTrusted(province, { pem: officeCert.pem, confirmFingerprint: officeCert.fingerprint.toLowerCase() })
    await addTrusted(office, { pem: provinceCert.pem, confirmFingerprint: provinceCert.fingerprint })

    const usb = tempDir('sgn-usb-')
    // Three reports of different kinds (a table of counts, a long list, the children's deprivations):
    // each is rendered, signed and encrypted the same way; the CLI test exports the whole default set.
    const reports = ['summary', 'list-poor', 'deprivations-children']
    expect(defaultPackageReports()).toEqual(expect.arrayContaining(reports))
    const exported = await exportPackage(office, {
      period: '2025',
      outDir: usb,
      passphrase: PASSPHRASE,
      reportFiles: catalogueReportFiles(office, reports),
    })
    expect(readdirSync(usb)).toEqual(['goi-14563-2025-so0001.zip'])
    const count = (table: string) => (office.store.sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number) ?? 0
    expect(exported.cover.counts).toMatchObject({
      households: 300,
      household_members: count('household_members'),
      household_assessments: 600,
    })

    // Independent tools: openssl checks the manifest signature, pdfsig each PDF's own signature.
    const entries = readZip(readFileSync(exported.path))
    const out = tempDir()
    writeFileSync(join(out, 'manifest.json'), entries.get('manifest.json')!)
    writeFileSync(join(out, 'manifest.json.p7s'), entries.get('manifest.json.p7s')!)
    writeFileSync(join(out, 'cert.pem'), officeCert.pem)
    const p7s = join(out, 'manifest.json.p7s')
    const openssl = run('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      p7s,
      '-content',
      join(out, 'manifest.json'),
      '-CAfile',
      join(out, 'cert.pem'),
      '-out',
      '/dev/null',
    ])
    expect(openssl.status, openssl.stderr).toBe(0)
    const pdfs = [...entries.keys()].filter((n) => n.endsWith('.pdf'))
    expect(pdfs.sort()).toEqual(reports.map((id) => `bao-cao/bao-cao-${id}-2025.pdf`).sort())
    expect([...entries.keys()].filter((n) => n.endsWith('.xlsx'))).toHaveLength(reports.length)
    // The office registered the province's certificate: the reports travel encrypted to it (issue 18).
    const provinceKey = await unlockRecipient(province, PASSPHRASE)
    for (const name of pdfs) {
      expect(entries.get(name)!.subarray(0, 4).toString('latin1'), name).not.toBe('%PDF')
      writeFileSync(join(out, 'r.pdf'), decryptBytes(entries.get(name)!, provinceKey))
      const pdfsig = run('pdfsig', [join(out, 'r.pdf')])
      expect(pdfsig.stdout, name).toContain('Signature is Valid.')
    }
    expect(run('unzip', ['-t', exported.path]).status).toBe(0)

    // The province previews, imports, and sees A's numbers in the consolidated summary (form 1 by office).
    const zip = readFileSync(exported.path)
    const preview = await previewImport(province, zip, PASSPHRASE)
    expect(preview.valid).toBe(true)
    expect(preview.diff.find((d) => d.table === 'household_members')).toMatchObject({ added: count('household_members'), removed: 0 })
    expect(await importPackage(province, zip, PASSPHRASE)).toMatchObject({ status: 'imported' })
    let admin = await signedInRouter(province, 'approver')
    const summary = await ask(admin, 'packages.summary', { year: 2025 })
    const own = classCounts(office, 2025)
    expect(own.poor).toBeGreaterThan(0)
    expect(own.near).toBeGreaterThan(0)
    const row = officeRow(summary.document, '14563')!
    expect([row[2], row[4], row[7]]).toEqual([own.all, own.poor, own.near])

    // A's households are found at the province by an unaccented search (the province indexed them).
    const head = office.store.sqlite
      .prepare("select id, head_name from households where head_name like '%ư%' or head_name like '%ễ%' limit 1")
      .get() as {
      id: string
      head_name: string
    }
    const plain = fold(head.head_name)
    expect(plain).not.toBe(head.head_name)
    const found = await ask(admin, 'households.list', { search: plain, limit: 500 })
    expect(found.rows.map((r) => r.id)).toContain(head.id)
    const citizen = office.store.sqlite
      .prepare("select household_id as h, citizen_id as c from household_members where citizen_id <> '' limit 1")
      .get() as { h: string; c: string }
    const byId = await ask(admin, 'households.list', { search: citizen.c })
    expect(byId.rows.map((r) => r.id)).toEqual([citizen.h])

    // Idempotent: the same package again changes nothing (no new row, no audit).
    const auditBefore = (await province.store.db.selectFrom('audit_log').selectAll().execute()).length
    expect(await importPackage(province, zip, PASSPHRASE)).toMatchObject({ status: 'already' })
    expect((await province.store.db.selectFrom('audit_log').selectAll().execute()).length).toBe(auditBefore)

    // A newer package for the same period supersedes the older one; the province follows the office.
    clock.set('2026-01-20T08:00:00Z')
    admin = await signedInRouter(province, 'approver') // days later: a new session (idle ones lock)
    const gone = office.store.sqlite.prepare('select id, search_rowid from households order by code limit 1').get() as { id: string }
    await office.store.db.deleteFrom('households').where('id', '=', gone.id).execute()
    const second = await exportPackage(office, { period: '2025', outDir: usb, passphrase: PASSPHRASE })
    const preview2 = await previewImport(province, readFileSync(second.path), PASSPHRASE)
    expect(preview2.diff.find((d) => d.table === 'households')).toMatchObject({ added: 0, removed: 1, unchanged: 299, changed: 0 })
    expect(preview2.supersedes).toBe(exported.cover.packageId)
    await importPackage(province, readFileSync(second.path), PASSPHRASE)
    const after = await ask(admin, 'packages.summary', { year: 2025 })
    expect(officeRow(after.document, '14563')![2]).toBe(own.all - 1)
    // The removed household left the province's search index with it: the terms belong to exactly the 299 households left.
    const atProvince = (q: string) => province.store.sqlite.prepare(q).pluck().get()
    expect(atProvince('select count(distinct household_key) from household_search_terms')).toBe(299)
    expect(
      atProvince(
        'select count(*) from household_search_terms where household_key not in (select search_rowid from households where search_rowid is not null)',
      ),
    ).toBe(0)
    expect((await listReceived(province)).map((p) => [p.sequence, p.status])).toEqual([
      [2, 'accepted'],
      [1, 'superseded'],
    ])

    // The old package replayed is refused with the reason, and nothing changes.
    province.files = { chooseOpenFile: async () => exported.path, chooseSaveFile: async () => null }
    const picked = await admin.invoke('packages.pick', { passphrase: PASSPHRASE })
    expect(picked).toMatchObject({ ok: true, data: { cancelled: false, preview: { valid: false } } })
    const token = (picked as { ok: true; data: { token: string } }).data.token
    const replay = await invokeToEnd(admin, province, 'packages.import', { token, passphrase: PASSPHRASE })
    expect(replay).toMatchObject({ ok: false, error: { code: 'JOB_FAILED' } })
    expect(JSON.stringify(replay)).toMatch(/cũ hơn/)

    // Office B lists one person A also lists: B's package is taken and the pair is listed.
    const officeB = await tempContext({ now: clock.now })
    const { unitIds } = await seedOffice(officeB, { code: '14564', name: 'Yên Thành', villages: 1 })
    const shared = office.store.sqlite
      .prepare(
        "select m.citizen_id as c, h.code as code from household_members m join households h on h.id = m.household_id where m.citizen_id <> '' order by m.citizen_id limit 1",
      )
      .get() as { c: string; code: string }
    const saved = await (
      await signedInRouter(officeB, 'clerk')
    ).invoke('households.save', {
      household: { unitId: unitIds[0]!, areaType: 'rural', ethnicity: 'Kinh' },
      members: [
        {
          fullName: 'Hà Văn Chuyển',
          sex: 'male',
          birthDate: '1980',
          citizenId: shared.c,
          relationship: 'head',
          healthInsurance: true,
          working: 'contract',
        },
      ],
      assessment: { year: 2025, incomePerPersonMonth: 900_000, housingAreaM2: 20, indicators: [{ no: 9, deprived: true }] },
    })
    expect(saved.ok).toBe(true)
    await addTrusted(province, { pem: (await exportOwnCertificate(officeB)).pem })
    const fromB = await exportPackage(officeB, { period: '2025', outDir: usb, passphrase: PASSPHRASE })
    expect(await importPackage(province, readFileSync(fromB.path))).toMatchObject({ status: 'imported' })
    const both = await ask(admin, 'packages.summary', { year: 2025 })
    expect(both.sharedCitizenIds).toEqual([
      {
        citizenId: shared.c,
        offices: ['14563', '14564'],
        households: expect.arrayContaining([
          expect.objectContaining({ officeCode: '14563', code: shared.code }),
          expect.objectContaining({ officeCode: '14564', headName: 'Hà Văn Chuyển' }),
        ]),
      },
    ])
    expect(officeRow(both.document, '14564')!.slice(2, 3)).toEqual([1])
    expect(officeRow(both.document, '14563')![2]).toBe(own.all - 1)

    // Receipt: the province signs, the office checks it against the registered province certificate.
    const receipt = await createReceipt(province, { packageId: second.cover.packageId, comments: 'Đã nhận đủ.', passphrase: PASSPHRASE })
    const sent = await importReceipt(office, receipt.bytes)
    expect(sent).toMatchObject({ packageId: second.cover.packageId, status: 'accepted', comments: 'Đã nhận đủ.' })
    expect((await listSent(office)).map((p) => p.status)).toEqual(['accepted', 'sent'])
    const forged = JSON.parse(receipt.bytes.toString('utf8')) as { payload: string; signature: string }
    forged.payload = forged.payload.replace('Đã nhận đủ.', 'Đã nhận.')
    await expect(importReceipt(office, Buffer.from(JSON.stringify(forged)))).rejects.toThrow(/không hợp lệ/)

    expect((await listTrusted(province)).find((t) => t.officeCode === '14563')).toMatchObject({
      packagesReceived: 2,
      lastPackage: { sequence: 2 },
    })
    expect(existsSync(join(office.dir, 'goi-da-gui', 'goi-14563-2025-so0002.zip'))).toBe(true)
  }, 240_000)
})
