import { InflateBudget } from '../../export/input/inflate-budget'
import { readInputFileSync } from '../../export/input/input-file'
import { INPUT_LIMITS, InputTooLargeError } from '../../export/input/limits'
import type { Manifest, PackageSummary, Problem, VerifyReport } from '@shared/domain/packages'
import { verifyPackageBytes, type TrustDecision, type VerifiedPackage } from '../../export/package/verify'
import type { ZipLimits } from '../../export/package/zip-reader'
import { LATEST_SCHEMA_VERSION } from '../../store/migrations'
import type { ServiceContext } from '../context'
import { parseSnapshotTable, SNAPSHOT_TABLES, snapshotFileName, SnapshotError, snapshotColumns, type SnapshotTable } from './snapshot'
import { sequenceProblem } from './sequence'
import { trustLookup } from './trust'
import { planImport, type Plan } from './apply'
import { requireOffice } from '../office'

export interface CheckedPackage {
  report: VerifyReport
  verified: VerifiedPackage
  /** The parsed snapshot tables, only when the package is valid. */
  tables: SnapshotTable[]
  /** At the province: what importing would change (its conflicts are among the problems). */
  plan: Plan | null
}

/** Reads a package file from disk: only a regular file within the limit (export/input/limits.ts), refused before reading. */
export function readPackageFile(path: string): Buffer {
  return readInputFileSync(path, { maxBytes: INPUT_LIMITS.package.fileBytes, what: 'một gói báo cáo' })
}

/**
 * Verifies a package against this database: the byte-level checks (export/package/verify.ts) with
 * the registered office certificates, then the snapshot's tables against this schema and the
 * manifest's counts, then the office's sequence (sequence.ts), then — at the province — the import
 * plan with the sender's scope (apply.ts, scope.ts), so that a valid package is one that imports.
 * `plan: false` leaves the plan to the caller (the import makes it inside its transaction; a
 * rejection needs no plan). Writes nothing.
 */
export async function checkPackage(
  ctx: ServiceContext,
  zip: Buffer,
  options: { trust?: (fp: string) => TrustDecision | null; limits?: ZipLimits; sequence?: boolean; plan?: boolean } = {},
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
      tables = readSnapshot(ctx, verified.manifest, verified.files)
    } catch (e) {
      if (!(e instanceof SnapshotError)) throw e
      problems.push({ code: 'snapshot.invalid', message: e.message })
    }
  }
  if (problems.length === 0 && options.sequence !== false && verified.manifest && verified.manifestHash) {
    const p = await sequenceProblem(ctx, verified.manifest, verified.manifestHash)
    if (p) problems.push(p)
  }
  let plan: Plan | null = null
  if (problems.length === 0 && options.plan !== false && verified.manifest && (await requireOffice(ctx)).mode === 'province') {
    plan = planImport(ctx, { report: { valid: true, problems: [], package: null, signer: null }, verified, tables, plan: null })
    for (const message of plan.conflicts) problems.push({ code: 'snapshot.conflict', message })
  }
  const report: VerifyReport = {
    valid: problems.length === 0,
    problems,
    package: verified.manifest && verified.manifestHash ? summarize(verified.manifest, verified.manifestHash) : null,
    signer: verified.signer
      ? { fingerprint: verified.signer.fingerprint, name: verified.signer.subject.name, code: verified.signer.subject.code }
      : null,
  }
  return { report, verified, tables: problems.length === 0 ? tables : [], plan: problems.length === 0 ? plan : null }
}

function readSnapshot(ctx: ServiceContext, manifest: Manifest, files: Map<string, Buffer>): SnapshotTable[] {
  const tables: SnapshotTable[] = []
  // Inflated bytes counted per table and for all tables together: a gzip bomb stops at the limit.
  const inflate = new InflateBudget('gói', INPUT_LIMITS.package.tableBytes, INPUT_LIMITS.package.tablesBytes)
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
      text = inflate.gunzip(bytes, snapshotFileName(table))
    } catch (e) {
      throw new SnapshotError(e instanceof InputTooLargeError ? e.message : `Bảng ${table} không giải nén được.`)
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
