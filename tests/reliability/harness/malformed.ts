import type { z } from 'zod'

/**
 * Malformed inputs derived from a channel's zod input schema (zod 4's `_zod.def`), so the fuzzing
 * follows the contract as domains add channels. For every field (nested objects and array elements
 * included): a value of each wrong type, NaN/±Infinity, a huge string, nested garbage, removal when
 * required; for strict objects, extra keys including prototype-pollution keys; plus garbage roots.
 */
export interface Malformed {
  what: string
  input: unknown
  /** Where the error should point, when the rest of the input is valid. */
  path: (string | number)[] | null
}

type Path = (string | number)[]
type Def = { type: string; [k: string]: unknown }
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def

const HUGE = 'Đ'.repeat(1_000_000)
const GARBAGE: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['zero', 0],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['a negative float', -1.5],
  ['a big integer', Number.MAX_SAFE_INTEGER + 2],
  ['true', true],
  ['an empty string', ''],
  ['a string', 'chuỗi'],
  ['a huge string', HUGE],
  ['an empty array', []],
  ['an array of garbage', [null, {}, [[]], 'x']],
  ['an empty object', {}],
  ['nested garbage', { a: { b: { c: [1, { d: Number.NaN }] } } }],
  ['a deep nest', JSON.parse('['.repeat(200) + ']'.repeat(200))],
  ['a __proto__ object', JSON.parse('{"__proto__": {"polluted": true}}')],
  ['a constructor.prototype object', { constructor: { prototype: { polluted: true } } }],
  ['a Date', new Date(0)],
  ['a typed array', new Uint8Array([1, 2, 3])],
]

/** Unwraps optional/default/nullable/pipe layers; tells whether the field may be left out or be null. */
function unwrap(schema: z.ZodType): { core: z.ZodType; optional: boolean; nullable: boolean } {
  let core = schema
  let optional = false
  let nullable = false
  for (;;) {
    const def = defOf(core)
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') optional = true
    else if (def.type === 'nullable') nullable = true
    else if (def.type === 'pipe') {
      core = def.in as z.ZodType
      continue
    } else return { core, optional, nullable }
    core = def.innerType as z.ZodType
  }
}

const CANDIDATE_STRINGS = ['a', '37', '14563', '00000000-0000-4000-8000-000000000000', 'Tên hợp lệ', '2026-01-01', 'mật khẩu đủ dài']

/**
 * A best-effort valid value, so that a single mutation is the only thing wrong with an input. Arrays
 * get one element, so the fields of array elements can be mutated too.
 */
export function validExample(schema: z.ZodType): unknown {
  const { core, optional } = unwrap(schema)
  if (optional) return undefined
  const def = defOf(core)
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const value = validExample(v)
        if (value !== undefined) out[k] = value
      }
      return out
    }
    case 'string':
      return CANDIDATE_STRINGS.find((c) => core.safeParse(c).success) ?? 'a'
    case 'number':
      return [0, 1, 10, 2026].find((c) => core.safeParse(c).success) ?? 1
    case 'boolean':
      return false
    case 'array': {
      const element = validExample(def.element as z.ZodType)
      return element === undefined ? [] : [element]
    }
    case 'record':
      return {}
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0]
    case 'literal':
      return (def.values as unknown[])[0]
    case 'union': {
      const options = def.options as z.ZodType[]
      return options.map(validExample).find((v, i) => options[i]!.safeParse(v).success)
    }
    case 'null':
      return null
    default:
      return undefined
  }
}

function setAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value
  const copy = structuredClone(root) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  const last = path[path.length - 1]!
  if (remove) delete node[last]
  else node[last] = value
  return copy
}

interface Field {
  path: Path
  schema: z.ZodType
  /** The valid value at this path in the base input. */
  base: unknown
  strict: boolean
}

/** Every field of the schema (nested objects and the first array element included). */
function fields(schema: z.ZodType, base: unknown, path: Path, out: Field[]): void {
  const { core } = unwrap(schema)
  const def = defOf(core)
  const strict = def.type === 'object' && def.catchall !== undefined && defOf(def.catchall as z.ZodType).type === 'never'
  out.push({ path, schema, base, strict })
  if (def.type === 'object' && base && typeof base === 'object') {
    for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      if (k in (base as object)) fields(v, (base as Record<string, unknown>)[k], [...path, k], out)
      else out.push({ path: [...path, k], schema: v, base: undefined, strict: false })
    }
  } else if (def.type === 'array' && Array.isArray(base) && base.length) {
    fields(def.element as z.ZodType, base[0], [...path, 0], out)
  }
}

function withExtraKey(obj: unknown, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...((obj as Record<string, unknown>) ?? {}) }
  // defineProperty, so "__proto__" becomes an own key (as JSON.parse makes it), not the prototype.
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true })
  return copy
}

const EXTRA_KEYS = ['unexpected', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'path', 'filePath', 'dir']

export function malformedInputs(schema: z.ZodType, count: number, random: () => number): Malformed[] {
  const base = validExample(schema)
  const all: Field[] = []
  fields(schema, base, [], all)
  const out: Malformed[] = []
  const label = (path: Path) => path.join('.') || 'input'

  for (const f of all) {
    const { optional } = unwrap(f.schema)
    for (const [what, value] of GARBAGE) {
      // Only values the field itself refuses: a huge string is fine where no maximum is declared.
      if (f.schema.safeParse(value).success) continue
      out.push({ what: `${label(f.path)} = ${what}`, input: setAt(base, f.path, value), path: f.path })
    }
    if (f.path.length && !optional)
      out.push({ what: `${label(f.path)} missing`, input: setAt(base, f.path, undefined, true), path: f.path })
    if (f.strict) {
      for (const key of EXTRA_KEYS) {
        out.push({
          what: `${label(f.path)} with extra key ${key}`,
          input: setAt(base, f.path, withExtraKey(f.base, key, { polluted: true })),
          path: null,
        })
      }
    }
  }

  // Fill up to `count` with random combinations: odd extra keys and garbage at random fields.
  const strict = all.filter((f) => f.strict)
  for (let guard = 0; out.length < count && guard < count * 100; guard++) {
    const [what, value] = GARBAGE[Math.floor(random() * GARBAGE.length)]!
    if (strict.length && random() < 0.5) {
      const f = strict[Math.floor(random() * strict.length)]!
      const key = `k${Math.floor(random() * 1e6)}${['', ' ', '.', '\u0000', 'đ', '__proto__'][Math.floor(random() * 6)]}`
      out.push({
        what: `${label(f.path)} with extra key ${JSON.stringify(key)} = ${what}`,
        input: setAt(base, f.path, withExtraKey(f.base, key, value)),
        path: null,
      })
    } else {
      const f = all[Math.floor(random() * all.length)]!
      if (f.schema.safeParse(value).success) continue
      out.push({ what: `${label(f.path)} = ${what} (random)`, input: setAt(base, f.path, value), path: f.path })
    }
  }
  return out
}
