import { describe, expect, it } from 'vitest'
import { CHANNEL_NAMES, contract } from '@shared/contract'
import { ApiErrorSchema } from '@shared/contract/errors'
import { createRouter } from '../../electron/main/ipc'
import { tempContext } from '../helpers/temp'
import { signedInRouter } from '../helpers/session'

/** Inputs that no channel accepts: wrong types, extra keys, prototype tricks. */
const MALFORMED: unknown[] = [
  undefined,
  null,
  42,
  'chuỗi',
  true,
  [],
  [{}],
  { __proto__: { polluted: true }, 'unexpected key': 1 },
  JSON.parse('{"__proto__": {"isAdmin": true}, "x": 1}'),
  { constructor: { prototype: { polluted: true } } },
]

describe('the IPC contract', () => {
  it('answers malformed input on every channel with a typed BAD_INPUT error and never throws', async () => {
    const ctx = await tempContext()
    const router = await signedInRouter(ctx, 'admin', { logError: (ch, e) => expect.fail(`${ch} threw ${String(e)}`) })
    for (const name of CHANNEL_NAMES) {
      for (const input of MALFORMED) {
        const result = await router.invoke(name, input)
        expect(result.ok, `${name} accepted ${JSON.stringify(input)}`).toBe(false)
        if (result.ok) continue
        expect(ApiErrorSchema.safeParse(result.error).success).toBe(true)
        expect(result.error.code, name).toBe('BAD_INPUT')
        expect(result.error.message, name).toMatch(/[À-ỹ]/) // Vietnamese, not a stack trace
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('answers every non-public channel with UNAUTHENTICATED before sign-in, whatever the input', async () => {
    const router = createRouter(await tempContext())
    const guarded = CHANNEL_NAMES.filter((n) => (contract[n].access ?? 'clerk') !== 'public')
    expect(guarded.length).toBeGreaterThan(0)
    for (const name of guarded) {
      for (const input of [{}, ...MALFORMED]) {
        expect(await router.invoke(name, input), name).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
      }
    }
  })

  it('answers an unknown channel with UNKNOWN_CHANNEL, including names from Object.prototype', async () => {
    const router = createRouter(await tempContext())
    for (const name of ['nope', 'toString', '__proto__', 'constructor', 42, null]) {
      expect(await router.invoke(name, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    }
  })

  it('points at the offending field of a nested input', async () => {
    const router = createRouter(await tempContext())
    const result = await router.invoke('office.setup', {
      office: { code: 'X1', name: 'Văn phòng', provinceCode: '3', standardId: 'mdp-2022-2025' },
      units: [],
      admin: { username: 'admin', displayName: 'A', password: 'mat-khau-dai' },
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', path: ['office', 'provinceCode'] } })
    if (!result.ok) expect(result.error.message).toMatch(/Mã tỉnh/)
  })

  it('turns an unexpected failure into INTERNAL without leaking the error text', async () => {
    const ctx = await tempContext()
    const logged: string[] = []
    const router = await signedInRouter(ctx, 'clerk', { logError: (ch) => logged.push(ch) })
    await ctx.store.close() // every query now fails inside the service
    const result = await router.invoke('units.list', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(logged).toEqual(['units.list'])
  })
})
