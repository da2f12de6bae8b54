import { closeSync, constants, fstatSync, openSync } from 'node:fs'
import { inputFileSize } from '../../export/input/input-file'
import { INPUT_LIMITS } from '../../export/input/limits'
import type { Manifest, PackageSummary, Problem, VerifyReport } from '@shared/domain/packages'
import {
  pdfSignatureProblem,
  verifyPackageBytes,
  type TrustDecision,
  type TrustLookup,
  type VerifiedPackage,
} from '../../export/package/verify'
import { decryptBytes, DecryptStream, EnvelopeError, type RecipientKey } from '../../export/signing/envelope'
import { unlockRecipient } from './package-encryption'
import { fileSource, readEntry, ZipError, type ZipLimits, type ZipSource } from '../../export/package/zip-reader'
import { LATEST_SCHEMA_VERSION } from '../../store/migrations'
import type { ServiceContext } from '../context'
import { unattended, type JobControl } from '../jobs'
import { tableLabel } from '@shared/domain/table-labels'
import { SNAPSHOT_TABLES, snapshotFileName, SnapshotError, snapshotColumns, type SnapshotTable } from './snapshot'
import { InflateCounter, stageSnapshotTable } from './snapshot-stage'
import { Staging } from './staging'
import { sequenceProblem } from './sequence'
import { lookupFromCertificates, trustLookup } from './trust'
import { planImport, type Plan } from './apply'
import { getOffice, requireOffice } from '../office'

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
  options: {
    trust?: TrustLookup
    limits?: ZipLimits
    sequence?: boolean
    plan?: boolean
    /** The passphrase (or token PIN) of this installation's key, to open an encrypted package. */
    secret?: string | undefined
    /** Progress per table and Cancel while the tables are read (an import run as a job). */
    job?: JobControl
  } = {},
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
  // An encrypted package is opened with this installation's key (package-encryption.ts).
  const opened = verified.entries && verified.manifest ? await openEncrypted(ctx, verified, options.secret) : null
  if (opened && 'problem' in opened) problems.push(opened.problem)
  if (verified.entries && verified.manifest && !(opened && 'problem' in opened)) {
    const recipient = opened?.recipient
    for (const p of recipient ? reportSignatureProblems(verified, recipient) : []) problems.push(p)
    staging = Staging.create(ctx.store)
    try {
      tables = await stageSnapshot(ctx, staging, verified, recipient, options.job ?? unattended)
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
  checked.report = reportOf(verified, problems, decision)
  if (problems.length) {
    staging?.dispose()
    return { ...checked, tables: [], plan: null, staging: null }
  }
  return checked
}

/**
 * `package verify`: the package file at `path` checked as an import would check it (checkPackage),
 * writing nothing. With `certificates` (and `crls`), against exactly those instead of the
 * register's trust: an office certificate for the office code it names, a CA certificate as an
 * anchor; the office's sequence is then not judged. On a register with no office set up (the
 * check against certificate files alone, `package verify --trust` without a database), only the
 * package's bytes are checked (verifyBytesOnly).
 */
export async function verifyPackageFile(
  ctx: ServiceContext,
  path: string,
  options: { secret?: string | undefined; certificates?: Buffer[]; crls?: Buffer[] } = {},
): Promise<VerifyReport> {
  const trust = options.certificates?.length ? lookupFromCertificates(options.certificates, options.crls ?? [], ctx.now()) : undefined
  const zip = readPackageFile(path)
  if (trust && (await getOffice(ctx)) === null) return verifyBytesOnly(zip, trust, ctx.now())
  const checked = await checkPackage(ctx, zip, { secret: options.secret, ...(trust ? { trust, sequence: false } : {}) })
  releaseChecked(checked)
  return checked.report
}

/**
 * Without a register of its own (no office set up), against certificate files alone: the checks
 * of the bytes (signature, chain and revocation, files, names, sizes, versions). The tables, which
 * may be encrypted to the province, are checked by the register that opens them.
 */
function verifyBytesOnly(zip: ZipSource, trust: TrustLookup, now: Date): VerifyReport {
  let decision: TrustDecision | null = null
  const verified = verifyPackageBytes(zip, {
    trust: (fp, details) => (decision = trust(fp, details)),
    latestSchemaVersion: LATEST_SCHEMA_VERSION,
    now,
  })
  return reportOf(verified, verified.problems, decision)
}

function reportOf(verified: VerifiedPackage, problems: Problem[], decision: TrustDecision | null): VerifyReport {
  return {
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
}

/** Drops the staged tables of a check (its file and the attachment). */
export function releaseChecked(checked: CheckedPackage): void {
  checked.staging?.dispose()
}

async function stageSnapshot(
  ctx: ServiceContext,
  staging: Staging,
  verified: VerifiedPackage,
  recipient: RecipientKey | undefined,
  job: JobControl,
): Promise<SnapshotTable[]> {
  const manifest = verified.manifest!
  const entries = verified.entries!
  const tables: SnapshotTable[] = []
  // Inflated bytes counted per table and for all tables together, as they come out of zlib.
  const inflate = new InflateCounter(() => job.checkpoint())
  const expected = new Set(SNAPSHOT_TABLES.map((t) => snapshotFileName(t.table)))
  for (const f of manifest.files) {
    if (f.kind === 'snapshot' && !expected.has(f.name))
      throw new SnapshotError(`Gói có bảng dữ liệu "${f.name}" mà ứng dụng này không biết.`)
  }
  for (const [i, spec] of SNAPSHOT_TABLES.entries()) {
    const table = spec.table
    job.progress(`Đang kiểm tra dữ liệu: ${tableLabel(table)}`, i, SNAPSHOT_TABLES.length)
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
      recipient ? () => new DecryptStream(recipient) : undefined,
    )
    if (manifest.counts[table] !== staged.rows) {
      throw new SnapshotError(`Bảng ${table} có ${staged.rows} dòng, manifest ghi ${manifest.counts[table] ?? 0}.`)
    }
    tables.push(staged)
  }
  return tables
}

/**
 * Whether the package is encrypted and, if so, opens this installation's key for it: refused with
 * the reason when no passphrase was given or the package was encrypted for someone else.
 */
async function openEncrypted(
  ctx: ServiceContext,
  verified: VerifiedPackage,
  secret: string | undefined,
): Promise<{ recipient: RecipientKey } | { problem: Problem } | null> {
  const to = verified.manifest?.encryptedTo
  if (!to) return null
  const own = await ctx.store.db.selectFrom('signing_keys').select('fingerprint').where('active', '=', 1).executeTakeFirst()
  if (!own || !to.includes(own.fingerprint)) {
    return {
      problem: {
        code: 'package.not-for-us',
        message:
          'Gói được mã hóa cho chứng thư khác (một tỉnh khác, hoặc chứng thư cũ của tỉnh), không phải cho khóa của đơn vị này: ' +
          'không mở được. Đơn vị gửi cần đăng ký đúng chứng thư của tỉnh rồi xuất lại gói.',
      },
    }
  }
  if (!secret) {
    return {
      problem: {
        code: 'package.encrypted',
        message: 'Gói đã được mã hóa cho đơn vị này: cần mật khẩu khóa (hoặc mã PIN token) để mở và kiểm tra dữ liệu.',
      },
    }
  }
  return { recipient: await unlockRecipient(ctx, secret) }
}

/** Each encrypted PDF report, decrypted, must carry a valid signature by the package's signer. */
function reportSignatureProblems(verified: VerifiedPackage, recipient: RecipientKey): Problem[] {
  const problems: Problem[] = []
  for (const f of verified.manifest!.files) {
    const entry = verified.entries!.get(f.name)
    if (f.kind !== 'pdf' || !entry) continue
    if (entry.usize > INPUT_LIMITS.package.reportBytes) continue // refused by the byte checks already
    try {
      const why = pdfSignatureProblem(decryptBytes(readEntry(verified.source, entry), recipient), verified.signer!.fingerprint)
      if (why) problems.push({ code: 'pdf.signature', message: `Tệp "${f.name}": ${why}` })
    } catch (e) {
      if (!(e instanceof EnvelopeError) && !(e instanceof ZipError)) throw e
      problems.push({ code: 'file.encrypted', message: `Tệp "${f.name}": ${e.message}` })
    }
  }
  return problems
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
