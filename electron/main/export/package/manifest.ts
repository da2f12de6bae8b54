import { createHash } from 'node:crypto'
import { ManifestSchema, PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, type Manifest } from '@shared/domain/packages'

export const MANIFEST_NAME = 'manifest.json'
export const SIGNATURE_NAME = 'manifest.json.p7s'
/** A manifest larger than this is not ours (a thousand files' entries take well under 1 MB). */
export const MAX_MANIFEST_BYTES = 1024 * 1024

/** The exact bytes that are hashed and signed: pretty-printed so a person can read them in the zip. */
export function manifestBytes(m: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(m, null, 2)}\n`, 'utf8')
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export type ManifestParse = { ok: true; manifest: Manifest } | { ok: false; code: string; message: string }

/** Reads manifest.json, telling an unknown format version apart from a malformed file. */
export function parseManifest(bytes: Buffer): ManifestParse {
  if (bytes.length > MAX_MANIFEST_BYTES) return { ok: false, code: 'manifest.invalid', message: 'Tệp manifest.json quá lớn.' }
  let raw: unknown
  try {
    raw = JSON.parse(bytes.toString('utf8'))
  } catch {
    return { ok: false, code: 'manifest.invalid', message: 'Tệp manifest.json không phải JSON hợp lệ.' }
  }
  const head = raw as { format?: unknown; formatVersion?: unknown }
  if (head?.format !== PACKAGE_FORMAT)
    return { ok: false, code: 'manifest.invalid', message: 'Tệp không phải gói báo cáo của Sổ Giảm Nghèo.' }
  if (head.formatVersion !== PACKAGE_FORMAT_VERSION) {
    return {
      ok: false,
      code: 'format.unknown',
      message: `Gói theo định dạng phiên bản ${String(head.formatVersion)}, ứng dụng này chỉ đọc phiên bản ${PACKAGE_FORMAT_VERSION}. Hãy cập nhật ứng dụng.`,
    }
  }
  const parsed = ManifestSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ok: false, code: 'manifest.invalid', message: `Tệp manifest.json không hợp lệ ở trường ${issue?.path.join('.') || '(gốc)'}.` }
  }
  return { ok: true, manifest: parsed.data }
}
