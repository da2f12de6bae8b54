import { ApiError } from '@shared/contract/errors'
import type { planChannels } from '@shared/contract/plans'
import { stagedFile, stageFile, unstage } from '../services/files/staged'
import { createAgency, listAgencies, updateAgency } from '../services/plans/agencies'
import { commitAnnex, previewAnnexFile, type AnnexTaskInput } from '../services/plans/annex-import'
import { dueTasks, monthCalendar, tasksByAgency } from '../services/plans/due'
import { addProgress, addReport, completeTask, reopenTask } from '../services/plans/follow-up'
import { createPlan, getPlan, listPlans, updatePlan } from '../services/plans/plans'
import { saveDocumentsPdf } from '../services/plans/save-pdf'
import { saveDocumentXlsx } from '../services/plans/save-xlsx'
import { taskResultsReport } from '../services/plans/task-results-report'
import { createTask, requireTask, updateTask } from '../services/plans/tasks'
import { urgingLetters } from '../services/plans/urging-letter'
import type { HandlerMap } from './types'

const ANNEX = 'plans.annex'

export const planHandlers: HandlerMap<keyof typeof planChannels> = {
  'agencies.list': (ctx) => listAgencies(ctx),
  'agencies.create': (ctx, input) => createAgency(ctx, input),
  'agencies.update': (ctx, input) => updateAgency(ctx, input),
  'plans.list': (ctx) => listPlans(ctx),
  'plans.get': (ctx, input) => getPlan(ctx, input.id),
  'plans.create': (ctx, input) => createPlan(ctx, input),
  'plans.update': (ctx, input) => updatePlan(ctx, input),
  'tasks.get': (ctx, input) => requireTask(ctx, input.id),
  'tasks.create': (ctx, input) => createTask(ctx, input),
  'tasks.update': (ctx, input) => updateTask(ctx, input),
  'tasks.addProgress': (ctx, input) => addProgress(ctx, input),
  'tasks.addReport': (ctx, input) => addReport(ctx, input),
  'tasks.complete': (ctx, input) => completeTask(ctx, input),
  'tasks.reopen': (ctx, input) => reopenTask(ctx, input),
  'tasks.due': (ctx, input) => dueTasks(ctx, input),
  'tasks.byAgency': (ctx, input) => tasksByAgency(ctx, input),
  'tasks.calendar': (ctx, input) => monthCalendar(ctx, input),
  'plans.importPick': async (ctx) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn phụ lục nhiệm vụ của kế hoạch', extensions: ['xlsx', 'csv'] })
    if (!path) return { cancelled: true as const }
    const preview = await previewAnnexFile(ctx, path)
    // The previewed tasks stay in main with the pick: what is committed is what the clerk saw.
    const tasks: AnnexTaskInput[] = preview.drafts.map(({ row: _row, ...task }) => task)
    return { cancelled: false as const, token: stageFile(ctx, ANNEX, path, tasks).token, ...preview }
  },
  'plans.importCommit': async (ctx, input) => {
    const tasks = stagedFile<AnnexTaskInput[]>(ctx, ANNEX, input.token).data
    if (!tasks.length) throw new ApiError('BAD_INPUT', 'Không có nhiệm vụ nào để nhập', ['token'])
    // A new plan is created with its tasks, all or nothing (the command line names it by its fields).
    const target = input.planId ? { planId: input.planId } : { plan: input.plan! }
    const done = await commitAnnex(ctx, { target, tasks, createAgencies: input.createAgencies })
    unstage(ctx, input.token)
    return done
  },
  'plans.urgingPdf': async (ctx, input) => {
    const letters = await urgingLetters(ctx, input)
    const name = input.agencyId ? (letters[0]?.subtitle ?? '').replace(/^Kính gửi: /, '') : 'cac-co-quan'
    return saveDocumentsPdf(ctx, letters, { title: 'Lưu thư đôn đốc', defaultName: `Don-doc ${name} ${letters[0]?.date ?? ''}.pdf` })
  },
  'plans.resultsXlsx': async (ctx, input) => {
    const doc = await taskResultsReport(ctx, input)
    const name = input.period === 'H1' ? `6-thang-${input.year}` : `nam-${input.year}`
    return saveDocumentXlsx(ctx, doc, {
      title: 'Lưu báo cáo kết quả thực hiện nhiệm vụ (Excel)',
      defaultName: `Bao-cao-nhiem-vu ${name}.xlsx`,
      sheet: 'Nhiệm vụ',
    })
  },
  'plans.resultsPdf': async (ctx, input) => {
    const doc = await taskResultsReport(ctx, input)
    const name = input.period === 'H1' ? `6-thang-${input.year}` : `nam-${input.year}`
    return saveDocumentsPdf(ctx, [doc], { title: 'Lưu báo cáo kết quả thực hiện nhiệm vụ', defaultName: `Bao-cao-nhiem-vu ${name}.pdf` })
  },
}
