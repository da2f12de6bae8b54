import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeContext, createContext } from '../../electron/main/app-context'
import type { SigningIdentity } from '../../electron/main/export/signing/cms'
import { unlockOwnKey } from '../../electron/main/services/packages/keys'
import { deflateBomb, sheetRowsBlock } from '../helpers/bombs'
import { countRows, fileDigest } from '../helpers/db-digest'
import { datedCertificate, P12_PASSWORD } from '../helpers/dated-cert'
import { LIST_HEADER, listRow, writeListWithOpenpyxl } from '../helpers/openpyxl-list'
import { inlineRow, sheetXml, workbookParts, writeZip } from '../helpers/zip'
import { craft, table } from '../integration/packages-craft'
import { attackCli, expectAccepted, expectRefused, type AttackRun } from './harness/attack'

/**
 * The attack script of the issue "Nothing silently wrong": for each class, files crafted here
 * (openpyxl lists, zips built byte by byte, packages re-signed by a trusted office, certificates
 * dated by openssl) are handed to the built command (bin/so-giam-ngheo.mjs) over real databases.
 * Every run must end by itself with 0, 1 or 2 and say nothing raw (no stack, no "Error:", no
 * SQLite or Node text, no U+FFFD); a refusal exits non-zero in Vietnamese and leaves every table
 * of every database it touches as it was (a hash of all rows, before and after); an accepted input
 * writes exactly what it holds. One table, one line per attack; the world is built once.
 */

const CURRENT = { notBefore: '20250101000000Z', notAfter: '20301231120000Z' }
const EXPIRED = { notBefore: '20190101000000Z', notAfter: '20211231120000Z' }
const KEY_PASSPHRASE = 'khóa ký của xã 2026'
const P12_VIETNAMESE = 'Mật khẩu tệp khóa'

interface Attack {
  /** The class: 1 text, 2 files as other programs write them, 3 actual bytes, 4 office against office, 5 restores, 6 secrets and debris, 7 silent or raw answers, 8 certificate dates. */
  cls: number
  name: string
  /** What the attack needs first (not judged, not part of the before/after comparison). */
  prepare?: () => void
  /** The databases the run may touch: on a refusal each must be unchanged. */
  dbs: () => string[]
  run: () => AttackRun
  /** A refusal and what it must say, or an acceptance and what it must write. */
  refused?: RegExp
  accepted?: { says: RegExp; check?: () => void }
}

describe('attack script: hostile and unlucky inputs through the command line', () => {
  const root = mkdtempSync(join(tmpdir(), 'sgn-attacks-'))
  const at = (...p: string[]) => join(root, ...p)
  const officeA = at('a', 'xa-tan-thanh.sqlite')
  const officeB = at('b', 'xa-tan-lap.sqlite')
  const province = at('tinh', 'so-ninh-binh.sqlite')
  const env = { SGN_KEY: KEY_PASSPHRASE, SGN_P12: P12_VIETNAMESE, SGN_P12_ASCII: P12_PASSWORD }
  const cli = (label: string, db: string, args: string[], input?: string) => attackCli(label, ['--db', db, ...args], { env, input })
  const setup = (label: string, db: string, args: string[], input?: string) => {
    const r = cli(label, db, args, input)
    expect(r.code, `${label}: ${r.stdout}${r.stderr}`).toBe(0)
    return r
  }
  let keyA: SigningIdentity
  let genuineA: string
  let villageOfB: string

  beforeAll(async () => {
    for (const d of ['a', 'b', 'tinh', 'files', 'usb-a', 'usb-b', 'usb-c', 'backups']) mkdirSync(at(d), { recursive: true })
    // Two communes and the province, set up with the command line.
    setup('init A', officeA, [
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
    setup('init B', officeB, [
      'init',
      '--office-code',
      '14564',
      '--office-name',
      'UBND xã Tân Lập',
      '--province-code',
      '37',
      '--province-name',
      'Ninh Bình',
    ])
    setup('init province', province, [
      'init',
      '--mode',
      'province',
      '--office-code',
      'SO37',
      '--office-name',
      'Sở LĐ-TB&XH Ninh Bình',
      '--province-code',
      '37',
    ])
    for (const [db, code, name, first] of [
      [officeA, '14563', 'Tân Thành', 1],
      [officeB, '14564', 'Tân Lập', 100],
    ] as const) {
      const list = at('files', `ds-${code}.xlsx`)
      writeListWithOpenpyxl(list, {
        rows: [LIST_HEADER, listRow(first, 'Hà Văn Minh', 'Thôn Đông'), listRow(first + 1, 'Bế Thị Lan', 'Thôn Tây')],
      })
      setup(`list ${code}`, db, ['households', 'import', list])
      // The office's key: an openssl certificate (current), its .p12 protected by a Vietnamese password (OpenSSL 3 defaults).
      const cert = datedCertificate(at('files'), { code, name, ...CURRENT })
      const p12 = at('files', `khoa-${code}.p12`)
      const folder = dirname(cert.certPath)
      execFileSync(
        'openssl',
        ['pkcs12', '-export', '-inkey', join(folder, 'key.pem'), '-in', cert.certPath, '-out', p12, '-passout', 'env:SGN_P12'],
        {
          env: { ...process.env, ...env },
          stdio: 'pipe',
        },
      )
      setup(`key ${code}`, db, ['keys', 'import', p12, '--passphrase-env', 'SGN_KEY', '--p12-passphrase-env', 'SGN_P12'])
      setup(`trust ${code}`, province, ['trust', 'add', cert.certPath])
    }
    const packageB = setup('export B', officeB, [
      'package',
      'export',
      '--period',
      '2026',
      '--out',
      at('usb-b'),
      '--passphrase-env',
      'SGN_KEY',
      '--reports',
      'none',
    ])
    setup('import B', province, ['package', 'import', packageB.stdout.trim()])
    genuineA = setup('export A', officeA, [
      'package',
      'export',
      '--period',
      '2026',
      '--out',
      at('usb-a'),
      '--passphrase-env',
      'SGN_KEY',
      '--reports',
      'none',
    ]).stdout.trim()
    const ctx = await createContext({ dbPath: officeA })
    try {
      keyA = await unlockOwnKey(ctx, KEY_PASSPHRASE)
    } finally {
      await closeContext(ctx)
    }
    const p = new Database(province, { readonly: true })
    villageOfB = p.prepare("select id from admin_units where office_code = '14564' and kind = 'village' limit 1").pluck().get() as string
    p.close()
    setup('backup B', officeB, ['backup', 'create', '--out', at('backups')])
    setup(
      'encrypted backup A',
      officeA,
      ['backup', 'create', '--out', at('backups', 'ma-hoa'), '--encrypt', '--passphrase-stdin'],
      'mật khẩu sao lưu của xã',
    )
  }, 180_000)

  afterAll(() => rmSync(root, { recursive: true, force: true }))

  /** A file crafted for one attack, in the attacks' folder. */
  const file = (name: string) => at('files', name)
  const craftedA = (name: string, change: Parameters<typeof craft>[2]) => {
    writeFileSync(file(name), craft(readFileSync(genuineA), keyA, change))
    return file(name)
  }
  const backupOf = (code: string) => readdirSync(at('backups')).find((n) => n.startsWith(`sgn-${code}-`))!
  /** Household heads' names as the register stores them. */
  const headNames = (db: string) => {
    const d = new Database(db, { readonly: true })
    try {
      return d.prepare('select head_name from households').pluck().all() as string[]
    } finally {
      d.close()
    }
  }

  const ATTACKS: Attack[] = [
    // 1. Text that is not what it looks like.
    {
      cls: 1,
      name: 'names with a zero-width space, a right-to-left override, a BOM and decomposed letters are stored clean and found',
      dbs: () => [officeA],
      run: () => {
        const names = ['Lò\u200B Văn Páo', '\u202EHoàng Thị Mai', '\uFEFFMa Văn Tú', 'Đinh Văn Cường'.normalize('NFD')]
        writeListWithOpenpyxl(file('ten-la.xlsx'), { rows: [LIST_HEADER, ...names.map((n, i) => listRow(200 + i, n, 'Thôn Đông'))] })
        return cli('ten la', officeA, ['households', 'import', file('ten-la.xlsx')])
      },
      accepted: {
        says: /^imported 4, updated 0, rejected 0$/m,
        check: () => {
          const stored = headNames(officeA)
          expect(stored).toEqual(expect.arrayContaining(['Lò Văn Páo', 'Hoàng Thị Mai', 'Ma Văn Tú', 'Đinh Văn Cường']))
          for (const n of stored) expect(n, n).toMatch(/^[\p{L} ]+$/u)
          expect(cli('search', officeA, ['households', 'list', '--search', 'cuong']).stdout).toMatch(/Đinh Văn Cường/)
        },
      },
    },
    {
      cls: 1,
      name: 'a name already damaged (U+FFFD from a wrong code page) is a row error: nothing imported',
      dbs: () => [officeA],
      run: () => {
        writeListWithOpenpyxl(file('hong-chu.xlsx'), {
          rows: [LIST_HEADER, listRow(210, 'Nguy\uFFFDn Văn Hùng'), listRow(211, 'Lý Thị Hoa')],
        })
        return cli('hong chu', officeA, ['households', 'import', file('hong-chu.xlsx')])
      },
      refused: /Dòng 2, cột "Họ và tên chủ hộ": .*hỏng/,
    },
    // 2. Files as other programs write them.
    {
      cls: 2,
      name: 'a sheet with rows and cells without r=, an inline string holding "&lt;", and rich text in runs',
      dbs: () => [officeA],
      run: () => {
        const cell = (t: string) => `<c t="inlineStr"><is><t>${t}</t></is></c>`
        const header = `<row>${LIST_HEADER.map(cell).join('')}</row>`
        const rows = [
          `<row>${cell('Lục Văn &amp;lt;Khoa&amp;gt;')}<c><v>1971</v></c>${cell('Nam')}${cell('001071000301')}${cell('Thôn Đông')}<c><v>1100000</v></c></row>`,
          `<row><c t="inlineStr"><is><r><t xml:space="preserve">Hà </t></r><r><t>Thị Sen</t></r></is></c><c><v>1975</v></c>${cell('Nữ')}${cell('001075000302')}${cell('Thôn Tây')}<c><v>1300000</v></c></row>`,
        ]
        writeZip(file('khong-r.xlsx'), [
          ...workbookParts(),
          { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml(header + rows.join(''))) },
        ])
        return cli('khong r', officeA, ['households', 'import', file('khong-r.xlsx')])
      },
      accepted: {
        says: /^imported 2, updated 0, rejected 0$/m,
        check: () => expect(headNames(officeA)).toEqual(expect.arrayContaining(['Lục Văn &lt;Khoa&gt;', 'Hà Thị Sen'])),
      },
    },
    {
      cls: 2,
      name: 'a 1,500-household list of Vietnamese names (characters cut by the reader’s chunks) imports every name intact',
      dbs: () => [officeB],
      run: () => {
        const rows = Array.from({ length: 1500 }, (_, i) =>
          listRow(1000 + i, `Nguyễn Thị Hường Ưng Ỷ ${i}`, i % 2 ? 'Thôn Đông' : 'Thôn Tây'),
        )
        writeListWithOpenpyxl(file('3000-ho.xlsx'), { rows: [LIST_HEADER, ...rows] })
        return cli('3000 ho', officeB, ['households', 'import', file('3000-ho.xlsx')])
      },
      accepted: {
        says: /^imported 1500, updated 0, rejected 0$/m,
        check: () => {
          const names = headNames(officeB)
          expect(names.filter((n) => /^Nguyễn Thị Hường Ưng Ỷ \d+$/.test(n))).toHaveLength(1500)
        },
      },
    },
    // 3. Files judged by their actual bytes.
    {
      cls: 3,
      name: 'a 2 MB list whose sheet declares 1 MB and inflates to 600 MB',
      dbs: () => [officeA],
      run: () => {
        const head = Buffer.from(sheetXml(inlineRow(1, LIST_HEADER)).replace('</sheetData></worksheet>', ''))
        writeZip(file('bom.xlsx'), [
          ...workbookParts(),
          { name: 'xl/worksheets/sheet1.xml', data: head, declaredSize: 1024 * 1024, deflated: deflateBomb(sheetRowsBlock(), 600, head) },
        ])
        return cli('bom', officeA, ['households', 'import', file('bom.xlsx')])
      },
      refused: /giải nén ra nhiều hơn|lớn hơn|vượt/,
    },
    {
      cls: 3,
      name: '/dev/zero given as a household list',
      dbs: () => [officeA],
      run: () => {
        symlinkSync('/dev/zero', file('zero.xlsx'))
        return cli('dev zero', officeA, ['households', 'import', file('zero.xlsx')])
      },
      refused: /không phải là tệp thông thường/,
    },
    {
      cls: 3,
      name: 'a FIFO given as a package (nobody ever writes to it)',
      dbs: () => [province],
      run: () => {
        execFileSync('mkfifo', [file('goi.zip')])
        return cli('fifo', province, ['package', 'verify', file('goi.zip')])
      },
      refused: /"goi\.zip" không phải là tệp thông thường/,
    },
    // 4. One office against another.
    {
      cls: 4,
      name: "A's package, signed again with A's trusted key, putting a household in B's village",
      dbs: () => [province],
      run: () => {
        const zip = craftedA('goi-a-vao-b.zip', (p) => void (table(p, 'households').rows[0]!.unit_id = villageOfB))
        const verify = cli('verify A→B', province, ['package', 'verify', zip])
        expectRefused(verify, /cột unit_id trỏ tới admin_units/)
        return cli('import A→B', province, ['package', 'import', zip])
      },
      refused:
        /Gói bị từ chối, không nhập gì: .*Bảng households, dòng 1 .*cột unit_id trỏ tới admin_units [0-9a-f-]{36}, không có trong gói/,
    },
    // 7 (packages). A value the province's schema refuses: verify foresees it.
    {
      cls: 7,
      name: "A's package with an area type the register does not know: verify, preview and import all refuse it",
      dbs: () => [province],
      run: () => {
        const zip = craftedA('goi-vung-nui.zip', (p) => void (table(p, 'households').rows[0]!.area_type = 'mountain'))
        const said =
          /Bảng households, dòng 1 \(mã định danh [0-9a-f-]{36}\): cột area_type = "mountain": chỉ nhận một trong các giá trị 'rural', 'urban'/
        expectRefused(cli('verify mountain', province, ['package', 'verify', zip]), said)
        expectRefused(cli('preview mountain', province, ['package', 'import', zip, '--preview']), said)
        return cli('import mountain', province, ['package', 'import', zip])
      },
      refused: /Gói bị từ chối, không nhập gì: .*cột area_type = "mountain"/,
    },
    {
      cls: 4,
      name: "A's genuine package still imports afterwards, with exactly A's households",
      dbs: () => [province],
      run: () => cli('import A', province, ['package', 'import', genuineA]),
      accepted: {
        says: /Đã nhập gói/,
        check: () => {
          const p = new Database(province, { readonly: true })
          const a = p
            .prepare(
              "select count(*) from households where office_id = (select json_extract(manifest_json, '$.office.id') from packages_received where office_code = '14563')",
            )
            .pluck()
            .get()
          p.close()
          expect(a).toBe(2)
        },
      },
    },
    // 5. Restores that lose or mix data.
    {
      cls: 5,
      name: "B's backup restored over A's register without naming B's office code",
      dbs: () => [officeA],
      run: () => cli('restore B over A', officeA, ['backup', 'restore', at('backups', backupOf('14564')), '--yes']),
      refused: /đơn vị khác.*--confirm-office/s,
    },
    {
      cls: 5,
      name: 'a register that is an empty file (0 bytes) is refused, never made a new register',
      dbs: () => [],
      run: () => {
        writeFileSync(file('rong.sqlite'), '')
        const r = cli('0 byte', file('rong.sqlite'), ['households', 'list'])
        expect(statSync(file('rong.sqlite')).size).toBe(0)
        return r
      },
      refused: /rỗng \(0 byte\)/,
    },
    // 6. Secrets and debris.
    {
      cls: 6,
      name: 'an encrypted backup restored with a wrong passphrase: refused, and no plain copy is left anywhere',
      dbs: () => [officeA],
      run: () => {
        const enc = readdirSync(at('backups', 'ma-hoa')).find((n) => n.endsWith('.sgnbak'))!
        return cli(
          'wrong passphrase',
          officeA,
          ['backup', 'restore', at('backups', 'ma-hoa', enc), '--yes', '--passphrase-stdin'],
          'sai mật khẩu',
        )
      },
      refused: /Sai mật khẩu sao lưu/,
    },
    // 7. Silent or raw answers.
    {
      cls: 7,
      name: 'a list whose sheet is cut short inside row 3',
      dbs: () => [officeA],
      run: () => {
        writeListWithOpenpyxl(file('cat-cut.xlsx'), {
          rows: [LIST_HEADER, listRow(300, 'Vi Văn Sáng'), listRow(301, 'Nông Thị Hoa'), listRow(302, 'Tô Văn Khải')],
          cut: { beforeRow: 3, inside: true },
        })
        return cli('cut', officeA, ['households', 'import', file('cat-cut.xlsx')])
      },
      refused: /bị cắt cụt: dữ liệu dừng giữa chừng \(sau dòng 2\).*Không nhập dòng nào/,
    },
    {
      cls: 7,
      name: 'a list with its header and nothing under it',
      dbs: () => [officeA],
      run: () => {
        writeListWithOpenpyxl(file('chi-tieu-de.xlsx'), { rows: [LIST_HEADER] })
        return cli('header only', officeA, ['households', 'import', file('chi-tieu-de.xlsx')])
      },
      refused: /không có dòng hộ nào dưới dòng tiêu đề \(dòng 1\)/,
    },
    {
      cls: 7,
      name: 'an import while another program holds the register for writing',
      dbs: () => [officeA],
      run: () => {
        writeListWithOpenpyxl(file('ban.xlsx'), { rows: [LIST_HEADER, listRow(400, 'Lưu Thị Duyên')] })
        const other = new Database(officeA)
        other.exec('begin immediate')
        try {
          return cli('locked', officeA, ['households', 'import', file('ban.xlsx')])
        } finally {
          other.exec('rollback')
          other.close()
        }
      },
      refused: /đang được một chương trình khác ghi/,
    },
    {
      cls: 7,
      name: 'a backup into a folder the system answers "no such folder" for while its parent exists (/proc)',
      dbs: () => [officeA],
      run: () => cli('proc', officeA, ['backup', 'create', '--out', `/proc/sgn-${process.pid}/sao-luu`]),
      refused: /Không tìm thấy \/proc\/sgn-\d+/,
    },
    // 8. Certificates judged by their dates.
    {
      cls: 8,
      name: 'the province registering a certificate that expired in 2021',
      dbs: () => [province],
      run: () => {
        const expired = datedCertificate(at('files'), { code: '14565', name: 'Tân Hòa', ...EXPIRED })
        return cli('trust expired', province, ['trust', 'add', expired.certPath])
      },
      refused: /đã hết hạn ngày 31\/12\/2021/,
    },
    {
      cls: 8,
      name: 'an office whose key’s certificate expired in 2021 exporting a package: told of the dates, not of the USB stick; nothing written',
      prepare: () => {
        // Taking the key is allowed (a clerk may need to read old packages); signing with it is not.
        const expired = datedCertificate(at('files'), { code: '14564', name: 'Tân Lập', ...EXPIRED })
        const p12 = join(dirname(expired.certPath), 'key.p12')
        setup('keys import expired', officeB, [
          'keys',
          'import',
          p12,
          '--passphrase-env',
          'SGN_KEY',
          '--p12-passphrase-env',
          'SGN_P12_ASCII',
          '--replace',
        ])
      },
      dbs: () => [officeB],
      run: () =>
        cli('export expired', officeB, [
          'package',
          'export',
          '--period',
          '2026',
          '--out',
          at('usb-c'),
          '--passphrase-env',
          'SGN_KEY',
          '--reports',
          'none',
        ]),
      refused: /hết hạn ngày 31\/12\/2021/,
    },
  ]

  it.each(ATTACKS.map((a) => [`${a.cls}. ${a.name}`, a] as const))('%s', (_label, attack) => {
    attack.prepare?.()
    const dbs = attack.dbs()
    const before = dbs.map((db) => fileDigest(db))
    const debrisBefore = dbs.map((db) => debris(db))
    const r = attack.run()
    if (attack.refused) {
      expectRefused(r, attack.refused)
      expect(
        dbs.map((db) => fileDigest(db)),
        `${r.label}: a refusal changed a database`,
      ).toEqual(before)
    } else {
      expectAccepted(r, attack.accepted!.says)
      attack.accepted!.check?.()
    }
    // Class 6 for every run: the command leaves no work files behind, and nothing it wrote is readable by others.
    expect(
      dbs.map((db) => debris(db)),
      `${r.label}: left files behind`,
    ).toEqual(debrisBefore)
    for (const db of dbs) expect(statSync(db).mode & 0o077, `${db} is readable by others`).toBe(0)
    if (attack.refused && attack.cls === 8) expect(r.stdout + r.stderr).not.toMatch(/USB/)
  })

  it('every class of the issue has an attack', () => {
    expect([...new Set(ATTACKS.map((a) => a.cls))].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(readdirSync(at('usb-c'))).toEqual([])
    expect(countRows(officeB, 'packages_sent')).toBe(1)
    // The encrypted backup is not readable by others either.
    for (const n of readdirSync(at('backups', 'ma-hoa'))) expect(statSync(at('backups', 'ma-hoa', n)).mode & 0o077).toBe(0)
  })
})

/** What lies next to a database besides the database itself: the private folder's entries, temporary and partial files. */
function debris(db: string): string[] {
  const folder = dirname(db)
  const privateFolder = join(folder, '.sgn-tam')
  // The record of a clean close (store/integrity-record.ts) is the program's own, not debris.
  const inPrivate = existsSync(privateFolder)
    ? readdirSync(privateFolder)
        .filter((n) => !/^integrity-.*\.rec$/.test(n))
        .map((n) => `.sgn-tam/${n}`)
    : []
  const beside = readdirSync(folder).filter((n) => /\.(tmp|partial)$|^\.restore-/.test(n))
  return [...inPrivate, ...beside].sort()
}
