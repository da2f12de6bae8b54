import { describe, expect, it } from 'vitest'
import { CHANNEL_NAMES, contract } from '@shared/contract'
import { ApiErrorSchema } from '@shared/contract/errors'
import { signedInRouter } from '../helpers/session'
import { tempContext } from '../helpers/temp'
import { malformedInputs, validExample } from './harness/malformed'
import { runSeed, seededRandom } from './harness/random'

const PER_CHANNEL = 100

describe('every contract channel under generated malformed input', () => {
  it(`answers ≥ ${PER_CHANNEL} malformed inputs per channel with BAD_INPUT, never throws, and stays up`, { timeout: 120_000 }, async () => {
    const seed = runSeed()
    const random = seededRandom(seed)
    const ctx = await tempContext()
    const unexpected: string[] = []
    const router = await signedInRouter(ctx, 'admin', { logError: (ch, e) => unexpected.push(`${ch}: ${String(e)}`) })
    const auditBefore = ctx.store.sqlite.prepare('select count(*) as n from audit_log').get()

    expect(CHANNEL_NAMES.length).toBeGreaterThan(0)
    for (const name of CHANNEL_NAMES) {
      const schema = contract[name].input
      const cases = malformedInputs(schema, PER_CHANNEL, random)
      expect(cases.length, `${name}: generated inputs`).toBeGreaterThanOrEqual(PER_CHANNEL)
      const baseValid = schema.safeParse(validExample(schema)).success
      for (const c of cases) {
        const where = `${name} / ${c.what} (seed ${seed})`
        // The generator's own claim first: the schema must refuse this input.
        expect(schema.safeParse(c.input).success, `${where}: the schema accepts it`).toBe(false)
        const result = await router.invoke(name, c.input)
        expect(result.ok, where).toBe(false)
        if (result.ok) continue
        expect(ApiErrorSchema.safeParse(result.error).success, where).toBe(true)
        expect(result.error.code, `${where}: ${result.error.message}`).toBe('BAD_INPUT')
        expect(result.error.message, where).toMatch(/[À-ỹ]/)
        expect(result.error.message.length, `${where}: message size`).toBeLessThan(2000)
        // With an otherwise valid input, the error points at the field that was broken.
        if (baseValid && c.path) expect(result.error.path.slice(0, c.path.length), where).toEqual(c.path)
      }
    }
    expect(unexpected).toEqual([])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    // Nothing was written, and the process still answers.
    expect(ctx.store.sqlite.prepare('select count(*) as n from audit_log').get()).toEqual(auditBefore)
    expect(await router.invoke('app.info', {})).toMatchObject({ ok: true })
  })
})
