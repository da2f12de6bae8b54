import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ChannelOutput } from '@shared/contract'
import { closeContext, createContext } from '../../electron/main/app-context'
import type { ServiceContext } from '../../electron/main/services/context'
import { exportPackage } from '../../electron/main/services/packages/export'
import { importPackage, previewImport } from '../../electron/main/services/packages/import'
import { exportOwnCertificate, importOwnKey } from '../../electron/main/services/packages/keys'
import { createReceipt, importReceipt } from '../../electron/main/services/packages/receipts'
import { addTrusted } from '../../electron/main/services/packages/trust'
import { checkPackage } from '../../electron/main/services/packages/verify'
import { cliInProcess } from '../helpers/cli'
import { datedCertificate, P12_PASSWORD, type DatedCertificate } from '../helpers/dated-cert'
import { signedInRouter } from '../helpers/session'
import { fixedClock, tempDir } from '../helpers/temp'
import { databaseDigest } from './packages-craft'
import { PASSPHRASE, seedOffice } from './packages-fixture'
import { invokeToEnd } from '../helpers/jobs'

/**
 * Class "expired certificates are accepted": a certificate is judged by the verifier's clock and
 * its own dates (made here by openssl), not by the signing time the signer wrote.
 */

const EXPIRED = { notBefore: '20190101000000Z', notAfter: '20211231120000Z' } // 01/01/2019 – 31/12/2021
const CURRENT = { notBefore: '20250101000000Z', notAfter: '20301231120000Z' }
const FUTURE = { notBefore: '20300101000000Z', notAfter: '20351231120000Z' }

/** An office that signs with `cert` and whose clock reads `clock` (set back, or forward). */
async function officeSigningAt(dir: string, cert: DatedCertificate, clock: string): Promise<Buffer> {
  const office = await createContext({ dbPath: join(dir, `office-${clock.slice(0, 4)}.sqlite`), now: fixedClock(clock).now })
  try {
    await seedOffice(office, { code: '14563', name: 'Tân Thành', households: 3 })
    await importOwnKey(office, { p12: cert.p12, p12Password: P12_PASSWORD, passphrase: PASSPHRASE, replace: true })
    const usb = join(dir, `usb-${clock.slice(0, 4)}`)
    mkdirSync(usb)
    return readFileSync((await exportPackage(office, { period: '2026', outDir: usb, passphrase: PASSPHRASE })).path)
  } finally {
    await closeContext(office)
  }
}

/** The province, with its clock at `registeredAt` while it registers `cert`, then at the real time. */
async function provinceTrusting(dir: string, cert: DatedCertificate, registeredAt: string) {
  const clock = fixedClock(registeredAt)
  const answer = { pick: null as string | null }
  const path = join(dir, 'province.sqlite')
  const ctx = await createContext({
    dbPath: path,
    now: clock.now,
    files: { chooseOpenFile: async () => answer.pick, chooseSaveFile: async () => null },
  })
  await seedOffice(ctx, { code: 'SO37', name: 'Sở', mode: 'province' })
  await addTrusted(ctx, { pem: cert.certPem })
  clock.set(new Date().toISOString())
  return { ctx, path, answer }
}

const problemsOf = async (ctx: ServiceContext, zip: Buffer) => (await checkPackage(ctx, zip)).report.problems

describe('certificates are judged by the verifier’s clock', () => {
  it('refuses a package signed in 2020 (clock set back) with a certificate that expired in 2021: service, router and CLI', async () => {
    const dir = tempDir()
    const cert = datedCertificate(dir, { code: '14563', name: 'Tân Thành', ...EXPIRED })
    const zip = await officeSigningAt(dir, cert, '2020-06-01T08:00:00Z')
    // Registered while the certificate was valid; the package arrives now.
    const province = await provinceTrusting(dir, cert, '2020-06-02T08:00:00Z')
    const expired =
      /Chứng thư số của UBND xã Tân Thành đã hết hạn ngày 31\/12\/2021 \(hiệu lực 01\/01\/2019 – 31\/12\/2021\), hôm nay là \d\d\/\d\d\/20\d\d/
    try {
      const before = databaseDigest(province.ctx)
      const problems = await problemsOf(province.ctx, zip)
      expect(problems.map((p) => p.code)).toEqual(['signer.expired'])
      expect(problems[0]!.message).toMatch(expired)
      expect((await previewImport(province.ctx, zip)).valid).toBe(false)
      await expect(importPackage(province.ctx, zip)).rejects.toThrow(expired)
      expect(databaseDigest(province.ctx)).toEqual(before)

      const file = join(dir, 'goi-het-han.zip')
      writeFileSync(file, zip)
      province.answer.pick = file
      const api = await signedInRouter(province.ctx, 'admin')
      const afterSignIn = databaseDigest(province.ctx)
      const answer = await api.invoke('packages.pick', {})
      const picked = (answer.ok ? answer.data : null) as ChannelOutput<'packages.pick'> | null
      if (!picked || picked.cancelled) throw new Error('the pick failed')
      expect(picked.preview.problems.map((p) => p.message).join('\n')).toMatch(expired)
      expect(await invokeToEnd(api, province.ctx, 'packages.import', { token: picked.token })).toMatchObject({
        ok: false,
        error: { code: 'JOB_FAILED', message: expect.stringMatching(expired) },
      })
      expect(databaseDigest(province.ctx)).toEqual(afterSignIn)

      const verify = await cliInProcess(['--db', province.path, 'package', 'verify', file])
      expect([verify.code, verify.stdout]).toEqual([1, expect.stringMatching(expired)])
      const imports = await cliInProcess(['--db', province.path, 'package', 'import', file])
      expect([imports.code, imports.stderr]).toEqual([1, expect.stringMatching(expired)])
      // Without a database, against the certificate file alone: the same verdict.
      const alone = await cliInProcess(['--db', join(dir, 'khong-co.sqlite'), 'package', 'verify', file, '--trust', cert.certPath])
      expect([alone.code, alone.stdout]).toEqual([1, expect.stringMatching(expired)])
      expect(databaseDigest(province.ctx)).toEqual(afterSignIn)
    } finally {
      await closeContext(province.ctx)
    }
  })

  it('refuses a signing time after now (clock set forward), and a certificate not yet valid', async () => {
    const dir = tempDir()
    const current = datedCertificate(dir, { code: '14563', name: 'Tân Thành', ...CURRENT })
    const ahead = await officeSigningAt(dir, current, '2029-06-01T08:00:00Z')
    const province = await provinceTrusting(dir, current, new Date().toISOString())
    try {
      const problems = await problemsOf(province.ctx, ahead)
      expect(problems.map((p) => p.code)).toEqual(['signer.time-future'])
      expect(problems[0]!.message).toMatch(/Thời điểm ký ghi trong chữ ký \(01\/06\/2029 15:00\) ở sau thời điểm hiện tại của máy này/)
    } finally {
      await closeContext(province.ctx)
    }
    // A certificate that starts in 2030, used with the clock set to 2031: refused by its dates today.
    const future = datedCertificate(dir, { code: '14563', name: 'Tân Thành', ...FUTURE })
    const early = join(dir, 'goi-som.zip')
    writeFileSync(early, await officeSigningAt(dir, future, '2031-06-01T08:00:00Z'))
    const r = await cliInProcess(['--db', join(dir, 'khong-co.sqlite'), 'package', 'verify', early, '--trust', future.certPath])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/Chứng thư số của UBND xã Tân Thành chưa có hiệu lực: hiệu lực từ 01\/01\/2030 – 31\/12\/2035/)
    expect(r.stdout).toMatch(/ở sau thời điểm hiện tại của máy này/)
  })

  it('trust add refuses an expired or not-yet-valid certificate with its dates (service, router, CLI); registers a current one', async () => {
    const dir = tempDir()
    const expired = datedCertificate(dir, { code: '14563', name: 'Tân Thành', ...EXPIRED })
    const future = datedCertificate(dir, { code: '14564', name: 'Tân Lập', ...FUTURE })
    const current = datedCertificate(dir, { code: '14565', name: 'Tân Hòa', ...CURRENT })
    const province = await provinceTrusting(dir, current, new Date().toISOString())
    try {
      const before = databaseDigest(province.ctx)
      await expect(addTrusted(province.ctx, { pem: expired.certPem })).rejects.toThrow(
        /Chứng thư số của UBND xã Tân Thành đã hết hạn ngày 31\/12\/2021 \(hiệu lực 01\/01\/2019 – 31\/12\/2021\), hôm nay là .*Không đăng ký/,
      )
      await expect(addTrusted(province.ctx, { pem: future.certPem })).rejects.toThrow(
        /Chứng thư số của UBND xã Tân Lập chưa có hiệu lực: hiệu lực từ 01\/01\/2030 – 31\/12\/2035/,
      )
      expect(databaseDigest(province.ctx)).toEqual(before)

      province.answer.pick = expired.certPath
      const api = await signedInRouter(province.ctx, 'admin')
      const afterSignIn = databaseDigest(province.ctx)
      const answer = await api.invoke('packages.trust.pick', {})
      const picked = (answer.ok ? answer.data : null) as ChannelOutput<'packages.trust.pick'> | null
      if (!picked || picked.cancelled) throw new Error('the pick failed')
      expect(
        await api.invoke('packages.trust.add', { token: picked.token, confirmFingerprint: picked.certificate.fingerprint }),
      ).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT', message: expect.stringMatching(/đã hết hạn ngày 31\/12\/2021/) },
      })
      expect(databaseDigest(province.ctx)).toEqual(afterSignIn)

      const cli = await cliInProcess(['--db', province.path, 'trust', 'add', future.certPath])
      expect([cli.code, cli.stderr]).toEqual([1, expect.stringMatching(/chưa có hiệu lực: hiệu lực từ 01\/01\/2030 – 31\/12\/2035/)])
      expect(databaseDigest(province.ctx)).toEqual(afterSignIn)
      // The current one (registered above, before the clock moved) is the only one on the list.
      expect(province.ctx.store.sqlite.prepare('select office_code from trusted_certificates').pluck().all()).toEqual(['14565'])
    } finally {
      await closeContext(province.ctx)
    }
  })

  it('an office whose certificate has expired is told so at export, and nothing is written', async () => {
    const dir = tempDir()
    const cert = datedCertificate(dir, { code: '14563', name: 'Tân Thành', ...EXPIRED })
    const clock = fixedClock('2020-06-01T08:00:00Z')
    const office = await createContext({ dbPath: join(dir, 'office.sqlite'), now: clock.now })
    try {
      await seedOffice(office, { code: '14563', name: 'Tân Thành', households: 3 })
      await importOwnKey(office, { p12: cert.p12, p12Password: P12_PASSWORD, passphrase: PASSPHRASE, replace: true })
      clock.set(new Date().toISOString())
      const usb = tempDir('sgn-usb-')
      await expect(exportPackage(office, { period: '2026', outDir: usb, passphrase: PASSPHRASE })).rejects.toThrow(
        /đã hết hạn ngày 31\/12\/2021 .*Hãy tạo khóa mới/,
      )
      expect(readdirSync(usb)).toEqual([])
      expect(existsSync(join(dir, 'goi-da-gui'))).toBe(false)
      expect(office.store.sqlite.prepare('select count(*) from packages_sent').pluck().get()).toBe(0)
    } finally {
      await closeContext(office)
    }
  })

  it('an office refuses a receipt whose province certificate has expired since it was signed', async () => {
    const dir = tempDir()
    const clock = fixedClock('2020-06-01T08:00:00Z')
    const cert = datedCertificate(dir, { code: 'SO37', name: 'Sở', ...EXPIRED })
    const office = await createContext({ dbPath: join(dir, 'office.sqlite'), now: clock.now })
    const province = await createContext({ dbPath: join(dir, 'province.sqlite'), now: clock.now })
    try {
      await seedOffice(office, { code: '14563', name: 'Tân Thành', households: 3 })
      await seedOffice(province, { code: 'SO37', name: 'Sở', mode: 'province' })
      await importOwnKey(province, { p12: cert.p12, p12Password: P12_PASSWORD, passphrase: PASSPHRASE, replace: true })
      await addTrusted(office, { pem: cert.certPem })
      await addTrusted(province, { pem: (await exportOwnCertificate(office)).pem })
      const usb = tempDir('sgn-usb-')
      const sent = readFileSync((await exportPackage(office, { period: '2020', outDir: usb, passphrase: PASSPHRASE })).path)
      const { packageId } = await importPackage(province, sent, PASSPHRASE)
      const receipt = await createReceipt(province, { packageId, passphrase: PASSPHRASE })
      clock.set(new Date().toISOString())
      await expect(importReceipt(office, receipt.bytes)).rejects.toThrow(
        /Biên nhận không được nhận: Chứng thư số của UBND xã Sở đã hết hạn ngày 31\/12\/2021/,
      )
      expect(office.store.sqlite.prepare('select status from packages_sent').pluck().all()).toEqual(['sent'])
    } finally {
      await closeContext(office)
      await closeContext(province)
    }
  })
})
