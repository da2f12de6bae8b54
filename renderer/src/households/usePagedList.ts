import { useCallback, useEffect, useRef, useState } from 'react'
import type { HouseholdRow, ListQuery } from '@shared/domain/household-views'
import { call } from '../api'
import { useChanges } from '../data/useQuery'

export const PAGE_SIZE = 100

export type ListFilters = Omit<ListQuery, 'offset' | 'limit'>

interface State {
  key: string
  total: number | null
  capped: boolean
  pages: Map<number, HouseholdRow[]>
  error: string | null
}

/**
 * The register a page at a time, as the table scrolls: only the pages in view are asked for (never
 * 100,000 rows at once), kept while the filters stay the same and dropped when they change. A
 * reply for filters that have since changed is ignored, so fast typing cannot show stale rows.
 */
export function usePagedList(filters: ListFilters) {
  // Loaded afresh when main says the register changed (a save, an import, another window).
  const changes = useChanges(['households'])
  const key = JSON.stringify([filters, changes])
  const [state, setState] = useState<State>({ key, total: null, capped: false, pages: new Map(), error: null })
  // Pages asked for under the current key (reset with the key, in the effect below).
  const pending = useRef({ key, pages: new Set<number>() })

  const load = useCallback(
    (page: number) => {
      if (pending.current.key !== key || pending.current.pages.has(page)) return
      pending.current.pages.add(page)
      const fresh = (s: State): State => (s.key === key ? s : { key, total: null, capped: false, pages: new Map(), error: null })
      call('households.list', { ...filters, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (r) => {
          if (pending.current.key !== key) return
          setState((s) => {
            const base = fresh(s)
            const pages = new Map(base.pages)
            pages.set(page, r.rows)
            return { ...base, total: r.total, capped: r.totalCapped, pages }
          })
        },
        (e: unknown) => {
          pending.current.pages.delete(page)
          if (pending.current.key === key) setState((s) => ({ ...fresh(s), error: e instanceof Error ? e.message : String(e) }))
        },
      )
    },
    // `key` stands for `filters` (it is their JSON), so the callback changes exactly when they do.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  )

  useEffect(() => {
    pending.current = { key, pages: new Set() }
    load(0)
  }, [key, load])

  const ensure = useCallback(
    (first: number, last: number) => {
      for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(Math.max(first, last - 1) / PAGE_SIZE); p++) load(p)
    },
    [load],
  )
  const current = state.key === key
  const rowAt = (i: number): HouseholdRow | undefined => (current ? state.pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE] : undefined)
  return {
    total: current ? state.total : null,
    capped: current && state.capped,
    error: current ? state.error : null,
    rowAt,
    ensure,
  }
}
