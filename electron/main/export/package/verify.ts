import { performance } from 'node:perf_hooks'
import type { Manifest, Problem } from '@shared/domain/packages'
import { readCertificate, type CertificateInfo } from '../signing/certificate'
import { SignatureError, verifyDetached } from '../signing/cms'
import { signatureTimeProblems } from '../signing/validity'
import { readPdfSignature } from '../signing/pdf-signature'
import { MANIFEST_NAME, parseManifest, sha256Hex, SIGNATURE_NAME } from './manifest'
import { DEFAULT_ZIP_LIMITS, readZip, ZipError, type ZipLimits } from './zip-reader'

/** What the receiver knows about a certificate, looked up by fingerprint. */
export interface TrustDecision {
  status: 'active' | 'revoked'
  officeCode: string
  revokedAt: string | null
}

export interface VerifyOptions {
  trust: (fingerprint: string) => TrustDecision | null
  /** The newest database schema this app understands; a package from a newer one is refused. */
  latestSchemaVersion: number
  limits?: ZipLimits
  /** This machine's clock: the certificate must be valid now, whatever time the signer wrote. */
  now: Date
}

export interface VerifiedPackage {
  problems: Problem[]
  manifest: Manifest | null
  manifestHash: string | null
  signer: CertificateInfo | null
  /** The listed files, present only when every check passed. */
  files: Map<string, Buffer> | null
  hashMs: number
}

/**
 * Everything that can be checked from the bytes and the trust list, before any data is touched:
 * archive structure and limits, manifest and format, the signature and who made it, every listed
 * file present with its size and hash, nothing unlisted, and each PDF's own signature by the same
 * certificate. Problems are collected (not just the first) so the clerk sees everything wrong.
 */
export function verifyPackageBytes(zip: Buffer, options: VerifyOptions): VerifiedPackage {
  const result: VerifiedPackage = { problems: [], manifest: null, manifestHash: null, signer: null, files: null, hashMs: 0 }
  const fail = (code: string, message: string) => {
    result.problems.push({ code, message })
    return result
  }
  let entries: Map<string, Buffer>
  try {
    entries = readZip(zip, options.limits ?? DEFAULT_ZIP_LIMITS)
  } catch (e) {
    if (e instanceof ZipError) return fail(`zip.${e.problem}`, e.message)
    throw e
  }
  const manifestRaw = entries.get(MANIFEST_NAME)
  const signature = entries.get(SIGNATURE_NAME)
  if (!manifestRaw) return fail('manifest.missing', 'Gói không có tệp manifest.json.')
  if (!signature) return fail('signature.missing', 'Gói không có chữ ký manifest.json.p7s: không xác định được ai gửi.')

  const parsed = parseManifest(manifestRaw)
  if (!parsed.ok) return fail(parsed.code, parsed.message)
  const manifest = parsed.manifest
  result.manifest = manifest
  result.manifestHash = sha256Hex(manifestRaw)

  // Who signed, and whether we trust them for this office.
  let signerDer: Buffer
  let signingTime: Date | null
  try {
    ;({ certificateDer: signerDer, signingTime } = verifyDetached(signature, manifestRaw))
  } catch (e) {
    if (e instanceof SignatureError) return fail(`signature.${e.reason}`, `Chữ ký của gói không hợp lệ: ${e.message}`)
    throw e
  }
  const signer = readCertificate(signerDer)
  result.signer = signer
  const trust = options.trust(signer.fingerprint)
  if (!trust) {
    fail(
      'signer.unknown',
      `Gói được ký bởi chứng thư số chưa đăng ký (${signer.subject.name}, dấu vân tay ${signer.fingerprint}). ` +
        'Hãy đăng ký chứng thư của đơn vị sau khi xác nhận dấu vân tay qua điện thoại.',
    )
  } else if (trust.status === 'revoked') {
    fail(
      'signer.revoked',
      `Chứng thư số của ${signer.subject.name} đã bị thu hồi${trust.revokedAt ? ` ngày ${trust.revokedAt.slice(0, 10)}` : ''}; không nhận gói ký bằng chứng thư này.`,
    )
  } else if (trust.officeCode !== manifest.office.code) {
    fail(
      'signer.office-mismatch',
      `Gói ghi là của đơn vị ${manifest.office.code} nhưng được ký bằng chứng thư của đơn vị ${trust.officeCode}.`,
    )
  }
  // Judged by this machine's clock: the signing time is the signer's own claim (validity.ts).
  for (const p of signatureTimeProblems(signer, signingTime, options.now)) {
    fail(p.code, p.code === 'signer.expired' ? `${p.message} Đơn vị cần tạo khóa mới và gửi chứng thư mới để đăng ký.` : p.message)
  }
  if (manifest.schemaVersion > options.latestSchemaVersion) {
    fail(
      'schema.unknown',
      `Gói tạo từ lược đồ dữ liệu phiên bản ${manifest.schemaVersion}, ứng dụng này chỉ hiểu đến ${options.latestSchemaVersion}. Hãy cập nhật ứng dụng.`,
    )
  }

  // Every listed file present and intact; nothing unlisted.
  const listed = new Set(manifest.files.map((f) => f.name))
  if (listed.size !== manifest.files.length) fail('manifest.invalid', 'Manifest liệt kê một tệp hai lần.')
  const t0 = performance.now()
  for (const f of manifest.files) {
    const data = entries.get(f.name)
    if (!data) fail('file.missing', `Thiếu tệp "${f.name}" có trong manifest (bị xóa hoặc đổi tên).`)
    else if (data.length !== f.size)
      fail('file.size', `Tệp "${f.name}" có ${data.length} byte, manifest ghi ${f.size} byte: tệp đã bị thay đổi.`)
    else if (sha256Hex(data) !== f.sha256) fail('file.hash', `Tệp "${f.name}" đã bị thay đổi (mã băm SHA-256 không khớp với manifest).`)
  }
  result.hashMs = performance.now() - t0
  for (const name of entries.keys()) {
    if (name !== MANIFEST_NAME && name !== SIGNATURE_NAME && !listed.has(name))
      fail('file.extra', `Gói có tệp lạ "${name}" không có trong manifest.`)
  }
  for (const f of manifest.files) {
    const data = entries.get(f.name)
    if (f.kind === 'pdf' && data) {
      const why = pdfSignatureProblem(data, signer.fingerprint)
      if (why) fail('pdf.signature', `Tệp "${f.name}": ${why}`)
    }
  }
  if (result.problems.length === 0) result.files = entries
  return result
}

function pdfSignatureProblem(pdf: Buffer, expectedFingerprint: string): string | null {
  try {
    const sig = readPdfSignature(pdf)
    if (!sig) return 'báo cáo PDF chưa được ký số.'
    const by = readCertificate(verifyDetached(sig.cms, sig.signed).certificateDer)
    return by.fingerprint === expectedFingerprint ? null : 'báo cáo PDF được ký bằng chứng thư khác với chứng thư ký gói.'
  } catch (e) {
    return `chữ ký số của báo cáo PDF không hợp lệ (${(e as Error).message})`
  }
}
