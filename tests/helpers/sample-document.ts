import type { OfficialDocument } from '@shared/print/document'

/** A realistic report with a two-level header, enough rows for several pages, and hostile text. */
export function sampleDocument(rows = 80, orientation: 'portrait' | 'landscape' = 'landscape'): OfficialDocument {
  const body = Array.from({ length: rows }, (_, i) => [
    i + 1,
    i === 3 ? '<b>Thôn Đồng Tâm</b>' : `Thôn Nà Phặc ${i + 1}`,
    100 + i,
    12,
    0.12,
    8,
    0.08,
  ])
  const total = ['', 'Tổng cộng', body.reduce((s, r) => s + (r[2] as number), 0), 12 * rows, 0.12, 8 * rows, 0.08]
  return {
    agency: ['UBND HUYỆN YÊN MÔ', 'UBND xã Tân Thành'],
    number: '15/BC-UBND',
    place: 'Ninh Bình',
    date: '2026-06-15',
    title: 'Báo cáo kết quả rà soát hộ nghèo, hộ cận nghèo năm 2026',
    subtitle: 'Theo chuẩn nghèo đa chiều giai đoạn 2022–2025',
    orientation,
    body: [
      { kind: 'paragraph', text: 'Thực hiện Quyết định số 24/2021/QĐ-TTg, Ủy ban nhân dân xã báo cáo kết quả như sau:' },
      {
        kind: 'table',
        table: {
          header: [
            [
              { text: 'STT', rowSpan: 2 },
              { text: 'Thôn, bản', rowSpan: 2 },
              { text: 'Tổng số hộ', rowSpan: 2 },
              { text: 'Hộ nghèo', colSpan: 2 },
              { text: 'Hộ cận nghèo', colSpan: 2 },
            ],
            [{ text: 'Số hộ' }, { text: 'Tỷ lệ' }, { text: 'Số hộ' }, { text: 'Tỷ lệ' }],
          ],
          columns: [
            { kind: 'int', width: 5 },
            { kind: 'text', width: 30 },
            { kind: 'int', width: 12 },
            { kind: 'int', width: 10 },
            { kind: 'percent', width: 10 },
            { kind: 'int', width: 10 },
            { kind: 'percent', width: 10 },
          ],
          rows: [...body, total],
          boldRows: [body.length],
        },
      },
    ],
    recipients: ['UBND huyện Yên Mô', 'Lưu: VT'],
    signer: { authority: 'TM. Ủy ban nhân dân', title: 'Chủ tịch', name: 'Nguyễn Văn Đức' },
  }
}
