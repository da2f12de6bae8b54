import { randomUUID } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readSync, rmSync, statfsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ApiError } from '@shared/contract/errors'
import { PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, PeriodSchema, type Manifest } from '@shared/domain/packages'
import { readyFromBytes, signManifest, writePackageZip, writeSnapshotFile, type ReadyFile } from '../../export/package/build'
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

/**
 * Builds, signs and writes one package, then reads the written file back and verifies it before
 * saying it is done. The sequence number is taken and recorded in the same transaction as the
 * write, so a failed write leaves no gap and no record; a copy is kept next to the database so a
 * package lost on the way can be carried again.
 */
export async function exportPackage(ctx: ServiceContext, options: ExportOptions): Promise<ExportResult> {
  const t0 = performance.now()
  const office = await requireOffice(ctx)
  if (office.mode !== 'office') throw new ApiError('FORBIDDEN', 'Chỉ văn phòng địa phương mới xuất gói gửi tỉnh.')
  const period = PeriodSchema.safeParse(options.period)
  if (!period.success) throw new ApiError('BAD_INPUT', period.error.issues[0]!.message, ['period'])
  const identity = await unlockOwnKey(ctx, options.passphrase)
  const fingerprint = readCertificate(identity.certificatePem).fingerprint
  const createdAt = ctx.now()
  // To the province (and to the office itself, to read back what it sent): package-encryption.ts.
  const recipients = await packageRecipients(ctx, identity.certificatePem, options.encryptTo)

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
        const temp = join(work, `${i}.gz`)
        const { value: file, rows } = await consumeTableDump(ctx.store, reader, table, (pieces) => {
          rmSync(temp, { force: true })
          return writeSnapshotFile(
            snapshotFileName(table),
            pieces,
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
    for (const report of await (options.reportFiles ?? noReports)(period.data)) {
      const bytes =
        report.kind === 'pdf'
          ? await (
              await signingModule()
            ).signPdf(
              report.bytes,
              identity,
              {
                reason: `Báo cáo kỳ ${period.data}`,
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

    let result: ExportResult | null = null
    await ctx.store.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('packages_sent')
        .select(['sequence', 'manifest_hash'])
        .orderBy('sequence', 'desc')
        .executeTakeFirst()
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
        period: period.data,
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
      const fileName = packageFileName(office.code, period.data, fields.sequence)
      const path = join(options.outDir, fileName)
      refuseUnlessRoom(options.outDir, size, 'outDir')
      const writeStart = performance.now()
      try {
        writeStreamed(path, (sink) => writePackageZip(sink, signed, files), options.writeOps)
      } catch (e) {
        // The one atomic save's message already names the file and the folder.
        if (e instanceof FileSaveError) throw new ApiError(e.code, e.message, ['outDir'])
        throw new ApiError('BAD_INPUT', `Không ghi được gói vào ${options.outDir}: ${reasonOf(e)}`, ['outDir'])
      }
      const writeMs = performance.now() - writeStart
      try {
        result = await recordAndCheck(path, fileName, writeMs)
      } catch (e) {
        // Whatever fails after the write (read-back, copy, record) must not leave a package on the
        // stick that this database has no record of: its sequence number would be handed out again.
        rmSync(path, { force: true })
        throw e
      }

      async function recordAndCheck(path: string, fileName: string, writeMs: number): Promise<ExportResult> {
        // Read back what the stick holds, not what memory holds: a bad stick is caught here.
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
        const copyPath = join(dirname(ctx.store.path), 'goi-da-gui', fileName)
        mkdirSync(dirname(copyPath), { recursive: true })
        rmSync(copyPath, { force: true })
        refuseUnlessRoom(dirname(copyPath), size, null)
        writeStreamed(copyPath, (sink) => copyFileTo(path, sink))
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
        await trx.insertInto('packages_sent').values(row).execute()
        await audit(trx, ctx, { entity: 'package', entityId: row.id, action: 'export', after: { ...row, counts } })
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
          timings: { totalMs: 0, snapshotMs, hashMs, verifyHashMs: check.hashMs, writeMs },
        }
      }
    })
    const done = result as ExportResult | null
    if (!done) throw new ApiError('INTERNAL', 'Không tạo được gói.')
    done.timings.totalMs = performance.now() - t0
    // For the benchmark: the export itself, without the process's start and the register's opening.
    performance.clearMeasures('sgn:package-export')
    performance.measure('sgn:package-export', { start: t0 })
    return done
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Writes a file through the atomic writer, a piece at a time. */
function writeStreamed(path: string, produce: (sink: (bytes: Buffer) => void) => void, ops?: WriteOps): void {
  const file = openAtomicFile(path, { ops })
  try {
    produce((b) => file.write(b))
  } catch (e) {
    file.abort()
    throw e
  }
  file.commit()
}

/** Copies a file to a sink in ZIP_READ_CHUNK pieces. */
function copyFileTo(path: string, sink: (bytes: Buffer) => void): void {
  const fd = openSync(path, 'r')
  try {
    const chunk = Buffer.allocUnsafe(ZIP_READ_CHUNK)
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) sink(chunk.subarray(0, n))
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
