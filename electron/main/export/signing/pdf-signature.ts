import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fontkit from '@pdf-lib/fontkit'
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib'
import { SignPdf } from '@signpdf/signpdf'
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils'
import {
  beginText,
  endText,
  moveText,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setStrokingRgbColor,
  showText,
  stroke,
  type PDFFont,
  type PDFOperator,
} from 'pdf-lib'
import { resourcesDir } from '../../resources'
import { readCertificate } from './certificate'
import { signDetached, type SigningIdentity } from './cms'

/** @signpdf's signer port, filled with our own CMS code in its PAdES form. */
class CmsSigner extends Signer {
  constructor(private readonly id: SigningIdentity) {
    super()
  }
  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return signDetached(pdfBuffer, this.id, signingTime ?? new Date(), { pades: true })
  }
}

export interface PdfSignatureMeta {
  reason: string
  /** The office's name: the stamp's "Cơ quan". */
  name: string
  location: string
  contactInfo: string
}

/** What the visible signature box says, as on documents signed with a CA token here. */
export function stampLines(signer: string, office: string, at: Date): string[] {
  // Vietnam's time (UTC+7, no daylight saving), whatever zone the PC is set to.
  const t = new Date(at.getTime() + 7 * 3600_000).toISOString()
  const when = `${t.slice(8, 10)}/${t.slice(5, 7)}/${t.slice(0, 4)} ${t.slice(11, 19)} +07:00`
  return [`Ký bởi: ${signer}`, `Cơ quan: ${office}`, `Thời gian ký: ${when}`]
}

let fontBytes: Buffer | null = null
/** DejaVu Sans (free licence, every Vietnamese glyph), bundled in resources/fonts; subset into each PDF. */
function stampFont(): Buffer {
  fontBytes ??= readFileSync(join(resourcesDir(), 'fonts', 'dejavu-sans.ttf'))
  return fontBytes
}

const BOX = { width: 250, height: 48, margin: 57, size: 8.5, lead: 13 }

/** Cuts a line to the box's width (a long office name must not run out of the frame). */
function fit(font: PDFFont, text: string, width: number): string {
  let t = text
  while (t.length > 4 && font.widthOfTextAtSize(t, BOX.size) > width) t = t.slice(0, -2)
  return t === text ? t : `${t.trimEnd()}…`
}

/**
 * Signs a PDF as PAdES baseline B-B (ETSI EN 319 142-1: /SubFilter ETSI.CAdES.detached, CMS with
 * signing-certificate-v2 and no signingTime, the time in /M), the form the national list of
 * signature standards names and that Adobe, Foxit, VGCA tools and poppler's pdfsig check. The
 * signature field is a visible box on the last page, bottom right: signer, office, time. A new
 * SignPdf and signer per document (@signpdf signers are single-use).
 */
export async function signPdf(pdf: Uint8Array, id: SigningIdentity, meta: PdfSignatureMeta, at: Date): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false })
  doc.registerFontkit(fontkit)
  const font = await doc.embedFont(stampFont(), { subset: true })
  const page = doc.getPages()[doc.getPageCount() - 1]!
  const { width } = page.getSize()
  const x = width - BOX.margin - BOX.width
  const y = BOX.margin
  const rect = [x, y, x + BOX.width, y + BOX.height]
  pdflibAddPlaceholder({
    pdfPage: page,
    ...meta,
    signingTime: at,
    signatureLength: 16384,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: rect,
    appName: 'So Giam Ngheo',
  })
  const signer = readCertificate(id.certificatePem).subject.name || meta.name
  const lines = stampLines(signer, meta.name, at).map((l) => fit(font, l, BOX.width - 12))
  // The stamp is the widget's appearance (/AP /N), so it belongs to the signature field itself.
  const ops: PDFOperator[] = [
    pushGraphicsState(),
    setLineWidth(1),
    setStrokingRgbColor(0.8, 0, 0),
    rectangle(0.5, 0.5, BOX.width - 1, BOX.height - 1),
    stroke(),
    setFillingRgbColor(0.8, 0, 0),
    beginText(),
    setFontAndSize('F1', BOX.size),
    moveText(6, BOX.height - 6 - BOX.size),
  ]
  lines.forEach((line, i) => {
    if (i) ops.push(moveText(0, -BOX.lead))
    ops.push(showText(font.encodeText(line)))
  })
  ops.push(endText(), popGraphicsState())
  const appearance = doc.context.register(
    doc.context.formXObject(ops, { BBox: [0, 0, BOX.width, BOX.height], Resources: { Font: { F1: font.ref } } }),
  )
  const annots = page.node.lookup(PDFName.of('Annots'), PDFArray)
  const widget = doc.context.lookup(annots.get(annots.size() - 1), PDFDict)
  widget.set(PDFName.of('AP'), doc.context.obj({ N: appearance }))
  const withPlaceholder = await doc.save({ useObjectStreams: false })
  return new SignPdf().sign(Buffer.from(withPlaceholder), new CmsSigner(id), at)
}
export { readPdfSignature, type PdfSignatureBytes } from './pdf-signature-read'
