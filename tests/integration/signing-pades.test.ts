import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { readCertificate } from '../../electron/main/export/signing/certificate'
import { verifyDetached } from '../../electron/main/export/signing/cms'
import { readPdfSignature, signPdf } from '../../electron/main/export/signing/pdf-signature'
import { makeTestCa, nssTrusting } from '../helpers/test-ca'
import { tempDir } from '../helpers/temp'

async function samplePdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.TimesRoman)
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`Bao cao - trang ${i + 1}`, { x: 80, y: 760, size: 14, font })
  return doc.save()
}

describe('PAdES B-B signature with a visible stamp', () => {
  it('pdfsig: ETSI.CAdES.detached, Signature is Valid, Certificate is Trusted with the root in its database; the stamp is on the last page', async () => {
    const dir = tempDir()
    const ca = makeTestCa(join(dir, 'ca'))
    const office = ca.issue('office', '/C=VN/ST=Ninh Bình/O=14563/CN=UBND xã Tân Thành')
    const id = {
      certificatePem: office.certPem,
      chainPems: [ca.intermediatePem],
      privateKeyPkcs8: Buffer.from(execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', office.keyFile, '-outform', 'DER'])),
    }
    const at = new Date('2026-06-15T03:04:05Z')
    const signed = await signPdf(
      await samplePdf(2),
      id,
      { reason: 'Báo cáo kỳ 2026-H1', name: 'UBND xã Tân Thành', location: 'Ninh Bình', contactInfo: '14563' },
      at,
    )
    const file = join(dir, 'signed.pdf')
    writeFileSync(file, signed)

    // Our own reader: the CMS carries the chain and no signingTime (PAdES: the time is /M).
    const sig = readPdfSignature(signed)!
    const by = verifyDetached(sig.cms, sig.signed)
    expect(readCertificate(by.certificateDer).subject.code).toBe('14563')
    expect(by.chainDer).toHaveLength(1)
    expect(by.signingTime).toBeNull()
    expect(signed.toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached')

    const withoutTrust = spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout
    expect(withoutTrust).toContain('Signature is Valid.')
    expect(withoutTrust).toContain('ETSI.CAdES.detached')
    const trusted = spawnSync('pdfsig', ['-nssdir', nssTrusting(dir, ca.rootPem), file], { encoding: 'utf8' }).stdout
    expect(trusted).toContain('Signature is Valid.')
    expect(trusted).toContain('Certificate is Trusted.')
    // The same file with a root it does not know: valid, but not trusted (the check can fail).
    const other = makeTestCa(join(dir, 'other'), 'Other CA')
    const untrusted = spawnSync('pdfsig', ['-nssdir', nssTrusting(join(dir, 'o'), other.rootPem), file], { encoding: 'utf8' }).stdout
    expect(untrusted).not.toContain('Certificate is Trusted.')
    expect(spawnSync('qpdf', ['--check', file], { encoding: 'utf8' }).status).toBe(0)

    // The stamp: render the last page and look at its bottom-right corner (red box, text inside).
    const out = join(process.cwd(), 'test-artifacts')
    mkdirSync(out, { recursive: true })
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '2', '-l', '2', '-singlefile', file, join(out, 'pades-stamp')])
    const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' })
    expect(text).toContain('Ký bởi: UBND xã Tân Thành')
    expect(text).toContain('Cơ quan: UBND xã Tân Thành')
    expect(text).toContain('Thời gian ký: 15/06/2026 10:04:05 +07:00')
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' })
    expect(first).not.toContain('Ký bởi')
    expect(readFileSync(join(out, 'pades-stamp.png')).length).toBeGreaterThan(1000)
  })
})
