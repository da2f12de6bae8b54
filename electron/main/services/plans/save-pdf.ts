import { PDFDocument } from 'pdf-lib'
import type { OfficialDocument } from '@shared/print/document'
import { documentPdf } from '../../export/print/pdf'
import type { ServiceContext } from '../context'
import { saveFile } from '../files/atomic-save'

export type SaveResult = { cancelled: true } | { cancelled: false; fileName: string; documents: number; pages: number }

/**
 * Asks where to save, then prints the documents into one PDF (several letters to several agencies
 * become one file to print in one go, each letter starting on its own page).
 */
export async function saveDocumentsPdf(
  ctx: ServiceContext,
  docs: OfficialDocument[],
  dialog: { title: string; defaultName: string },
): Promise<SaveResult> {
  const path = await ctx.files.chooseSaveFile({ ...dialog, extensions: ['pdf'] })
  if (!path) return { cancelled: true }
  const merged = await PDFDocument.create()
  for (const doc of docs) {
    const part = await PDFDocument.load(await documentPdf(ctx.pdf, doc))
    for (const page of await merged.copyPages(part, part.getPageIndices())) merged.addPage(page)
  }
  merged.setTitle(docs[0]?.title ?? '')
  merged.setCreator('Sổ Giảm Nghèo')
  // The clock is injected, so the file's dates say what the documents say.
  merged.setCreationDate(ctx.now())
  merged.setModificationDate(ctx.now())
  // The save dialog already asked before replacing a file of that name.
  saveFile(path, await merged.save(), { overwrite: true })
  return { cancelled: false, fileName: path.split(/[\\/]/).pop() ?? path, documents: docs.length, pages: merged.getPageCount() }
}
