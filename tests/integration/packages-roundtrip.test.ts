import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { signedInRouter } from '../helpers/session'
import { readZip } from '../../electron/main/export/package/zip-reader'
import { exportOwnCertificate } from '../../electron/main/services/packages/keys'
import { exportPackage } from '../../electron/main/services/packages/export'
import { importPackage, previewImport } from '../../electron/main/services/packages/import'
import { createReceipt, importReceipt } from '../../electron/main/services/packages/receipts'
import { listSent, listReceived } from '../../electron/main/services/packages/sent'
import { provisionalOfficeCounts } from '../../electron/main/services/packages/summary'
import { addTrusted, listTrusted } from '../../electron/main/services/packages/trust'
import { fixedClock, tempContext, tempDir } from '../helpers/temp'
import { addHouseholds, PASSPHRASE, sampleReports, seedOffice } from './packages-fixture'

describe('office → USB → province → receipt → office', () => {
  it('exports, verifies with openssl and pdfsig, imports, consolidates, and carries a receipt back', async () => {
    const clock = fixedClock('2026-07-01T08:00:00Z')
    const office = await tempContext({ now: clock.now })
    const province = await tempContext({ now: clock.now })
    const { unitIds } = await seedOffice(office, { code: '14563', name: 'Tân Thành', households: 30, villages: 3 })
    await seedOffice(province, { code: 'SO37', name: 'Sở Nông nghiệp và Môi trường Ninh Bình', mode: 'province' })

    // Certificates travel both ways, each confirmed by its fingerprint.
    const officeCert = await exportOwnCertificate(office)
    const provinceCert = await exportOwnCertificate(province)
    await addTrusted(province, { pem: officeCert.pem, confirmFingerprint: officeCert.fingerprint.toLowerCase() })
    await addTrusted(office, { pem: provinceCert.pem, confirmFingerprint: provinceCert.fingerprint })

    const usb = tempDir('sgn-usb-')
    const exported = await exportPackage(office, { period: '2026-H1', outDir: usb, passphrase: PASSPHRASE, reportFiles: sampleReports })
    expect(readdirSync(usb)).toEqual(['goi-14563-2026-H1-so0001.zip'])
    expect(exported.cover).toMatchObject({ sequence: 1, counts: { households: 30, admin_units: 4, office: 1 } })

    // Independent tools: openssl checks the manifest signature, pdfsig the PDF's own signature, unzip the archive.
    const entries = readZip(readFileSync(exported.path))
    const out = tempDir()
    writeFileSync(join(out, 'manifest.json'), entries.get('manifest.json')!)
    writeFileSync(join(out, 'manifest.json.p7s'), entries.get('manifest.json.p7s')!)
    writeFileSync(join(out, 'cert.pem'), officeCert.pem)
    const openssl = spawnSync(
      'openssl',
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        join(out, 'manifest.json.p7s'),
        '-content',
        join(out, 'manifest.json'),
        '-CAfile',
        join(out, 'cert.pem'),
        '-out',
        '/dev/null',
      ],
      { encoding: 'utf8' },
    )
    expect(openssl.status, openssl.stderr).toBe(0)
    writeFileSync(join(out, 'report.pdf'), entries.get('bao-cao/Danh sách hộ nghèo 2026-H1.pdf')!)
    const pdfsig = spawnSync('pdfsig', [join(out, 'report.pdf')], { encoding: 'utf8' })
    expect(pdfsig.stdout).toContain('Signature is Valid.')
    expect(pdfsig.stdout).toContain('Tân Thành')
    const unzip = spawnSync('unzip', ['-t', exported.path], { encoding: 'utf8' })
    expect(unzip.status, unzip.stdout).toBe(0)
    expect(spawnSync('unzip', ['-Z1', exported.path], { encoding: 'utf8' }).stdout).toContain('bao-cao/Tổng hợp 2026-H1.xlsx')

    // The province previews, imports, and sees A's numbers.
    const zip = readFileSync(exported.path)
    const preview = await previewImport(province, zip)
    expect(preview.valid).toBe(true)
    expect(preview.diff.find((d) => d.table === 'households')).toMatchObject({ added: 30, changed: 0, removed: 0 })
    expect(await importPackage(province, zip)).toMatchObject({ status: 'imported' })
    const summary = await provisionalOfficeCounts(province)
    expect(summary).toHaveLength(1)
    expect(summary[0]).toMatchObject({ officeCode: '14563', officeName: 'Tân Thành', households: 30 })
    expect(summary[0]!.byUnit.map((u) => u.households)).toEqual([10, 10, 10])

    // Idempotent: the same package again changes nothing (no new row, no audit).
    const auditBefore = (await province.store.db.selectFrom('audit_log').selectAll().execute()).length
    expect(await importPackage(province, zip)).toMatchObject({ status: 'already' })
    expect((await province.store.db.selectFrom('audit_log').selectAll().execute()).length).toBe(auditBefore)

    // A newer package for the same period supersedes the older one; history is kept.
    clock.set('2026-07-05T08:00:00Z')
    await addHouseholds(office, '14563', unitIds, 5, 30)
    const first = await office.store.db.selectFrom('households').select('id').orderBy('code').executeTakeFirstOrThrow()
    await office.store.db.deleteFrom('households').where('id', '=', first.id).execute()
    const second = await exportPackage(office, { period: '2026-H1', outDir: usb, passphrase: PASSPHRASE, reportFiles: sampleReports })
    const preview2 = await previewImport(province, readFileSync(second.path))
    expect(preview2.diff.find((d) => d.table === 'households')).toMatchObject({ added: 5, removed: 1, unchanged: 29, changed: 0 })
    expect(preview2.supersedes).toBe(exported.cover.packageId)
    await importPackage(province, readFileSync(second.path))
    expect((await provisionalOfficeCounts(province))[0]!.households).toBe(34)
    expect((await listReceived(province)).map((p) => [p.sequence, p.status])).toEqual([
      [2, 'accepted'],
      [1, 'superseded'],
    ])

    // The old package replayed is refused with the reason, and nothing changes.
    province.files = { chooseOpenFile: async () => exported.path, chooseSaveFile: async () => null }
    const api = await signedInRouter(province, 'admin')
    const picked = await api.invoke('packages.pick', {})
    expect(picked).toMatchObject({ ok: true, data: { cancelled: false, preview: { valid: false } } })
    const token = (picked as { ok: true; data: { token: string } }).data.token
    const replay = await api.invoke('packages.import', { token })
    expect(replay).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    expect(JSON.stringify(replay)).toMatch(/cũ hơn/)
    expect((await provisionalOfficeCounts(province))[0]!.households).toBe(34)

    // Receipt: the province signs, the office checks it against the registered province certificate.
    const receipt = await createReceipt(province, { packageId: second.cover.packageId, comments: 'Đã nhận đủ.', passphrase: PASSPHRASE })
    const sent = await importReceipt(office, receipt.bytes)
    expect(sent).toMatchObject({ packageId: second.cover.packageId, status: 'accepted', comments: 'Đã nhận đủ.' })
    expect((await listSent(office)).map((p) => p.status)).toEqual(['accepted', 'sent'])
    // A receipt whose payload was altered is refused.
    const forged = JSON.parse(receipt.bytes.toString('utf8')) as { payload: string; signature: string }
    forged.payload = forged.payload.replace('Đã nhận đủ.', 'Đã nhận.')
    await expect(importReceipt(office, Buffer.from(JSON.stringify(forged)))).rejects.toThrow(/không hợp lệ/)

    expect((await listTrusted(province))[0]).toMatchObject({ officeCode: '14563', packagesReceived: 2, lastPackage: { sequence: 2 } })
    expect(existsSync(join(office.dir, 'goi-da-gui', 'goi-14563-2026-H1-so0002.zip'))).toBe(true)
  })
})
