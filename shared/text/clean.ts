/**
 * The one normaliser for text the program stores from outside (a household list's cells, a plan
 * annex or unit list, what the clerk types or pastes): composed Unicode (NFC, so "ệ" is one
 * character whichever keyboard typed it), without the characters that show nothing but change
 * what search and display do:
 * - zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen): "Nguyễn\u200BVăn"
 *   looks like "NguyễnVăn" and is found by no search;
 * - bidirectional controls (LRM/RLM, embeddings and overrides U+202A–U+202E, isolates
 *   U+2066–U+2069, ALM): a right-to-left override makes "Lò Văn A" display backwards and can hide
 *   what a name really holds;
 * - control characters other than tab and line breaks;
 * and with exotic spaces (no-break, thin, ideographic…) made plain spaces.
 *
 * U+FFFD (the replacement character) is not removed: it means the text was damaged before it got
 * here (a file cut or saved in the wrong encoding), so what the clerk meant is lost. Callers refuse
 * such text with a message (`isDamaged`), as a row error or a field error, never storing it.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/g
const ODD_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g

export const DAMAGED_CHARACTER = '\uFFFD'

/**
 * A character outside printable ASCII, Latin-1 and Latin Extended (less the no-break space and the
 * soft hyphen) and the Vietnamese block: only then can there be anything to compose, remove or
 * replace. Almost no cell of a list has one.
 */
const MAYBE_UNCLEAN = /[^\t\n\r\u0020-\u007E\u00A1-\u00AC\u00AE-\u02FF\u1E00-\u1EFF]/

export function cleanText(text: string): string {
  if (!MAYBE_UNCLEAN.test(text)) return text
  return text.normalize('NFC').replace(INVISIBLE, '').replace(ODD_SPACE, ' ')
}

/** True when the text holds U+FFFD: damaged before it reached us, to be refused rather than stored. */
export function isDamaged(text: string): boolean {
  return text.includes(DAMAGED_CHARACTER)
}

/** Said to the clerk about a damaged cell or field. */
export const DAMAGED_MESSAGE = 'có ký tự hỏng "\uFFFD" (tệp bị hỏng hoặc lưu sai bảng mã); hãy gõ lại nội dung này'

/** Object keys whose strings are secrets, left exactly as typed (changing one would lock its owner out). */
const SECRET_KEY = /(password|passphrase)$/i
const MAX_DEPTH = 64

/**
 * `cleanText` on every string inside a value (an IPC input), except under secret keys. Returns the
 * cleaned value (the same object when nothing changed), or the path of the first damaged string.
 * Objects are copied key by key with their own keys kept as keys (a "__proto__" key stays a key, for
 * the schema to refuse); nothing deeper than 64 levels is walked (the schema refuses that too).
 */
export function cleanTexts(value: unknown, path: (string | number)[] = []): { value: unknown } | { damaged: (string | number)[] } {
  if (typeof value === 'string') return isDamaged(value) ? { damaged: path } : { value: cleanText(value) }
  if (value === null || typeof value !== 'object' || path.length >= MAX_DEPTH) return { value }
  if (Array.isArray(value)) {
    let out: unknown[] | null = null
    for (let i = 0; i < value.length; i++) {
      const r = cleanTexts(value[i], [...path, i])
      if ('damaged' in r) return r
      if (r.value !== value[i]) (out ??= [...value])[i] = r.value
    }
    return { value: out ?? value }
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return { value }
  let out: Record<string, unknown> | null = null
  for (const key of Object.keys(value)) {
    if (SECRET_KEY.test(key)) continue
    const v = (value as Record<string, unknown>)[key]
    const r = cleanTexts(v, [...path, key])
    if ('damaged' in r) return r
    if (r.value === v) continue
    out ??= copyOwn(value as Record<string, unknown>)
    Object.defineProperty(out, key, { value: r.value, enumerable: true, writable: true, configurable: true })
  }
  return { value: out ?? value }
}

function copyOwn(value: Record<string, unknown>): Record<string, unknown> {
  const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>
  for (const key of Object.keys(value))
    Object.defineProperty(out, key, { value: value[key], enumerable: true, writable: true, configurable: true })
  return out
}
