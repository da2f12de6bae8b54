import { randomUUID } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readSync, rmSync, statfsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setImmediate } from 'node:timers/promises'
import { tableLabel } from '@shared/domain/table-labels'
import { ApiError } from '@shared/contract/errors'
import { PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, PeriodSchema, type Manifest } from '@shared/domain/packages'
import { packageZipPieces, readyFromBytes, signManifest, writeSnapshotFile, type ReadyFile } from '../../export/package/build'
import { describeBytes } from '../../export/input/limits'
import { MANIFEST_NAME, SIGNATURE_NAME } from '../../export/package/manifest'
import { ZIP_READ_CHUNK } from '../../export/package/zip-reader'
import { storedZipSize } from '../../export/package/zip-writer'
import { FileSaveError, openAtomicFile, type WriteOps } from '../files/atomic-save'
import { makeWorkDir } from '../files/private-temp'
import { verifyPackageBytes } from '../../export/package/verify'
import { readCertificate } from '../../export/signing/certificate'
import { reasonOf } from '../../store/errors'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { CancelledError, unattended, type JobControl } from '../jobs'
import { requireOffice } from '../office'
import { unlockOwnKey } from './keys'
import { encryptBytes, EncryptStream } from '../../export/signing/envelope'
import { packageRecipients } from './package-encryption'
import { consumeTableDump, openSnapshotReader, SNAPSHOT_TABLES, snapshotFileName } from './snapshot'
import { withPackageFile } from './verify'

/** One rendered report to include. The report catalogue plugs in here; tests pass small generated files. */
export interface ReportFile {
  name: string
  kind: 'pdf' | 'xlsx'
  bytes: Buffer
}
export type ReportFilesPort = (period: string) => Promise<ReportFile[]>
export const noReports: ReportFilesPort = async () => []

/** Ready PDF/Excel files sent along with the catalogue's reports (signed the same way); the contract checked their names. */
export function attachedReportFiles(files: readonly { name: string; base64: string }[]): ReportFile[] {
  return files.map((f) => ({
    name: f.name,
    kind: f.name.toLowerCase().endsWith('.pdf') ? 'pdf' : 'xlsx',
    bytes: Buffer.from(f.base64, 'base64'),
  }))
}

export interface ExportOptions {
  period: string
  outDir: string
  passphrase: string
  reportFiles?: ReportFilesPort
  /** The certificate (PEM) to encrypt to instead of the registered province certificate (issue 18). */
  encryptTo?: string | undefined
  /** Fault injection for the atomic write (tests only). */
  writeOps?: WriteOps
}

export interface CoverSheet {
  packageId: string
  fileName: string
  officeCode: string
  officeName: string
  period: string
  sequence: number
  createdAt: string
  counts: Record<string, number>
  manifestHash: string
  signerFingerprint: string
  /** Fingerprints of the certificates the data and reports are encrypted to; empty when not encrypted. */
  encryptedTo: string[]
}

export interface ExportResult {
  path: string
  cover: CoverSheet
  timings: { totalMs: number; snapshotMs: number; hashMs: number; verifyHashMs: number; writeMs: number }
}

/** The PDF signer (pdf-lib, fontkit, @signpdf), loaded only when a package carries a PDF: a second of the CLI's start otherwise. */
const signingModule = () => import('../../export/signing/pdf-signature')

/** Room kept free beside the package on the stick (file-system bookkeeping, the `.partial` rename). */
const DISK_MARGIN_BYTES = 1024 * 1024

export function packageFileName(officeCode: string, period: string, sequence: number): string {
  return `goi-${officeCode}-${period}-so${String(sequence).padStart(4, '0')}.zip`
}

/** What is checked and unlocked before any work starts: a wrong passphrase is told at once. */
export interface PreparedExport {
  options: ExportOptions
  office: Awaited<ReturnType<typeof requireOffice>>
  period: string
  identity: Awaited<ReturnType<typeof unlockOwnKey>>
  fingerprint: string
  createdAt: Date
  recipients: Awaited<ReturnType<typeof packageRecipients>>
  t0: number
}

export async function prepareExport(ctx: ServiceContext, options: ExportOptions): Promise<PreparedExport> {
  const t0 = performance.now()
  const office = await requireOffice(ctx)
  if (office.mode !== 'office') throw new ApiError('FORBIDDEN', 'Chỉ văn phòng địa phương mới xuất gói gửi tỉnh.')
  const period = PeriodSchema.safeParse(options.period)
  if (!period.success) throw new ApiError('BAD_INPUT', period.error.issues[0]!.message, ['period'])
  const identity = await unlockOwnKey(ctx, options.passphrase)
  const fingerprint = readCertificate(identity.certificatePem).fingerprint
  // To the province (and to the office itself, to read back what it sent): package-encryption.ts.
  const recipients = await packageRecipients(ctx, identity.certificatePem, options.encryptTo)
  return { options, office, period: period.data, identity, fingerprint, createdAt: ctx.now(), recipients, t0 }
}

/**
 * Builds, signs and writes one package, then reads the written file back and verifies it before
 * saying it is done. Runs as a job (progress per table and per megabyte written; Cancel removes
 * everything it wrote). No transaction is open while files are written: the tables come from the
 * reader's own moment (snapshot-reader.ts), the sequence number is read before the write and
 * recorded after the read-back in one short transaction, which refuses it if another export took
 * that number meanwhile. A failed or cancelled export leaves no package, no record and no gap; a
 * copy is kept next to the database so a package lost on the way can be carried again.
 */
export async function exportPackage(ctx: ServiceContext, options: ExportOptions, job: JobControl = unattended): Promise<ExportResult> {
  return runExport(ctx, await prepareExport(ctx, options), job)
}

export async function runExport(ctx: ServiceContext, prepared: PreparedExport, job: JobControl = unattended): Promise<ExportResult> {
  const { options, office, identity, fingerprint, createdAt, recipients, t0 } = prepared
  const period = prepared.period
  // Each table goes rows → JSON lines → gzip → hash → a private temporary file (never whole in
  // memory); the zip is then written to the stick from those files, once every size and hash is
  // known, manifest first.
  const work = makeWorkDir(ctx.store.path, 'goi-xuat')
  try {
    const snapshotStart = performance.now()
    const files: ReadyFile[] = []
    const counts: Record<string, number> = {}
    let hashMs = 0
    const reader = await openSnapshotReader(ctx.store)
    try {
      for (const [i, { table }] of SNAPSHOT_TABLES.entries()) {
        job.checkpoint()
        job.progress(`Đang đọc dữ liệu: ${tableLabel(table)}`, i, SNAPSHOT_TABLES.length)
        const temp = join(work, `${i}.gz`)
        const { value: file, rows } = await consumeTableDump(ctx.store, reader, table, (pieces) => {
          rmSync(temp, { force: true })
          return writeSnapshotFile(
            snapshotFileName(table),
            checkpointed(pieces, job),
            temp,
            recipients ? new EncryptStream(recipients.certificates) : undefined,
          )
        })
        files.push(file)
        hashMs += file.hashMs
        counts[table] = rows
      }
    } finally {
      await reader.close()
    }
    const snapshotMs = performance.now() - snapshotStart
    const reports = await (options.reportFiles ?? noReports)(period)
    for (const [i, report] of reports.entries()) {
      job.checkpoint()
      job.progress('Đang ký và đóng gói báo cáo', i, reports.length)
      const bytes =
        report.kind === 'pdf'
          ? await (
              await signingModule()
            ).signPdf(
              report.bytes,
              identity,
              {
                reason: `Báo cáo kỳ ${period}`,
                name: office.name,
                location: office.provinceName || office.provinceCode,
                contactInfo: office.code,
              },
              createdAt,
            )
          : report.bytes
      files.push(
        readyFromBytes({
          name: `bao-cao/${report.name}`,
          kind: report.kind,
          bytes: recipients ? encryptBytes(bytes, recipients.certificates) : bytes,
        }),
      )
    }

    const last = await lastSent(ctx.store.db)
    const fields: Omit<Manifest, 'files'> = {
      format: PACKAGE_FORMAT,
      formatVersion: PACKAGE_FORMAT_VERSION,
      packageId: randomUUID(),
      office: {
        id: office.id,
        code: office.code,
        name: office.name,
        provinceCode: office.provinceCode,
        provinceName: office.provinceName,
      },
      period,
      createdAt: createdAt.toISOString(),
      appVersion: ctx.appVersion,
      schemaVersion: ctx.store.schemaVersion,
      sequence: (last?.sequence ?? 0) + 1,
      previousPackageHash: last?.manifest_hash ?? null,
      counts,
      ...(recipients ? { encryptedTo: recipients.fingerprints } : {}),
    }
    const signed = signManifest(fields, files, identity)
    const size = storedZipSize([
      { name: MANIFEST_NAME, size: signed.bytes.length },
      { name: SIGNATURE_NAME, size: signed.signature.length },
      ...files,
    ])
    const fileName = packageFileName(office.code, period, fields.sequence)
    const path = join(options.outDir, fileName)
    const copyPath = join(dirname(ctx.store.path), 'goi-da-gui', fileName)
    refuseUnlessRoom(options.outDir, size, 'outDir')
    job.checkpoint()
    const writeStart = performance.now()
    try {
      await writeStreamed(path, packageZipPieces(signed, files), { job, stage: 'Đang ghi gói vào USB', total: size }, options.writeOps)
    } catch (e) {
      if (e instanceof CancelledError) throw e
      // The one atomic save's message already names the file and the folder.
      if (e instanceof FileSaveError) throw new ApiError(e.code, e.message, ['outDir'])
      throw new ApiError('BAD_INPUT', `Không ghi được gói vào ${options.outDir}: ${reasonOf(e)}`, ['outDir'])
    }
    const writeMs = performance.now() - writeStart
    try {
      // Read back what the stick holds, not what memory holds: a bad stick is caught here.
      job.progress('Đang đọc lại và kiểm tra gói trên USB', 0, 1)
      await setImmediate()
      const check = withPackageFile(path, (source) =>
        verifyPackageBytes(source, {
          trust: (fp) => (fp === fingerprint ? { status: 'active', officeCode: office.code, revokedAt: null } : null),
          latestSchemaVersion: ctx.store.schemaVersion,
          now: createdAt,
        }),
      )
      if (check.problems.length || check.manifestHash !== signed.manifestHash) {
        throw new ApiError(
          'INTERNAL',
          `Gói đã ghi nhưng đọc lại không khớp (${check.problems[0]?.message ?? 'mã băm khác'}); đã xóa tệp. Hãy thử lại hoặc dùng USB khác.`,
        )
      }
      job.checkpoint()
      mkdirSync(dirname(copyPath), { recursive: true })
      rmSync(copyPath, { force: true })
      refuseUnlessRoom(dirname(copyPath), size, null)
      await writeStreamed(copyPath, fileChunks(path), { job, stage: 'Đang lưu bản sao gói trên máy', total: size })
      job.checkpoint()
      const row = {
        id: fields.packageId,
        period: fields.period,
        sequence: fields.sequence,
        manifest_hash: signed.manifestHash,
        previous_hash: fields.previousPackageHash,
        file_name: fileName,
        copy_path: copyPath,
        created_at: fields.createdAt,
        status: 'sent' as const,
        comments: '',
        receipt_id: null,
        receipt_at: null,
      }
      // The one write to the register, short, after every file is in place; from here on the
      // package is sent and Cancel no longer applies.
      await ctx.store.db.transaction().execute(async (trx) => {
        const now = await lastSent(trx)
        if ((now?.sequence ?? 0) !== (last?.sequence ?? 0)) {
          throw new ApiError('CONFLICT', 'Một gói khác vừa được tạo trong lúc ghi gói này; gói này đã bị xóa. Hãy tạo lại gói.')
        }
        await trx.insertInto('packages_sent').values(row).execute()
        await audit(trx, ctx, { entity: 'package', entityId: row.id, action: 'export', after: { ...row, counts } })
      })
      const totalMs = performance.now() - t0
      // For the benchmark: the export itself, without the process's start and the register's opening.
      performance.clearMeasures('sgn:package-export')
      performance.measure('sgn:package-export', { start: t0 })
      return {
        path,
        cover: {
          packageId: fields.packageId,
          fileName,
          officeCode: office.code,
          officeName: office.name,
          period: fields.period,
          sequence: fields.sequence,
          createdAt: fields.createdAt,
          counts,
          manifestHash: signed.manifestHash,
          signerFingerprint: fingerprint,
          encryptedTo: recipients?.fingerprints ?? [],
        },
        timings: { totalMs, snapshotMs, hashMs, verifyHashMs: check.hashMs, writeMs },
      }
    } catch (e) {
      // Whatever fails after the write (read-back, copy, record, Cancel) must not leave a package on
      // the stick that this database has no record of: its sequence number would be handed out again.
      rmSync(path, { force: true })
      rmSync(copyPath, { force: true })
      throw e
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const lastSent = (db: Pick<ServiceContext['store']['db'], 'selectFrom'>) =>
  db.selectFrom('packages_sent').select(['sequence', 'manifest_hash']).orderBy('sequence', 'desc').executeTakeFirst()

/** The pieces as they come, stopping at the first piece after Cancel was asked. */
async function* checkpointed(pieces: AsyncIterable<Buffer>, job: JobControl): AsyncGenerator<Buffer> {
  for await (const piece of pieces) {
    job.checkpoint()
    yield piece
  }
}

/** How often a long write lets the event loop turn (progress polls, Cancel, the window). */
const YIELD_EVERY_MS = 50

/**
 * Writes a file through the atomic writer, a piece at a time, letting the event loop turn every
 * YIELD_EVERY_MS (progress in megabytes; Cancel removes the partial file).
 */
async function writeStreamed(
  path: string,
  pieces: Iterable<Buffer>,
  watch: { job: JobControl; stage: string; total: number },
  ops?: WriteOps,
): Promise<void> {
  const file = openAtomicFile(path, { ops })
  try {
    watch.job.progress(watch.stage, 0, Math.ceil(watch.total / MB))
    let done = 0
    let turned = performance.now()
    for (const piece of pieces) {
      file.write(piece)
      done += piece.length
      if (performance.now() - turned >= YIELD_EVERY_MS) {
        watch.job.progress(watch.stage, Math.floor(done / MB), Math.ceil(watch.total / MB))
        await setImmediate()
        watch.job.checkpoint()
        turned = performance.now()
      }
    }
  } catch (e) {
    file.abort()
    throw e
  }
  file.commit()
}

const MB = 1024 * 1024

/** A file's bytes in ZIP_READ_CHUNK pieces (each valid until the next is asked for). */
function* fileChunks(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r')
  try {
    const chunk = Buffer.allocUnsafe(ZIP_READ_CHUNK)
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) yield chunk.subarray(0, n)
  } finally {
    closeSync(fd)
  }
}

/**
 * Room left for a file of `size` bytes in `dir`, checked before writing: a stick too small for the
 * package is named, with both figures, rather than failing half way with the system's words.
 */
export function refuseUnlessRoom(dir: string, size: number, field: string | null): void {
  let free: number
  try {
    const s = statfsSync(dir)
    free = s.bavail * s.bsize
  } catch {
    return // no figure to judge by (a folder that does not exist is reported by the write itself)
  }
  if (free < size + DISK_MARGIN_BYTES) {
    throw new ApiError(
      'BAD_INPUT',
      `Không đủ chỗ trống trong ${dir}: gói cần ${describeBytes(size)}, chỉ còn ${describeBytes(free)}. ` +
        'Hãy xóa bớt tệp hoặc dùng USB khác rồi xuất lại.',
      field ? [field] : [],
    )
  }
}
