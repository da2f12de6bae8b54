import { describe, expect, it } from 'vitest'
import { parseAnnexRows, splitAgencies } from '../../electron/main/services/plans/annex-rows'
import { nameKey, seqSortKey } from '../../electron/main/services/plans/keys'

const KNOWN = new Set(['Sở Y tế', 'Sở Tài chính', 'UBND các xã'].map(nameKey))
const known = (n: string) => KNOWN.has(nameKey(n))

describe('task annex rows', () => {
  it('finds the header under the title rows, numbers tasks within sections and lists unknown agencies once', () => {
    const rows = [
      ['PHỤ LỤC'],
      ['DANH MỤC NHIỆM VỤ'],
      ['TT', 'Nội dung công việc', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian hoàn thành', 'Ghi chú'],
      ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)'],
      ['I', 'NHIỆM VỤ CHUNG', '', '', '', ''],
      ['1', 'Rà soát hộ nghèo', 'SỞ Y TẾ', 'Sở Tài chính, Hội Nông dân tỉnh', '31/12/2026', ''],
      ['2', 'Báo cáo định kỳ', 'Hội Nông dân tỉnh', '', 'Trước 15/6 và 15/12 hằng năm', ''],
      ['II', 'NHIỆM VỤ CỤ THỂ', '', '', '', ''],
      ['1', 'Hỗ trợ nhà ở', 'Sở Y tế', 'Sở Y tế; UBND các xã', '30/06/2026', ''],
      ['2', 'Truyền thông', 'UBND các xã', '', 'Thường xuyên', ''],
      ['3', 'Tập huấn', 'Sở Tài chính', 'hội nông dân tỉnh', 'Quý III/2026', ''],
    ]
    const r = parseAnnexRows(rows, known)
    expect(r.drafts.map((d) => [d.row, d.seq, d.leadName])).toEqual([
      [6, 'I.1', 'SỞ Y TẾ'],
      [7, 'I.2', 'Hội Nông dân tỉnh'],
      [11, 'II.3', 'Sở Tài chính'],
    ])
    expect(r.drafts[1]!.deadline).toEqual({
      kind: 'half_yearly',
      dates: [
        { month: 6, day: 15 },
        { month: 12, day: 15 },
      ],
    })
    expect(r.errors).toEqual([
      { row: 9, column: 'Đơn vị phối hợp', message: '"Sở Y tế" đã là cơ quan chủ trì, không thể đồng thời là cơ quan phối hợp.' },
      { row: 10, column: 'Thời gian hoàn thành', message: expect.stringMatching(/^Thời hạn "Thường xuyên" chưa nêu ngày cụ thể/) },
    ])
    expect(r.unknownAgencies).toEqual(['Hội Nông dân tỉnh'])
  })

  it('says which required column is missing', () => {
    const r = parseAnnexRows([['STT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì']], known)
    expect(r.errors).toEqual([{ row: 1, column: '', message: 'Thiếu cột "Thời hạn hoàn thành".' }])
    expect(parseAnnexRows([['a', 'b']], known).errors[0]?.message).toMatch(/Không thấy dòng tiêu đề/)
  })

  it('splits coordinating agencies without cutting names that contain "và" or a comma', () => {
    expect(
      splitAgencies('Sở Lao động - Thương binh và Xã hội, Sở Tài chính;\nUBND các huyện, thành phố, Sở Văn hóa, Thể thao và Du lịch'),
    ).toEqual(['Sở Lao động - Thương binh và Xã hội', 'Sở Tài chính', 'UBND các huyện, thành phố', 'Sở Văn hóa, Thể thao và Du lịch'])
    expect(nameKey('Sở LĐ-TB&XH')).toBe(nameKey('SỞ LĐ – TB và XH'))
    expect(['10', '2', 'II.1', 'I.3', '1.10', '1.9'].sort((a, b) => seqSortKey(a).localeCompare(seqSortKey(b)))).toEqual([
      '1.9',
      '1.10',
      '2',
      '10',
      'I.3',
      'II.1',
    ])
  })
})
