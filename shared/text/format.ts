/** vi-VN display formats: dates as dd/mm/yyyy, money as "1.500.000 đ", decimals with a comma. */
const intFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 })

export function formatInt(n: number): string {
  return intFormat.format(n)
}

export function formatVnd(amount: number): string {
  return `${intFormat.format(amount)} đ`
}

export function formatDecimal(n: number, digits = 2): string {
  return new Intl.NumberFormat('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n)
}

/** ISO "2026-06-15" (or a full ISO timestamp) → "15/06/2026". */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  if (!m) return iso
  return `${m[3]}/${m[2]}/${m[1]}`
}

/** "15/06/2026" → "2026-06-15", or null when it is not a real calendar date. */
export function parseViDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text)
  if (!m) return null
  // The year as typed (four digits): Date.UTC would read 0–99 as 1900–1999, and String(y) drops the zeros of 0100.
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`
  const date = new Date(`${iso}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null
}

/**
 * "1.500.000", "1500000" or "1 500 000" → 1500000; null for negatives, decimals, words, more than
 * ten digits, and separators that do not split thousands ("1.5", "15.00.000"), which are typos
 * whose amount nobody can tell.
 */
export function parseMoney(text: string): number | null {
  const s = text.trim()
  if (!/^(?:\d+|\d{1,3}(?:[.\s]\d{3})+)$/.test(s)) return null
  const digits = s.replace(/[.\s]/g, '')
  return digits.length <= 10 ? Number(digits) : null
}

/**
 * A typed decimal as clerks write it ("12,5", "12.5", "-3", "40"), or null. Number() alone would
 * also read "1e308", "0x10" (16), "Infinity", and "" or spaces as 0.
 */
export function parseDecimal(text: string): number | null {
  const s = text.trim()
  if (!/^-?\d+(?:[.,]\d+)?$/.test(s)) return null
  const n = Number(s.replace(',', '.'))
  // Some hundreds of digits overflow to Infinity.
  return Number.isFinite(n) ? n : null
}

/** A typed area in m² ("20", "20,5"): null when empty, undefined when it is not a non-negative number. */
export function parseArea(text: string): number | null | undefined {
  if (!text.trim()) return null
  const n = parseDecimal(text)
  return n !== null && n >= 0 ? n : undefined
}
