import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { closeContext, createContext } from '../../electron/main/app-context'
import { readZip } from '../../electron/main/export/package/zip-reader'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { exportPackage } from '../../electron/main/services/packages/export'
import { exportOwnCertificate, useToken } from '../../electron/main/services/packages/keys'
import { addTrusted } from '../../electron/main/services/packages/trust'
import { checkPackage } from '../../electron/main/services/packages/verify'
import { importPackage } from '../../electron/main/services/packages/import'
import { PASSPHRASE, seedOffice } from './packages-fixture'
import { cliInProcess, runCli } from '../helpers/cli'
import { makeTestCa, nssTrusting } from '../helpers/test-ca'
import { tempDir } from '../helpers/temp'

const MODULE = '/usr/lib/softhsm/libsofthsm2.so'
const PIN = '246813'

/**
 * Issue 18, "Done when": a SoftHSM token holds a key and a certificate issued by a test CA
 * (root → intermediate → office, made with openssl here); the office signs a package on the token
 * from the command line (PIN from the environment only); a province trusting only the root and a
 * CRL imports it; a CRL revoking the office certificate, an untrusted CA, a certificate not for
 * signing and a certificate of another office are each refused with the reason, in Vietnamese.
 */
function softhsm(dir: string): NodeJS.ProcessEnv {
  const tokens = join(dir, 'tokens')
  mkdirSync(tokens, { recursive: true })
  const conf = join(dir, 'softhsm2.conf')
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`)
  return { SOFTHSM2_CONF: conf }
}

function loadToken(env: NodeJS.ProcessEnv, label: string, keyFile: string, certDer: string, chainDer: string[]): void {
  const run = (cmd: string, args: string[]) =>
    execFileSync(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  // The test's own tooling takes the PIN as an argument; the program never does.
  run('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', PIN, '--so-pin', '13572468'])
  const tool = (args: string[]) => run('pkcs11-tool', ['--module', MODULE, '--token-label', label, '--login', '--pin', PIN, ...args])
  tool(['--write-object', keyFile, '--type', 'privkey', '--id', '01', '--label', 'office'])
  tool(['--write-object', certDer, '--type', 'cert', '--id', '01', '--label', 'office'])
  chainDer.forEach((f, i) => tool(['--write-object', f, '--type', 'cert', '--id', `0${i + 2}`, '--label', `ca${i}`]))
}

describe('signing on a USB token (SoftHSM), trust through a CA chain with CRLs', () => {
  it('office signs on the token; the province trusting only the root imports; revoked, untrusted, non-signing and foreign certificates are refused', async () => {
    const dir = tempDir()
    const hsm = softhsm(dir)
    const env = { ...hsm, SGN_PIN: PIN }
    const ca = makeTestCa(join(dir, 'ca'), 'VN Test CA')
    const officeCert = ca.issue('office', '/C=VN/ST=Ninh Bình/O=14563/CN=UBND xã Tân Thành')
    writeFileSync(join(dir, 'int.der'), execFileSync('openssl', ['x509', '-in', join(ca.dir, 'int.pem'), '-outform', 'DER']))
    loadToken(hsm, 'Token Tan Thanh', officeCert.keyFile, officeCert.derFile, [join(dir, 'int.der')])

    // The office's register: generated households and members with citizen IDs.
    const officeDb = join(dir, 'office.sqlite')
    const seed = await createContext({ dbPath: officeDb, actor: () => 'tester' })
    await seedOffice(seed, { code: '14563', name: 'Tân Thành', villages: 1 })
    await generateDemoData(seed, { households: 40, seed: 3, years: [2025] })
    await closeContext(seed)
    // The token is opened in this process too (SoftHSM reads its configuration from the process's
    // environment): most commands run in-process; listing the token and the export, which load
    // pkcs11js from the built bundle, run as the built command.
    process.env.SOFTHSM2_CONF = hsm.SOFTHSM2_CONF
    const cli = (db: string, args: string[], e: NodeJS.ProcessEnv = env) => cliInProcess(['--db', db, ...args], { env: e })
    const expectOk = (args: string[], r: { code: number; stdout: string; stderr: string }) => {
      expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0)
      return r.stdout
    }
    const ok = async (db: string, args: string[]) => expectOk(args, await cli(db, args))
    const okBuilt = (db: string, args: string[]) => expectOk(args, runCli(['--db', db, ...args], { env }))

    // The token as the clerk sees it, then chosen (PIN from SGN_PIN); a wrong PIN is refused in Vietnamese.
    const listed = okBuilt(officeDb, ['keys', 'token-list', '--module', MODULE])
    expect(listed).toContain('token "Token Tan Thanh"')
    expect(listed).toContain('CN=UBND xã Tân Thành')
    const wrong = await cli(
      officeDb,
      ['keys', 'use-token', '--module', MODULE, '--token-label', 'Token Tan Thanh', '--pin-env', 'BAD', '--replace'],
      {
        ...hsm,
        BAD: '000000',
      },
    )
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('Mã PIN của token không đúng.')
    expect(
      await ok(officeDb, [
        'keys',
        'use-token',
        '--module',
        MODULE,
        '--token-label',
        'Token Tan Thanh',
        '--pin-env',
        'SGN_PIN',
        '--replace',
      ]),
    ).toContain('UBND xã Tân Thành (14563)')
    expect(await ok(officeDb, ['keys', 'show'])).toContain('14563')

    const usb = tempDir('sgn-usb-')
    const zipPath = okBuilt(officeDb, [
      'package',
      'export',
      '--period',
      '2025',
      '--out',
      usb,
      '--pin-env',
      'SGN_PIN',
      '--reports',
      'summary',
    ])
      .trim()
      .split('\n')[0]!
    const zip = readZip(readFileSync(zipPath))

    // Independent tools. openssl: the manifest signature, with the root CA file only (the intermediate is inside).
    const out = join(dir, 'out')
    mkdirSync(out)
    writeFileSync(join(out, 'manifest.json'), zip.get('manifest.json')!)
    writeFileSync(join(out, 'manifest.json.p7s'), zip.get('manifest.json.p7s')!)
    writeFileSync(join(out, 'root.pem'), ca.rootPem)
    const cms = spawnSync(
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
        join(out, 'root.pem'),
        '-out',
        '/dev/null',
      ],
      { encoding: 'utf8' },
    )
    expect(cms.status, cms.stderr).toBe(0)
    // pdfsig: every PDF valid, and trusted with the root in its database; the stamp rendered.
    const nss = nssTrusting(join(dir, 'nss'), ca.rootPem)
    const pdfs = [...zip.keys()].filter((n) => n.endsWith('.pdf'))
    expect(pdfs.length).toBeGreaterThan(0)
    pdfs.forEach((name, i) => {
      const file = join(out, `r${i}.pdf`)
      writeFileSync(file, zip.get(name)!)
      const report = spawnSync('pdfsig', ['-nssdir', nss, file], { encoding: 'utf8' }).stdout
      expect(report, name).toContain('Signature is Valid.')
      expect(report, name).toContain('Certificate is Trusted.')
      expect(report, name).toContain('ETSI.CAdES.detached')
      const art = join(process.cwd(), 'test-artifacts')
      mkdirSync(art, { recursive: true })
      const pages = /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]!
      execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', '-f', pages, file, join(art, `token-signed-report-${i}`)])
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Ký bởi: UBND xã Tân Thành')
    })

    // The province trusts only the root, and imports a CRL that revokes nobody: the package imports.
    const provinceDb = join(dir, 'province.sqlite')
    await ok(provinceDb, [
      'init',
      '--office-code',
      'SO37',
      '--office-name',
      'Sở NN&MT Ninh Bình',
      '--province-code',
      '37',
      '--mode',
      'province',
    ])
    writeFileSync(join(dir, 'root.cer'), execFileSync('openssl', ['x509', '-in', join(ca.dir, 'root.pem'), '-outform', 'DER']))
    expect(await ok(provinceDb, ['trust', 'add-ca', join(dir, 'root.cer')])).toContain('Đã tin cậy CA gốc "VN Test CA Root"')
    const emptyCrl = ca.crl([], join(dir, 'empty.crl'))
    await ok(provinceDb, ['trust', 'add-crl', emptyCrl])
    const verified = await ok(provinceDb, ['package', 'verify', zipPath])
    expect(verified).toContain('Chuỗi chứng thư: UBND xã Tân Thành ← VN Test CA Intermediate ← VN Test CA Root')
    expect(verified).toContain('không bị thu hồi theo CRL của "VN Test CA Intermediate"')
    expect(await ok(provinceDb, ['package', 'import', zipPath])).toMatch(/nhận|Đã/)

    // The same province then imports a CRL revoking the office certificate (key compromised): the
    // same package is refused from now on, with the reason.
    const revokedCrl = ca.crl([{ serial: officeCert.serial, at: new Date(), reason: 'keyCompromise' }], join(dir, 'revoked.crl'))
    await ok(provinceDb, ['trust', 'add-crl', revokedCrl])
    const nowRefused = await cli(provinceDb, ['package', 'verify', zipPath])
    expect(nowRefused.code, nowRefused.stdout).toBe(1)
    expect(nowRefused.stdout).toMatch(/đã bị "VN Test CA Intermediate" thu hồi ngày .* \(lý do: lộ khóa bí mật\)/)

    // A province that never took it, trusting the same root and that CRL: refused at import too.
    const province2 = join(dir, 'province2.sqlite')
    await ok(province2, [
      'init',
      '--office-code',
      'SO37',
      '--office-name',
      'Sở NN&MT Ninh Bình',
      '--province-code',
      '37',
      '--mode',
      'province',
    ])
    await ok(province2, ['trust', 'add-ca', join(dir, 'root.cer')])
    await ok(province2, ['trust', 'add-crl', revokedCrl])
    const refused = await cli(province2, ['package', 'import', zipPath])
    expect(refused.code).toBe(1)
    expect(refused.stdout + refused.stderr).toMatch(/đã bị "VN Test CA Intermediate" thu hồi ngày .* \(lý do: lộ khóa bí mật\)/)
    // Without a database: the same answer from the files alone.
    const alone = await cliInProcess([
      '--db',
      join(dir, 'none.sqlite'),
      'package',
      'verify',
      zipPath,
      '--trust',
      join(dir, 'root.cer'),
      '--crl',
      revokedCrl,
    ])
    expect(alone.code).toBe(1)
    expect(alone.stdout).toContain('lộ khóa bí mật')

    // A certificate revoked for another reason after the signing time does not undo what it signed…
    const later = ca.crl([{ serial: officeCert.serial, at: new Date(Date.now() + 60_000), reason: 'superseded' }], join(dir, 'later.crl'))
    const laterCheck = await cliInProcess([
      '--db',
      join(dir, 'none.sqlite'),
      'package',
      'verify',
      zipPath,
      '--trust',
      join(dir, 'root.cer'),
      '--crl',
      later,
    ])
    expect(laterCheck.code, laterCheck.stdout).toBe(0)
    expect(laterCheck.stdout).toContain('sau thời điểm ký')
    // …one revoked before it is refused.
    const before = ca.crl(
      [{ serial: officeCert.serial, at: new Date(Date.now() - 3600_000), reason: 'superseded' }],
      join(dir, 'before.crl'),
    )
    const beforeCheck = await cliInProcess([
      '--db',
      join(dir, 'none.sqlite'),
      'package',
      'verify',
      zipPath,
      '--trust',
      join(dir, 'root.cer'),
      '--crl',
      before,
    ])
    expect(beforeCheck.code).toBe(1)
    expect(beforeCheck.stdout).toContain('trước thời điểm ký')

    // Refusals with their reasons: the province above trusts only "VN Test CA".
    // (In this process, through the services: the command line was shown above.)
    const province = await createContext({ dbPath: provinceDb, actor: () => 'tester' })
    const refuse = async (label: string, cert: { keyFile: string; derFile: string }, chain: string[], code: string, expected: RegExp) => {
      loadToken(hsm, label, cert.keyFile, cert.derFile, chain)
      const s = await createContext({ dbPath: join(dir, `${label}.sqlite`), actor: () => 'tester' })
      try {
        await seedOffice(s, { code, name: 'Tân Thành', villages: 1 })
        await useToken(s, { module: MODULE, tokenLabel: label, pin: PIN, replace: true })
        const exported = await exportPackage(s, { period: '2025', outDir: tempDir('sgn-usb-'), passphrase: PIN })
        const { report } = await checkPackage(province, readFileSync(exported.path), { sequence: false })
        expect(report.valid).toBe(false)
        expect(report.problems.map((p) => p.message).join('\n')).toMatch(expected)
      } finally {
        await closeContext(s)
      }
    }
    const other = makeTestCa(join(dir, 'other'), 'Unknown CA')
    const foreign = other.issue('office', '/C=VN/O=14564/CN=UBND xã Khác')
    writeFileSync(join(dir, 'other-int.der'), execFileSync('openssl', ['x509', '-in', join(other.dir, 'int.pem'), '-outform', 'DER']))
    await refuse(
      'Token Other CA',
      foreign,
      [join(dir, 'other-int.der')],
      '14564',
      /do "Unknown CA Root" cấp, nhưng tổ chức chứng thực này không nằm trong danh sách được tin cậy/,
    )
    const encOnly = ca.issue('enc', '/C=VN/O=14565/CN=UBND xã Mã Hóa', { keyUsage: 'critical,keyEncipherment' })
    await refuse(
      'Token Enc',
      encOnly,
      [join(dir, 'int.der')],
      '14565',
      /không được phép dùng để ký số \(mục đích sử dụng khóa: keyEncipherment\)/,
    )
    const elsewhere = ca.issue('elsewhere', '/C=VN/O=99999/CN=UBND xã Nơi Khác')
    await refuse(
      'Token Elsewhere',
      elsewhere,
      [join(dir, 'int.der')],
      '14566',
      /không ghi mã đơn vị 14566 và chưa được đăng ký cho đơn vị này/,
    )
    // A self-signed key pinned by fingerprint keeps working beside the CAs and CRLs.
    const pinned = await createContext({ dbPath: join(dir, 'pinned.sqlite'), actor: () => 'tester' })
    try {
      await seedOffice(pinned, { code: '14567', name: 'Tự Ký', villages: 1 })
      const own = await exportOwnCertificate(pinned)
      await addTrusted(province, { pem: own.pem, confirmFingerprint: own.fingerprint })
      const exported = await exportPackage(pinned, { period: '2025', outDir: tempDir('sgn-usb-'), passphrase: PASSPHRASE })
      const { report } = await checkPackage(province, readFileSync(exported.path), { sequence: false })
      expect(report.problems).toEqual([])

      // A province whose key is on a token opens a package encrypted to it: the token unwraps the
      // content key (RSAES-OAEP), with the PIN; a wrong PIN is refused in Vietnamese.
      const provinceCert = ca.issue('province', '/C=VN/O=SO37/CN=Sở NN&MT Ninh Bình')
      loadToken(hsm, 'Token So', provinceCert.keyFile, provinceCert.derFile, [join(dir, 'int.der')])
      const tokenProvince = await createContext({ dbPath: join(dir, 'token-province.sqlite'), actor: () => 'tester' })
      try {
        await seedOffice(tokenProvince, { code: 'SO37', name: 'Sở NN&MT Ninh Bình', mode: 'province' })
        await useToken(tokenProvince, { module: MODULE, tokenLabel: 'Token So', pin: PIN, replace: true })
        await addTrusted(tokenProvince, { pem: own.pem, confirmFingerprint: own.fingerprint })
        const encrypted = await exportPackage(pinned, {
          period: '2026',
          outDir: tempDir('sgn-usb-'),
          passphrase: PASSPHRASE,
          encryptTo: provinceCert.certPem,
        })
        expect(encrypted.cover.encryptedTo).toHaveLength(2)
        const zip = readFileSync(encrypted.path)
        await expect(importPackage(tokenProvince, zip, '000000')).rejects.toThrow(/Mã PIN của token không đúng/)
        expect((await importPackage(tokenProvince, zip, PIN)).status).toBe('imported')
      } finally {
        await closeContext(tokenProvince)
      }
    } finally {
      await closeContext(pinned)
    }
    await closeContext(province)
    expect(readdirSync(usb).some((n) => n.endsWith('.partial'))).toBe(false)
  }, 300_000)
})
