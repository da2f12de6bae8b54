import { randomUUID, verify as verifySignature, X509Certificate } from 'node:crypto'
import { ApiError } from '@shared/contract/errors'
import { readSmallInputFile } from '../../export/input/input-file'
import { saveFile } from '../files/atomic-save'
import type { OwnKey } from '@shared/domain/packages'
import type { SigningIdentity } from '../../export/signing/cms'
import { createSelfSignedIdentity, readCertificate } from '../../export/signing/certificate'
import { checkPassphrase, openPrivateKey, sealPrivateKey, SealedKeySchema, WrongPassphraseError } from '../../export/signing/key-vault'
import { readPkcs12 } from '../../export/signing/pkcs12'
import { chainFrom, openTokenIdentity, TokenError, type TokenRef } from '../../export/signing/token'
import { certificateDatesProblem } from '../../export/signing/validity'
import type { SigningKeyTable } from '../../store/tables/packages'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'

export async function getOwnKey(ctx: ServiceContext): Promise<OwnKey | null> {
  const row = await ctx.store.db.selectFrom('signing_keys').selectAll().where('active', '=', 1).executeTakeFirst()
  return row ? toOwnKey(row) : null
}

/** Creates the office's (or the province's) key pair and self-signed certificate naming it. */
export async function createOwnKey(ctx: ServiceContext, input: { passphrase: string; replace?: boolean }): Promise<OwnKey> {
  const office = await requireOffice(ctx)
  const weak = checkPassphrase(input.passphrase)
  if (weak) throw new ApiError('BAD_INPUT', weak, ['passphrase'])
  const id = createSelfSignedIdentity(
    { name: office.name, code: office.code, province: office.provinceName || office.provinceCode },
    ctx.now(),
  )
  return storeKey(ctx, id.certificatePem, id.privateKeyPkcs8, input.passphrase, 'generated', input.replace ?? false)
}

/** The same, from the .p12/.pfx file at `path` (chosen in a dialog, or named on the command line). */
export async function importOwnKeyFile(
  ctx: ServiceContext,
  input: { path: string; p12Password: string; passphrase: string; replace?: boolean },
): Promise<OwnKey> {
  const { path, ...rest } = input
  return importOwnKey(ctx, { ...rest, p12: readSmallInputFile(path) })
}

/** Takes a key and certificate issued by a certification authority (.p12/.pfx). */
export async function importOwnKey(
  ctx: ServiceContext,
  input: { p12: Buffer; p12Password: string; passphrase: string; replace?: boolean },
): Promise<OwnKey> {
  await requireOffice(ctx)
  const weak = checkPassphrase(input.passphrase)
  if (weak) throw new ApiError('BAD_INPUT', weak, ['passphrase'])
  let contents: ReturnType<typeof readPkcs12>
  try {
    contents = readPkcs12(input.p12, input.p12Password)
  } catch (e) {
    throw new ApiError('BAD_INPUT', (e as Error).message, ['p12'])
  }
  return storeKey(ctx, contents.certificatePem, contents.privateKeyPkcs8, input.passphrase, 'imported', input.replace ?? false)
}

async function storeKey(
  ctx: ServiceContext,
  certificatePem: string,
  pkcs8: Buffer,
  passphrase: string,
  source: SigningKeyTable['source'],
  replace: boolean,
): Promise<OwnKey> {
  const cert = readCertificate(certificatePem)
  const sealed = JSON.stringify(sealPrivateKey(pkcs8, passphrase, cert.fingerprint))
  pkcs8.fill(0) // the plain key is not needed past this point
  return storeRow(ctx, certificatePem, sealed, source, null, replace)
}

async function storeRow(
  ctx: ServiceContext,
  certificatePem: string,
  sealedKeyJson: string,
  source: SigningKeyTable['source'],
  tokenJson: string | null,
  replace: boolean,
): Promise<OwnKey> {
  const cert = readCertificate(certificatePem)
  const row: SigningKeyTable = {
    id: randomUUID(),
    fingerprint: cert.fingerprint,
    certificate_pem: cert.pem,
    sealed_key_json: sealedKeyJson,
    source,
    active: 1,
    created_at: ctx.now().toISOString(),
    token_json: tokenJson,
  }
  await ctx.store.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('signing_keys').select(['id', 'fingerprint']).where('active', '=', 1).executeTakeFirst()
    if (current && !replace) {
      throw new ApiError(
        'CONFLICT',
        `Đã có khóa ký (dấu vân tay ${current.fingerprint}). Chọn "thay khóa" nếu muốn tạo khóa mới; tỉnh sẽ phải đăng ký lại chứng thư.`,
      )
    }
    if (current) {
      await trx.updateTable('signing_keys').set({ active: 0 }).where('id', '=', current.id).execute()
      await audit(trx, ctx, { entity: 'signing_key', entityId: current.id, action: 'retire', before: { active: 1 }, after: { active: 0 } })
    }
    // The same certificate chosen again (a token re-selected): the old row makes way for the new one.
    await trx.deleteFrom('signing_keys').where('fingerprint', '=', row.fingerprint).where('active', '=', 0).execute()
    await trx.insertInto('signing_keys').values(row).execute()
    // The audit names the certificate (and the token), never the sealed key or the PIN.
    await audit(trx, ctx, {
      entity: 'signing_key',
      entityId: row.id,
      action: 'create',
      after: { fingerprint: row.fingerprint, source, token: tokenJson ? JSON.parse(tokenJson) : undefined },
    })
  })
  return toOwnKey(row)
}

export async function requireOwnKeyRow(ctx: ServiceContext): Promise<SigningKeyTable> {
  const row = await ctx.store.db.selectFrom('signing_keys').selectAll().where('active', '=', 1).executeTakeFirst()
  if (!row) throw new ApiError('NOT_FOUND', 'Chưa có khóa ký. Hãy tạo khóa (hoặc nhập tệp .p12 của tổ chức chứng thực) trước.')
  return row
}

/** Where the key of a token row is: the module, the token's label and the certificate's CKA_ID (never the PIN). */
export interface TokenRecord {
  module: string
  tokenLabel: string
  certId: string
}

/**
 * Chooses a certificate on a USB token as this installation's signing key: logs in with the PIN
 * (asked each time, never stored), finds the certificate and its private key, signs a test and
 * checks it against the certificate, then records which module, token and certificate to use.
 */
export async function useToken(
  ctx: ServiceContext,
  input: {
    module: string
    slot?: number | undefined
    tokenLabel?: string | undefined
    certId?: string | undefined
    pin: string
    replace?: boolean
  },
): Promise<OwnKey & { officeNamed: boolean }> {
  const office = await requireOffice(ctx)
  const ref: TokenRef = { module: input.module, slot: input.slot, tokenLabel: input.tokenLabel, certId: input.certId }
  let record: TokenRecord
  let certificatePem: string
  try {
    const id = openTokenIdentity(ref, input.pin)
    try {
      const probe = Buffer.from(`kiem tra ${ctx.now().toISOString()}`)
      const sig = id.sign!(probe)
      if (!verifySignature('sha256', probe, new X509Certificate(id.certificatePem).publicKey, sig))
        throw new TokenError('Chữ ký thử trên token không khớp với chứng thư số đã chọn: khóa và chứng thư không đi cùng nhau.')
      record = { module: input.module, tokenLabel: id.tokenLabel, certId: id.certId }
      certificatePem = id.certificatePem
    } finally {
      id.close()
    }
  } catch (e) {
    if (e instanceof TokenError) throw new ApiError('BAD_INPUT', e.message, ['token'])
    throw e
  }
  const cert = readCertificate(certificatePem)
  const dates = certificateDatesProblem(cert, ctx.now())
  if (dates) throw new ApiError('BAD_INPUT', `${dates.message} Không dùng chứng thư này để ký.`, ['token'])
  const key = await storeRow(ctx, cert.pem, '', 'token', JSON.stringify(record), input.replace ?? false)
  return {
    ...key,
    officeNamed: new X509Certificate(cert.pem).subject
      .split('\n')
      .some((l) => l.endsWith(`=${office.code}`) || l.endsWith(`:${office.code}`)),
  }
}

/**
 * Opens the key for one signing. A key file is unsealed with the passphrase; a token is logged in
 * to with the PIN (the same secret field), once now to check it and again for each signature, so
 * no session stays open. A certificate that is not valid today signs nothing: the receiver would
 * refuse what it signs.
 */
export async function unlockOwnKey(ctx: ServiceContext, passphrase: string): Promise<SigningIdentity> {
  const row = await requireOwnKeyRow(ctx)
  const dates = certificateDatesProblem(readCertificate(row.certificate_pem), ctx.now())
  if (dates) throw new ApiError('BAD_INPUT', `${dates.message} Hãy tạo khóa mới (thay khóa) và gửi chứng thư mới để cấp trên đăng ký.`)
  if (row.source === 'token') return unlockToken(ctx, row, passphrase)
  try {
    const pkcs8 = openPrivateKey(SealedKeySchema.parse(JSON.parse(row.sealed_key_json)), passphrase, row.fingerprint)
    return { privateKeyPkcs8: pkcs8, certificatePem: row.certificate_pem }
  } catch (e) {
    if (e instanceof WrongPassphraseError) throw new ApiError('BAD_INPUT', e.message, ['passphrase'])
    throw e
  }
}

async function unlockToken(ctx: ServiceContext, row: SigningKeyTable, pin: string): Promise<SigningIdentity> {
  const record = JSON.parse(row.token_json ?? '{}') as TokenRecord
  const ref: TokenRef = { module: record.module, tokenLabel: record.tokenLabel, certId: record.certId }
  const open = () => {
    try {
      return openTokenIdentity(ref, pin)
    } catch (e) {
      if (e instanceof TokenError) throw new ApiError('BAD_INPUT', e.message, ['passphrase'])
      throw e
    }
  }
  const first = open()
  let others: string[]
  try {
    if (readCertificate(first.certificatePem).fingerprint !== row.fingerprint) {
      throw new ApiError(
        'BAD_INPUT',
        `Chứng thư số trên token "${first.tokenLabel}" không phải chứng thư đã chọn để ký (dấu vân tay ${row.fingerprint}). Hãy cắm đúng token hoặc chọn lại.`,
      )
    }
    others = first.otherCertificates
  } finally {
    first.close()
  }
  const cas = await ctx.store.db.selectFrom('trusted_cas').select('certificate_pem').where('status', '=', 'active').execute()
  return {
    certificatePem: row.certificate_pem,
    chainPems: chainFrom(row.certificate_pem, [...others, ...cas.map((c) => c.certificate_pem)]),
    sign(data: Buffer): Buffer {
      const id = open()
      try {
        return id.sign!(data)
      } catch (e) {
        if (e instanceof TokenError) throw new ApiError('BAD_INPUT', e.message, ['passphrase'])
        throw e
      } finally {
        id.close()
      }
    },
  }
}

export async function exportOwnCertificate(ctx: ServiceContext): Promise<{ pem: string; fingerprint: string; fileName: string }> {
  const row = await requireOwnKeyRow(ctx)
  const cert = readCertificate(row.certificate_pem)
  return { pem: row.certificate_pem, fingerprint: cert.fingerprint, fileName: `chung-thu-${cert.subject.code || 'don-vi'}.pem` }
}

/** Saves the certificate (never the key) at `path`, the one atomic save refusing to overwrite. */
export async function saveOwnCertificate(ctx: ServiceContext, path: string): Promise<{ fingerprint: string }> {
  const cert = await exportOwnCertificate(ctx)
  saveFile(path, cert.pem)
  return { fingerprint: cert.fingerprint }
}

function toOwnKey(r: SigningKeyTable): OwnKey {
  const c = readCertificate(r.certificate_pem)
  return {
    fingerprint: c.fingerprint,
    ...c.subject,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    source: r.source,
    createdAt: r.created_at,
  }
}
