import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib'
import { SignPdf } from '@signpdf/signpdf'
import { Signer } from '@signpdf/utils'
import { PDFDocument } from 'pdf-lib'
import { signDetached, type SigningIdentity } from './cms'

/** @signpdf's signer port, filled with our own CMS code: the same signature the manifest carries. */
class CmsSigner extends Signer {
  constructor(private readonly id: SigningIdentity) {
    super()
  }
  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return signDetached(pdfBuffer, this.id, signingTime ?? new Date())
  }
}

export interface PdfSignatureMeta {
  reason: string
  name: string
  location: string
  contactInfo: string
}

/**
 * Adds an adbe.pkcs7.detached signature to a PDF, the kind Adobe, Foxit, VGCA tools and poppler's
 * pdfsig check. A new SignPdf and signer per document (@signpdf signers are single-use).
 */
export async function signPdf(pdf: Uint8Array, id: SigningIdentity, meta: PdfSignatureMeta, at: Date): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false })
  pdflibAddPlaceholder({ pdfDoc: doc, ...meta, signingTime: at, signatureLength: 8192, appName: 'So Giam Ngheo' })
  const withPlaceholder = await doc.save({ useObjectStreams: false })
  return new SignPdf().sign(Buffer.from(withPlaceholder), new CmsSigner(id), at)
}

export interface PdfSignatureBytes {
  /** The bytes the signature covers (the two ranges of /ByteRange, joined). */
  signed: Buffer
  cms: Buffer
}

/**
 * Finds the last signature of a PDF and what it covers. Refuses a byte range that leaves any of
 * the file uncovered, other than the signature's own hex string: bytes appended after signing (an
 * incremental update) would otherwise pass unnoticed.
 */
export function readPdfSignature(pdf: Buffer): PdfSignatureBytes | null {
  const text = pdf.toString('latin1')
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)]
  const last = matches[matches.length - 1]
  if (!last) return null
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number]
  if (a !== 0 || c + d !== pdf.length || b >= c || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) {
    throw new Error('Chữ ký trong tệp PDF không bao trùm toàn bộ tệp (có phần được thêm sau khi ký).')
  }
  const hex = text.slice(b + 1, c - 1).replace(/0+$/, '')
  const cms = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex')
  return { signed: Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, c + d)]), cms }
}
