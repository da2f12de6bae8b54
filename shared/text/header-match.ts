import { fold } from './fold'

/**
 * Forgiving matching of spreadsheet column headers to the fields an import expects. Offices word
 * their headers differently ("Họ và tên chủ hộ", "Họ tên chủ hộ", "Chủ hộ"), so each field lists
 * its synonyms as data, and a header matches when, folded (no case, no diacritics, đ → d, no
 * punctuation), it equals a synonym, starts with one, or contains one as whole words.
 */
export interface FieldSynonyms<F extends string = string> {
  field: F
  synonyms: readonly string[]
}

export interface HeaderMatch<F extends string = string> {
  field: F
  column: number
  header: string
  /** 3 = equal, 2 = starts with, 1 = contains as words. */
  score: number
}

export function normalizeHeader(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

function score(header: string, synonym: string): number {
  if (!header || !synonym) return 0
  if (header === synonym) return 3
  if (header.startsWith(`${synonym} `)) return 2
  if (` ${header} `.includes(` ${synonym} `)) return 1
  return 0
}

/**
 * Assigns each field at most one column and each column at most one field, best scores first
 * (longer synonyms win ties, so "so cccd cua chu ho" goes to the head's ID, not a member's).
 */
export function matchHeaders<F extends string>(headers: readonly string[], fields: readonly FieldSynonyms<F>[]): HeaderMatch<F>[] {
  const normalized = headers.map(normalizeHeader)
  const candidates: (HeaderMatch<F> & { length: number })[] = []
  for (const { field, synonyms } of fields) {
    normalized.forEach((h, column) => {
      for (const syn of synonyms) {
        const s = score(h, normalizeHeader(syn))
        if (s > 0) candidates.push({ field, column, header: headers[column] ?? '', score: s, length: syn.length })
      }
    })
  }
  candidates.sort((a, b) => b.score - a.score || b.length - a.length || a.column - b.column)
  const usedFields = new Set<F>()
  const usedColumns = new Set<number>()
  const result: HeaderMatch<F>[] = []
  for (const c of candidates) {
    if (usedFields.has(c.field) || usedColumns.has(c.column)) continue
    usedFields.add(c.field)
    usedColumns.add(c.column)
    result.push({ field: c.field, column: c.column, header: c.header, score: c.score })
  }
  return result.sort((a, b) => a.column - b.column)
}

/**
 * Finds the header row among the first rows of a sheet (title rows come first in real lists): the
 * row that matches the most fields, at least `minFields` of them.
 */
export function findHeaderRow<F extends string>(
  rows: readonly (readonly string[])[],
  fields: readonly FieldSynonyms<F>[],
  options: { scanRows?: number; minFields?: number } = {},
): { row: number; matches: HeaderMatch<F>[] } | null {
  const scan = Math.min(rows.length, options.scanRows ?? 30)
  let best: { row: number; matches: HeaderMatch<F>[] } | null = null
  for (let r = 0; r < scan; r++) {
    const matches = matchHeaders(rows[r] ?? [], fields)
    if (matches.length >= (options.minFields ?? 2) && (!best || matches.length > best.matches.length)) best = { row: r, matches }
  }
  return best
}
