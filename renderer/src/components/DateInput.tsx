import { useRef, useState } from 'react'
import { formatDate, parseViDate } from '@shared/text/format'
import { t } from '../i18n'
import './components.css'

export interface DateInputProps {
  /** ISO "2026-12-05", or '' for no date. */
  value: string
  /** Called with the ISO date once the typed text is a real date (or '' once the box is emptied). */
  onChange: (iso: string) => void
  id?: string
  'aria-invalid'?: boolean
  'aria-describedby'?: string | undefined
  required?: boolean
}

/** What a clerk types: "05/12/2026" (or "5/12/2026"); an ISO "2026-12-05" is taken too. */
function parseTyped(text: string): string | null {
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text)
  return iso ? parseViDate(`${iso[3]}/${iso[2]}/${iso[1]}`) : parseViDate(text)
}

/**
 * A date as dd/mm/yyyy whatever the operating system's locale (Chromium's own <input type=date>
 * follows it, mm/dd/yyyy on an English system): typed into a text box, or picked from the
 * calendar behind the button next to it. The value in and out is ISO.
 */
export function DateInput({ value, onChange, id, required, ...aria }: DateInputProps) {
  const [text, setText] = useState(formatDate(value))
  const [wrong, setWrong] = useState(false)
  const picker = useRef<HTMLInputElement>(null)
  // A new value from outside (a form reset, a pick) shows as typed text, unless the text already says it.
  // (Adjusted while rendering, React's pattern for state that follows a prop.)
  const [seen, setSeen] = useState(value)
  if (seen !== value) {
    setSeen(value)
    if (parseTyped(text) !== value && !(value === '' && text.trim() === '')) setText(formatDate(value))
  }
  const describedBy = [aria['aria-describedby'], wrong && id ? `${id}-date` : null].filter(Boolean).join(' ') || undefined
  return (
    <span className="date-input">
      <input
        id={id}
        inputMode="numeric"
        placeholder={t('date.placeholder')}
        autoComplete="off"
        required={required}
        aria-invalid={Boolean(aria['aria-invalid']) || wrong}
        aria-describedby={describedBy}
        value={text}
        onChange={(e) => {
          const typed = e.target.value
          setText(typed)
          const iso = parseTyped(typed)
          if (iso) {
            setWrong(false)
            onChange(iso)
          } else if (typed.trim() === '') {
            setWrong(false)
            onChange('')
          }
        }}
        onBlur={() => {
          const iso = parseTyped(text)
          if (iso) setText(formatDate(iso))
          setWrong(!iso && text.trim() !== '')
        }}
      />
      <button
        type="button"
        className="date-input__pick"
        aria-label={t('date.pick')}
        title={t('date.pick')}
        onClick={() => {
          const input = picker.current
          if (!input) return
          try {
            input.showPicker()
          } catch {
            input.focus()
          }
        }}
      >
        {/* Drawn, not an emoji: a machine without an emoji font would show an empty box. */}
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16">
          <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
          <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" strokeWidth="1.3" />
        </svg>
      </button>
      <input
        ref={picker}
        type="date"
        className="date-input__native"
        tabIndex={-1}
        aria-hidden="true"
        value={parseTyped(text) ?? ''}
        onChange={(e) => {
          if (!e.target.value) return
          setText(formatDate(e.target.value))
          setWrong(false)
          onChange(e.target.value)
        }}
      />
      {wrong ? (
        <span className="field__error" id={id ? `${id}-date` : undefined} role="alert">
          {t('date.invalid')}
        </span>
      ) : null}
    </span>
  )
}
