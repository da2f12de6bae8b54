import { describe, expect, it } from 'vitest'
import { createSelfSignedIdentity } from '../../electron/main/export/signing/certificate'
import { signDetached, verifyDetached } from '../../electron/main/export/signing/cms'
import { readPdfSignature } from '../../electron/main/export/signing/pdf-signature-read'

const identity = createSelfSignedIdentity(
  { name: 'UBND xã Tân Thành', code: '14563', province: 'Ninh Bình' },
  new Date('2026-03-01T00:00:00Z'),
)
const PLACEHOLDER_HEX = 16384 * 2

/** A PDF's shape as @signpdf leaves it: the CMS in hex, padded with zeros, between two covered ranges. */
function pdfAround(cms: Buffer, before = '%PDF-1.7\n1 0 obj << /Contents ', after = ' >>\nendobj\n%%EOF\n'): Buffer {
  const hex = `<${cms.toString('hex').padEnd(PLACEHOLDER_HEX, '0')}>`
  // The /ByteRange line is written with fixed widths so that its own length is known beforehand.
  const head = (b: number, c: number, d: number) => `${before.replace('<<', `<< /ByteRange [0 ${pad(b)} ${pad(c)} ${pad(d)}]`)}`
  const pad = (n: number) => String(n).padStart(10, '0')
  const b = head(0, 0, 0).length
  const c = b + hex.length
  return Buffer.from(head(b, c, after.length) + hex + after, 'latin1')
}

/** Signs growing content until the CMS's last byte is 0x00 (one signature in 256, on average). */
function signatureEndingInZero(): { content: Buffer; cms: Buffer } {
  for (let i = 0; i < 5000; i++) {
    const content = Buffer.from(`nội dung ${i}`)
    const cms = signDetached(content, identity, new Date('2026-06-15T03:04:05Z'), { pades: true })
    if (cms[cms.length - 1] === 0 && cms[cms.length - 2] !== 0) return { content, cms }
  }
  throw new Error('no signature ending in 0x00 in 5000 tries')
}

describe('reading the CMS out of a signed PDF', () => {
  it('keeps a signature whose last byte is 0x00 whole (trailing zeros of the padding are not the signature)', () => {
    const { content, cms } = signatureEndingInZero()
    const pdf = pdfAround(cms)
    const read = readPdfSignature(pdf)!
    expect(read.cms.equals(cms)).toBe(true)
    // The covered ranges are the file without the hex string, as a verifier sees it.
    const hexStart = pdf.indexOf('<'.charCodeAt(0), pdf.indexOf('/Contents'))
    expect(read.signed.equals(Buffer.concat([pdf.subarray(0, hexStart), pdf.subarray(hexStart + PLACEHOLDER_HEX + 2)]))).toBe(true)
    // What was read is the signature itself: it verifies over what it signed, and over nothing else.
    expect(verifyDetached(read.cms, content).certificateDer.length).toBeGreaterThan(0)
    expect(() => verifyDetached(read.cms, Buffer.from('không phải nội dung đã ký'))).toThrow()
  })

  it('a CMS of every length form reads back as written', () => {
    for (const size of [3, 127, 128, 255, 256, 4000]) {
      const body = Buffer.alloc(size, 0x41)
      body[size - 1] = 0
      const header =
        size < 128
          ? Buffer.from([0x30, size])
          : size < 256
            ? Buffer.from([0x30, 0x81, size])
            : Buffer.from([0x30, 0x82, size >> 8, size & 255])
      const der = Buffer.concat([header, body])
      expect(readPdfSignature(pdfAround(der))!.cms.equals(der)).toBe(true)
    }
  })

  it('refuses a placeholder whose padding carries other bytes, or that holds no CMS', () => {
    const der = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00])
    const tampered = pdfAround(Buffer.concat([der, Buffer.from([0, 0, 0x7f])]))
    expect(() => readPdfSignature(tampered)).toThrow(/không đọc được/)
    expect(() => readPdfSignature(pdfAround(Buffer.from([0x04, 0x01, 0x00])))).toThrow(/không đọc được/)
    expect(() => readPdfSignature(pdfAround(Buffer.from([0x30, 0x82, 0xff, 0xff])))).toThrow(/không đọc được/)
  })
})
