import { z } from 'zod'

/** The OfficialDocument (document.ts) as a schema, for the documents that travel over IPC for preview. */
const CellSchema = z.union([z.string(), z.number(), z.null()])
const HeaderCellSchema = z.object({
  text: z.string(),
  colSpan: z.number().int().positive().optional(),
  rowSpan: z.number().int().positive().optional(),
})
const ColumnSpecSchema = z.object({ kind: z.enum(['text', 'int', 'percent', 'money', 'date']), width: z.number().positive() })
export const DocTableSchema = z.object({
  header: z.array(z.array(HeaderCellSchema)),
  columns: z.array(ColumnSpecSchema),
  rows: z.array(z.array(CellSchema)),
  boldRows: z.array(z.number().int()).optional(),
})
const BlockSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('paragraph'),
    text: z.string(),
    bold: z.boolean().optional(),
    italic: z.boolean().optional(),
    align: z.enum(['left', 'center', 'justify']).optional(),
  }),
  z.object({ kind: z.literal('heading'), text: z.string() }),
  z.object({ kind: z.literal('table'), table: DocTableSchema }),
])
export const SignerSchema = z.object({ authority: z.string().max(200), title: z.string().max(200), name: z.string().max(200) })
export const OfficialDocumentSchema = z.object({
  agency: z.array(z.string()),
  number: z.string(),
  place: z.string(),
  date: z.string(),
  title: z.string(),
  subtitle: z.string().optional(),
  orientation: z.enum(['portrait', 'landscape']),
  body: z.array(BlockSchema),
  recipients: z.array(z.string()),
  signer: SignerSchema,
})
