import { createHash, randomUUID, X509Certificate } from 'node:crypto'
import { ApiError } from '@shared/contract/errors'
import { readSmallInputFile } from '../../export/input/input-file'
import { crlSignedBy, subjectDer as subjectDerOf, fingerprintOf, readCertificateFile, readCrl, type Crl } from '../../export/signing/chain'
import { readCertificate } from '../../export/signing/certificate'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'

// The trust anchors of a province that registers its communes through a CA (the national one, or
// the province's own): CA certificates and their CRLs. Offices registered one by one are trust.ts.

/** addTrustedCas with the file at `path`. */
export async function addTrustedCaFile(ctx: ServiceContext, path: string): Promise<TrustedCa[]> {
  return addTrustedCas(ctx, readSmallInputFile(path))
}

/** addCrl with the file at `path`. */
export async function addCrlFile(ctx: ServiceContext, path: string): Promise<ImportedCrl> {
  return addCrl(ctx, readSmallInputFile(path))
}

export async function activeCas(ctx: ServiceContext): Promise<X509Certificate[]> {
  const rows = await ctx.store.db.selectFrom('trusted_cas').select('certificate_pem').where('status', '=', 'active').execute()
  return rows.map((r) => new X509Certificate(r.certificate_pem))
}

export async function storedCrls(ctx: ServiceContext): Promise<Crl[]> {
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
