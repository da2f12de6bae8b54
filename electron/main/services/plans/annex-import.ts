import { ApiError } from '@shared/contract/errors'
import type { Deadline } from '@shared/domain/deadline'
import type { AgencyKind, PlanFields } from '@shared/domain/plans'
import { fold } from '@shared/text/fold'
import { readSmallTable, TableFileError } from '../../export/table-file'
import type { ServiceContext } from '../context'
import { agencyMatcher, insertAgency } from './agencies'
import { parseAnnexRows, type AnnexParse } from './annex-rows'
import { insertPlan } from './plans'
import { insertTask } from './tasks'

/** Reads an annex file and checks it against the office's agencies, writing nothing. */
export async function previewAnnexFile(ctx: ServiceContext, path: string): Promise<AnnexParse & { fileName: string }> {
  let rows: string[][]
  try {
    rows = (await readSmallTable(path)).rows
  } catch (e) {
    if (e instanceof TableFileError) throw new ApiError('BAD_INPUT', e.message)
    throw e
  }
  const find = agencyMatcher(await ctx.store.db.selectFrom('agencies').selectAll().execute())
  return { ...parseAnnexRows(rows, (name) => find(name) !== undefined), fileName: path.split(/[\\/]/).pop() ?? path }
}

export interface AnnexTaskInput {
  seq: string
  content: string
  leadName: string
  coordinatorNames: string[]
  deadline: Deadline
}

export type AnnexTarget = { planId: string } | { plan: PlanFields }

/**
 * Writes the previewed tasks into a plan (an existing one, or a new one created with them), all or
 * nothing. An agency the list lacks is created only when the clerk named it in `createAgencies`:
 * an import never invents an agency on its own.
 */
export async function commitAnnex(
  ctx: ServiceContext,
  input: { target: AnnexTarget; tasks: AnnexTaskInput[]; createAgencies: string[] },
): Promise<{ planId: string; tasksCreated: number; agenciesCreated: string[] }> {
  let planId = ''
  const created: string[] = []
  await ctx.store.db.transaction().execute(async (trx) => {
    const plan =
      'planId' in input.target
        ? await trx.selectFrom('plans').selectAll().where('id', '=', input.target.planId).executeTakeFirst()
        : await insertPlan(trx, ctx, input.target.plan)
    if (!plan) throw new ApiError('NOT_FOUND', 'Không tìm thấy kế hoạch.', ['target', 'planId'])
    planId = plan.id

    const agencies = await trx.selectFrom('agencies').selectAll().execute()
    let find = agencyMatcher(agencies)
    for (const [i, name] of input.createAgencies.entries()) {
      if (find(name)) continue
      const row = await insertAgency(trx, ctx, { name, kind: guessKind(name) }, ['createAgencies', i])
      agencies.push(row)
      find = agencyMatcher(agencies)
      created.push(row.name)
    }
    const resolve = (name: string, path: (string | number)[]): string => {
      const agency = find(name)
      if (!agency) {
        throw new ApiError(
          'BAD_INPUT',
          `Cơ quan "${name}" chưa có trong danh mục. Hãy chọn tạo mới cơ quan này khi xem trước, hoặc sửa tên trong tệp cho khớp danh mục.`,
          path,
        )
      }
      return agency.id
    }
    for (const [i, t] of input.tasks.entries()) {
      const leadAgencyId = resolve(t.leadName, ['tasks', i, 'leadName'])
      const coordinatorIds = t.coordinatorNames.map((n, j) => resolve(n, ['tasks', i, 'coordinatorNames', j]))
      await insertTask(trx, ctx, plan, { seq: t.seq, content: t.content, leadAgencyId, coordinatorIds, deadline: t.deadline }, ['tasks', i])
    }
  })
  return { planId, tasksCreated: input.tasks.length, agenciesCreated: created }
}

/** The kind is only a label for sorting the list; the clerk can change it. The name is never guessed. */
function guessKind(name: string): AgencyKind {
  const f = fold(name)
  if (/^(so|ban|chi cuc|cuc|ngan hang|kho bac|cong an|bo chi huy)\b/.test(f)) return 'department'
  if (/^(ubnd|uy ban nhan dan)\b/.test(f)) return 'peoples_committee'
  if (/mat tran/.test(f)) return 'fatherland_front'
  if (/^(hoi|doan|lien doan|tinh doan|huyen doan)\b/.test(f)) return 'mass_org'
  return 'other'
}
