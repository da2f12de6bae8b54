import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'
import { z } from 'zod'
import { passphraseProblem } from '@shared/text/passphrase'

/**
 * How the private key rests in the database: PKCS#8 DER sealed with AES-256-GCM under a key derived
 * from the clerk's passphrase with scrypt (N = 2^15, r = 8, p = 1: ~100 ms and 32 MiB per try,
 * which makes guessing slow on a stolen laptop). GCM authenticates the sealed bytes, so a wrong
 * passphrase or a tampered row is told apart from a good key instead of yielding garbage; the
 * certificate's fingerprint is bound in as associated data, so a key cannot be moved under another
 * certificate. Chosen over forge's encrypted PKCS#8 (PBKDF2 + CBC, unauthenticated, pure JS).
 */
export const SealedKeySchema = z.object({
  v: z.literal(1),
  kdf: z.literal('scrypt'),
  N: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  salt: z.string(),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
})
export type SealedKey = z.infer<typeof SealedKeySchema>

const PARAMS = { N: 1 << 15, r: 8, p: 1 }

export class WrongPassphraseError extends Error {
  constructor() {
    super('Mật khẩu khóa không đúng.')
  }
}

/** Why a new key passphrase is refused (shared/text/passphrase.ts: the same rule as for backups), or null. */
export function checkPassphrase(passphrase: string): string | null {
  return passphraseProblem(passphrase, 'khóa')
}

function derive(passphrase: string, salt: Buffer, p: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { ...p, maxmem: 128 * p.N * p.r * 2 })
}

export function sealPrivateKey(pkcs8: Buffer, passphrase: string, boundTo: string): SealedKey {
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', derive(passphrase, salt, PARAMS), iv)
  cipher.setAAD(Buffer.from(boundTo, 'utf8'))
  const data = Buffer.concat([cipher.update(pkcs8), cipher.final()])
  const b64 = (b: Buffer) => b.toString('base64')
  return { v: 1, kdf: 'scrypt', ...PARAMS, salt: b64(salt), iv: b64(iv), tag: b64(cipher.getAuthTag()), data: b64(data) }
}

/** Returns the PKCS#8 DER, or throws WrongPassphraseError. */
export function openPrivateKey(sealed: SealedKey, passphrase: string, boundTo: string): Buffer {
  const b = (s: string) => Buffer.from(s, 'base64')
  // Refuse absurd parameters from a doctored row before spending memory on them.
  if (sealed.N > 1 << 20 || sealed.r > 16 || sealed.p > 4) throw new Error('Tham số mã hóa khóa không hợp lệ.')
  const decipher = createDecipheriv('aes-256-gcm', derive(passphrase, b(sealed.salt), sealed), b(sealed.iv))
  decipher.setAAD(Buffer.from(boundTo, 'utf8'))
  decipher.setAuthTag(b(sealed.tag))
  try {
    return Buffer.concat([decipher.update(b(sealed.data)), decipher.final()])
  } catch {
    throw new WrongPassphraseError()
  }
}
