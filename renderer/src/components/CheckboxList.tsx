import { useId } from 'react'
import './components.css'

interface CheckboxListProps {
  label: string
  options: { value: string; label: string }[]
  value: string[]
  onChange: (value: string[]) => void
  error?: string | undefined
  hint?: string | undefined
}

/**
 * Choosing several things from a short list: one checkbox each, under a legend. Replaces the
 * `<select multiple>` that needed Ctrl+click, which nobody is told about. The order of the
 * choices is the list's, whatever order they were ticked in.
 */
export function CheckboxList({ label, options, value, onChange, error, hint }: CheckboxListProps) {
  const id = useId()
  const chosen = new Set(value)
  const toggle = (v: string, on: boolean) => onChange(options.map((o) => o.value).filter((o) => (o === v ? on : chosen.has(o))))
  return (
    <fieldset
      className={`field checkbox-list${error ? ' field--error' : ''}`}
      aria-invalid={Boolean(error) || undefined}
      aria-describedby={error || hint ? `${id}-msg` : undefined}
    >
      <legend>{label}</legend>
      <div className="checkbox-list__items">
        {options.map((o) => (
          <label key={o.value} className="radio">
            <input type="checkbox" checked={chosen.has(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
            {o.label}
          </label>
        ))}
      </div>
      {error ? (
        <div className="field__error" id={`${id}-msg`} role="alert">
          {error}
        </div>
      ) : hint ? (
        <div className="field__hint" id={`${id}-msg`}>
          {hint}
        </div>
      ) : null}
    </fieldset>
  )
}
