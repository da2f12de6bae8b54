// Reading a PDF's signature needs no PDF library: kept apart from pdf-signature.ts (pdf-lib,
// fontkit, @signpdf), so that verifying a package does not load them.
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
