import { useId, type ReactNode } from 'react'

interface FieldProps {
  label: string
  error?: string | undefined
  hint?: string
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode
}

/** A labelled form field with its validation message right under it (and tied to it for screen readers). */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId()
  const messageId = `${id}-msg`
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': error || hint ? messageId : undefined })}
      {error ? (
        <div className="field__error" id={messageId} role="alert">
          {error}
        </div>
      ) : hint ? (
        <div className="field__hint" id={messageId}>
          {hint}
        </div>
      ) : null}
    </div>
  )
}
