import { chmodSync, mkdirSync, readdirSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import type { FilePorts } from '../../electron/main/services/context'
import { nodeWriteOps, saveFile, withWriteOps, type WriteOps } from '../../electron/main/services/files/atomic-save'
import { exportPackage } from '../../electron/main/services/packages/export'
import { importPackage } from '../../electron/main/services/packages/import'
import { exportOwnCertificate } from '../../electron/main/services/packages/keys'
import { addTrusted } from '../../electron/main/services/packages/trust'
import { readPackageFile } from '../../electron/main/services/packages/verify'
import type { Router } from '../../electron/main/ipc'
import { cliInProcess } from '../helpers/cli'
import { signedInRouter } from '../helpers/session'
import { fixedClock, tempContext, tempDir } from '../helpers/temp'
import { PASSPHRASE, seedOffice } from './packages-fixture'
import { invokeToEnd } from '../helpers/jobs'
import type { ServiceContext } from '../../electron/main/services/context'
import type { ChannelName } from '../../shared/contract'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')

/** A real one-page PDF, fast: what is under test is how the file is saved, not how Chromium prints it. */
const stubPdf = {
  async htmlToPdf() {
    const doc = await PDFDocument.create()
    doc.addPage()
    return doc.save()
  },
}

/** The dialogs of a clerk who always picks `target.dir`: the suggested name in it, or the folder itself. */
function portsInto(target: { dir: string; open: string | null }): FilePorts {
  return {
    chooseOpenFile: async () => target.open,
    chooseSaveFile: async ({ defaultName }) => join(target.dir, defaultName),
    chooseFolder: async () => target.dir,
  }
}

/** Real file operations with a disk that fills up after `room` bytes. */
function fullDisk(room: number): WriteOps {
  let left = room
  return {
    ...nodeWriteOps,
    write: (fd, data, offset, length) => {
      if (left <= 0)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' })
      const n = writeSync(fd, data, offset, Math.min(length, left))
      left -= n
      return n
    },
  }
}

/**
 * Root ignores a folder's mode, and the suite may run as root (CI): there the folder's entries are
 * made (open, rename) with the effective user "nobody", so the kernel refuses them as it would a
 * clerk's account. Everything else the writer does runs as before.
 */
const asRoot = process.getuid?.() === 0
function asNobody<T>(op: () => T): T {
  process.seteuid!(65534)
  try {
    return op()
  } finally {
    process.seteuid!(0)
  }
}
const ownerRules: WriteOps = {
  ...nodeWriteOps,
  open: (path) => asNobody(() => nodeWriteOps.open(path)),
  rename: (from, to) => asNobody(() => nodeWriteOps.rename(from, to)),
}

type Outcome = { ok: true } | { ok: false; message: string }
async function viaRouter(api: Router, channel: string, input: unknown, ctx?: ServiceContext): Promise<Outcome> {
  const r = ctx ? await invokeToEnd(api, ctx, channel as ChannelName, input) : await api.invoke(channel, input)
  if (!r.ok) return { ok: false, message: r.error.message }
  const data = r.data as { cancelled?: boolean; saved?: boolean }
  if (data.cancelled === true || data.saved === false) throw new Error(`${channel}: nothing was saved (${JSON.stringify(data)})`)
  return { ok: true }
}

describe('every file the program writes goes through the one atomic save', () => {
  it('each kind, into a read-only folder and onto a full disk, leaves no file and no partial and names the folder', async () => {
    const clock = fixedClock('2026-07-10T02:00:00Z')
    const target = { dir: '', open: null as string | null }
    const base = tempDir('sgn-luu-')
    chmodSync(base, 0o755) // "nobody" must reach the folders inside (see asNobody)
    const office = await tempContext({ now: clock.now, pdf: stubPdf, files: portsInto(target) })
    const province = await tempContext({ now: clock.now, pdf: stubPdf, files: portsInto(target) })
    await seedOffice(office, { code: '14563', name: 'Tân Thành', households: 3 })
    await seedOffice(province, { code: 'SO37', name: 'Sở Nông nghiệp và Môi trường Ninh Bình', mode: 'province' })
    const api = await signedInRouter(office, 'admin')
    const provinceApi = await signedInRouter(province, 'admin')

    // The province holds a package of the office's, to write a receipt for.
    const officeCert = await exportOwnCertificate(office)
    await addTrusted(province, { pem: officeCert.pem, confirmFingerprint: officeCert.fingerprint })
    const sent = await exportPackage(office, { period: '2026-H1', passphrase: PASSPHRASE, outDir: tempDir('sgn-usb-') })
    const { packageId } = await importPackage(province, readPackageFile(sent.path), PASSPHRASE)

    // A household list picked and previewed, for its error workbook.
    target.open = join(FIXTURES, 'danh-sach-ho-ngheo-mau.xlsx')
    const picked = await api.invoke('households.import.pick', {})
    const token = picked.ok ? (picked.data as { token?: string }).token : undefined
    if (!token) throw new Error(`pick: ${JSON.stringify(picked)}`)
    expect((await api.invoke('households.import.preview', { token, options: {} })).ok).toBe(true)

    const kinds: Record<string, () => Promise<Outcome>> = {
      'report PDF': () => viaRouter(api, 'reports.export', { id: 'summary', params: { year: 2026 }, format: 'pdf' }),
      'report workbook': () => viaRouter(api, 'reports.export', { id: 'list-poor', params: { year: 2026 }, format: 'xlsx' }),
      'letters PDF (saveDocumentsPdf)': () => viaRouter(api, 'plans.resultsPdf', { year: 2026, period: 'H1' }),
      'task report workbook': () => viaRouter(api, 'plans.resultsXlsx', { year: 2026, period: 'H1' }),
      // A job: its failure is the answer (tests/helpers/jobs.ts).
      package: () => viaRouter(api, 'packages.export', { period: '2026', passphrase: PASSPHRASE, reports: [] }, office),
      certificate: () => viaRouter(api, 'packages.key.exportCert', {}),
      receipt: () => viaRouter(provinceApi, 'packages.receipt.create', { packageId, comments: 'Đã nhận đủ', passphrase: PASSPHRASE }),
      backup: async () => {
        await viaRouter(api, 'system.backup.chooseFolder', {})
        return viaRouter(api, 'system.backup.create', {})
      },
      'error workbook': () => viaRouter(api, 'households.import.saveErrorReport', { token }),
      'import template': () => viaRouter(api, 'households.template.save', {}),
      'report HTML (command line)': async () => {
        const out = join(target.dir, 'bao-cao.html')
        const r = await cliInProcess(['--db', office.store.path, 'report', 'summary', '--year', '2026', '--format', 'html', '--out', out])
        return r.code === 0 ? { ok: true } : { ok: false, message: r.stderr }
      },
    }

    let n = 0
    const fresh = () => {
      const dir = join(base, `thu-muc-${++n}`)
      mkdirSync(dir)
      target.dir = dir
      return dir
    }
    for (const [kind, write] of Object.entries(kinds)) {
      // A write-protected folder: refused before a byte is written.
      const readOnly = fresh()
      chmodSync(readOnly, 0o555)
      const refused = await (asRoot ? withWriteOps(ownerRules, write) : write())
      chmodSync(readOnly, 0o755)
      expect(refused, kind).toMatchObject({ ok: false })
      if (refused.ok) continue
      expect(refused.message, kind).toContain(`thư mục ${readOnly}`)
      expect(refused.message, kind).toMatch(/Không lưu được tệp .*không được phép ghi vào thư mục .*không để lại tệp dở dang/)
      expect(readdirSync(readOnly), kind).toEqual([])

      // A disk that fills up part way: the partial file is removed, the final name never appears.
      const full = fresh()
      const spilled = await withWriteOps(fullDisk(100), write)
      expect(spilled, kind).toMatchObject({ ok: false })
      if (spilled.ok) continue
      expect(spilled.message, kind).toMatch(new RegExp(`Không lưu được tệp .*: ổ đĩa chứa thư mục ${full.replaceAll('/', '\\/')} đã đầy`))
      expect(spilled.message, kind).not.toMatch(/ENOSPC|\.partial/)
      expect(readdirSync(full), kind).toEqual([])

      // The same write with room and rights: one whole file, nothing beside it.
      const fine = fresh()
      expect(await write(), kind).toEqual({ ok: true })
      const written = readdirSync(fine)
      expect(written, kind).toHaveLength(1)
      expect(written[0], kind).not.toMatch(/^\.|\.partial$/)
    }
  })

  it('a save over an existing file is refused unless the caller asked to replace it; a folder that is gone is named', async () => {
    const dir = tempDir()
    const path = join(dir, 'goi.zip')
    saveFile(path, 'một')
    expect(() => saveFile(path, 'hai')).toThrow(`Đã có tệp goi.zip trong thư mục ${dir}; không ghi đè.`)
    saveFile(path, 'ba', { overwrite: true })
    expect(readFileSync(path, 'utf8')).toBe('ba')
    // A folder that is gone (a stick pulled out between the dialog and the save) is named as such.
    const gone = join(dir, 'usb-da-rut')
    expect(() => saveFile(join(gone, 'bien-nhan.json'), '{}')).toThrow(
      `Không lưu được tệp bien-nhan.json: không còn thư mục ${gone} (đã bị xóa, đổi tên, hoặc ổ USB đã rút ra).`,
    )
    expect(readdirSync(dir)).toEqual(['goi.zip'])
  })

  it('what this host cannot do (no folder dialog, no printer) is one code, UNSUPPORTED, worded for the clerk', async () => {
    const ctx = await tempContext({ files: { chooseOpenFile: async () => null, chooseSaveFile: async () => null } })
    await seedOffice(ctx, { code: '14563', name: 'Tân Thành' })
    const api = await signedInRouter(ctx, 'admin')
    const refusals = [
      await api.invoke('system.backup.chooseFolder', {}),
      await api.invoke('packages.key.exportCert', {}),
      await api.invoke('reports.print', { id: 'summary', params: { year: 2026 } }),
    ]
    expect(refusals).toEqual([
      { ok: false, error: { code: 'UNSUPPORTED', message: 'Không chọn được thư mục trong môi trường này.', path: [] } },
      { ok: false, error: { code: 'UNSUPPORTED', message: 'Không chọn được thư mục trong môi trường này.', path: [] } },
      {
        ok: false,
        error: { code: 'UNSUPPORTED', message: 'Không in trực tiếp được trong môi trường này. Hãy xuất PDF rồi in.', path: [] },
      },
    ])
  })
})
