import { searchTerms } from '@shared/text/search-terms'
import { fold } from '@shared/text/fold'
import type { Member } from '@shared/domain/households'
import { derivedColumns } from '../../electron/main/store/households'
import type { Store } from '../../electron/main/store/open'

/**
 * Every household's derived columns, members' folded names and search terms, recomputed from
 * scratch (what store/households.ts computes from the head's name, the code, the members and the
 * assessments) and compared with what is stored. Returns the differences, one line each; [] when
 * the register is consistent. `only` limits the per-household checks to some codes (the search
 * index's orphans are always counted).
 */
export function derivedProblems(store: Store, only: (code: string) => boolean = () => true): string[] {
  const sqlite = store.sqlite
  const problems: string[] = []
  const households = sqlite.prepare('select * from households order by code').all() as {
    id: string
    code: string
    head_name: string
    head_name_folded: string
    head_name_sort: string
    search_text: string
    search_rowid: number | null
    latest_year: number | null
    latest_class: string | null
  }[]
  const members = sqlite.prepare('select * from household_members where household_id = ? order by position')
  const newest = sqlite.prepare('select year, classification from household_assessments where household_id = ? order by year desc limit 1')
  const terms = sqlite.prepare('select term, sort_key from household_search_terms where household_key = ? order by term')
  for (const h of households) {
    if (!only(h.code)) continue
    const ms = members.all(h.id) as { position: number; full_name: string; full_name_folded: string; citizen_id: string }[]
    const d = derivedColumns(
      h.head_name,
      h.code,
      ms.map((m) => ({ fullName: m.full_name, citizenId: m.citizen_id }) as Pick<Member, 'fullName' | 'citizenId'>),
    )
    const got = { head_name_folded: h.head_name_folded, head_name_sort: h.head_name_sort, search_text: h.search_text }
    if (JSON.stringify(got) !== JSON.stringify(d)) problems.push(`${h.code}: stored ${JSON.stringify(got)}, computed ${JSON.stringify(d)}`)
    ms.forEach((m, i) => {
      if (m.position !== i) problems.push(`${h.code}: member ${m.full_name} at position ${m.position}, expected ${i}`)
      if (m.full_name_folded !== fold(m.full_name)) problems.push(`${h.code}: member ${m.full_name} folded as ${m.full_name_folded}`)
    })
    const latest = (newest.get(h.id) as { year: number; classification: string } | undefined) ?? { year: null, classification: null }
    if (h.latest_year !== latest.year || h.latest_class !== latest.classification) {
      problems.push(`${h.code}: latest ${h.latest_year}/${h.latest_class}, newest assessment ${latest.year}/${latest.classification}`)
    }
    if (h.search_rowid === null) {
      problems.push(`${h.code}: no search key`)
      continue
    }
    const stored = terms.all(h.search_rowid) as { term: string; sort_key: string }[]
    const expected = [...new Set(searchTerms(d.search_text))].sort()
    const storedTerms = stored.map((t) => t.term)
    if (JSON.stringify(storedTerms) !== JSON.stringify(expected)) {
      problems.push(`${h.code}: terms ${JSON.stringify(storedTerms)}, expected ${JSON.stringify(expected)}`)
    }
    if (stored.some((t) => t.sort_key !== d.head_name_sort)) problems.push(`${h.code}: a term without the head's sort key`)
  }
  const orphans = sqlite
    .prepare(
      'select count(*) from household_search_terms t where not exists (select 1 from households h where h.search_rowid = t.household_key)',
    )
    .pluck()
    .get() as number
  if (orphans) problems.push(`${orphans} search terms of no household`)
  return problems
}
