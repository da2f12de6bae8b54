import { closeSync, constants, fstatSync, openSync } from 'node:fs'
import { inputFileSize } from '../../export/input/input-file'
import { INPUT_LIMITS } from '../../export/input/limits'
import type { Manifest, PackageSummary, Problem, VerifyReport } from '@shared/domain/packages'
import { verifyPackageBytes, type TrustDecision, type TrustLookup, type VerifiedPackage } from '../../export/package/verify'
import { fileSource, ZipError, type ZipLimits, type ZipSource } from '../../export/package/zip-reader'
import { LATEST_SCHEMA_VERSION } from '../../store/migrations'
import type { ServiceContext } from '../context'
import { SNAPSHOT_TABLES, snapshotFileName, SnapshotError, snapshotColumns, type SnapshotTable } from './snapshot'
import { InflateCounter, stageSnapshotTable } from './snapshot-stage'
import { Staging } from './staging'
import { sequenceProblem } from './sequence'
import { trustLookup } from './trust'
import { planImport, type Plan } from './apply'
import { requireOffice } from '../office'

export interface CheckedPackage {
  report: VerifyReport
  verified: VerifiedPackage
  /** The snapshot tables, checked and staged, only when the package is valid. */
  tables: SnapshotTable[]
  /** At the province: what importing would change (its conflicts are among the problems). */
  plan: Plan | null
  /** Where the tables are staged (released by releaseChecked, or by the next check of the same register). */
  staging: Staging | null
}

/**
 * A package file on disk, checked like every file from others (a regular file within the limit,
 * export/input/limits.ts) and read at positions on demand: never loaded whole. Each read opens the
 * file again (a handful of reads for the directory, then 1 MB pieces), so nothing is left open;
 * a file changed between reads is caught by the hashes, which the import computes on every pass.
 */
export function readPackageFile(path: string): ZipSource {
  const size = inputFileSize(path, { maxBytes: INPUT_LIMITS.package.fileBytes, what: 'một gói báo cáo' })
  return {
    size,
    read(position, length) {
      const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
      try {
        if (fstatSync(fd).size !== size) throw new ZipError('corrupt', 'Tệp gói đã thay đổi trong khi đọc.')
        return fileSource(fd, size).read(position, length)
      } finally {
        closeSync(fd)
      }
    },
  }
}

/** Runs `use` on a package file opened once (the export's read-back), closing it afterwards. */
export function withPackageFile<T>(path: string, use: (source: ZipSource) => T): T {
  const fd = openSync(path, 'r')
  try {
    return use(fileSource(fd, fstatSync(fd).size))
  } finally {
    closeSync(fd)
  }
}

/**
 * Verifies a package against this database: the byte-level checks (export/package/verify.ts) with
 * the registered office certificates, then the snapshot's tables against this schema and the
 * manifest's counts (staged on disk, snapshot-stage.ts), then the office's sequence (sequence.ts),
 * then — at the province — the import plan with the sender's scope (apply.ts, scope.ts), so that a
 * valid package is one that imports. `plan: false` leaves the plan to the caller (the import makes
 * it inside its transaction; a rejection needs no plan). Writes nothing to the register; the
 * caller releases the staged tables with releaseChecked.
 */
export async function checkPackage(
  ctx: ServiceContext,
  zip: Buffer | ZipSource,
  options: { trust?: TrustLookup; limits?: ZipLimits; sequence?: boolean; plan?: boolean } = {},
): Promise<CheckedPackage> {
  // The decision is kept to show the chain and the revocation check in the report.
  const lookup = options.trust ?? (await trustLookup(ctx, 'office'))
  let decision: TrustDecision | null = null
  const verified = verifyPackageBytes(zip, {
    trust: (fp, details) => (decision = lookup(fp, details)),
    latestSchemaVersion: LATEST_SCHEMA_VERSION,
    now: ctx.now(),
    ...(options.limits ? { limits: options.limits } : {}),
  })
  const problems: Problem[] = [...verified.problems]
  let tables: SnapshotTable[] = []
  let staging: Staging | null = null
  if (verified.entries && verified.manifest) {
    staging = Staging.create(ctx.store)
    try {
      tables = await stageSnapshot(ctx, staging, verified)
    } catch (e) {
      if (!(e instanceof SnapshotError)) {
        staging.dispose()
        throw e
      }
      problems.push({ code: 'snapshot.invalid', message: e.message })
    }
  }
  const checked: CheckedPackage = { report: { valid: false, problems, package: null, signer: null }, verified, tables, plan: null, staging }
  try {
    if (problems.length === 0 && options.sequence !== false && verified.manifest && verified.manifestHash) {
      const p = await sequenceProblem(ctx, verified.manifest, verified.manifestHash)
      if (p) problems.push(p)
    }
    if (problems.length === 0 && options.plan !== false && verified.manifest && (await requireOffice(ctx)).mode === 'province') {
      staging!.attach()
      checked.plan = planImport(ctx, checked)
      for (const message of checked.plan.conflicts) problems.push({ code: 'snapshot.conflict', message })
    }
  } catch (e) {
    staging?.dispose()
    throw e
  }
  checked.report = {
    valid: problems.length === 0,
    problems,
    package: verified.manifest && verified.manifestHash ? summarize(verified.manifest, verified.manifestHash) : null,
    signer: verified.signer
      ? {
          fingerprint: verified.signer.fingerprint,
          name: verified.signer.subject.name,
          code: verified.signer.subject.code,
          ...chainReport(decision),
        }
      : null,
  }
  if (problems.length) {
    staging?.dispose()
    return { ...checked, tables: [], plan: null, staging: null }
  }
  return checked
}

/** Drops the staged tables of a check (its file and the attachment). */
export function releaseChecked(checked: CheckedPackage): void {
  checked.staging?.dispose()
}

async function stageSnapshot(ctx: ServiceContext, staging: Staging, verified: VerifiedPackage): Promise<SnapshotTable[]> {
  const manifest = verified.manifest!
  const entries = verified.entries!
  const tables: SnapshotTable[] = []
  // Inflated bytes counted per table and for all tables together, as they come out of zlib.
  const inflate = new InflateCounter()
  const expected = new Set(SNAPSHOT_TABLES.map((t) => snapshotFileName(t.table)))
  for (const f of manifest.files) {
    if (f.kind === 'snapshot' && !expected.has(f.name))
      throw new SnapshotError(`Gói có bảng dữ liệu "${f.name}" mà ứng dụng này không biết.`)
  }
  for (const spec of SNAPSHOT_TABLES) {
    const table = spec.table
    const name = snapshotFileName(table)
    const entry = entries.get(name)
    const listed = manifest.files.find((f) => f.name === name)
    if (!entry || !listed) throw new SnapshotError(`Gói thiếu bảng dữ liệu ${table}.`)
    const staged = await stageSnapshotTable(
      staging,
      spec,
      { schemaVersion: manifest.schemaVersion, columns: snapshotColumns(ctx.store, spec), sha256: listed.sha256 },
      manifest.office,
      verified.source,
      entry,
      inflate,
    )
    if (manifest.counts[table] !== staged.rows) {
      throw new SnapshotError(`Bảng ${table} có ${staged.rows} dòng, manifest ghi ${manifest.counts[table] ?? 0}.`)
    }
    tables.push(staged)
  }
  return tables
}

function chainReport(d: TrustDecision | null): { chain?: string[]; revocation?: string } {
  return d?.chain ? { chain: d.chain, ...(d.revocation ? { revocation: d.revocation } : {}) } : {}
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
