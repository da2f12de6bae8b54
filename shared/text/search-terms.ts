import { fold } from './fold'

/**
 * What the register's search compares: folded (no case, no diacritics, đ → d), anything but
 * letters and digits turned into a space, single spaces. "Nguyễn Văn Đặng" → "nguyen van dang",
 * "HGD-000123" → "hgd 000123". The typed search and the indexed text both go through this.
 */
export function searchForm(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Separates the parts of a household's search text; never produced by `searchForm`. */
const SEP = '|'

/**
 * A household's search text: each member's name, each citizen ID and the code, in search form,
 * between separators ("|nguyen van an|tran thi b|020123456789|hgd 000123|"). Stored on the
 * household; its terms are what the index holds, and a search matches where some part has a word
 * starting with the search, which `instr` can test on this text alone (see `wordStartTest`).
 */
export function searchText(code: string, members: readonly { fullName: string; citizenId: string }[]): string {
  const parts = [...members.map((m) => searchForm(m.fullName)), ...members.map((m) => searchForm(m.citizenId)), searchForm(code)]
  return `${SEP}${parts.filter(Boolean).join(SEP)}${SEP}`
}

/**
 * Longest term kept in the index. Names and IDs are far shorter; a longer search is found by its
 * first TERM_MAX characters in the index and the rest tested on the search text.
 */
export const TERM_MAX = 40

/**
 * The first TERM_MAX characters of a term or a search, as the index keeps them: not ending inside
 * a surrogate pair (SQLite would store the lone half as U+FFFD) nor in a space.
 */
export function termPrefix(text: string): string {
  let cut = text.slice(0, TERM_MAX)
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1)
  return cut.trimEnd()
}

/**
 * The index terms of a search text: every part from each of its word starts on, cut to TERM_MAX,
 * without repeats. "nguyen van an" gives "nguyen van an", "van an", "an", so any search that starts
 * at a word ("van a", "an", "nguyen v") is a prefix range on the index, whatever the word's place.
 */
export function searchTerms(text: string): string[] {
  const terms = new Set<string>()
  for (const part of text.split(SEP)) {
    if (!part) continue
    let at = 0
    while (at >= 0) {
      terms.add(termPrefix(part.slice(at)))
      const space = part.indexOf(' ', at)
      at = space < 0 ? -1 : space + 1
    }
  }
  return [...terms]
}

/** The terms to delete and to insert when a household's terms change from `before` to `after` (lists from `searchTerms`). */
export function termChanges(before: readonly string[], after: readonly string[]): { remove: string[]; add: string[] } {
  const old = new Set(before)
  const now = new Set(after)
  return { remove: before.filter((t) => !now.has(t)), add: after.filter((t) => !old.has(t)) }
}

/** The two strings whose presence in a search text (`instr`) means some word there starts with `search`. */
export function wordStartNeedles(search: string): [string, string] {
  return [`${SEP}${search}`, ` ${search}`]
}
