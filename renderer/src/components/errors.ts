import { ApiCallError } from '../api'

/** Field errors keyed by the dotted path main reported, plus a message for the form as a whole. */
export interface FormErrors {
  fields: Record<string, string>
  form: string | null
}

export const noErrors: FormErrors = { fields: {}, form: null }

export function toFormErrors(e: unknown, stripPrefix: string[] = []): FormErrors {
  if (e instanceof ApiCallError) {
    const path = e.path.slice(stripPrefix.length).join('.')
    const matches = stripPrefix.every((p, i) => e.path[i] === p)
    if (path && matches) return { fields: { [path]: e.message.replace(/ \(trường [^)]*\)$/, '') }, form: null }
    return { fields: {}, form: e.message }
  }
  return { fields: {}, form: e instanceof Error ? e.message : String(e) }
}
