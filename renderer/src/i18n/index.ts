import { vi, type MessageKey } from './vi'

/** Looks a message up by key and fills its {placeholders}. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return vi[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

export type { MessageKey }
