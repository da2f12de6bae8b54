import { performance } from 'node:perf_hooks'
import { ApiError } from '@shared/contract/errors'
import type { ImportPreview } from '@shared/domain/packages'
import type { ServiceContext } from '../context'
import { unattended, type JobControl } from '../jobs'
import { audit } from '../audit'
import { requireOffice } from '../office'
import { applyPlan, planImport } from './apply'
import type { ZipSource } from '../../export/package/zip-reader'
import { checkPackage, releaseChecked, type CheckedPackage } from './verify'

type TableDiff = ImportPreview['diff'][number]

/** What importing would change: counts per table since the office's last accepted package. Writes nothing. */
export async function previewImport(ctx: ServiceContext, zip: Buffer | ZipSource, secret?: string): Promise<ImportPreview> {
  await requireProvince(ctx)
  const checked = await checkPackage(ctx, zip, { secret })
  try {
    const already = await alreadyImported(ctx, checked)
    // The plan's conflicts are among the report's problems (checkPackage): the same checks as the import.
    if (!checked.report.valid || already || !checked.plan)
      return { ...checked.report, diff: [], supersedes: null, alreadyImported: already }
    return { ...checked.report, diff: checked.plan.diff, supersedes: checked.plan.supersedes, alreadyImported: false }
  } finally {
    releaseChecked(checked)
  }
}

/**
 * Page cache for the import (KiB, SQLite's negative form). Upserts by random UUID touch pages all
 * over each index; SQLite's default 2 MB cache is far smaller than a province's indexes. The cache
 * is also most of the import's memory, so it is a bound, not "as much as helps": with it, the
 * import of a 300,000-household package stays under PACKAGE_RSS_LIMIT_BYTES (docs/packages.md).
 */
const IMPORT_CACHE_KIB = 64 * 1024

export interface ImportResult {
  status: 'imported' | 'already'
  packageId: string
  diff: TableDiff[]
  /** Where the time went (for the benchmark): verifying (of which hashing) and applying. */
  timings?: { verifyMs: number; hashMs: number; applyMs: number }
}

/**
 * Imports a verified package in one transaction: rows upserted by UUID (rows without an id replaced
 * per parent), rows the office no longer has removed, each row's origin recorded, the search index
 * rebuilt for the office's households, the package recorded as accepted and the office's
 * earlier package for the same period marked superseded. All or nothing; the same package twice
 * changes nothing. One audit row for the package (per-row history is the origin table plus the
 * packages kept, not half a million audit rows).
 */
/**
 * `secret`: this province's key passphrase (or token PIN), which opens an encrypted package.
 * Run as a job, it reports each table as it is checked and staged, and Cancel applies until the
 * one transaction starts (nothing is written before it; the transaction itself is all or nothing).
 */
export async function importPackage(
  ctx: ServiceContext,
  zip: Buffer | ZipSource,
  secret?: string,
  job: JobControl = unattended,
): Promise<ImportResult> {
  await requireProvince(ctx)
  const t0 = performance.now()
  job.progress('Đang kiểm tra chữ ký và mã băm của gói', 0, 1)
  // The plan (with its scope checks) is made inside the transaction below, on the data it changes.
  const checked = await checkPackage(ctx, zip, { plan: false, secret, job })
  try {
    job.checkpoint()
    job.progress('Đang ghi vào sổ của tỉnh', 0, 1)
    return await importChecked(ctx, checked, t0)
  } finally {
    releaseChecked(checked)
  }
}

async function importChecked(ctx: ServiceContext, checked: CheckedPackage, t0: number): Promise<ImportResult> {
  const verifyMs = performance.now() - t0
  const m = checked.verified.manifest
  if (m && (await alreadyImported(ctx, checked))) return { status: 'already', packageId: m.packageId, diff: [] }
  if (!checked.report.valid || !m || !checked.verified.manifestHash) throw refused(checked)
  const hash = checked.verified.manifestHash
  let diff: TableDiff[]
  // The staged tables join the register's connection before the transaction (SQLite attaches outside one).
  checked.staging!.attach()
  const cacheBefore = ctx.store.sqlite.pragma('cache_size', { simple: true }) as number
  ctx.store.sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`)
  try {
    diff = await applyImport(ctx, checked, hash)
  } finally {
    ctx.store.sqlite.pragma(`cache_size = ${Math.trunc(cacheBefore)}`)
  }
  return {
    status: 'imported',
    packageId: m.packageId,
    diff,
    timings: { verifyMs, hashMs: checked.verified.hashMs, applyMs: performance.now() - t0 - verifyMs },
  }
}

async function applyImport(ctx: ServiceContext, checked: CheckedPackage, hash: string): Promise<TableDiff[]> {
  const m = checked.verified.manifest!
  let diff: TableDiff[] = []
  await ctx.store.db.transaction().execute(async (trx) => {
    // Checked again inside the transaction: the plan must be made on the data it changes.
    const plan = planImport(ctx, checked)
    if (plan.conflicts.length) throw new ApiError('CONFLICT', `Gói bị từ chối, không nhập gì: ${plan.conflicts.join(' ')}`)
    diff = plan.diff
    // Parents and children arrive in any order within a table; check references at commit.
    ctx.store.sqlite.pragma('defer_foreign_keys = ON')
    applyPlan(ctx, checked, plan)
    const at = ctx.now().toISOString()
    if (plan.supersedes) {
      await trx
        .updateTable('packages_received')
        .set({ status: 'superseded', superseded_by: m.packageId })
        .where('id', '=', plan.supersedes)
        .execute()
    }
    await trx
      .insertInto('packages_received')
      .values({
        id: m.packageId,
        office_code: m.office.code,
        office_name: m.office.name,
        signer_fingerprint: checked.verified.signer!.fingerprint,
        period: m.period,
        sequence: m.sequence,
        manifest_hash: hash,
        previous_hash: m.previousPackageHash,
        created_at: m.createdAt,
        received_at: at,
        status: 'accepted',
        superseded_by: null,
        comments: '',
        counts_json: JSON.stringify(m.counts),
        diff_json: JSON.stringify(plan.diff),
        manifest_json: JSON.stringify(m),
      })
      .execute()
    await audit(trx, ctx, {
      entity: 'package',
      entityId: m.packageId,
      action: 'import',
      after: {
        office: m.office.code,
        period: m.period,
        sequence: m.sequence,
        manifestHash: hash,
        diff: plan.diff,
        supersedes: plan.supersedes,
      },
    })
  })
  return diff
}

/** Records a package the province refuses after looking at it (verified, so its sender is known); imports nothing. */
export async function rejectPackage(ctx: ServiceContext, zip: Buffer | ZipSource, comments: string): Promise<{ packageId: string }> {
  await requireProvince(ctx)
  // No plan: a package that reaches into another office's data can still be refused with a receipt.
  const checked = await checkPackage(ctx, zip, { plan: false })
  releaseChecked(checked)
  const m = checked.verified.manifest
  if (!checked.report.valid || !m || !checked.verified.manifestHash) throw refused(checked)
  await ctx.store.db.transaction().execute(async (trx) => {
    const row = {
      id: m.packageId,
      office_code: m.office.code,
      office_name: m.office.name,
      signer_fingerprint: checked.verified.signer!.fingerprint,
      period: m.period,
      sequence: m.sequence,
      manifest_hash: checked.verified.manifestHash!,
      previous_hash: m.previousPackageHash,
      created_at: m.createdAt,
      received_at: ctx.now().toISOString(),
      status: 'rejected' as const,
      superseded_by: null,
      comments,
      counts_json: JSON.stringify(m.counts),
      diff_json: '[]',
      manifest_json: JSON.stringify(m),
    }
    await trx.insertInto('packages_received').values(row).execute()
    await audit(trx, ctx, {
      entity: 'package',
      entityId: m.packageId,
      action: 'reject',
      after: { office: m.office.code, sequence: m.sequence, comments },
    })
  })
  return { packageId: m.packageId }
}

function refused(checked: CheckedPackage): ApiError {
  const lines = checked.report.problems.map((p) => `- ${p.message}`).join('\n')
  return new ApiError('BAD_INPUT', `Gói bị từ chối, không nhập gì:\n${lines}`)
}

async function requireProvince(ctx: ServiceContext): Promise<void> {
  const office = await requireOffice(ctx)
  if (office.mode !== 'province') throw new ApiError('FORBIDDEN', 'Chỉ cơ sở dữ liệu cấp tỉnh mới nhận và tổng hợp gói của các đơn vị.')
}

async function alreadyImported(ctx: ServiceContext, checked: CheckedPackage): Promise<boolean> {
  const hash = checked.verified.manifestHash
  if (!hash || checked.verified.problems.length) return false
  const row = await ctx.store.db.selectFrom('packages_received').select('status').where('manifest_hash', '=', hash).executeTakeFirst()
  return row?.status === 'accepted'
}
