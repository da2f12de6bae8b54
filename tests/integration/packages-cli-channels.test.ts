import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Result } from '../../shared/contract/errors'
import { closeContext, createContext } from '../../electron/main/app-context'
import type { FilePorts, ServiceContext } from '../../electron/main/services/context'
import { exportPackage } from '../../electron/main/services/packages/export'
import { exportOwnCertificate } from '../../electron/main/services/packages/keys'
import { addTrusted } from '../../electron/main/services/packages/trust'
import { fileDigest } from '../helpers/db-digest'
import { invokeToEnd } from '../helpers/jobs'
import { signedInRouter } from '../helpers/session'
import { makeTestCa } from '../helpers/test-ca'
import { tempDir } from '../helpers/temp'
import { PASSPHRASE, seedOffice } from './packages-fixture'

// The channels the command line needed (package verify, package import without a preview first,
// trust add-ca/add-crl/list-ca, a certificate saved under a chosen name, attachments), through the
// real router on real registers: what they answer, what they refuse, and to whom.

const opened: ServiceContext[] = []
afterEach(async () => {
  for (const c of opened.splice(0)) await closeContext(c)
})

/** A register whose dialogs answer what `answer` holds at the time of the call. */
async function register(path: string) {
  const answer = { open: null as string | null, save: null as string | null, folder: null as string | null }
  const files: FilePorts = {
    chooseOpenFile: async () => answer.open,
    chooseSaveFile: async () => answer.save,
    chooseFolder: async () => answer.folder,
  }
  const ctx = await createContext({ dbPath: path, actor: () => 'tester', files })
  opened.push(ctx)
  return { ctx, answer }
}

async function officeAndProvince() {
  const dir = tempDir()
  const office = await register(join(dir, 'office.sqlite'))
  await seedOffice(office.ctx, { code: '14563', name: 'Tân Thành', households: 3 })
  const province = await register(join(dir, 'province.sqlite'))
  await seedOffice(province.ctx, { code: 'SO37', name: 'Sở', mode: 'province' })
  const officePem = (await exportOwnCertificate(office.ctx)).pem
  await addTrusted(province.ctx, { pem: officePem })
  const usb = tempDir('sgn-usb-')
  const pkg = (await exportPackage(office.ctx, { period: '2026-H1', outDir: usb, passphrase: PASSPHRASE })).path
  return { dir, office, province, officePem, pkg }
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64')
/** The verdict of a packages.verify answer (undefined when refused or cancelled). */
const validity = (r: Result<unknown>) => (r.ok ? (r.data as { report?: { valid: boolean } }).report?.valid : undefined)

describe('channels the command line goes through', () => {
  it('packages.verify checks a chosen package and writes nothing; given certificates replace the register’s trust', async () => {
    const { dir, province, officePem, pkg } = await officeAndProvince()
    const clerk = await signedInRouter(province.ctx, 'clerk')
    const before = fileDigest(province.ctx.store.path)
    province.answer.open = pkg
    const ok = await clerk.invoke('packages.verify', {})
    expect(ok).toMatchObject({
      ok: true,
      data: { cancelled: false, report: { valid: true, problems: [], package: { officeCode: '14563', period: '2026-H1', sequence: 1 } } },
    })

    const tampered = join(dir, 'tampered.zip')
    const bytes = readFileSync(pkg)
    bytes[Math.floor(bytes.length / 2)]! ^= 0x10
    writeFileSync(tampered, bytes)
    province.answer.open = tampered
    const bad = await clerk.invoke('packages.verify', {})
    expect(validity(bad)).toBe(false)

    // Against another certificate only: the register's registration of the office does not count.
    const other = makeTestCa(join(dir, 'ca'), 'Other CA')
    province.answer.open = pkg
    const untrusted = await clerk.invoke('packages.verify', { certificates: [b64(other.rootPem)] })
    expect(validity(untrusted)).toBe(false)
    // Against the office's certificate file alone, on a register with no office set up.
    const bare = await register(join(dir, 'bare.sqlite'))
    bare.answer.open = pkg
    const alone = await (await signedInRouter(bare.ctx, 'clerk')).invoke('packages.verify', { certificates: [b64(officePem)] })
    expect(alone).toMatchObject({ ok: true, data: { report: { valid: true, package: { officeCode: '14563' } } } })

    // Bytes that are not base64, and no dialog answer.
    expect(await clerk.invoke('packages.verify', { certificates: ['không phải base64'] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    })
    province.answer.open = null
    expect(await clerk.invoke('packages.verify', {})).toEqual({ ok: true, data: { cancelled: true } })
    expect(fileDigest(province.ctx.store.path)).toEqual(before)
    // Nobody signed in: refused before anything is read.
    const { createRouter } = await import('../../electron/main/ipc')
    province.answer.open = pkg
    expect(await createRouter(province.ctx).invoke('packages.verify', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('packages.importFile imports a chosen package as a job for the approver; the clerk is refused', async () => {
    const { province, pkg } = await officeAndProvince()
    province.answer.open = pkg
    const clerk = await signedInRouter(province.ctx, 'clerk')
    const before = fileDigest(province.ctx.store.path)
    expect(await clerk.invoke('packages.importFile', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect(fileDigest(province.ctx.store.path)).toEqual(before)
    const approver = await signedInRouter(province.ctx, 'approver')
    expect(await invokeToEnd(approver, province.ctx, 'packages.importFile', {})).toMatchObject({
      ok: true,
      data: {
        cancelled: false,
        status: 'imported',
        diff: expect.arrayContaining([expect.objectContaining({ table: 'households', added: 3 })]),
      },
    })
    expect(await invokeToEnd(approver, province.ctx, 'packages.importFile', {})).toMatchObject({ ok: true, data: { status: 'already' } })
    province.answer.open = null
    expect(await approver.invoke('packages.importFile', {})).toEqual({ ok: true, data: { cancelled: true } })
  })

  it('trust.addCa / addCrl are the admin’s; listCa shows the CAs to anyone signed in', async () => {
    const dir = tempDir()
    const office = await register(join(dir, 'office.sqlite'))
    await seedOffice(office.ctx, { code: '14563', name: 'Tân Thành' })
    const ca = makeTestCa(join(dir, 'ca'), 'VN Test CA')
    const rootFile = join(dir, 'root.pem')
    writeFileSync(rootFile, ca.rootPem)
    const crlFile = ca.crl([], join(dir, 'empty.crl'))
    office.answer.open = rootFile
    const approver = await signedInRouter(office.ctx, 'approver')
    const before = fileDigest(office.ctx.store.path)
    expect(await approver.invoke('packages.trust.addCa', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    office.answer.open = crlFile
    expect(await approver.invoke('packages.trust.addCrl', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(fileDigest(office.ctx.store.path)).toEqual(before)

    const admin = await signedInRouter(office.ctx, 'admin')
    office.answer.open = rootFile
    expect(await admin.invoke('packages.trust.addCa', {})).toMatchObject({
      ok: true,
      data: { cancelled: false, added: [{ name: 'VN Test CA Root', selfSigned: true }] },
    })
    office.answer.open = crlFile
    expect(await admin.invoke('packages.trust.addCrl', {})).toMatchObject({
      ok: true,
      data: { cancelled: false, crl: { entries: 0 } },
    })
    // A certificate that is not a CA is refused with the reason.
    office.answer.open = join(dir, 'office.pem')
    writeFileSync(office.answer.open, (await exportOwnCertificate(office.ctx)).pem)
    expect(await admin.invoke('packages.trust.addCa', {})).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/không phải chứng thư của tổ chức chứng thực/) },
    })
    expect(await (await signedInRouter(office.ctx, 'clerk')).invoke('packages.trust.listCa', {})).toMatchObject({
      ok: true,
      data: [{ name: 'VN Test CA Root', selfSigned: true }],
    })
  })

  it('exportCert saves under the chosen name; export attachments must be plain .pdf/.xlsx names', async () => {
    const dir = tempDir()
    const office = await register(join(dir, 'office.sqlite'))
    await seedOffice(office.ctx, { code: '14563', name: 'Tân Thành' })
    const admin = await signedInRouter(office.ctx, 'admin')
    office.answer.save = join(dir, 'ra-tinh.pem')
    expect(await admin.invoke('packages.key.exportCert', { chooseName: true })).toMatchObject({
      ok: true,
      data: { cancelled: false, fileName: 'ra-tinh.pem' },
    })
    expect(readFileSync(join(dir, 'ra-tinh.pem'), 'utf8')).toContain('BEGIN CERTIFICATE')

    office.answer.folder = tempDir('sgn-usb-')
    for (const name of ['../ngoai.pdf', 'bao-cao.exe', 'thu-muc/bao-cao.pdf']) {
      expect(
        await admin.invoke('packages.export', {
          period: '2026',
          passphrase: PASSPHRASE,
          reports: [],
          attachments: [{ name, base64: b64('x') }],
        }),
        name,
      ).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    }
    expect(readdirSync(office.answer.folder)).toEqual([])
  })
})
