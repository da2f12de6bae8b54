import { describe, expect, it } from 'vitest'
import type { ApiErrorShape } from '@shared/contract/errors'
import { HouseholdInputSchema } from '@shared/domain/households'
import { ApiCallError } from '../../renderer/src/api-error'
import { noErrors, toFormErrors } from '../../renderer/src/components/errors'
import { emptyDraft, isShownField, newMember, toInput } from '../../renderer/src/households/form-model'

// Main's refusals as the forms show them: next to the field the path names, or for the form as a whole.

/**
 * A refusal as main's router sends it: the message ends with the field it names (fromZod in
 * electron/main/ipc.ts; the router itself needs a signed-in session over a database to answer).
 */
function refused(message: string, path: ApiErrorShape['path'], code: ApiErrorShape['code'] = 'BAD_INPUT'): ApiCallError {
  const where = path.length ? ` (trường ${path.join('.')})` : ''
  return new ApiCallError({ code, message: `${message}${where}`, path })
}

describe('toFormErrors', () => {
  it('puts a field’s message next to it, by its dotted path, without the "(trường …)" the router adds', () => {
    expect(toFormErrors(refused('Ngày sinh không phải là ngày có thật', ['members', 1, 'birthDate']))).toEqual({
      fields: { 'members.1.birthDate': 'Ngày sinh không phải là ngày có thật' },
      form: null,
    })
  })

  it('strips a prefix the form does not show (settings put the standard’s lines under "override")', () => {
    const e = refused('Quá nhỏ: mong đợi number >0', ['override', 'povertyLine', 'rural'])
    expect(toFormErrors(e, ['override']).fields).toEqual({ 'povertyLine.rural': 'Quá nhỏ: mong đợi number >0' })
  })

  it('a path outside the prefix, or the prefix alone, is the form’s message, with the field named', () => {
    const other = refused('Tên đăng nhập đã có', ['admin', 'username'], 'CONFLICT')
    expect(toFormErrors(other, ['office'])).toEqual({ fields: {}, form: 'Tên đăng nhập đã có (trường admin.username)' })
    const whole = refused('Thiếu thông tin đơn vị', ['office'])
    expect(toFormErrors(whole, ['office'])).toEqual({ fields: {}, form: 'Thiếu thông tin đơn vị (trường office)' })
  })

  it('a path the form has no field for (the record’s id) goes to the form, where the clerk can see it', () => {
    const e = refused('UUID không hợp lệ', ['id'])
    expect(toFormErrors(e, [], isShownField)).toEqual({ fields: {}, form: 'UUID không hợp lệ (trường id)' })
    const shown = refused('Chọn thôn/bản/tổ dân phố', ['household', 'unitId'])
    expect(toFormErrors(shown, [], isShownField).fields).toEqual({ 'household.unitId': 'Chọn thôn/bản/tổ dân phố' })
  })

  it('an error with no path, a plain Error and a thrown string are the form’s message', () => {
    expect(toFormErrors(refused('Phiên làm việc đã khoá', [], 'UNAUTHENTICATED'))).toEqual({ fields: {}, form: 'Phiên làm việc đã khoá' })
    expect(toFormErrors(new Error('Mất kết nối'))).toEqual({ fields: {}, form: 'Mất kết nối' })
    expect(toFormErrors('hỏng')).toEqual({ fields: {}, form: 'hỏng' })
  })

  it('only a trailing "(trường …)" is removed; brackets inside a message stay', () => {
    const e = refused('Chọn (ít nhất) một hộ', ['votes'])
    expect(toFormErrors(e).fields).toEqual({ votes: 'Chọn (ít nhất) một hộ' })
  })

  it('noErrors is empty', () => {
    expect(noErrors).toEqual({ fields: {}, form: null })
  })
})

describe("main's refusals of the household form's input", () => {
  /** What the router would answer for this input: the schema's first issue, as fromZod turns it into an error. */
  function mainRefusal(input: unknown): ApiCallError {
    const issue = HouseholdInputSchema.safeParse(input).error?.issues[0]
    if (!issue) throw new Error('main would accept this input')
    return refused(issue.message, issue.path as (string | number)[])
  }
  const draft = () => ({
    ...emptyDraft(2024),
    unitId: '5b0c8f7e-3a1d-4c2b-9e8f-1a2b3c4d5e6f',
    members: [{ ...newMember('head'), fullName: 'Hoàng Văn An', sex: 'male' as const, birth: '12/03/1985' }],
    income: '1.450.000',
  })

  it('an area over 100.000 m² (which the form reads) comes back in Vietnamese, next to the area field', () => {
    const f = toFormErrors(mainRefusal(toInput({ ...draft(), housingArea: '250000' })), [], isShownField)
    expect(f).toEqual({ fields: { 'assessment.housingAreaM2': 'Diện tích nhà quá lớn (tối đa 100.000 m²)' }, form: null })
  })

  it('an income over the contract’s limit comes back next to the income field', () => {
    const f = toFormErrors(mainRefusal(toInput({ ...draft(), income: '2.000.000.000' })), [], isShownField)
    expect(f).toEqual({ fields: { 'assessment.incomePerPersonMonth': 'Thu nhập quá lớn' }, form: null })
  })

  it('a member’s field is reported by index, and lands on that member', () => {
    const d = draft()
    const input = toInput({
      ...d,
      members: [...d.members, { ...newMember('child'), fullName: 'Hoàng Văn Bình', sex: 'male', birth: '1/9/2015' }],
    })
    input.members[1]!.birthDate = '2015-09-31'
    const f = toFormErrors(mainRefusal(input), [], isShownField)
    expect(f).toEqual({ fields: { 'members.1.birthDate': 'Ngày sinh không phải là ngày có thật' }, form: null })
  })
})
