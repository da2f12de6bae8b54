import { createHash, randomUUID, X509Certificate } from 'node:crypto'
import { ApiError } from '@shared/contract/errors'
import { readSmallInputFile } from '../../export/input/input-file'
import type { TrustEntry } from '@shared/domain/packages'
import { normalizeFingerprint, readCertificate, type CertificateInfo } from '../../export/signing/certificate'
import {
  checkChain,
  crlSignedBy,
  subjectDer as subjectDerOf,
  fingerprintOf,
  readCertificateFile,
  readCrl,
  subjectNamesOffice,
  type Crl,
} from '../../export/signing/chain'
import type { SignerDetails, TrustDecision, TrustLookup } from '../../export/package/verify'
import { certificateDatesProblem } from '../../export/signing/validity'
import type { TrustedCertificateTable } from '../../store/tables/packages'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'

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

/** addTrustedCas with the file at `path`. */
export async function addTrustedCaFile(ctx: ServiceContext, path: string): Promise<TrustedCa[]> {
  return addTrustedCas(ctx, readSmallInputFile(path))
}

/** addCrl with the file at `path`. */
export async function addCrlFile(ctx: ServiceContext, path: string): Promise<ImportedCrl> {
  return addCrl(ctx, readSmallInputFile(path))
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

async function activeCas(ctx: ServiceContext): Promise<X509Certificate[]> {
  const rows = await ctx.store.db.selectFrom('trusted_cas').select('certificate_pem').where('status', '=', 'active').execute()
  return rows.map((r) => new X509Certificate(r.certificate_pem))
}

async function storedCrls(ctx: ServiceContext): Promise<Crl[]> {
  const rows = await ctx.store.db.selectFrom('crls').select('der_base64').execute()
  return rows.map((r) => readCrl(Buffer.from(r.der_base64, 'base64')))
}

export interface TrustedCa {
  fingerprint: string
  name: string
  selfSigned: boolean
  notBefore: string
  notAfter: string
  addedAt: string
}

/**
 * Registers the CA certificates in a file (.cer/.crt/.pem/.p7b: a root, an intermediate or both).
 * Only CA certificates (basicConstraints CA) are taken; each is named with its fingerprint so the
 * clerk can compare it with the one the CA publishes.
 */
export async function addTrustedCas(ctx: ServiceContext, bytes: Buffer): Promise<TrustedCa[]> {
  await requireOffice(ctx)
  let certs: X509Certificate[]
  try {
    certs = readCertificateFile(bytes)
  } catch (e) {
    throw new ApiError('BAD_INPUT', (e as Error).message, ['certificate'])
  }
  const added: TrustedCa[] = []
  await ctx.store.db.transaction().execute(async (trx) => {
    for (const c of certs) {
      const info = readCertificate(Buffer.from(c.raw))
      if (!c.ca) {
        throw new ApiError(
          'BAD_INPUT',
          `"${info.subject.name || c.subject}" không phải chứng thư của tổ chức chứng thực (không có CA:TRUE). ` +
            'Chứng thư của một đơn vị được đăng ký bằng "trust add".',
          ['certificate'],
        )
      }
      if (new Date(c.validTo) < ctx.now())
        throw new ApiError('BAD_INPUT', `Chứng thư CA "${info.subject.name}" đã hết hạn ngày ${c.validTo}: không đăng ký.`, ['certificate'])
      const same = await trx
        .selectFrom('trusted_cas')
        .select(['id', 'status'])
        .where('fingerprint', '=', info.fingerprint)
        .executeTakeFirst()
      if (same?.status === 'active') continue
      const row = {
        id: same?.id ?? randomUUID(),
        fingerprint: info.fingerprint,
        certificate_pem: info.pem,
        name: info.subject.name || c.subject.replace(/\n/g, ', '),
        self_signed: info.selfSigned ? 1 : 0,
        status: 'active' as const,
        added_at: ctx.now().toISOString(),
      }
      if (same) await trx.updateTable('trusted_cas').set(row).where('id', '=', same.id).execute()
      else await trx.insertInto('trusted_cas').values(row).execute()
      await audit(trx, ctx, { entity: 'trusted_ca', entityId: row.id, action: 'create', after: { ...row, certificate_pem: undefined } })
      added.push({
        fingerprint: row.fingerprint,
        name: row.name,
        selfSigned: info.selfSigned,
        notBefore: info.notBefore,
        notAfter: info.notAfter,
        addedAt: row.added_at,
      })
    }
  })
  return added
}

export async function listTrustedCas(ctx: ServiceContext): Promise<TrustedCa[]> {
  const rows = await ctx.store.db.selectFrom('trusted_cas').selectAll().where('status', '=', 'active').orderBy('added_at').execute()
  return rows.map((r) => {
    const info = readCertificate(r.certificate_pem)
    return {
      fingerprint: r.fingerprint,
      name: r.name,
      selfSigned: r.self_signed === 1,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
      addedAt: r.added_at,
    }
  })
}

export interface ImportedCrl {
  issuer: string
  thisUpdate: string
  nextUpdate: string | null
  entries: number
  /** Whether its signature was checked now (against a registered CA) or will be when its CA is met in a chain. */
  checkedNow: boolean
}

/**
 * Imports a CRL file (offline revocation). Its signature is checked now when its CA is registered,
 * otherwise each time it is used, against the CA certificate of the chain being checked (an
 * intermediate usually travels inside the signature, not in the registry).
 */
export async function addCrl(ctx: ServiceContext, bytes: Buffer): Promise<ImportedCrl> {
  await requireOffice(ctx)
  let crl: Crl
  try {
    crl = readCrl(bytes)
  } catch (e) {
    throw new ApiError('BAD_INPUT', (e as Error).message, ['crl'])
  }
  const cas = await activeCas(ctx)
  const sameName = cas.filter((c) => crl.issuerDer.equals(subjectDerOf(c)))
  const signer = sameName.find((c) => crlSignedBy(crl, c))
  if (sameName.length > 0 && !signer) {
    throw new ApiError('BAD_INPUT', `Chữ ký của CRL không khớp với chứng thư của "${crl.issuerText}" đã đăng ký: không nhập.`, ['crl'])
  }
  const der = bytesOfCrl(bytes)
  const sha256 = createHash('sha256').update(der).digest('hex')
  const row = {
    id: randomUUID(),
    issuer_name: crl.issuerText,
    ca_fingerprint: signer ? fingerprintOf(signer) : '',
    this_update: crl.thisUpdate.toISOString(),
    next_update: crl.nextUpdate?.toISOString() ?? null,
    entries: crl.entries.size,
    sha256,
    der_base64: der.toString('base64'),
    imported_at: ctx.now().toISOString(),
  }
  await ctx.store.db.transaction().execute(async (trx) => {
    const same = await trx.selectFrom('crls').select('id').where('sha256', '=', sha256).executeTakeFirst()
    if (same) return
    await trx.insertInto('crls').values(row).execute()
    await audit(trx, ctx, { entity: 'crl', entityId: row.id, action: 'create', after: { ...row, der_base64: undefined } })
  })
  return { issuer: row.issuer_name, thisUpdate: row.this_update, nextUpdate: row.next_update, entries: row.entries, checkedNow: !!signer }
}

/** The DER of a CRL file, whether it came as DER or PEM. */
function bytesOfCrl(bytes: Buffer): Buffer {
  const m = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/.exec(bytes.toString('latin1'))
  return m ? Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64') : bytes
}

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
