import type { Store } from '../../store/open'

/**
 * SQLite's page cache for the length of a bulk write (64 MB instead of the default 2 MB): a list
 * of 100,000 households inserts into a dozen B-trees in random key order (UUIDs, names), and with
 * the small cache each insert re-reads pages it evicted a moment ago. Restored afterwards so the
 * app's steady-state memory stays as it was.
 */
const BULK_CACHE_KIB = 65_536

export async function withBulkCache<T>(store: Store, work: () => Promise<T>): Promise<T> {
  const before = store.sqlite.pragma('cache_size', { simple: true }) as number
  store.sqlite.pragma(`cache_size = -${BULK_CACHE_KIB}`)
  try {
    return await work()
  } finally {
    store.sqlite.pragma(`cache_size = ${before}`)
  }
}
