import { describe, expect, it } from 'vitest'
import type { UnitDraft } from '@shared/domain/units'
import { keepUnfixed } from '../../renderer/src/components/errors'
import { descendantCount, duplicateOf, mergeDrafts } from '../../renderer/src/setup/unit-drafts'

const typed: UnitDraft[] = [
  { kind: 'commune', code: '14563', name: 'Xã Tân Thành', parentIndex: null },
  { kind: 'village', code: '', name: 'Thôn Đồng Tâm', parentIndex: 0 },
]

describe('the units step’s list', () => {
  it('knows a unit already listed by its code, or by kind and name without accents under the same parent', () => {
    expect(duplicateOf(typed, { kind: 'commune', code: '14563', name: 'Phường khác', parentIndex: null })).toBe(0)
    expect(duplicateOf(typed, { kind: 'commune', code: '', name: 'xa tan thanh', parentIndex: null })).toBe(0)
    expect(duplicateOf(typed, { kind: 'village', code: '', name: 'THÔN ĐỒNG TÂM', parentIndex: 0 })).toBe(1)
    // The same village name under another commune is another village.
    expect(duplicateOf(typed, { kind: 'village', code: '', name: 'Thôn Đồng Tâm', parentIndex: null })).toBe(-1)
  })

  it('adds an import without repeats: a repeated commune’s villages join the one listed, and the repeat is named', () => {
    const { drafts, repeated } = mergeDrafts(typed, [
      { kind: 'commune', code: '14563', name: 'Xã Tân Thành', parentIndex: null },
      { kind: 'village', code: '', name: 'Thôn Đồng Tâm', parentIndex: 0 },
      { kind: 'village', code: '', name: 'Bản Nà Phặc', parentIndex: 0 },
      { kind: 'commune', code: '14566', name: 'Phường Hòa Bình', parentIndex: null },
      { kind: 'village', code: '', name: 'Tổ 1', parentIndex: 3 },
    ])
    expect(repeated).toEqual(['Xã Tân Thành (14563)', 'Thôn Đồng Tâm'])
    expect(drafts.map((d) => [d.name, d.parentIndex])).toEqual([
      ['Xã Tân Thành', null],
      ['Thôn Đồng Tâm', 0],
      ['Bản Nà Phặc', 0],
      ['Phường Hòa Bình', null],
      ['Tổ 1', 3],
    ])
    expect(descendantCount(drafts, 0)).toBe(2)
    expect(descendantCount(drafts, 3)).toBe(1)
    expect(descendantCount(drafts, 4)).toBe(0)
  })
})

describe('keepUnfixed', () => {
  it('drops the messages of fields now valid, keeps the others and the form’s message, adds none', () => {
    const errors = { fields: { name: 'Không được để trống', code: 'Mã gồm 5 chữ số' }, form: 'Còn lỗi' }
    expect(keepUnfixed(errors, ['code', 'provinceCode'])).toEqual({ fields: { code: 'Mã gồm 5 chữ số' }, form: 'Còn lỗi' })
    expect(keepUnfixed(errors, ['name', 'code'])).toBe(errors)
  })
})
