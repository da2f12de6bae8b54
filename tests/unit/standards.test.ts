import { describe, expect, it } from 'vitest'
import { BUILTIN_STANDARDS, standardForYear } from '@shared/standards'
import { StandardSchema } from '@shared/standards/schema'

describe('poverty standards as data', () => {
  it('ships the three periods, each valid against the schema', () => {
    expect(BUILTIN_STANDARDS.map((s) => s.id)).toEqual(['mdp-2016-2020', 'mdp-2022-2025', 'mdp-2027-2030'])
    for (const s of BUILTIN_STANDARDS) expect(StandardSchema.safeParse(s).success).toBe(true)
  })
  it('carries the legal income lines and indicator counts', () => {
    const s2022 = BUILTIN_STANDARDS.find((s) => s.id === 'mdp-2022-2025')!
    expect(s2022.povertyLine).toEqual({ rural: 1_500_000, urban: 2_000_000 })
    expect(s2022.indicators).toHaveLength(12)
    const s2016 = BUILTIN_STANDARDS.find((s) => s.id === 'mdp-2016-2020')!
    expect(s2016.rule).toMatchObject({ kind: 'two_bands', nearPovertyLine: { rural: 1_000_000, urban: 1_300_000 } })
    expect(s2016.indicators).toHaveLength(10)
  })
  it('picks the standard in force for a review year (2022–2025 extended through 2026)', () => {
    expect(standardForYear(BUILTIN_STANDARDS, 2019)?.id).toBe('mdp-2016-2020')
    expect(standardForYear(BUILTIN_STANDARDS, 2026)?.id).toBe('mdp-2022-2025')
    expect(standardForYear(BUILTIN_STANDARDS, 2027)?.id).toBe('mdp-2027-2030')
    expect(standardForYear(BUILTIN_STANDARDS, 2031)).toBeUndefined()
  })
  it('rejects a standard whose rule is malformed', () => {
    const broken = { ...BUILTIN_STANDARDS[1], rule: { kind: 'two_bands', minDeprivations: 3 } }
    expect(StandardSchema.safeParse(broken).success).toBe(false)
  })
})
