import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/contract'
import type { Topic } from '@shared/contract/channel'
import { call, onChange } from '../api'
import { toFormErrors } from '../components/errors'

export interface Loaded<T> {
  data: T | null
  error: string | null
  /** True from the first load until its answer (a reload keeps showing the data it replaces). */
  loading: boolean
  reload: () => void
}

/**
 * Loads data again whenever `deps` change, `reload()` is called, or main says a write changed one
 * of `topics` (api.ts onChange), whichever window made it; errors become a message for the page.
 * The latest `load` is kept in a ref so callers can pass an inline function. Pages need no
 * "version" counters: a write announces itself.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], topics: readonly Topic[] = []): Loaded<T> {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)
  const loadRef = useRef(load)
  useLayoutEffect(() => {
    loadRef.current = load
  })
  const key = JSON.stringify(deps)
  const changes = useChanges(topics)
  useEffect(() => {
    let live = true
    loadRef.current().then(
      (d) => {
        if (!live) return
        setData(d)
        setError(null)
        setLoading(false)
      },
      (e: unknown) => {
        if (!live) return
        setError(toFormErrors(e).form ?? String(e))
        setLoading(false)
      },
    )
    return () => {
      live = false
    }
  }, [key, tick, changes])
  return { data, error, loading, reload: () => setTick((n) => n + 1) }
}

/**
 * A count that goes up each time main says one of `topics` changed: for a view that loads in its
 * own way (the paged register) to put among what it reloads on.
 */
export function useChanges(topics: readonly Topic[]): number {
  const [count, setCount] = useState(0)
  const topicKey = topics.join(' ')
  useEffect(() => {
    if (!topicKey) return
    return onChange(topicKey.split(' ') as Topic[], () => setCount((n) => n + 1))
  }, [topicKey])
  return count
}

/**
 * One channel's answer, kept fresh: loads `channel` with `input` (nothing while input is null),
 * again when the input changes, and when main says one of `topics` changed.
 */
export function useQuery<K extends ChannelName>(
  channel: K,
  input: ChannelInput<K> | null,
  options: { topics: readonly Topic[] },
): Loaded<ChannelOutput<K>> {
  return useLoad(async () => (input === null ? null : await call(channel, input)) as ChannelOutput<K>, [channel, input], options.topics)
}
