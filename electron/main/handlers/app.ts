import { ApiError } from '@shared/contract/errors'
import type { appChannels } from '@shared/contract/app'
import { getOffice, setupOffice, updateOffice } from '../services/office'
import { listStandards } from '../services/standards'
import { getLetterhead, saveLetterhead } from '../services/letterhead'
import { expectedOfficesView, importExpectedOffices } from '../services/expected-offices'
import { addUnit, listUnits, mergeUnits, renameUnit } from '../services/units'
import { parseUnitRows } from '../services/unit-list'
import { readSmallTable, TableFileError } from '../export/table-file'
import { signIn } from '../services/users/session'
import { unstage } from '../services/files/staged'
import type { HandlerMap } from './types'

export const appHandlers: HandlerMap<keyof typeof appChannels> = {
  'app.info': async (ctx) => ({
    appVersion: ctx.appVersion,
    schemaVersion: ctx.store.schemaVersion,
    dbPath: ctx.store.path,
    officeSetUp: (await getOffice(ctx)) !== null,
  }),
  'office.get': (ctx) => getOffice(ctx),
  // Cancel in a preview: the window's pick goes now rather than when it expires.
  'files.release': async (ctx, { token }) => ({ released: unstage(ctx, token) }),
  'office.setup': async (ctx, input) => {
    // The app's first run needs somewhere to record households: at least one unit under the office.
    const office = await setupOffice(ctx, { ...input, requireUnits: true })
    // The person who set the office up is signed in as its first admin.
    if (ctx.session) await signIn(ctx, ctx.session, input.admin.username, input.admin.password)
    return office
  },
  // No units and no account yet: the first window then asks for the first admin (auth.createFirstAdmin).
  'office.create': (ctx, { office }) => setupOffice(ctx, { office, units: [] }),
  'office.update': (ctx, input) => updateOffice(ctx, input),
  'office.letterhead': (ctx) => getLetterhead(ctx),
  'office.saveLetterhead': (ctx, input) => saveLetterhead(ctx, input),
  'province.expected': (ctx, input) => expectedOfficesView(ctx, input.period),
  'province.importExpected': async (ctx) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn danh sách xã, phường của tỉnh', extensions: ['xlsx', 'csv'] })
    if (!path) return { cancelled: true as const }
    try {
      const table = await readSmallTable(path)
      return { cancelled: false as const, ...(await importExpectedOffices(ctx, table.rows, path.split(/[\\/]/).pop() ?? path)) }
    } catch (e) {
      if (e instanceof TableFileError) throw new ApiError('BAD_INPUT', e.message)
      throw e
    }
  },
  'units.list': (ctx) => listUnits(ctx),
  'units.add': (ctx, input) => addUnit(ctx, input),
  'units.rename': (ctx, input) => renameUnit(ctx, input),
  'units.merge': (ctx, input) => mergeUnits(ctx, input),
  'units.pickFile': async (ctx) => {
    const path = await ctx.files.chooseOpenFile({ title: 'Chọn danh mục đơn vị hành chính', extensions: ['xlsx', 'csv'] })
    if (!path) return { cancelled: true as const }
    try {
      const table = await readSmallTable(path)
      const { drafts, errors } = parseUnitRows(table.rows)
      return { cancelled: false as const, fileName: path.split(/[\\/]/).pop() ?? path, drafts, errors }
    } catch (e) {
      if (e instanceof TableFileError) throw new ApiError('BAD_INPUT', e.message)
      throw e
    }
  },
  'standards.list': (ctx) => listStandards(ctx),
}
