import { ApiCallError } from '../api-error'

/** Field errors keyed by the dotted path main reported, plus a message for the form as a whole. */
export interface FormErrors {
  fields: Record<string, string>
  form: string | null
}

export const noErrors: FormErrors = { fields: {}, form: null }

/**
 * Main's error as the form shows it: next to the field its path names, or for the form as a whole.
 * `isField` says which paths the form has a field for; any other path (the record's id, say) would
 * otherwise show nowhere, so it goes to the form's message.
 */
export function toFormErrors(e: unknown, stripPrefix: string[] = [], isField: (path: string) => boolean = () => true): FormErrors {
  if (e instanceof ApiCallError) {
    const path = e.path.slice(stripPrefix.length).join('.')
    const matches = stripPrefix.every((p, i) => e.path[i] === p)
    if (path && matches && isField(path)) return { fields: { [path]: e.message.replace(/ \(trường [^)]*\)$/, '') }, form: null }
    return { fields: {}, form: e.message }
  }
  return { fields: {}, form: e instanceof Error ? e.message : String(e) }
}

/**
 * The errors still true after the clerk changed something: a field's message goes as soon as its
 * value is valid (no "Không được để trống" under a filled field), but no new message appears while
 * typing; the next submit checks everything again. `wrongNow` is the set of paths still invalid.
 */
export function keepUnfixed(errors: FormErrors, wrongNow: Iterable<string>): FormErrors {
  const wrong = new Set(wrongNow)
  const kept = Object.entries(errors.fields).filter(([path]) => wrong.has(path))
  if (kept.length === Object.keys(errors.fields).length) return errors
  return { fields: Object.fromEntries(kept), form: errors.form }
}
