import { X509Certificate } from 'node:crypto'
import { ApiError } from '@shared/contract/errors'
import { readSmallInputFile } from '../../export/input/input-file'
import { readCertificate } from '../../export/signing/certificate'
import { keyFileRecipient, type RecipientKey } from '../../export/signing/envelope'
import { openPrivateKey, SealedKeySchema, WrongPassphraseError } from '../../export/signing/key-vault'
import { openTokenIdentity, TokenError } from '../../export/signing/token'
import type { ServiceContext } from '../context'
import type { TokenRecord } from './keys'
import { requireOwnKeyRow } from './keys'

/** The certificate (PEM) at `path` to encrypt a package to instead of the registered one. */
export function readEncryptToFile(path: string): string {
  return readSmallInputFile(path).toString('utf8')
}

/**
 * Who a package's data and reports are encrypted to (issue 18): the province's certificate — the
 * one given for this export, or the one registered (confirmed by fingerprint) — and the office's
 * own, so that the office can read back and verify what it wrote. Null when no province
 * certificate is known: the package then goes unencrypted, and the export says so.
 */
export async function packageRecipients(
  ctx: ServiceContext,
  ownCertificatePem: string,
  encryptToPem?: string | undefined,
): Promise<{ certificates: X509Certificate[]; fingerprints: string[] } | null> {
  let provincePem = encryptToPem
  if (provincePem === undefined) {
    const row = await ctx.store.db
      .selectFrom('trusted_certificates')
      .select('certificate_pem')
      .where('role', '=', 'province')
      .where('status', '=', 'active')
      .orderBy('added_at', 'desc')
      .executeTakeFirst()
    if (!row) return null
    provincePem = row.certificate_pem
  }
  let province: X509Certificate
  try {
    province = new X509Certificate(provincePem)
  } catch {
    throw new ApiError('BAD_INPUT', 'Tệp chứng thư để mã hóa gói không phải là chứng thư số X.509.', ['encryptTo'])
  }
  if (new Date(province.validTo) < ctx.now())
    throw new ApiError('BAD_INPUT', `Chứng thư của tỉnh đã hết hạn ngày ${province.validTo}: không mã hóa gói cho nó được.`, ['encryptTo'])
  const own = new X509Certificate(ownCertificatePem)
  const certificates = own.raw.equals(province.raw) ? [province] : [province, own]
  return { certificates, fingerprints: certificates.map((c) => readCertificate(Buffer.from(c.raw)).fingerprint) }
}

/**
 * This installation's key as the recipient of encrypted packages: a key file unsealed with the
 * passphrase, or the token (logged in with the PIN for each file's content key).
 */
export async function unlockRecipient(ctx: ServiceContext, secret: string): Promise<RecipientKey & { fingerprint: string }> {
  const row = await requireOwnKeyRow(ctx)
  if (row.source === 'token') {
    const record = JSON.parse(row.token_json ?? '{}') as TokenRecord
    const ref = { module: record.module, tokenLabel: record.tokenLabel, certId: record.certId }
    const open = () => {
      try {
        return openTokenIdentity(ref, secret)
      } catch (e) {
        if (e instanceof TokenError) throw new ApiError('BAD_INPUT', e.message, ['passphrase'])
        throw e
      }
    }
    open().close() // checks the PIN now, before any file is read
    return {
      fingerprint: row.fingerprint,
      certificatePem: row.certificate_pem,
      unwrap(encryptedKey) {
        const id = open()
        try {
          return id.decrypt(encryptedKey)
        } finally {
          id.close()
        }
      },
    }
  }
  try {
    const pkcs8 = openPrivateKey(SealedKeySchema.parse(JSON.parse(row.sealed_key_json)), secret, row.fingerprint)
    return { fingerprint: row.fingerprint, ...keyFileRecipient(row.certificate_pem, pkcs8) }
  } catch (e) {
    if (e instanceof WrongPassphraseError) throw new ApiError('BAD_INPUT', e.message, ['passphrase'])
    throw e
  }
}
