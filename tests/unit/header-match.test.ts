import { describe, expect, it } from 'vitest'
import { findHeaderRow, matchHeaders } from '@shared/text/header-match'

const FIELDS = [
  { field: 'head', synonyms: ['họ và tên chủ hộ', 'họ tên chủ hộ', 'chủ hộ'] },
  { field: 'cccd', synonyms: ['số cccd/cmnd', 'cccd', 'số định danh cá nhân', 'cmnd'] },
  { field: 'village', synonyms: ['thôn', 'bản', 'thôn/bản', 'địa chỉ'] },
  { field: 'year', synonyms: ['năm sinh'] },
] as const

describe('matchHeaders', () => {
  it('matches the different wordings offices use, ignoring case, diacritics and punctuation', () => {
    for (const [header, field] of [
      ['Họ và tên chủ hộ', 'head'],
      ['HỌ TÊN CHỦ HỘ', 'head'],
      ['Chủ hộ', 'head'],
      ['Số CCCD/CMND', 'cccd'],
      ['Số định danh cá nhân', 'cccd'],
      ['Thôn/Bản', 'village'],
    ] as const) {
      expect(
        matchHeaders([header], FIELDS).map((m) => m.field),
        header,
      ).toEqual([field])
    }
  })
  it('gives each column to one field and each field one column, best match first', () => {
    const m = matchHeaders(['STT', 'Chủ hộ', 'Họ và tên chủ hộ', 'Năm sinh', 'CCCD'], FIELDS)
    expect(m.map((x) => [x.field, x.column])).toEqual([
      ['head', 2],
      ['year', 3],
      ['cccd', 4],
    ])
  })
  it('does not match a header that only shares letters with a synonym', () => {
    expect(matchHeaders(['Bảng tổng hợp', 'Thông tin'], FIELDS)).toEqual([])
  })
})

describe('findHeaderRow', () => {
  it('skips the title rows above the table', () => {
    const rows = [
      ['UBND XÃ TÂN THÀNH'],
      ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
      ['DANH SÁCH HỘ NGHÈO NĂM 2025'],
      ['STT', 'Họ và tên chủ hộ', 'Năm sinh', 'Số CCCD/CMND', 'Thôn'],
    ]
    expect(findHeaderRow(rows, FIELDS)?.row).toBe(3)
  })
  it('returns null when no row names enough fields', () => {
    expect(findHeaderRow([['a', 'b'], ['Chủ hộ']], FIELDS)).toBeNull()
  })
})
