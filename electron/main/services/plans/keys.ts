import { normalizeHeader } from '@shared/text/header-match'

/**
 * The key two spellings of one name share: folded (case, diacritics, đ) with punctuation dropped, so
 * "Sở Lao động - Thương binh và Xã hội" and "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI" are one agency.
 * "&" is spelled out first because "LĐ-TB&XH" and "LĐTBXH" are both in use.
 */
export function nameKey(name: string): string {
  return normalizeHeader(name.replace(/&/g, ' va '))
    .replace(/\bva\b/g, '')
    .replace(/\s+/g, '')
}

const ROMAN = /^(?=[ivxlc]+$)(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/i

/** "2.10" → "0002.0010", "II.1" → "r0002.0001": numbered parts sort as numbers, Roman numerals too. */
export function seqSortKey(seq: string): string {
  return seq
    .trim()
    .split(/[.\s]+/)
    .map((part) => {
      if (/^\d+$/.test(part)) return part.padStart(4, '0')
      // Section numerals sort after plain numbers (and among themselves by value), never equal to them.
      if (ROMAN.test(part)) return `r${String(romanValue(part)).padStart(4, '0')}`
      return part.toLowerCase()
    })
    .join('.')
}

function romanValue(s: string): number {
  const v: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 }
  let total = 0
  const chars = s.toLowerCase()
  for (let i = 0; i < chars.length; i++) {
    const cur = v[chars[i]!] ?? 0
    const next = v[chars[i + 1] ?? ''] ?? 0
    total += cur < next ? -cur : cur
  }
  return total
}
