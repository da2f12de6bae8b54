import { useCallback, useState } from 'react'
import { ApiCallError } from '../api'

/** Runs one action at a time and keeps its message (Vietnamese, from main) or a success note. */
export function useAction(): {
  busy: boolean
  error: string | null
  note: string | null
  run: (f: () => Promise<string | null>) => Promise<void>
} {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const run = useCallback(async (f: () => Promise<string | null>) => {
    setBusy(true)
    setError(null)
    setNote(null)
    try {
      setNote(await f())
    } catch (e) {
      setError(e instanceof ApiCallError || e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, error, note, run }
}

export function Feedback({ error, note }: { error: string | null; note: string | null }) {
  return (
    <>
      {error ? (
        <div className="form-error" role="alert" style={{ whiteSpace: 'pre-line' }}>
          {error}
        </div>
      ) : null}
      {note ? <p role="status">{note}</p> : null}
    </>
  )
}

export const shortDate = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/')
