import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeadlineSchema, IsoDateSchema } from '@shared/domain/deadline'
import { BirthDateSchema } from '@shared/domain/households'
import { BUILTIN_STANDARDS, standardForYear } from '@shared/standards'
import { applyOverride, StandardOverrideSchema } from '@shared/standards/schema'
import { formatDate, formatInt, parseArea, parseDecimal, parseMoney, parseViDate } from '@shared/text/format'
import { parseBirth } from '../../renderer/src/households/form-model'
import { lineErrors, toOverride, valuesOf } from '../../renderer/src/households/standard-values'
import { t } from '../../renderer/src/i18n'
import { dayMonth, emptyDeadline, toDeadline } from '../../renderer/src/plans/deadline-draft'
import { formatDateTime } from '../../renderer/src/settings/format-time'

// What clerks type into the renderer's forms, read by the helpers the forms call.

describe('typed dates (dd/mm/yyyy)', () => {
  it('reads day/month/year, with or without leading zeros and surrounding spaces', () => {
    expect(parseViDate('12/03/1985')).toBe('1985-03-12')
    expect(parseViDate('1/1/1990')).toBe('1990-01-01')
    expect(parseViDate('  05/6/2026 ')).toBe('2026-06-05')
  })

  it('knows the calendar: 29/02 only in leap years (2000 was one, 1900 was not), no 31/04', () => {
    expect(parseViDate('29/02/2024')).toBe('2024-02-29')
    expect(parseViDate('29/02/2000')).toBe('2000-02-29')
    for (const notADay of ['31/02/2024', '29/02/2023', '29/02/1900', '31/04/2024', '00/01/2000', '32/01/2000', '01/13/2000', '01/00/2000'])
      expect(parseViDate(notADay), notADay).toBeNull()
  })

  it('refuses other shapes instead of guessing: two-digit years, ISO, dots or dashes, month names', () => {
    for (const s of ['1/1/90', '1990-01-01', '01.01.1990', '01-01-1990', '1/1/19900', '12 tháng 3 năm 1985', '', '  '])
      expect(parseViDate(s), s).toBeNull()
  })

  it('gives a four-digit ISO year even for a year before 1000, so main does not refuse what the form accepted', () => {
    // Was "100-01-01" (zeros lost), which every schema of main refuses; 0000–0099 were read as 1900–1999.
    expect(parseViDate('01/01/0100')).toBe('0100-01-01')
    expect(parseViDate('15/06/0099')).toBe('0099-06-15')
    const typedAndShown = [
      ['01/01/0100', '01/01/0100'],
      ['15/06/0099', '15/06/0099'],
      ['29/02/2024', '29/02/2024'],
      ['1/1/1990', '01/01/1990'],
    ]
    for (const [typed, shown] of typedAndShown) {
      const iso = parseViDate(typed!)!
      expect(IsoDateSchema.safeParse(iso).success, typed).toBe(true)
      expect(BirthDateSchema.safeParse(iso).success, typed).toBe(true)
      expect(formatDate(iso), typed).toBe(shown)
    }
  })

  it('a birth is a date or a year alone (common in commune lists); anything else is not a birth', () => {
    expect(parseBirth('12/03/1985')).toBe('1985-03-12')
    expect(parseBirth(' 1985 ')).toBe('1985')
    for (const s of ['85', '19850', '1985-03-12', 'năm 1985', '31/02/1985', '']) expect(parseBirth(s), s).toBeNull()
    for (const s of ['12/03/1985', '1985']) expect(BirthDateSchema.safeParse(parseBirth(s)).success).toBe(true)
  })
})

describe('typed money (whole đồng, dots between thousands)', () => {
  it('reads the ways amounts are written: dots, spaces (also no-break spaces), or plain digits', () => {
    for (const s of ['1.500.000', '1500000', '1 500 000', '1\u00a0500\u00a0000', ' 1.500.000 ', '1.500 000'])
      expect(parseMoney(s), s).toBe(1_500_000)
    expect(parseMoney('0')).toBe(0)
    expect(parseMoney('950')).toBe(950)
  })

  it('reads back every amount the form writes (formatInt, vi-VN)', () => {
    for (const n of [0, 999, 1_000, 1_450_000, 12_345_678, 9_999_999_999]) expect(parseMoney(formatInt(n)), String(n)).toBe(n)
  })

  it('refuses negatives, decimals, words, units and empty input', () => {
    for (const s of ['-1.500.000', '1,5', '1.500.000,50', 'một triệu rưỡi', '1,5 triệu', '1.500.000 đ', '', '   ', '.'])
      expect(parseMoney(s), s).toBeNull()
  })

  it('refuses a dot that does not split thousands: "1.5" is not 15 đ, nor "15.00.000" 1.500.000', () => {
    for (const s of ['1.5', '15.00.000', '1500.000', '1..500', '.500', '1.500.', '1,500,000']) expect(parseMoney(s), s).toBeNull()
  })

  it('refuses huge and non-finite amounts: more than ten digits, exponents, Infinity', () => {
    expect(parseMoney('9.999.999.999')).toBe(9_999_999_999)
    for (const s of ['10.000.000.000', '10000000000', '1e308', '1e6', 'Infinity', '9'.repeat(400)])
      expect(parseMoney(s), s.slice(0, 20)).toBeNull()
  })
})

describe('typed decimals and areas', () => {
  it('reads a comma or a dot as the decimal mark', () => {
    expect(parseDecimal('95,5')).toBe(95.5)
    expect(parseDecimal('95.5')).toBe(95.5)
    expect(parseDecimal(' 40 ')).toBe(40)
    expect(parseDecimal('-3')).toBe(-3)
  })

  it('refuses what Number() would have read: blanks as 0, exponents, hex, Infinity, overflow', () => {
    for (const s of ['', '   ', '1e308', '1e3', '0x10', 'Infinity', '50%', 'bốn mươi', '1,5,5', ',5', '5,', '9'.repeat(400)])
      expect(parseDecimal(s), s.slice(0, 20)).toBeNull()
  })

  it('an area is empty (not measured), a non-negative decimal, or refused', () => {
    expect(parseArea('')).toBeNull()
    expect(parseArea('  ')).toBeNull()
    expect(parseArea('20,5')).toBe(20.5)
    expect(parseArea('0')).toBe(0)
    for (const s of ['-1', 'hai mươi', '1e308', '0x10', 'Infinity']) expect(parseArea(s), s).toBeUndefined()
  })
})

describe("a task's deadline as typed", () => {
  it('reads day/month with spaces around the slash; anything else becomes 0/0 for main to refuse with its message', () => {
    expect(dayMonth('15/12')).toEqual({ day: 15, month: 12 })
    expect(dayMonth(' 5 / 6 ')).toEqual({ day: 5, month: 6 })
    expect(dayMonth('15-12')).toEqual({ day: 0, month: 0 })
    const refused = DeadlineSchema.safeParse(toDeadline({ ...emptyDeadline, kind: 'yearly', first: 'giữa tháng 12' }))
    expect(refused.success).toBe(false)
  })

  it('half-yearly deadlines go to main in calendar order (second field first), which the schema accepts', () => {
    const d = toDeadline({ ...emptyDeadline, kind: 'half_yearly' })
    expect(d).toEqual({
      kind: 'half_yearly',
      dates: [
        { day: 15, month: 6 },
        { day: 15, month: 12 },
      ],
    })
    expect(DeadlineSchema.safeParse(d).success).toBe(true)
  })

  it('a day that is not on every year’s calendar reaches main, which says why', () => {
    const r = DeadlineSchema.safeParse(toDeadline({ ...emptyDeadline, kind: 'yearly', first: '31/02' }))
    expect(r.error?.issues[0]?.message).toMatch(/31\/02 không có trên lịch/)
    expect(toDeadline({ ...emptyDeadline, date: '2026-12-31' })).toEqual({ kind: 'date', date: '2026-12-31' })
  })
})

describe('times shown in settings', () => {
  // The offices' clock (UTC+7, no daylight saving); this file runs in its own process, so TZ is ours to set.
  const tz = process.env.TZ
  beforeAll(() => {
    process.env.TZ = 'Asia/Ho_Chi_Minh'
  })
  afterAll(() => {
    process.env.TZ = tz
  })

  it('writes a stored UTC timestamp as dd/mm/yyyy hh:mm in Vietnam’s time, the day rolling over at 17:00 UTC', () => {
    expect(formatDateTime('2026-06-14T17:30:00.000Z')).toBe('15/06/2026 00:30')
    expect(formatDateTime('2025-12-31T16:59:00.000Z')).toBe('31/12/2025 23:59')
    expect(formatDateTime('2026-01-05T02:07:00Z')).toBe('05/01/2026 09:07')
  })

  it('leaves what is not a time as it is', () => {
    expect(formatDateTime('chưa sao lưu')).toBe('chưa sao lưu')
    expect(formatDateTime('')).toBe('')
  })
})

describe("corrections of a standard's lines", () => {
  const s2022 = standardForYear(BUILTIN_STANDARDS, 2024)!
  const s2016 = standardForYear(BUILTIN_STANDARDS, 2018)!

  it('shows only the lines a standard has: near-poverty for two bands, the score line when it scores', () => {
    expect(Object.keys(valuesOf(s2022)).sort()).toEqual(['averageLine', 'incomeScoreLine', 'povertyLine'])
    expect(Object.keys(valuesOf(s2016)).sort()).toEqual(['averageLine', 'nearPovertyLine', 'povertyLine'])
  })

  it('saving the numbers as shown keeps every line as it was', () => {
    const values = valuesOf(s2022)
    expect(lineErrors(values)).toEqual({})
    const override = toOverride(values)
    expect(Object.keys(override).sort()).toEqual(Object.keys(values).sort())
    expect(valuesOf(applyOverride(s2022, override))).toEqual(values)
  })

  it('reads lines with dots or spaces, as every other amount', () => {
    const values = { ...valuesOf(s2022), povertyLine: { rural: '1.600.000', urban: '2 100 000' } }
    expect(lineErrors(values)).toEqual({})
    const o = StandardOverrideSchema.parse(toOverride(values))
    expect(o.povertyLine).toEqual({ rural: 1_600_000, urban: 2_100_000 })
  })

  it('refuses 0 (main requires a positive line), decimals and words, next to the field main would name', () => {
    const values = { ...valuesOf(s2022), povertyLine: { rural: '0', urban: '1,5' }, averageLine: { rural: 'hai triệu', urban: '1.5' } }
    const message = t('households.std.number')
    expect(lineErrors(values)).toEqual({
      'povertyLine.rural': message,
      'povertyLine.urban': message,
      'averageLine.rural': message,
      'averageLine.urban': message,
    })
    // Had 0 been sent, main would refuse it too, in zod's words rather than the form's.
    expect(StandardOverrideSchema.safeParse({ povertyLine: { rural: 0, urban: 2_000_000 } }).success).toBe(false)
    expect(StandardOverrideSchema.safeParse(toOverride(values)).success).toBe(false)
  })
})
