import type { householdChannels } from '@shared/contract/households'
import { effectiveStandards, setOverride } from '../services/households/standards'
import { dismissDuplicate, findDuplicates } from '../services/households/duplicates'
import { generateDemoData } from '../services/households/demo-data'
import { listHouseholds, listHouseholdsFrom } from '../services/households/list'
import { getHousehold, householdAudit } from '../services/households/read'
import { addSupport, saveHousehold } from '../services/households/save'
import { writeErrorReport } from '../services/households/import/error-report'
import { importHouseholds } from '../services/households/import/run'
import { pickedFile, pickedWorkbook, rememberFile } from '../services/households/import/session'
import { writeTemplate } from '../services/households/import/template'
import { cancelJob, jobStatus, startJob } from '../services/jobs'
import { systemErrorMessage } from '../store/errors'
import type { HandlerMap } from './types'
import { ApiError } from '@shared/contract/errors'

export const householdHandlers: HandlerMap<keyof typeof householdChannels> = {
  'households.list': (ctx, input) => listHouseholds(ctx, input),
  'households.listFrom': (ctx, { after, ...query }) => listHouseholdsFrom(ctx, query, after),
  'households.demoData': async (ctx, { households, seed, level }) => ({
    households: await generateDemoData(ctx, { households, seed, ...(level ? { level } : {}) }),
    seed,
  }),
  'households.get': (ctx, { id }) => getHousehold(ctx, id),
  'households.save': (ctx, input) => saveHousehold(ctx, input),
  'households.addSupport': (ctx, input) => addSupport(ctx, input),
  'households.audit': (ctx, { id }) => householdAudit(ctx, id),
  'households.duplicates': (ctx) => findDuplicates(ctx),
  'households.dismissDuplicate': (ctx, input) => dismissDuplicate(ctx, input),
  'households.standards': (ctx) => effectiveStandards(ctx),
  'households.setStandardOverride': (ctx, { standardId, override }) => setOverride(ctx, standardId, override),
  'households.import.pick': async (ctx) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn danh sách hộ (Excel)', extensions: ['xlsx', 'xls'] })
    if (!path) return { cancelled: true as const }
    return { cancelled: false as const, ...rememberFile(ctx, path) }
  },
  'households.import.preview': async (ctx, { token, options }) => {
    const file = pickedFile(ctx, token)
    const workbook = await pickedWorkbook(file)
    // Kept so the error report can be saved straight from the preview.
    file.last = await importHouseholds(ctx, file.path, options, { dryRun: true, fileName: file.fileName, workbook })
    return file.last
  },
  'households.import.start': async (ctx, { token, options }) => {
    const file = pickedFile(ctx, token)
    if (file.state === 'importing') throw new ApiError('CONFLICT', 'Tệp này đang được nhập vào sổ; hãy chờ xong.')
    if (file.state === 'imported') {
      throw new ApiError('CONFLICT', 'Tệp này đã được nhập vào sổ. Muốn nhập lại, hãy chọn lại tệp.', ['token'])
    }
    file.state = 'importing'
    const jobId = startJob(ctx, 'households.import', async (control) => {
      let committed = false
      try {
        const workbook = await pickedWorkbook(file)
        const result = await importHouseholds(ctx, file.path, options, { dryRun: false, control, fileName: file.fileName, workbook })
        file.last = result
        committed = result.committed
        return result
      } catch (e) {
        // A register another program is writing, a full or read-only disk: the clerk's to fix and said
        // so (store/errors.ts), not reported as a fault with its stack (the job logs other errors).
        const known = systemErrorMessage(e)
        throw known ? new ApiError('INTERNAL', known) : e
      } finally {
        // Refused (all-or-nothing with bad rows), cancelled or failed: nothing was written, so it may run again.
        file.state = committed ? 'imported' : 'picked'
      }
    })
    return { jobId }
  },
  'households.import.saveErrorReport': async (ctx, { token }) => {
    const file = pickedFile(ctx, token)
    if (!file.last) return { saved: false as const }
    const out = await ctx.files.chooseSaveFile({
      title: 'Lưu tệp báo lỗi',
      defaultName: file.fileName.replace(/\.xlsx?$/i, '') + ' - loi.xlsx',
      extensions: ['xlsx'],
    })
    if (!out) return { saved: false as const }
    // The copy of an .xls is written from its converted .xlsx (values and merges; Excel 97 styling is not carried over).
    await writeErrorReport((await pickedWorkbook(file)).path, file.last, out)
    return { saved: true as const, fileName: out.split(/[\\/]/).pop() ?? out }
  },
  'households.template.save': async (ctx) => {
    const out = await ctx.files.chooseSaveFile({
      title: 'Lưu mẫu danh sách hộ',
      defaultName: 'mau-danh-sach-ho.xlsx',
      extensions: ['xlsx'],
    })
    if (!out) return { saved: false as const }
    await writeTemplate(out)
    return { saved: true as const, fileName: out.split(/[\\/]/).pop() ?? out }
  },
  'jobs.status': async (ctx, { jobId }) => jobStatus(ctx, jobId),
  'jobs.cancel': async (ctx, { jobId }) => cancelJob(ctx, jobId),
}
