import { randomUUID } from 'node:crypto'
import { ApiError } from '@shared/contract/errors'
import type { OwnKey } from '@shared/domain/packages'
import type { SigningIdentity } from '../../export/signing/cms'
import { createSelfSignedIdentity, readCertificate } from '../../export/signing/certificate'
import { checkPassphrase, openPrivateKey, sealPrivateKey, SealedKeySchema, WrongPassphraseError } from '../../export/signing/key-vault'
import { readPkcs12 } from '../../export/signing/pkcs12'
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
  const row: SigningKeyTable = {
    id: randomUUID(),
    fingerprint: cert.fingerprint,
    certificate_pem: cert.pem,
    sealed_key_json: JSON.stringify(sealPrivateKey(pkcs8, passphrase, cert.fingerprint)),
    source,
    active: 1,
    created_at: ctx.now().toISOString(),
  }
  pkcs8.fill(0) // the plain key is not needed past this point
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
    await trx.insertInto('signing_keys').values(row).execute()
    // The audit names the certificate, never the sealed key.
    await audit(trx, ctx, { entity: 'signing_key', entityId: row.id, action: 'create', after: { fingerprint: row.fingerprint, source } })
  })
  return toOwnKey(row)
}

export async function requireOwnKeyRow(ctx: ServiceContext): Promise<SigningKeyTable> {
  const row = await ctx.store.db.selectFrom('signing_keys').selectAll().where('active', '=', 1).executeTakeFirst()
  if (!row) throw new ApiError('NOT_FOUND', 'Chưa có khóa ký. Hãy tạo khóa (hoặc nhập tệp .p12 của tổ chức chứng thực) trước.')
  return row
}

/**
 * Unseals the private key for one signing; a wrong passphrase is a plain BAD_INPUT. A certificate
 * that is not valid today signs nothing: the receiver would refuse what it signs.
 */
export async function unlockOwnKey(ctx: ServiceContext, passphrase: string): Promise<SigningIdentity> {
  const row = await requireOwnKeyRow(ctx)
  const dates = certificateDatesProblem(readCertificate(row.certificate_pem), ctx.now())
  if (dates) throw new ApiError('BAD_INPUT', `${dates.message} Hãy tạo khóa mới (thay khóa) và gửi chứng thư mới để cấp trên đăng ký.`)
  try {
    const pkcs8 = openPrivateKey(SealedKeySchema.parse(JSON.parse(row.sealed_key_json)), passphrase, row.fingerprint)
    return { privateKeyPkcs8: pkcs8, certificatePem: row.certificate_pem }
  } catch (e) {
    if (e instanceof WrongPassphraseError) throw new ApiError('BAD_INPUT', e.message, ['passphrase'])
    throw e
  }
}

export async function exportOwnCertificate(ctx: ServiceContext): Promise<{ pem: string; fingerprint: string; fileName: string }> {
  const row = await requireOwnKeyRow(ctx)
  const cert = readCertificate(row.certificate_pem)
  return { pem: row.certificate_pem, fingerprint: cert.fingerprint, fileName: `chung-thu-${cert.subject.code || 'don-vi'}.pem` }
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
