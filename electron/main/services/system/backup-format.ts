import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type Hash } from 'node:crypto'
import { createReadStream, createWriteStream, statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { Transform, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import { inputFileSize } from '../../export/input/input-file'
import { INPUT_LIMITS } from '../../export/input/limits'

/**
 * The backup file (`.sgnbak`):
 *
 *   bytes 0–7   magic "SGNBAK1\n"
 *   bytes 8–11  length M of the manifest, unsigned 32-bit big-endian
 *   next M      the manifest, UTF-8 JSON (BackupManifest below)
 *   the rest    the SQLite database (journal_mode DELETE, one self-contained file), either
 *               as is followed by a 32-byte SHA-256 of every byte before it (plain backups), or
 *               as AES-256-GCM ciphertext followed by the 16-byte tag (encrypted backups)
 *
 * The manifest stays readable without the passphrase so a list of backups can show date, office and
 * counts; for an encrypted backup the first 12 + M bytes are the cipher's additional authenticated
 * data, so a changed manifest fails the tag like a changed database does; a plain backup's trailing
 * SHA-256 covers its manifest the same way (against accidents, not forgery). Either way the manifest
 * records the size and SHA-256 of the database, checked again after decryption, and the restore
 * preview shows counts read from the database itself, not the manifest's word for them.
 */
export const BACKUP_MAGIC = Buffer.from('SGNBAK1\n', 'ascii')
export const BACKUP_EXTENSION = '.sgnbak'
const TAG_BYTES = 16
const DIGEST_BYTES = 32
const MAX_MANIFEST_BYTES = 1024 * 1024

// scrypt at N = 2^15, r = 8: 32 MiB and about 0.1 s per key, which makes guessing a passphrase
// off a lost USB stick slow without making a backup on exit noticeably slower.
const KDF = { N: 1 << 15, r: 8, p: 1 } as const

export const BackupManifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  /** `mode` (an office's or the province's database) is recorded since restores compare it; older backups lack it. */
  office: z.object({ code: z.string(), name: z.string(), mode: z.enum(['office', 'province']).optional() }).nullable(),
  /** Rows per table, as read from the snapshot when it was taken. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  payload: z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  encryption: z
    .object({
      cipher: z.literal('aes-256-gcm'),
      kdf: z.literal('scrypt'),
      N: z.number().int().positive(),
      r: z.number().int().positive(),
      p: z.number().int().positive(),
      salt: z.string(),
      nonce: z.string(),
    })
    .nullable(),
})
export type BackupManifest = z.infer<typeof BackupManifestSchema>

/** Why a backup file was refused; the message is for the clerk. */
export class BackupFileError extends Error {
  readonly code: 'NOT_BACKUP' | 'TRUNCATED' | 'DAMAGED' | 'PASSPHRASE_NEEDED' | 'WRONG_PASSPHRASE' | 'NEWER'
  constructor(code: BackupFileError['code'], message: string) {
    super(message)
    this.name = 'BackupFileError'
    this.code = code
  }
}

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((ok, fail) =>
    scryptCb(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: 256 * params.N * params.r }, (e, key) => (e ? fail(e) : ok(key))),
  )
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

function header(manifest: BackupManifest): Buffer {
  const json = Buffer.from(JSON.stringify(manifest), 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(json.length)
  return Buffer.concat([BACKUP_MAGIC, len, json])
}

/**
 * Writes `sqliteFile` as a backup file into `out` (the one atomic save's stream: the file gets its
 * name only when whole) and ends it. Streams, so a large register does not have to fit in memory.
 */
export async function writeBackupFile(
  sqliteFile: string,
  out: Writable,
  meta: Omit<BackupManifest, 'format' | 'payload' | 'encryption'>,
  passphrase: string | null,
): Promise<BackupManifest> {
  const payload = { bytes: statSync(sqliteFile).size, sha256: await sha256File(sqliteFile) }
  if (passphrase === null) {
    const manifest: BackupManifest = { format: 1, ...meta, payload, encryption: null }
    const head = header(manifest)
    const whole = createHash('sha256').update(head)
    out.write(head)
    await pipeline(createReadStream(sqliteFile), hashInto(whole), out, { end: false })
    await new Promise<void>((ok, fail) => out.end(whole.digest(), () => ok()).once('error', fail))
    return manifest
  }
  const salt = randomBytes(16)
  const nonce = randomBytes(12)
  const key = await deriveKey(passphrase, salt, KDF)
  const encryption = {
    cipher: 'aes-256-gcm' as const,
    kdf: 'scrypt' as const,
    ...KDF,
    salt: salt.toString('base64'),
    nonce: nonce.toString('base64'),
  }
  const manifest: BackupManifest = { format: 1, ...meta, payload, encryption }
  const head = header(manifest)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(head)
  out.write(head)
  await pipeline(createReadStream(sqliteFile), cipher, out, { end: false })
  await new Promise<void>((ok, fail) => out.end(cipher.getAuthTag(), () => ok()).once('error', fail))
  return manifest
}

/** Reads and checks only the header: cheap enough to list a folder of backups. */
export async function readBackupManifest(path: string): Promise<{ manifest: BackupManifest; payloadOffset: number; fileBytes: number }> {
  const fileBytes = inputFileSize(path, { maxBytes: INPUT_LIMITS.backup.fileBytes, what: 'một bản sao lưu' })
  const handle = await open(path, 'r')
  try {
    const start = Buffer.alloc(12)
    const { bytesRead } = await handle.read(start, 0, 12, 0)
    if (bytesRead < 8 || !start.subarray(0, 8).equals(BACKUP_MAGIC)) {
      throw new BackupFileError('NOT_BACKUP', 'Tệp này không phải là bản sao lưu của Sổ Giảm Nghèo.')
    }
    if (bytesRead < 12) throw new BackupFileError('TRUNCATED', truncatedMessage())
    const len = start.readUInt32BE(8)
    if (len > MAX_MANIFEST_BYTES) throw new BackupFileError('DAMAGED', damagedMessage('phần mô tả quá lớn'))
    if (12 + len > fileBytes) throw new BackupFileError('TRUNCATED', truncatedMessage())
    const json = Buffer.alloc(len)
    await handle.read(json, 0, len, 12)
    let parsed: unknown
    try {
      parsed = JSON.parse(json.toString('utf8'))
    } catch {
      throw new BackupFileError('DAMAGED', damagedMessage('phần mô tả không đọc được'))
    }
    const manifest = BackupManifestSchema.safeParse(parsed)
    if (!manifest.success) throw new BackupFileError('DAMAGED', damagedMessage('phần mô tả không đúng định dạng'))
    const payloadOffset = 12 + len
    // The smallest SQLite file is one 512-byte page; anything less cannot be a register.
    if (manifest.data.payload.bytes < 512) throw new BackupFileError('DAMAGED', damagedMessage('không có dữ liệu'))
    const expected = payloadOffset + manifest.data.payload.bytes + (manifest.data.encryption ? TAG_BYTES : DIGEST_BYTES)
    if (fileBytes < expected) throw new BackupFileError('TRUNCATED', truncatedMessage())
    if (fileBytes > expected) throw new BackupFileError('DAMAGED', damagedMessage('có dữ liệu thừa ở cuối tệp'))
    return { manifest: manifest.data, payloadOffset, fileBytes }
  } finally {
    await handle.close()
  }
}

/**
 * Extracts the database of a backup to `outPath`, checking size, SHA-256 and (when encrypted) the
 * GCM tag. Throws BackupFileError on any mismatch, after removing nothing but its own output; the
 * caller deletes `outPath` on failure.
 */
export async function extractBackupFile(path: string, outPath: string, passphrase: string | null): Promise<BackupManifest> {
  const { manifest, payloadOffset, fileBytes } = await readBackupManifest(path)
  const hash = createHash('sha256')
  const hashing = hashInto(hash)
  const enc = manifest.encryption
  if (!enc) {
    const head = Buffer.alloc(payloadOffset)
    const trailer = Buffer.alloc(DIGEST_BYTES)
    const handle = await open(path, 'r')
    try {
      await handle.read(head, 0, payloadOffset, 0)
      await handle.read(trailer, 0, DIGEST_BYTES, fileBytes - DIGEST_BYTES)
    } finally {
      await handle.close()
    }
    const whole = createHash('sha256').update(head)
    await pipeline(
      createReadStream(path, { start: payloadOffset, end: fileBytes - DIGEST_BYTES - 1 }),
      hashInto(whole),
      hashing,
      createWriteStream(outPath),
    )
    if (!timingSafeEqual(whole.digest(), trailer)) throw new BackupFileError('DAMAGED', damagedMessage('nội dung không khớp mã kiểm tra'))
  } else {
    if (passphrase === null || passphrase === '') {
      throw new BackupFileError('PASSPHRASE_NEEDED', 'Bản sao lưu này được mã hóa: hãy nhập mật khẩu sao lưu.')
    }
    const handle = await open(path, 'r')
    const head = Buffer.alloc(payloadOffset)
    const tag = Buffer.alloc(TAG_BYTES)
    try {
      await handle.read(head, 0, payloadOffset, 0)
      await handle.read(tag, 0, TAG_BYTES, fileBytes - TAG_BYTES)
    } finally {
      await handle.close()
    }
    const key = await deriveKey(passphrase, Buffer.from(enc.salt, 'base64'), enc)
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(enc.nonce, 'base64'))
    decipher.setAAD(head)
    decipher.setAuthTag(tag)
    try {
      const source = createReadStream(path, { start: payloadOffset, end: fileBytes - TAG_BYTES - 1 })
      await pipeline(source, decipher, hashing, createWriteStream(outPath))
    } catch (e) {
      if (e instanceof Error && /authenticate/i.test(e.message)) {
        throw new BackupFileError('WRONG_PASSPHRASE', 'Sai mật khẩu sao lưu, hoặc tệp sao lưu đã bị thay đổi.')
      }
      throw e
    }
  }
  const digest = Buffer.from(hash.digest('hex'))
  if (!timingSafeEqual(digest, Buffer.from(manifest.payload.sha256))) {
    throw new BackupFileError('DAMAGED', damagedMessage('nội dung không khớp mã kiểm tra'))
  }
  return manifest
}

/** A pass-through stream that feeds every chunk to a hash on the way. */
function hashInto(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      done(null, chunk)
    },
  })
}

function truncatedMessage(): string {
  return 'Tệp sao lưu không đầy đủ (bị cắt ngắn, có thể do rút USB khi đang ghi). Hãy dùng một bản sao lưu khác.'
}

function damagedMessage(why: string): string {
  return `Tệp sao lưu bị hỏng (${why}). Hãy dùng một bản sao lưu khác.`
}
