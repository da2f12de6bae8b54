import type { OfficialDocument } from '@shared/print/document'
import { writeDocumentXlsx } from '../../export/excel/document-xlsx'
import type { ServiceContext } from '../context'
import { saveFileStreamed } from '../files/atomic-save'
import type { SaveResult } from './save-pdf'

/** Asks where to save, then writes the document as one Excel sheet named `sheet` (the Excel twin of save-pdf.ts). */
export async function saveDocumentXlsx(
  ctx: ServiceContext,
  doc: OfficialDocument,
  dialog: { title: string; defaultName: string; sheet: string },
): Promise<SaveResult> {
  const path = await ctx.files.chooseSaveFile({ title: dialog.title, defaultName: dialog.defaultName, extensions: ['xlsx'] })
  if (!path) return { cancelled: true }
  // The save dialog already asked before replacing a file of that name.
  await saveFileStreamed(path, (file) => writeDocumentXlsx(doc, file.stream(), dialog.sheet), { overwrite: true })
  return { cancelled: false, fileName: path.split(/[\\/]/).pop() ?? path, documents: 1, pages: 1 }
}
