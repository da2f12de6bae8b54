import { performance } from 'node:perf_hooks'
import { ApiError } from '@shared/contract/errors'
import type { ImportPreview } from '@shared/domain/packages'
import type { Kysely } from 'kysely'
import type { ServiceContext } from '../context'
import { audit } from '../audit'
import { requireOffice } from '../office'
import { SNAPSHOT_TABLES, type Cell, type SnapshotTable } from './snapshot'
import { checkPackage, type CheckedPackage } from './verify'

type TableDiff = ImportPreview['diff'][number]
interface Plan {
  diff: TableDiff[]
  /** Per table: ids this office had that the new snapshot no longer has. */
  removed: Map<string, string[]>
  conflicts: string[]
  supersedes: string | null
}

/** What importing would change: counts per table since the office's last accepted package. Writes nothing. */
export async function previewImport(ctx: ServiceContext, zip: Buffer): Promise<ImportPreview> {
  await requireProvince(ctx)
  const checked = await checkPackage(ctx, zip)
  const already = await alreadyImported(ctx, checked)
  if (!checked.report.valid || already) return { ...checked.report, diff: [], supersedes: null, alreadyImported: already }
  const plan = planImport(ctx, checked)
  const problems = plan.conflicts.map((message) => ({ code: 'snapshot.conflict', message }))
  return { ...checked.report, valid: problems.length === 0, problems, diff: plan.diff, supersedes: plan.supersedes, alreadyImported: false }
}

export interface ImportResult {
  status: 'imported' | 'already'
  packageId: string
  diff: TableDiff[]
  /** Where the time went (for the benchmark): verifying (of which hashing) and applying. */
  timings?: { verifyMs: number; hashMs: number; applyMs: number }
}

/**
 * Imports a verified package in one transaction: rows upserted by UUID, rows the office no longer
 * has removed, each row's origin recorded, the package recorded as accepted and the office's
 * earlier package for the same period marked superseded. All or nothing; the same package twice
 * changes nothing. One audit row for the package (per-row history is the origin table plus the
 * packages kept, not half a million audit rows).
 */
export async function importPackage(ctx: ServiceContext, zip: Buffer): Promise<ImportResult> {
  await requireProvince(ctx)
  const t0 = performance.now()
  const checked = await checkPackage(ctx, zip)
  const verifyMs = performance.now() - t0
  const m = checked.verified.manifest
  if (m && (await alreadyImported(ctx, checked))) return { status: 'already', packageId: m.packageId, diff: [] }
  if (!checked.report.valid || !m || !checked.verified.manifestHash) throw refused(checked)
  const hash = checked.verified.manifestHash
  let diff: TableDiff[]
  // Upserts by random UUID touch pages all over each index; SQLite's default 2 MB page cache is far
  // smaller than a province's indexes, so give this one operation 128 MB (restored after). The
  // benchmark (tests/bench/packages.bench.ts) measures the import; on a loaded 2-core machine the
  // difference was within noise, so this is a bound on re-reads rather than a measured win.
  const cacheBefore = ctx.store.sqlite.pragma('cache_size', { simple: true }) as number
  ctx.store.sqlite.pragma('cache_size = -131072')
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
    for (const t of checked.tables) applyTable(ctx, t, m.office.code, m.packageId, plan.removed.get(t.table) ?? [])
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
export async function rejectPackage(ctx: ServiceContext, zip: Buffer, comments: string): Promise<{ packageId: string }> {
  await requireProvince(ctx)
  const checked = await checkPackage(ctx, zip)
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

function planImport(ctx: ServiceContext, checked: CheckedPackage): Plan {
  const m = checked.verified.manifest!
  const sqlite = ctx.store.sqlite
  const owned = sqlite.prepare('select row_id, row_hash from package_row_origin where office_code = ? and table_name = ?').raw()
  const ownerOf = sqlite.prepare('select office_code from package_row_origin where table_name = ? and row_id = ?').pluck()
  const diff: TableDiff[] = []
  const removed = new Map<string, string[]>()
  const conflicts: string[] = []
  for (const t of checked.tables) {
    if (!SNAPSHOT_TABLES.find((s) => s.table === t.table)?.merge) continue
    const mine = new Map((owned.all(m.office.code, t.table) as [string, string][]).map(([id, h]) => [id, h]))
    const db = ctx.store.db as unknown as Kysely<Record<string, Record<string, Cell>>>
    const exists = sqlite.prepare(db.selectFrom(t.table).select('id').where('id', '=', '?').compile().sql).pluck()
    const idAt = t.columns.indexOf('id')
    const d: TableDiff = { table: t.table, added: 0, changed: 0, removed: 0, unchanged: 0 }
    const seen = new Set<string>()
    for (let i = 0; i < t.rows.length; i++) {
      const id = t.rows[i]![idAt] as string
      seen.add(id)
      const before = mine.get(id)
      if (before === undefined) {
        // A new id must not already belong to another office or to the province itself.
        if (exists.get(id) !== undefined && conflicts.length < 5) {
          const owner = ownerOf.get(t.table, id) as string | undefined
          conflicts.push(`Bảng ${t.table}: mã định danh ${id} đã thuộc ${owner ? `đơn vị ${owner}` : 'dữ liệu của tỉnh'}.`)
        }
        d.added++
      } else if (before === t.rowHashes[i]) d.unchanged++
      else d.changed++
    }
    const gone = [...mine.keys()].filter((id) => !seen.has(id))
    d.removed = gone.length
    removed.set(t.table, gone)
    diff.push(d)
  }
  const previous = sqlite
    .prepare("select id from packages_received where office_code = ? and period = ? and status = 'accepted' order by sequence desc limit 1")
    .pluck()
    .get(m.office.code, m.period) as string | undefined
  return { diff, removed, conflicts, supersedes: previous ?? null }
}

/** Upserts one table's rows by id (statements compiled by Kysely), removes the office's dropped rows, records origins. */
function applyTable(ctx: ServiceContext, t: SnapshotTable, officeCode: string, packageId: string, removedIds: string[]): void {
  if (!SNAPSHOT_TABLES.find((s) => s.table === t.table)?.merge) return
  const db = ctx.store.db as unknown as Kysely<Record<string, Record<string, Cell>>>
  const marker = (i: number) => `\u0000p${i}`
  const values = Object.fromEntries(t.columns.map((c, i) => [c, marker(i)]))
  const update = Object.fromEntries(t.columns.filter((c) => c !== 'id').map((c) => [c, marker(t.columns.indexOf(c))]))
  const upsert = db
    .insertInto(t.table)
    .values(values)
    .onConflict((oc) => oc.column('id').doUpdateSet(update))
    .compile()
  // Bind by position: map each compiled parameter back to its column (the update repeats them).
  const order = upsert.parameters.map((p) => t.columns.findIndex((_, i) => p === marker(i)))
  if (order.some((i) => i < 0)) throw new Error(`applyTable(${t.table}): unexpected parameters in ${upsert.sql}`)
  const upsertStmt = ctx.store.sqlite.prepare(upsert.sql)
  const del = ctx.store.sqlite.prepare(db.deleteFrom(t.table).where('id', '=', marker(0)).compile().sql)
  const origin = ctx.store.sqlite.prepare(
    db
      .insertInto('package_row_origin')
      .values({ table_name: marker(0), row_id: marker(1), office_code: marker(2), package_id: marker(3), row_hash: marker(4) })
      .onConflict((oc) =>
        oc.columns(['table_name', 'row_id']).doUpdateSet({ office_code: marker(2), package_id: marker(3), row_hash: marker(4) }),
      )
      .compile().sql,
  )
  const delOrigin = ctx.store.sqlite.prepare(
    db.deleteFrom('package_row_origin').where('table_name', '=', marker(0)).where('row_id', '=', marker(1)).compile().sql,
  )
  const idAt = t.columns.indexOf('id')
  for (let r = 0; r < t.rows.length; r++) {
    const row = t.rows[r]!
    upsertStmt.run(order.map((i) => row[i]))
    origin.run(t.table, row[idAt], officeCode, packageId, t.rowHashes[r], officeCode, packageId, t.rowHashes[r])
  }
  for (const id of removedIds) {
    del.run(id)
    delOrigin.run(t.table, id)
  }
}
