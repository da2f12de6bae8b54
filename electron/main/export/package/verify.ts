import { performance } from 'node:perf_hooks'
import type { Manifest, Problem } from '@shared/domain/packages'
import { readCertificate, type CertificateInfo } from '../signing/certificate'
import { SignatureError, verifyDetached } from '../signing/cms'
import { signatureTimeProblems } from '../signing/validity'
import { readPdfSignature } from '../signing/pdf-signature-read'
import { MANIFEST_NAME, MAX_MANIFEST_BYTES, parseManifest, sha256Hex, SIGNATURE_NAME } from './manifest'
import { createHash } from 'node:crypto'
import { describeBytes, INPUT_LIMITS } from '../input/limits'
import {
  bufferSource,
  DEFAULT_ZIP_LIMITS,
  entryChunks,
  readEntry,
  readZipIndex,
  ZipError,
  type ZipEntryInfo,
  type ZipLimits,
  type ZipSource,
} from './zip-reader'

/** What the receiver knows about a certificate, looked up by fingerprint. */
export interface TrustDecision {
  status: 'active' | 'revoked'
  officeCode: string
  revokedAt: string | null
  /** Registered by fingerprint, or trusted through a CA chain (services/packages/trust.ts). */
  via?: 'pinned' | 'ca'
  /** The chain from the signer to the trusted CA, by name, and what the CRLs said. */
  chain?: string[]
  revocation?: string
  /** Why the chain, its dates, key usage, revocation or office binding refuse the signer. */
  problems?: Problem[]
}

/** What the signature says about its signer, for a lookup that checks CA chains. */
export interface SignerDetails {
  certificateDer: Buffer
  chainDer: Buffer[]
  signingTime: Date | null
  /** The office the package (or receipt) says it comes from. */
  officeCode: string
}

export type TrustLookup = (fingerprint: string, details?: SignerDetails) => TrustDecision | null

export interface VerifyOptions {
  trust: TrustLookup
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
  /** The archive the checks read, to read the listed files from again (a file is never held whole). */
  source: ZipSource
  /** The listed files, present only when every check passed. */
  entries: Map<string, ZipEntryInfo> | null
  hashMs: number
}

/**
 * Everything that can be checked from the bytes and the trust list, before any data is touched:
 * archive structure and limits, manifest and format, the signature and who made it, every listed
 * file present with its size and hash, nothing unlisted, and each PDF's own signature by the same
 * certificate. Problems are collected (not just the first) so the clerk sees everything wrong.
 */
export function verifyPackageBytes(zip: Buffer | ZipSource, options: VerifyOptions): VerifiedPackage {
  const source = Buffer.isBuffer(zip) ? bufferSource(zip) : zip
  const result: VerifiedPackage = { problems: [], manifest: null, manifestHash: null, signer: null, source, entries: null, hashMs: 0 }
  const fail = (code: string, message: string) => {
    result.problems.push({ code, message })
    return result
  }
  let entries: Map<string, ZipEntryInfo>
  let manifestRaw: Buffer
  let signature: Buffer
  try {
    entries = readZipIndex(source, options.limits ?? DEFAULT_ZIP_LIMITS)
    const m = entries.get(MANIFEST_NAME)
    const sig = entries.get(SIGNATURE_NAME)
    if (!m) return fail('manifest.missing', 'Gói không có tệp manifest.json.')
    if (!sig) return fail('signature.missing', 'Gói không có chữ ký manifest.json.p7s: không xác định được ai gửi.')
    // Refused on the declared size before it is read: a manifest is a few KB.
    if (m.usize > MAX_MANIFEST_BYTES || sig.usize > MAX_MANIFEST_BYTES) return fail('manifest.invalid', 'Tệp manifest.json quá lớn.')
    manifestRaw = readEntry(source, m)
    signature = readEntry(source, sig)
  } catch (e) {
    if (e instanceof ZipError) return fail(`zip.${e.problem}`, e.message)
    throw e
  }

  const parsed = parseManifest(manifestRaw)
  if (!parsed.ok) return fail(parsed.code, parsed.message)
  const manifest = parsed.manifest
  result.manifest = manifest
  result.manifestHash = sha256Hex(manifestRaw)

  // Every listed file present and intact (hashed before the signature: see the CRC refusal below).
  const listed = new Set(manifest.files.map((f) => f.name))
  if (listed.size !== manifest.files.length) fail('manifest.invalid', 'Manifest liệt kê một tệp hai lần.')
  const t0 = performance.now()
  for (const f of manifest.files) {
    const entry = entries.get(f.name)
    if (!entry) fail('file.missing', `Thiếu tệp "${f.name}" có trong manifest (bị xóa hoặc đổi tên).`)
    else if (entry.usize !== f.size)
      fail('file.size', `Tệp "${f.name}" có ${entry.usize} byte, manifest ghi ${f.size} byte: tệp đã bị thay đổi.`)
    else {
      // A piece at a time: a snapshot table of hundreds of MB is hashed without being held.
      const hash = createHash('sha256')
      try {
        for (const chunk of entryChunks(source, entry)) hash.update(chunk)
      } catch (e) {
        if (!(e instanceof ZipError)) throw e
        // A broken archive (a CRC that does not match) says nothing about its sender: refused as
        // it is, before the signatures are checked. Checking them first cost the tamper test (a
        // bit flipped at every position) a CMS verification per position: 13 s became 88 s.
        return fail(`zip.${e.problem}`, e.message)
      }
      if (hash.digest('hex') !== f.sha256) fail('file.hash', `Tệp "${f.name}" đã bị thay đổi (mã băm SHA-256 không khớp với manifest).`)
    }
  }
  result.hashMs = performance.now() - t0

  // Who signed, and whether we trust them for this office.
  let signerDer: Buffer
  let chainDer: Buffer[]
  let signingTime: Date | null
  try {
    ;({ certificateDer: signerDer, chainDer, signingTime } = verifyDetached(signature, manifestRaw))
  } catch (e) {
    if (e instanceof SignatureError) return fail(`signature.${e.reason}`, `Chữ ký của gói không hợp lệ: ${e.message}`)
    throw e
  }
  const signer = readCertificate(signerDer)
  result.signer = signer
  const trust = options.trust(signer.fingerprint, { certificateDer: signerDer, chainDer, signingTime, officeCode: manifest.office.code })
  for (const p of trust?.problems ?? []) fail(p.code, p.message)
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

  for (const name of entries.keys()) {
    if (name !== MANIFEST_NAME && name !== SIGNATURE_NAME && !listed.has(name))
      fail('file.extra', `Gói có tệp lạ "${name}" không có trong manifest.`)
  }
  for (const f of manifest.files) {
    const entry = entries.get(f.name)
    // An encrypted report is checked once decrypted, at the province (services/packages/verify.ts).
    if (f.kind === 'pdf' && entry && !manifest.encryptedTo) {
      // A report is read whole to check its signature: a few MB, never past the report limit.
      if (entry.usize > INPUT_LIMITS.package.reportBytes) {
        fail(
          'file.too-large',
          `Tệp "${f.name}" lớn ${describeBytes(entry.usize)}, vượt giới hạn ${describeBytes(INPUT_LIMITS.package.reportBytes)} cho một báo cáo.`,
        )
        continue
      }
      let pdf: Buffer
      try {
        pdf = readEntry(source, entry)
      } catch (e) {
        if (!(e instanceof ZipError)) throw e
        continue // already reported by the hash check above
      }
      const why = pdfSignatureProblem(pdf, signer.fingerprint)
      if (why) fail('pdf.signature', `Tệp "${f.name}": ${why}`)
    }
  }
  if (result.problems.length === 0) result.entries = entries
  return result
}

export function pdfSignatureProblem(pdf: Buffer, expectedFingerprint: string): string | null {
  try {
    const sig = readPdfSignature(pdf)
    if (!sig) return 'báo cáo PDF chưa được ký số.'
    const by = readCertificate(verifyDetached(sig.cms, sig.signed).certificateDer)
    return by.fingerprint === expectedFingerprint ? null : 'báo cáo PDF được ký bằng chứng thư khác với chứng thư ký gói.'
  } catch (e) {
    return `chữ ký số của báo cáo PDF không hợp lệ (${(e as Error).message})`
  }
}
