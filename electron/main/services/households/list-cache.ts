import type { Statement } from 'better-sqlite3'
import type { Store } from '../../store/open'

/**
 * What a list query learned that the next page of the same query can reuse: the total, and for a
 * search the sorted matches. Scrolling asks for page after page of one query; without this each
 * page would count (or search) the whole register again.
 *
 * An entry is valid while the database is unchanged: `total_changes()` counts every row this
 * connection wrote (the app's only writer), `PRAGMA data_version` changes when another connection
 * (the CLI on the same file) commits. Either moving drops the whole cache.
 */
const KEEP = 8

interface Entry<T> {
  value: T
}
interface Cache {
  version: string
  entries: Map<string, Entry<unknown>>
  changes: Statement
}
const caches = new WeakMap<Store, Cache>()

function versionOf(store: Store, c: Cache): string {
  const changes = (c.changes.get() as { n: number }).n
  return `${changes}:${String(store.sqlite.pragma('data_version', { simple: true }))}`
}

export function cached<T>(store: Store, key: string, compute: () => Promise<T>): Promise<T> {
  let c = caches.get(store)
  if (!c) {
    c = { version: '', entries: new Map(), changes: store.sqlite.prepare('select total_changes() as n') }
    caches.set(store, c)
  }
  const version = versionOf(store, c)
  if (version !== c.version) {
    c.version = version
    c.entries.clear()
  }
  const hit = c.entries.get(key)
  if (hit) {
    // Most recently used last, so the oldest is the first to go.
    c.entries.delete(key)
    c.entries.set(key, hit)
    return Promise.resolve(hit.value as T)
  }
  const cache = c
  return compute().then((value) => {
    // Only if nothing was written meanwhile (the computation awaited; another call may have written).
    if (versionOf(store, cache) === version && cache.version === version) {
      cache.entries.set(key, { value })
      if (cache.entries.size > KEEP) cache.entries.delete(cache.entries.keys().next().value!)
    }
    return value
  })
}
