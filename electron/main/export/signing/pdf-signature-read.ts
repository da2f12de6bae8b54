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
  const cms = derPrefix(Buffer.from(text.slice(b + 1, c - 1), 'hex'))
  return { signed: Buffer.concat([pdf.subarray(a, b), pdf.subarray(c, c + d)]), cms }
}

/**
 * The CMS inside the placeholder's zero padding, cut at the length its own DER header gives.
 * Stripping trailing zeros instead (as @signpdf's extractSignature does) cuts a signature whose
 * last byte is 0x00 — about one RSA signature in 256 — and a good PDF is then refused.
 */
function derPrefix(placeholder: Buffer): Buffer {
  const bad = () => new Error('Chữ ký trong tệp PDF không đọc được (vùng chữ ký không chứa một cấu trúc CMS).')
  if (placeholder.length < 2 || placeholder[0] !== 0x30) throw bad()
  const first = placeholder[1]!
  let header = 2
  let length = first
  if (first & 0x80) {
    const n = first & 0x7f
    // DER's long form: 1–4 length bytes are plenty for a placeholder of a few kilobytes.
    if (n < 1 || n > 4 || placeholder.length < 2 + n) throw bad()
    length = placeholder.subarray(2, 2 + n).reduce((acc, byte) => acc * 256 + byte, 0)
    header = 2 + n
  }
  const end = header + length
  // Whatever follows the structure is the placeholder's padding, and must be only that.
  if (end > placeholder.length || placeholder.subarray(end).some((byte) => byte !== 0)) throw bad()
  return placeholder.subarray(0, end)
}
