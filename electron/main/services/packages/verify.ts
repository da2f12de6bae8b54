import { statSync, readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { ApiError } from '@shared/contract/errors'
import type { Manifest, PackageSummary, Problem, VerifyReport } from '@shared/domain/packages'
import { verifyPackageBytes, type TrustDecision, type VerifiedPackage } from '../../export/package/verify'
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from '../../export/package/zip-reader'
import { LATEST_SCHEMA_VERSION } from '../../store/migrations'
import type { ServiceContext } from '../context'
import { parseSnapshotTable, SNAPSHOT_TABLES, snapshotFileName, SnapshotError, snapshotColumns, type SnapshotTable } from './snapshot'
import { sequenceProblem } from './sequence'
import { trustLookup } from './trust'

export interface CheckedPackage {
  report: VerifyReport
  verified: VerifiedPackage
  /** The parsed snapshot tables, only when the package is valid. */
  tables: SnapshotTable[]
}

/** Reads a package file from disk, refusing one larger than the limits before reading it. */
export function readPackageFile(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Buffer {
  let size: number
  try {
    size = statSync(path).size
  } catch {
    throw new ApiError('NOT_FOUND', `Không tìm thấy tệp ${path}.`)
  }
  if (size > limits.maxTotalBytes) throw new ApiError('BAD_INPUT', `Tệp ${path} quá lớn (${size} byte) để là một gói báo cáo.`)
  return readFileSync(path)
}

/**
 * Verifies a package against this database: the byte-level checks (export/package/verify.ts) with
 * the registered office certificates, then the snapshot's tables against this schema and the
 * manifest's counts, then the office's sequence (sequence.ts). Writes nothing.
 */
export async function checkPackage(
  ctx: ServiceContext,
  zip: Buffer,
  options: { trust?: (fp: string) => TrustDecision | null; limits?: ZipLimits; sequence?: boolean } = {},
): Promise<CheckedPackage> {
  const verified = verifyPackageBytes(zip, {
    trust: options.trust ?? (await trustLookup(ctx, 'office')),
    latestSchemaVersion: LATEST_SCHEMA_VERSION,
    now: ctx.now(),
    ...(options.limits ? { limits: options.limits } : {}),
  })
  const problems: Problem[] = [...verified.problems]
  let tables: SnapshotTable[] = []
  if (verified.files && verified.manifest) {
    try {
      tables = readSnapshot(ctx, verified.manifest, verified.files, options.limits ?? DEFAULT_ZIP_LIMITS)
    } catch (e) {
      if (!(e instanceof SnapshotError)) throw e
      problems.push({ code: 'snapshot.invalid', message: e.message })
    }
  }
  if (problems.length === 0 && options.sequence !== false && verified.manifest && verified.manifestHash) {
    const p = await sequenceProblem(ctx, verified.manifest, verified.manifestHash)
    if (p) problems.push(p)
  }
  const report: VerifyReport = {
    valid: problems.length === 0,
    problems,
    package: verified.manifest && verified.manifestHash ? summarize(verified.manifest, verified.manifestHash) : null,
    signer: verified.signer
      ? { fingerprint: verified.signer.fingerprint, name: verified.signer.subject.name, code: verified.signer.subject.code }
      : null,
  }
  return { report, verified, tables: problems.length === 0 ? tables : [] }
}

function readSnapshot(ctx: ServiceContext, manifest: Manifest, files: Map<string, Buffer>, limits: ZipLimits): SnapshotTable[] {
  const tables: SnapshotTable[] = []
  const expected = new Set(SNAPSHOT_TABLES.map((t) => snapshotFileName(t.table)))
  for (const f of manifest.files) {
    if (f.kind === 'snapshot' && !expected.has(f.name))
      throw new SnapshotError(`Gói có bảng dữ liệu "${f.name}" mà ứng dụng này không biết.`)
  }
  for (const spec of SNAPSHOT_TABLES) {
    const table = spec.table
    const bytes = files.get(snapshotFileName(table))
    if (!bytes) throw new SnapshotError(`Gói thiếu bảng dữ liệu ${table}.`)
    let text: Buffer
    try {
      // Bounded like a zip entry: a gzip bomb stops at the limit.
      text = gunzipSync(bytes, { maxOutputLength: limits.maxEntryBytes })
    } catch (e) {
      throw new SnapshotError(
        e instanceof RangeError
          ? `Bảng ${table} giải nén vượt giới hạn ${limits.maxEntryBytes} byte.`
          : `Bảng ${table} không giải nén được.`,
      )
    }
    const parsed = parseSnapshotTable(text, { table, schemaVersion: manifest.schemaVersion, columns: snapshotColumns(ctx.store, spec) })
    if (manifest.counts[table] !== parsed.rows.length) {
      throw new SnapshotError(`Bảng ${table} có ${parsed.rows.length} dòng, manifest ghi ${manifest.counts[table] ?? 0}.`)
    }
    tables.push(parsed)
  }
  return tables
}

export function summarize(m: Manifest, manifestHash: string): PackageSummary {
  return {
    packageId: m.packageId,
    officeCode: m.office.code,
    officeName: m.office.name,
    period: m.period,
    sequence: m.sequence,
    createdAt: m.createdAt,
    manifestHash,
    counts: m.counts,
    files: m.files.map((f) => ({ name: f.name, kind: f.kind, size: f.size })),
  }
}
