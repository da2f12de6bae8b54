import { stat } from 'node:fs/promises'
import type { ImportResult } from '@shared/domain/household-import'
import type { ServiceContext } from '../../context'
import { stagedFile, stageFile } from '../../files/staged'
import { XLS_LIMITS } from './legacy-xls'
import { openWorkbook, type OpenedWorkbook } from './workbook-file'

/**
 * A household list chosen in main's dialog, kept in the staged-file store (services/files/staged.ts:
 * per window, by token, expiring); the preview, the import and the error report refer to it by token.
 */
interface Picked {
  path: string
  /** The database being imported into: an .xls is converted into the private folder next to it. */
  dbPath: string
  fileName: string
  last: ImportResult | null
  /**
   * The import of this pick runs, or has written rows: it is not started again on the same token
   * (a second click used to write the same rows again as updates). Picking the file again starts afresh.
   */
  state: 'picked' | 'importing' | 'imported'
  /** Opened once for the preview, the import and the error report: an .xls is converted only once. */
  opened: { workbook: Promise<OpenedWorkbook>; stamp: string } | null
}

const KIND = 'households.import'

/**
 * Starts an import session. A window's dialog holds one file at a time (it cannot pick while an
 * import runs), so picking a file ends the window's earlier pick and removes its converted copy;
 * the last one goes when the process exits (legacy-xls), or when the pick expires unused.
 */
export function rememberFile(ctx: ServiceContext, path: string): { token: string; fileName: string } {
  const picked: Picked = { path, dbPath: ctx.store.path, fileName: '', last: null, state: 'picked', opened: null }
  const staged = stageFile(ctx, KIND, path, picked, { release: () => release(picked), busy: () => picked.state === 'importing' })
  picked.fileName = staged.fileName
  return { token: staged.token, fileName: staged.fileName }
}

export function pickedFile(ctx: ServiceContext, token: string): Picked {
  return stagedFile<Picked>(ctx, KIND, token).data
}

/** The picked file opened for reading, opened again when it changed on disk (the clerk saved it in Excel meanwhile). */
export async function pickedWorkbook(p: Picked): Promise<OpenedWorkbook> {
  const stamp = await stat(p.path).then(
    (s) => `${s.mtimeMs}:${s.size}`,
    () => '',
  )
  if (p.opened && p.opened.stamp !== stamp) release(p)
  if (!p.opened) {
    const workbook = openWorkbook(p.path, XLS_LIMITS, p.dbPath)
    const opened = { workbook, stamp }
    p.opened = opened
    // A file that could not be opened is tried again next time (a failed conversion leaves no copy behind).
    workbook.catch(() => {
      if (p.opened === opened) p.opened = null
    })
  }
  return p.opened.workbook
}

function release(p: Picked): void {
  const opened = p.opened
  p.opened = null
  // Nothing to report if it fails: a copy left behind goes when the process exits.
  opened?.workbook.then((w) => w.close()).catch(() => {})
}
