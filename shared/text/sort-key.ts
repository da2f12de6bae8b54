/**
 * A string whose plain binary order is Vietnamese alphabetical order, so SQLite (which has no
 * Vietnamese collation and no way to add one through better-sqlite3) can sort 500,000 names with
 * an index. Letters first (a < ă < â < b … d < đ …, case ignored), then the tones as a tie-break
 * in the order dictionaries use: none, huyền, hỏi, ngã, sắc, nặng.
 */
const ALPHABET = '0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz'
const LETTER_KEY = new Map([...ALPHABET].map((ch, i) => [ch, String.fromCharCode(0x30 + i)]))
const TONES: Record<string, string> = { '\u0300': '1', '\u0309': '2', '\u0303': '3', '\u0301': '4', '\u0323': '5' }
// Marks that make a different letter (ă, â, ê, ô, ơ, ư), recomposed before the lookup.
const LETTER_MARKS = /[\u0306\u0302\u031b]/

export function viSortKey(text: string): string {
  let primary = ''
  let tones = ''
  for (const ch of text.trim().toLowerCase().replace(/\s+/g, ' ')) {
    const parts = ch.normalize('NFD')
    let base = parts[0] ?? ''
    let tone = '0'
    for (const mark of parts.slice(1)) {
      if (LETTER_MARKS.test(mark)) base += mark
      else if (TONES[mark]) tone = TONES[mark]
    }
    base = base.normalize('NFC')
    const key = LETTER_KEY.get(base)
    if (key) {
      primary += key
      tones += tone
    } else if (base === ' ') {
      primary += ' '
    } else {
      // Anything else (punctuation, other scripts) sorts after the letters, by code point.
      primary += String.fromCodePoint(0x2000 + (base.codePointAt(0) ?? 0))
    }
  }
  return `${primary}\u0001${tones}`
}
