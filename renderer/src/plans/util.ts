import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { TaskStatus } from '@shared/domain/plans'
import { toFormErrors } from '../components/errors'
import { t, type MessageKey } from '../i18n'

export const STATUS_KEY: Record<TaskStatus, MessageKey> = {
  not_started: 'plans.status.not_started',
  in_progress: 'plans.status.in_progress',
  done: 'plans.status.done',
  overdue: 'plans.status.overdue',
}

/**
 * Loads data again whenever `deps` change or `reload()` is called; errors become a message for the
 * page. The latest `load` is kept in a ref so callers can pass an inline function.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [tick, setTick] = useState(0)
  const loadRef = useRef(load)
  useLayoutEffect(() => {
    loadRef.current = load
  })
  const key = JSON.stringify(deps)
  useEffect(() => {
    let live = true
    loadRef.current().then(
      (d) => {
        if (live) {
          setData(d)
          setError(null)
        }
      },
      (e: unknown) => {
        if (live) setError(toFormErrors(e).form ?? String(e))
      },
    )
    return () => {
      live = false
    }
  }, [key, tick])
  return { data, error, reload: () => setTick((n) => n + 1) }
}

export function daysText(daysLeft: number | null): string {
  if (daysLeft === null) return ''
  if (daysLeft < 0) return t('plans.days.late', { days: -daysLeft })
  if (daysLeft === 0) return t('plans.days.today')
  return t('plans.days.left', { days: daysLeft })
}
