import { describe, expect, it } from 'vitest'
import { parseUnitRows } from '../../electron/main/services/unit-list'

describe('parseUnitRows', () => {
  it('reads a commune/village list with title rows, merged (blank) commune cells and codes', () => {
    const rows = [
      ['DANH MỤC ĐỊA BÀN'],
      [],
      ['STT', 'Mã xã', 'Xã/Phường', 'Thôn/Bản/Tổ dân phố'],
      ['1', '14563', 'Xã Tân Thành', 'Thôn Đồng Tâm'],
      ['2', '', '', 'Bản Nà Phặc'],
      ['3', '14566', 'Phường Hòa Bình', 'Tổ 1'],
      ['4', '', 'Phường Hòa Bình', 'Tổ 2'],
    ]
    const { drafts, errors } = parseUnitRows(rows)
    expect(errors).toEqual([])
    expect(drafts).toEqual([
      { kind: 'commune', code: '14563', name: 'Xã Tân Thành', parentIndex: null },
      { kind: 'village', code: '', name: 'Thôn Đồng Tâm', parentIndex: 0 },
      { kind: 'village', code: '', name: 'Bản Nà Phặc', parentIndex: 0 },
      { kind: 'commune', code: '14566', name: 'Phường Hòa Bình', parentIndex: null },
      { kind: 'village', code: '', name: 'Tổ 1', parentIndex: 3 },
      { kind: 'village', code: '', name: 'Tổ 2', parentIndex: 3 },
    ])
  })

  it('handles a deeper hierarchy when the file has more level columns', () => {
    const { drafts } = parseUnitRows([
      ['Tỉnh', 'Huyện', 'Xã', 'Thôn'],
      ['Tỉnh A', 'Huyện B', 'Xã C', 'Thôn D'],
      ['', '', '', 'Thôn E'],
    ])
    expect(drafts.map((d) => [d.kind, d.name, d.parentIndex])).toEqual([
      ['province', 'Tỉnh A', null],
      ['district', 'Huyện B', 0],
      ['commune', 'Xã C', 1],
      ['village', 'Thôn D', 2],
      ['village', 'Thôn E', 2],
    ])
  })

  it('reports the row and column of a bad code and of a missing first name', () => {
    const { errors } = parseUnitRows([
      ['Mã xã', 'Xã', 'Thôn'],
      ['12/3', 'Xã C', 'Thôn D'],
      ['', '', 'Thôn E'],
    ])
    expect(errors).toEqual([
      { row: 2, column: 'Mã xã', message: 'Mã "12/3" không hợp lệ.' },
      { row: 3, column: 'Xã', message: 'Thiếu tên đơn vị.' },
    ])
  })

  it('says so when no header row names a level', () => {
    const { drafts, errors } = parseUnitRows([['Họ tên', 'Tuổi']])
    expect(drafts).toEqual([])
    expect(errors[0]?.message).toMatch(/tiêu đề/)
  })
})
