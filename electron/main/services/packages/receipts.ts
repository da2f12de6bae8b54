import { randomUUID } from 'node:crypto'
import { ApiError } from '@shared/contract/errors'
import { RECEIPT_FORMAT, ReceiptPayloadSchema, type ReceiptPayload, type SentPackage } from '@shared/domain/packages'
import { join } from 'node:path'
import { z } from 'zod'
import { readSmallInputFile } from '../../export/input/input-file'
import { saveFile } from '../files/atomic-save'
import { readCertificate } from '../../export/signing/certificate'
import { SignatureError, signDetached, verifyDetached } from '../../export/signing/cms'
import { signatureTimeProblems } from '../../export/signing/validity'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'
import { unlockOwnKey } from './keys'
import { listSent } from './sent'
import { trustLookup } from './trust'

/** The receipt file: the payload as the exact JSON text that was signed, and the detached CMS over its UTF-8 bytes. */
const ReceiptFileSchema = z.object({ payload: z.string().max(64 * 1024), signature: z.string().max(64 * 1024) }).strict()

/** Province side: a signed receipt for a package it received, accepted or rejected, with comments. */
export async function createReceipt(
  ctx: ServiceContext,
  input: { packageId: string; comments?: string | undefined; passphrase: string },
): Promise<{ fileName: string; bytes: Buffer; payload: ReceiptPayload }> {
  const province = await requireOffice(ctx)
  if (province.mode !== 'province') throw new ApiError('FORBIDDEN', 'Chỉ cấp tỉnh mới lập biên nhận.')
  const pkg = await ctx.store.db.selectFrom('packages_received').selectAll().where('id', '=', input.packageId).executeTakeFirst()
  if (!pkg) throw new ApiError('NOT_FOUND', 'Tỉnh chưa nhận gói này.', ['packageId'])
  const identity = await unlockOwnKey(ctx, input.passphrase)
  const payload: ReceiptPayload = {
    format: RECEIPT_FORMAT,
    formatVersion: 1,
    receiptId: randomUUID(),
    packageId: pkg.id,
    manifestHash: pkg.manifest_hash,
    officeCode: pkg.office_code,
    period: pkg.period,
    sequence: pkg.sequence,
    status: pkg.status === 'rejected' ? 'rejected' : 'accepted',
    comments: input.comments ?? pkg.comments,
    issuedAt: ctx.now().toISOString(),
    province: { code: province.code, name: province.name },
  }
  const text = JSON.stringify(payload, null, 2)
  const signature = signDetached(Buffer.from(text, 'utf8'), identity, ctx.now())
  await ctx.store.db.transaction().execute(async (trx) => {
    await audit(trx, ctx, { entity: 'receipt', entityId: payload.receiptId, action: 'create', after: payload })
  })
  const bytes = Buffer.from(`${JSON.stringify({ payload: text, signature: signature.toString('base64') }, null, 2)}\n`, 'utf8')
  return { fileName: `bien-nhan-${pkg.office_code}-so${String(pkg.sequence).padStart(4, '0')}.json`, bytes, payload }
}

/** Saves a receipt made by createReceipt in `folder` under its own name (the one atomic save, never over a file). */
export function saveReceipt(folder: string, receipt: { fileName: string; bytes: Buffer }): void {
  saveFile(join(folder, receipt.fileName), receipt.bytes)
}

/** Office side: the receipt file at `path` (importReceipt). */
export async function importReceiptFile(ctx: ServiceContext, path: string): Promise<SentPackage> {
  return importReceipt(ctx, readSmallInputFile(path))
}

/** Office side: checks the receipt against the registered province certificate and records the answer. */
export async function importReceipt(ctx: ServiceContext, bytes: Buffer): Promise<SentPackage> {
  const office = await requireOffice(ctx)
  let file: z.infer<typeof ReceiptFileSchema>
  let payload: ReceiptPayload
  try {
    file = ReceiptFileSchema.parse(JSON.parse(bytes.toString('utf8')))
  } catch {
    throw new ApiError('BAD_INPUT', 'Tệp không phải là biên nhận của Sổ Giảm Nghèo.')
  }
  try {
    const signed = verifyDetached(Buffer.from(file.signature, 'base64'), Buffer.from(file.payload, 'utf8'))
    const fingerprint = readCertificate(signed.certificateDer).fingerprint
    // The province's certificate, registered by fingerprint or issued by a registered CA; its
    // office code is not checked (a receipt names the office it is for, checked below).
    const trust = (await trustLookup(ctx, 'province'))(fingerprint, {
      certificateDer: signed.certificateDer,
      chainDer: signed.chainDer,
      signingTime: signed.signingTime,
      officeCode: readCertificate(signed.certificateDer).subject.code,
    })
    const refused = trust?.problems?.filter((p) => p.code !== 'signer.office-unbound') ?? []
    if (refused.length) throw new ApiError('BAD_INPUT', `Biên nhận không được nhận: ${refused.map((p) => p.message).join(' ')}`)
    if (!trust)
      throw new ApiError(
        'BAD_INPUT',
        `Biên nhận được ký bởi chứng thư chưa đăng ký (dấu vân tay ${fingerprint}). Hãy đăng ký chứng thư của tỉnh trước.`,
      )
    if (trust.status === 'revoked') throw new ApiError('BAD_INPUT', 'Chứng thư ký biên nhận đã bị thu hồi.')
    const dates = signatureTimeProblems(readCertificate(signed.certificateDer), signed.signingTime, ctx.now())
    if (dates.length) throw new ApiError('BAD_INPUT', `Biên nhận không được nhận: ${dates.map((p) => p.message).join(' ')}`)
  } catch (e) {
    if (e instanceof SignatureError) throw new ApiError('BAD_INPUT', `Chữ ký của biên nhận không hợp lệ: ${e.message}`)
    throw e
  }
  try {
    payload = ReceiptPayloadSchema.parse(JSON.parse(file.payload))
  } catch {
    throw new ApiError('BAD_INPUT', 'Nội dung biên nhận không hợp lệ.')
  }
  if (payload.officeCode !== office.code)
    throw new ApiError('BAD_INPUT', `Biên nhận này dành cho đơn vị ${payload.officeCode}, không phải đơn vị này.`)
  await ctx.store.db.transaction().execute(async (trx) => {
    const sent = await trx.selectFrom('packages_sent').selectAll().where('id', '=', payload.packageId).executeTakeFirst()
    if (!sent || sent.manifest_hash !== payload.manifestHash)
      throw new ApiError('NOT_FOUND', 'Biên nhận nói về một gói mà đơn vị này không gửi.')
    if (sent.receipt_id === payload.receiptId) return // the same receipt twice changes nothing
    const after = { status: payload.status, comments: payload.comments, receipt_id: payload.receiptId, receipt_at: payload.issuedAt }
    await trx.updateTable('packages_sent').set(after).where('id', '=', sent.id).execute()
    await audit(trx, ctx, { entity: 'package', entityId: sent.id, action: 'receipt', before: { status: sent.status }, after })
  })
  return (await listSent(ctx)).find((p) => p.packageId === payload.packageId)!
}
