import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { defaultPackageReports } from '../../electron/main/services/packages/report-files'
import { cliInProcess } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

const ENV = { SGN_PASS: 'mật khẩu rất dài 123' }

describe('so-giam-ngheo keys / package / trust / receipt', () => {
  it('runs the whole exchange from the command line, with passphrases only from the environment', async () => {
    const dir = tempDir()
    const office = join(dir, 'office.sqlite')
    const province = join(dir, 'province.sqlite')
    const usb = tempDir('sgn-usb-')
    const ok = async (args: string[]) => {
      const r = await cliInProcess(args, { env: ENV })
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0)
      return r.stdout
    }
    await ok([
      '--db',
      office,
      'init',
      '--office-code',
      '14563',
      '--office-name',
      'UBND xã Tân Thành',
      '--province-code',
      '37',
      '--province-name',
      'Ninh Bình',
    ])
    await ok([
      '--db',
      province,
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

    // No passphrase variable: usage error, nothing created.
    expect((await cliInProcess(['--db', office, 'keys', 'create'])).code).toBe(2)
    expect((await cliInProcess(['--db', office, 'keys', 'create', '--passphrase-env', 'NOT_SET'])).stderr).toMatch(/chưa được đặt/)
    expect(await ok(['--db', office, 'keys', 'create', '--passphrase-env', 'SGN_PASS'])).toMatch(/Dấu vân tay SHA-256: [0-9A-F:]{95}/)
    await ok(['--db', province, 'keys', 'create', '--passphrase-env', 'SGN_PASS'])
    const officeFp = /([0-9A-F]{2}(:[0-9A-F]{2}){31})/.exec(await ok(['--db', office, 'keys', 'export-cert', join(dir, 'office.pem')]))![1]!
    await ok(['--db', province, 'keys', 'export-cert', join(dir, 'province.pem')])

    // A wrong fingerprint read over the phone: refused.
    const wrong = await cliInProcess(['--db', province, 'trust', 'add', join(dir, 'office.pem'), '--fingerprint', '00'.repeat(32)])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/không khớp/)
    await ok(['--db', province, 'trust', 'add', join(dir, 'office.pem'), '--fingerprint', officeFp.replace(/:/g, '').toLowerCase()])

    const pdf = await PDFDocument.create()
    pdf.addPage().drawText('Bao cao')
    writeFileSync(join(dir, 'bao-cao.pdf'), await pdf.save())
    const exported = await ok([
      '--db',
      office,
      'package',
      'export',
      '--period',
      '2026-H1',
      '--out',
      usb,
      '--passphrase-env',
      'SGN_PASS',
      '--attach',
      join(dir, 'bao-cao.pdf'),
    ])
    const pkg = exported.trim().split('\n')[0]!
    expect(pkg).toBe(join(usb, 'goi-14563-2026-H1-so0001.zip'))
    // Without --reports: every catalogue report that takes a year, as PDF and Excel, plus the attachment.
    const listed = spawnSync('unzip', ['-Z1', pkg], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((n) => n.startsWith('bao-cao/'))
    const yearly = defaultPackageReports()
    expect(yearly.length).toBeGreaterThan(1)
    expect(listed.sort()).toEqual(
      [
        ...yearly.flatMap((id) => [`bao-cao/bao-cao-${id}-2026-6thang.pdf`, `bao-cao/bao-cao-${id}-2026-6thang.xlsx`]),
        'bao-cao/bao-cao.pdf',
      ].sort(),
    )
    // An unknown report id is a usage error, and nothing is written.
    const unknown = await cliInProcess(
      ['--db', office, 'package', 'export', '--period', '2026', '--out', usb, '--passphrase-env', 'SGN_PASS', '--reports', 'khong-co'],
      {
        env: ENV,
      },
    )
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/Không có báo cáo "khong-co"/)

    // Verify with only the certificate (no database), then tampered: exit 1 with the reason.
    expect(await ok(['--db', join(dir, 'none.sqlite'), 'package', 'verify', pkg, '--trust', join(dir, 'office.pem')])).toMatch(/Gói hợp lệ/)
    const bytes = readFileSync(pkg)
    bytes[Math.floor(bytes.length / 2)]! ^= 0x10
    writeFileSync(join(usb, 'tampered.zip'), bytes)
    const bad = await cliInProcess(['--db', province, 'package', 'verify', join(usb, 'tampered.zip')])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/KHÔNG hợp lệ/)
    const pdfOut = join(dir, 'x.pdf')
    // The attached PDF was signed on export; pdfsig reads it from the package.
    writeFileSync(pdfOut, spawnSync('unzip', ['-p', pkg, 'bao-cao/bao-cao.pdf']).stdout)
    expect(spawnSync('pdfsig', [pdfOut], { encoding: 'utf8' }).stdout).toContain('Signature is Valid.')
    writeFileSync(pdfOut, spawnSync('unzip', ['-p', pkg, `bao-cao/bao-cao-${yearly[0]}-2026-6thang.pdf`]).stdout)
    expect(spawnSync('pdfsig', [pdfOut], { encoding: 'utf8' }).stdout).toContain('Signature is Valid.')

    expect(await ok(['--db', province, 'package', 'import', pkg])).toMatch(/Đã nhập gói/)
    expect(await ok(['--db', province, 'package', 'import', pkg])).toMatch(/không thay đổi gì/)
    // The results summary by office: this office has no assessments yet, so only the total line.
    expect(JSON.parse(await ok(['--db', province, 'package', 'summary', '--json', '--year', '2026']))).toMatchObject({
      year: 2026,
      document: { title: 'Kết quả rà soát hộ nghèo, hộ cận nghèo, hộ có mức sống trung bình' },
      sharedCitizenIds: [],
    })
    expect(await ok(['--db', province, 'package', 'summary', '--year', '2026'])).toMatch(/^ \| Tổng cộng \| 0 \| 0/m)
    expect(await ok(['--db', province, 'trust', 'list'])).toMatch(/14563 .* 1 gói, gói gần nhất số 1 \(2026-H1\)/)

    const { received } = JSON.parse(await ok(['--db', province, 'package', 'list', '--json'])) as { received: { packageId: string }[] }
    // Registered after the export: this package travels unencrypted (packages-encrypted.test.ts covers the encrypted one).
    await ok(['--db', office, 'trust', 'add', join(dir, 'province.pem')])
    const receipt = (
      await ok([
        '--db',
        province,
        'receipt',
        'create',
        received[0]!.packageId,
        '--out',
        usb,
        '--passphrase-env',
        'SGN_PASS',
        '--comment',
        'Đủ hồ sơ',
      ])
    ).trim()
    expect(await ok(['--db', office, 'receipt', 'import', receipt])).toMatch(/tỉnh đã chấp nhận — Đủ hồ sơ/)

    const fp = officeFp
    await ok(['--db', province, 'trust', 'revoke', fp, '--reason', 'Mất máy'])
    const refused = await cliInProcess(['--db', province, 'package', 'verify', pkg])
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(/thu hồi/)
    // A dozen CLI processes, each opening the database and some launching Chromium: minutes on a busy machine.
  }, 240_000)
})
