import { randomUUID } from 'node:crypto'
import type { PovertyStandard } from '@shared/standards/schema'
import { householdWriter } from '../../../store/households'
import type { ServiceContext } from '../../context'
import { withBulkCache } from '../bulk-cache'
import { codeNumber, CODE_PREFIX, formatCode } from '../rows'
import { assessmentCache } from './assessment-cache'
import type { ParsedRow } from './parse-row'
import { villageResolver } from './villages'
import { createOne, updateOne, type RowWriter } from './write-rows'
import { statements } from './write-statements'
import type { ImportResult, ImportRowError } from '@shared/domain/household-import'

export interface WritePlan {
  rows: ParsedRow[]
  year: number
  standard: PovertyStandard
  officeId: string
  officeName: string
  communeId: string | null
  fileName: string
  /** SHA-256 of the file, kept in the import's audit row so the source can be proven later. */
  fileHash: string
  sheet: string
  at: string
}

type Preview = ImportResult['preview'][number]

/**
 * Writes the rows in ONE transaction on the raw handle, holding Kysely's connection lock so no
 * other query can slip in, yielding to the event loop every few hundred rows so progress and
 * Cancel get through. `commit` decides at the end: false (a preview, a cancel, or all-or-nothing
 * with rejected rows) rolls everything back, villages and audit rows included.
 */
export async function writeRows(
  ctx: ServiceContext,
  plan: WritePlan,
  hooks: {
    progress: (done: number, total: number) => void
    checkpoint: () => void
    commit: (errors: ImportRowError[]) => boolean
  },
): Promise<{
  created: number
  updated: number
  errors: ImportRowError[]
  preview: Preview[]
  addedVillages: string[]
  committed: boolean
}> {
  const store = ctx.store
  return store.db.connection().execute(() =>
    withBulkCache(store, async () => {
      const s = statements(store)
      const writer = householdWriter(store)
      store.sqlite.exec('begin immediate')
      try {
        const villages = villageResolver(store, plan.communeId, plan.officeName, plan.at)
        const w: RowWriter = { s, writer, plan, assessment: assessmentCache(plan), importId: randomUUID(), actor: ctx.actor() }
        let nextNo = codeNumber((s.lastCode.get(plan.officeId, `${CODE_PREFIX}%`, 1) as { code?: string } | undefined)?.code) + 1
        const errors: ImportRowError[] = []
        const preview: Preview[] = []
        let created = 0
        let updated = 0
        // Results the commune chair approved are locked (reviews domain): such rows are refused, not overwritten.
        const locked = new Set(
          (
            store.sqlite.prepare('select household_id from review_cases where year = ? and locked = 1').all(plan.year) as {
              household_id: string
            }[]
          ).map((x) => x.household_id),
        )
        for (let i = 0; i < plan.rows.length; i++) {
          const r = plan.rows[i]!
          const byCode = r.code ? (s.byCode.get(plan.officeId, r.code) as { id: string } | undefined) : undefined
          const byId = r.citizenId ? (s.byCitizen.get(r.citizenId) as { household_id: string } | undefined) : undefined
          if (byCode && byId && byCode.id !== byId.household_id) {
            errors.push({
              row: r.rowNumber,
              column: 'Số CCCD',
              message: `Số CCCD ${r.citizenId} đã thuộc hộ ${String(s.codeOf.get(byId.household_id))}, không phải hộ ${r.code}`,
            })
            if (preview.length < 100) preview.push(previewOf(r, 'reject', null))
            continue
          }
          const existingId = byCode?.id ?? byId?.household_id ?? null
          if (existingId && locked.has(existingId)) {
            errors.push({
              row: r.rowNumber,
              column: '',
              message: `Kết quả rà soát năm ${plan.year} của hộ đã được phê duyệt và khóa; không ghi đè.`,
            })
            if (preview.length < 100) preview.push(previewOf(r, 'reject', null))
            continue
          }
          const unitId = villages.resolve(r.village)
          const cls = existingId ? updateOne(w, r, existingId, unitId) : createOne(w, r, unitId, formatCode(nextNo))
          if (existingId) updated++
          else {
            created++
            if (!r.code) nextNo++
          }
          if (preview.length < 100) preview.push(previewOf(r, existingId ? 'update' : 'create', cls))
          if (i % 500 === 499) {
            hooks.progress(i + 1, plan.rows.length)
            await new Promise((ok) => setImmediate(ok))
            hooks.checkpoint()
          }
        }
        hooks.progress(plan.rows.length, plan.rows.length)
        hooks.checkpoint()
        const committed = hooks.commit(errors)
        if (committed) {
          // One row for the import as a whole; each household's own row points to it by `import`.
          writer.audit({
            at: plan.at,
            actor: w.actor,
            entity: 'household_import',
            entityId: w.importId,
            action: 'import',
            after: {
              file: plan.fileName,
              sha256: plan.fileHash,
              sheet: plan.sheet,
              year: plan.year,
              created,
              updated,
              rejected: errors.length,
              addedVillages: villages.added,
            },
          })
        }
        store.sqlite.exec(committed ? 'commit' : 'rollback')
        return { created, updated, errors, preview, addedVillages: villages.added, committed }
      } catch (e) {
        if (store.sqlite.inTransaction) store.sqlite.exec('rollback')
        throw e
      }
    }),
  )
}

function previewOf(r: ParsedRow, action: Preview['action'], cls: Preview['classification']): Preview {
  return {
    row: r.rowNumber,
    action,
    code: r.code,
    headName: r.headName,
    village: r.village,
    classification: cls,
    fileClassification: r.fileClass,
  }
}
