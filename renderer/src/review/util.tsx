import { useState } from 'react'
import type { Classification } from '@shared/domain/households'
import { CLASS_LABEL } from '@shared/standards/classify'
import { toFormErrors } from '../components/errors'
import { FormError } from '../components/FormError'

export { useLoad } from '../plans/util'

/** The class names as the register and the printed lists write them. */
export const CLASS_TEXT: Record<Classification, string> = CLASS_LABEL

/** Runs an action, keeping its status line or its error message (main's Vietnamese text) for the form. */
export function useAction(): {
  busy: boolean
  status: string | null
  error: string | null
  run: (f: () => Promise<string | null>) => Promise<boolean>
} {
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const run = async (f: () => Promise<string | null>) => {
    setBusy(true)
    setError(null)
    setStatus(null)
    try {
      setStatus(await f())
      return true
    } catch (e) {
      const fe = toFormErrors(e)
      setError(fe.form ?? Object.values(fe.fields)[0] ?? null)
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, status, error, run }
}

export function Feedback({ status, error }: { status: string | null; error: string | null }) {
  return (
    <>
      {status ? <div role="status">{status}</div> : null}
      <FormError message={error} />
    </>
  )
}
