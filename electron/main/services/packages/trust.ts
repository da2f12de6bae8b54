import { randomUUID, X509Certificate } from 'node:crypto'
import { ApiError } from '@shared/contract/errors'
import { readSmallInputFile } from '../../export/input/input-file'
import type { TrustEntry } from '@shared/domain/packages'
import { normalizeFingerprint, readCertificate, type CertificateInfo } from '../../export/signing/certificate'
import { checkChain, readCertificateFile, readCrl, subjectNamesOffice, type Crl } from '../../export/signing/chain'
import type { SignerDetails, TrustDecision, TrustLookup } from '../../export/package/verify'
import { certificateDatesProblem } from '../../export/signing/validity'
import type { TrustedCertificateTable } from '../../store/tables/packages'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'
import { activeCas, storedCrls } from './trust-anchors'

/** Reads a certificate file for the clerk to compare its fingerprint by phone before registering it. */
export function inspectCertificate(bytes: Buffer | string): CertificateInfo {
  try {
    return readCertificate(bytes)
  } catch (e) {
    throw new ApiError('BAD_INPUT', (e as Error).message, ['certificate'])
  }
}

/** The certificate file at `path`, read for inspectCertificate. */
export function inspectCertificateFile(path: string): CertificateInfo {
  return inspectCertificate(readSmallInputFile(path))
}

/** addTrusted with the certificate file at `path`. */
export async function addTrustedFile(
  ctx: ServiceContext,
  input: { path: string; confirmFingerprint?: string | undefined; officeCode?: string | undefined },
): Promise<TrustEntry> {
  const { path, ...rest } = input
  return addTrusted(ctx, { ...rest, pem: readSmallInputFile(path).toString('utf8') })
}

/**
 * Registers a certificate: in province mode an office's (its packages are then accepted), in
 * office mode the province's (its receipts are then accepted). When the clerk typed the
 * fingerprint read out by phone, it must match.
 */
export async function addTrusted(
  ctx: ServiceContext,
  input: { pem: string; confirmFingerprint?: string | undefined; officeCode?: string | undefined },
): Promise<TrustEntry> {
  const office = await requireOffice(ctx)
  const cert = inspectCertificate(input.pem)
  // Packages are judged by the receiver's clock, so a certificate out of its dates would sign nothing acceptable.
  const dates = certificateDatesProblem(cert, ctx.now())
  if (dates) throw new ApiError('BAD_INPUT', `${dates.message} Không đăng ký chứng thư này.`, ['certificate'])
  if (input.confirmFingerprint !== undefined) {
    const typed = normalizeFingerprint(input.confirmFingerprint)
    if (!typed) throw new ApiError('BAD_INPUT', 'Dấu vân tay gồm 64 chữ số thập lục phân (0–9, A–F).', ['confirmFingerprint'])
    if (typed !== cert.fingerprint) {
      throw new ApiError('BAD_INPUT', 'Dấu vân tay không khớp với chứng thư: không đăng ký. Hãy hỏi lại đơn vị gửi.', [
        'confirmFingerprint',
      ])
    }
  }
  const officeCode = (input.officeCode ?? cert.subject.code).trim()
  if (!officeCode) throw new ApiError('BAD_INPUT', 'Chứng thư không ghi mã đơn vị (trường O); hãy nhập mã đơn vị.', ['officeCode'])
  const row: TrustedCertificateTable = {
    id: randomUUID(),
    fingerprint: cert.fingerprint,
    certificate_pem: cert.pem,
    role: office.mode === 'province' ? 'office' : 'province',
    office_code: officeCode,
    name: cert.subject.name,
    status: 'active',
    added_at: ctx.now().toISOString(),
    revoked_at: null,
    revoke_reason: '',
  }
  await ctx.store.db.transaction().execute(async (trx) => {
    const same = await trx
      .selectFrom('trusted_certificates')
      .select('status')
      .where('fingerprint', '=', cert.fingerprint)
      .executeTakeFirst()
    if (same) {
      throw new ApiError(
        'CONFLICT',
        same.status === 'revoked' ? 'Chứng thư này đã bị thu hồi; không đăng ký lại.' : 'Chứng thư này đã được đăng ký.',
      )
    }
    await trx.insertInto('trusted_certificates').values(row).execute()
    await audit(trx, ctx, {
      entity: 'trusted_certificate',
      entityId: row.id,
      action: 'create',
      after: { ...row, certificate_pem: undefined },
    })
  })
  return (await listTrusted(ctx)).find((t) => t.id === row.id)!
}

export async function revokeTrusted(ctx: ServiceContext, input: { fingerprint: string; reason?: string | undefined }): Promise<TrustEntry> {
  const fingerprint = normalizeFingerprint(input.fingerprint)
  if (!fingerprint) throw new ApiError('BAD_INPUT', 'Dấu vân tay gồm 64 chữ số thập lục phân (0–9, A–F).', ['fingerprint'])
  const at = ctx.now().toISOString()
  let id = ''
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('trusted_certificates').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirst()
    if (!before) throw new ApiError('NOT_FOUND', 'Không có chứng thư nào với dấu vân tay này.', ['fingerprint'])
    id = before.id
    if (before.status === 'revoked') return
    const after = { status: 'revoked' as const, revoked_at: at, revoke_reason: input.reason ?? '' }
    await trx.updateTable('trusted_certificates').set(after).where('id', '=', before.id).execute()
    await audit(trx, ctx, {
      entity: 'trusted_certificate',
      entityId: before.id,
      action: 'revoke',
      before: { status: before.status },
      after,
    })
  })
  return (await listTrusted(ctx)).find((t) => t.id === id)!
}

export async function listTrusted(ctx: ServiceContext): Promise<TrustEntry[]> {
  const rows = await ctx.store.db.selectFrom('trusted_certificates').selectAll().orderBy('office_code').orderBy('added_at').execute()
  const received = await ctx.store.db
    .selectFrom('packages_received')
    .select(['signer_fingerprint', 'sequence', 'period', 'received_at', 'status'])
    .orderBy('sequence')
    .execute()
  return rows.map((r) => {
    const mine = received.filter((p) => p.signer_fingerprint === r.fingerprint)
    const last = mine[mine.length - 1]
    const c = readCertificate(r.certificate_pem)
    return {
      id: r.id,
      fingerprint: r.fingerprint,
      ...c.subject,
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      role: r.role,
      officeCode: r.office_code,
      status: r.status,
      addedAt: r.added_at,
      revokedAt: r.revoked_at,
      packagesReceived: mine.length,
      lastPackage: last ? { sequence: last.sequence, period: last.period, receivedAt: last.received_at, status: last.status } : null,
    }
  })
}

/**
 * A synchronous lookup for the verifier. A certificate registered by fingerprint (pinned) is
 * trusted for the office it was registered for, as before. Any other certificate is trusted when
 * it chains to a registered CA (export/signing/chain.ts: key usage, CA validity, the imported CRLs)
 * and is bound to the office the package names: by its subject (O or an "MNS:…" attribute) or by
 * a registration. A pinned certificate issued by a trusted CA is still checked against the CRLs.
 */
export async function trustLookup(ctx: ServiceContext, role: 'office' | 'province'): Promise<TrustLookup> {
  const rows = await ctx.store.db.selectFrom('trusted_certificates').selectAll().where('role', '=', role).execute()
  const byFingerprint = new Map(rows.map((r) => [r.fingerprint, { status: r.status, officeCode: r.office_code, revokedAt: r.revoked_at }]))
  const anchors = await activeCas(ctx)
  const crls = await storedCrls(ctx)
  return lookupWith(byFingerprint, anchors, crls, ctx.now())
}

function lookupWith(pinned: Map<string, TrustDecision>, anchors: X509Certificate[], crls: Crl[], now: Date): TrustLookup {
  return (fingerprint, details?: SignerDetails) => {
    const pin = pinned.get(fingerprint) ?? null
    if (!details) return pin
    const signer = new X509Certificate(details.certificateDer)
    const selfSigned = signer.subject === signer.issuer && signer.verify(signer.publicKey)
    if (pin && (selfSigned || anchors.length === 0)) return { ...pin, via: 'pinned' }
    if (anchors.length === 0) return null
    const chain = checkChain({
      signer,
      embedded: details.chainDer.map((d) => new X509Certificate(d)),
      anchors,
      crls,
      signingTime: details.signingTime,
      now,
    })
    if (pin) {
      // Registered by fingerprint: the registration binds it; a CA's CRL can still revoke it.
      const revoked = chain.anchorFingerprint ? chain.problems.filter((p) => p.code === 'signer.revoked') : []
      return { ...pin, via: 'pinned', chain: chain.path, revocation: chain.revocation, problems: revoked }
    }
    if (!chain.anchorFingerprint && !selfSigned)
      return { status: 'active', officeCode: details.officeCode, revokedAt: null, via: 'ca', ...chainOf(chain) }
    if (!chain.anchorFingerprint) return null
    const problems = [...chain.problems]
    if (!subjectNamesOffice(signer, details.officeCode)) {
      problems.push({
        code: 'signer.office-unbound',
        message:
          `Chứng thư số của ${readCertificate(details.certificateDer).subject.name} không ghi mã đơn vị ${details.officeCode} ` +
          `và chưa được đăng ký cho đơn vị này: không nhận. Nếu đúng là chứng thư của đơn vị, hãy đăng ký nó (trust add … --office-code ${details.officeCode}) sau khi xác nhận dấu vân tay.`,
      })
    }
    return {
      status: 'active',
      officeCode: details.officeCode,
      revokedAt: null,
      via: 'ca',
      chain: chain.path,
      revocation: chain.revocation,
      problems,
    }
  }
}

const chainOf = (c: ReturnType<typeof checkChain>) => ({ chain: c.path, revocation: c.revocation, problems: c.problems })

/**
 * For `package verify --trust FILE [--crl FILE]`: trust exactly the given certificates — an office
 * certificate for the office code it names, a CA certificate as a trust anchor — and these CRLs.
 */
export function lookupFromCertificates(files: Buffer[], crlFiles: Buffer[] = [], now = new Date()): TrustLookup {
  const pinned = new Map<string, TrustDecision>()
  const anchors: X509Certificate[] = []
  for (const f of files) {
    let certs: X509Certificate[]
    try {
      certs = readCertificateFile(f)
    } catch (e) {
      throw new ApiError('BAD_INPUT', (e as Error).message, ['certificate'])
    }
    for (const c of certs) {
      if (c.ca) anchors.push(c)
      else {
        const info = readCertificate(Buffer.from(c.raw))
        pinned.set(info.fingerprint, { status: 'active', officeCode: info.subject.code, revokedAt: null })
      }
    }
  }
  const crls = crlFiles.map((b) => {
    try {
      return readCrl(b)
    } catch (e) {
      throw new ApiError('BAD_INPUT', (e as Error).message, ['crl'])
    }
  })
  return lookupWith(pinned, anchors, crls, now)
}
