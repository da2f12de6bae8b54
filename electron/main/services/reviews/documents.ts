import { ApiError } from '@shared/contract/errors'
import { MIN_AGREEMENT_PERCENT } from '@shared/domain/reviews'
import type { OfficialDocument, Signer } from '@shared/print/document'
import { CLASS_LABEL } from '@shared/standards/classify'
import { formatDate } from '@shared/text/format'
import type { ServiceContext } from '../context'
import { getLetterhead } from '../letterhead'
import { requireOffice } from '../office'
import { listCases } from './cases'
import { loadMeeting } from './meeting'

const upper = (s: string) => s.toLocaleUpperCase('vi')

/**
 * The commune over a village, for the agency lines, and who issues the commune's documents. A
 * commune office issues them itself: place, agency and signer are its letterhead from Settings; a
 * district office's documents name the village's commune (the village's parent).
 */
async function agencyOf(
  ctx: ServiceContext,
  unitId: string,
): Promise<{ commune: string; village: string; place: string; issuer: { agency: string[]; signer: Signer } | null }> {
  const [office, letterhead] = await Promise.all([requireOffice(ctx), getLetterhead(ctx)])
  const v = await ctx.store.db.selectFrom('admin_units').select(['name', 'parent_id']).where('id', '=', unitId).executeTakeFirst()
  if (!v) throw new ApiError('NOT_FOUND', 'Không tìm thấy thôn/bản.', ['unitId'])
  const c = v.parent_id
    ? await ctx.store.db.selectFrom('admin_units').select('name').where('id', '=', v.parent_id).executeTakeFirst()
    : null
  const own = office.level === 'commune'
  return {
    commune: c?.name ?? office.name,
    village: v.name,
    place: own ? letterhead.place : (c?.name.replace(/^(Xã|Phường|Thị trấn|Đặc khu)\s+/i, '') ?? letterhead.place),
    issuer: own ? { agency: letterhead.agency, signer: letterhead.signer } : null,
  }
}

/** Minutes of the village meeting (biên bản họp thôn), signed by its chair, with each household's agreement share. */
export async function meetingMinutes(ctx: ServiceContext, meetingId: string): Promise<OfficialDocument> {
  const m = await loadMeeting(ctx, meetingId)
  const where = await agencyOf(ctx, m.unitId)
  const cases = await listCases(ctx, { year: m.year, unitId: m.unitId })
  const byId = new Map(cases.map((c) => [c.id, c]))
  const passed = m.votes.filter((v) => v.passed).length
  return {
    agency: [`UBND ${upper(where.commune)}`, upper(where.village)],
    number: '',
    place: where.place,
    date: m.heldOn,
    title: `Biên bản họp thôn bình xét kết quả rà soát hộ nghèo, hộ cận nghèo năm ${m.year}`,
    orientation: 'portrait',
    body: [
      {
        kind: 'paragraph',
        text: `Hôm nay, ngày ${formatDate(m.heldOn)}, tại ${where.village}, ${where.commune}, cuộc họp bình xét kết quả rà soát hộ nghèo, hộ cận nghèo năm ${m.year} được tổ chức theo Quyết định số 24/2021/QĐ-TTg.`,
      },
      { kind: 'paragraph', text: `Chủ trì: ${m.chair}. Thư ký: ${m.secretary || '…'}. Số người tham dự: ${m.attendees}.` },
      { kind: 'heading', text: 'Kết quả bình xét' },
      {
        kind: 'table',
        table: {
          header: [
            [{ text: 'STT' }, { text: 'Họ tên chủ hộ' }, { text: 'Kết quả rà soát' }, { text: 'Tỷ lệ đồng ý' }, { text: 'Kết luận' }],
          ],
          columns: [
            { kind: 'int', width: 6 },
            { kind: 'text', width: 30 },
            { kind: 'text', width: 22 },
            { kind: 'percent', width: 14 },
            { kind: 'text', width: 22 },
          ],
          rows: m.votes.map((v, i) => {
            const c = byId.get(v.caseId)
            return [
              i + 1,
              v.headName,
              c?.classification ? CLASS_LABEL[c.classification] : '',
              v.agreePercent / 100,
              v.passed ? 'Thống nhất' : `Dưới ${MIN_AGREEMENT_PERCENT}%, rà soát lại`,
            ]
          }),
        },
      },
      {
        kind: 'paragraph',
        text: `Cuộc họp thống nhất kết quả của ${passed}/${m.votes.length} hộ; ${m.votes.length - passed} hộ có tỷ lệ đồng ý dưới ${MIN_AGREEMENT_PERCENT}% được đề nghị rà soát lại. Biên bản được thông qua tại cuộc họp.`,
      },
      { kind: 'paragraph', text: `Thư ký: ${m.secretary || '………………'} (ký, ghi rõ họ tên)`, align: 'left' },
    ],
    recipients: ['Ban chỉ đạo giảm nghèo xã', 'Lưu: thôn'],
    signer: { authority: 'CHỦ TRÌ CUỘC HỌP', title: 'TRƯỞNG THÔN', name: m.chair },
  }
}

/** The list posted publicly in the village after the meeting (niêm yết công khai): results agreed for each household. */
export async function publicList(
  ctx: ServiceContext,
  input: { year: number; unitId: string; signer?: Signer | undefined },
): Promise<OfficialDocument> {
  const where = await agencyOf(ctx, input.unitId)
  const cases = (await listCases(ctx, { year: input.year, unitId: input.unitId })).filter((c) =>
    ['met', 'posted', 'approved'].includes(c.stage),
  )
  if (!cases.length) throw new ApiError('BAD_INPUT', `${where.village} chưa có hộ nào được cuộc họp thôn thống nhất kết quả.`, ['unitId'])
  const posted = await ctx.store.db
    .selectFrom('review_cases')
    .select((eb) => eb.fn.max('posted_on').as('d'))
    .where(
      'id',
      'in',
      cases.map((c) => c.id),
    )
    .executeTakeFirst()
  return {
    agency: [`UBND ${upper(where.commune)}`, upper(where.village)],
    number: '',
    place: where.place,
    date: posted?.d ?? new Date(ctx.now()).toISOString().slice(0, 10),
    title: `Danh sách niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo năm ${input.year}`,
    subtitle: `${where.village} — thời gian niêm yết 03 ngày làm việc`,
    orientation: 'landscape',
    body: [
      {
        kind: 'table',
        table: {
          header: [
            [
              { text: 'STT', rowSpan: 2 },
              { text: 'Họ tên chủ hộ', rowSpan: 2 },
              { text: 'Số nhân khẩu', rowSpan: 2 },
              { text: 'Kết quả', colSpan: 2 },
              { text: 'Điểm', colSpan: 2 },
              { text: 'Tỷ lệ đồng ý', rowSpan: 2 },
            ],
            [{ text: `Năm ${input.year - 1}` }, { text: `Năm ${input.year}` }, { text: 'B1 (thu nhập)' }, { text: 'B2 (thiếu hụt)' }],
          ],
          columns: [
            { kind: 'int', width: 6 },
            { kind: 'text', width: 30 },
            { kind: 'int', width: 10 },
            { kind: 'text', width: 22 },
            { kind: 'text', width: 22 },
            { kind: 'int', width: 12 },
            { kind: 'int', width: 12 },
            { kind: 'percent', width: 12 },
          ],
          rows: await Promise.all(
            cases.map(async (c, i) => {
              const a = await ctx.store.db
                .selectFrom('household_assessments')
                .select(['income_score', 'deprivation_score'])
                .where('household_id', '=', c.householdId)
                .where('year', '=', c.year)
                .executeTakeFirst()
              return [
                i + 1,
                c.headName,
                c.memberCount,
                c.previousClassification ? CLASS_LABEL[c.previousClassification] : '',
                c.classification ? CLASS_LABEL[c.classification] : '',
                a?.income_score ?? null,
                a?.deprivation_score ?? null,
                c.agreePercent === null ? null : c.agreePercent / 100,
              ]
            }),
          ),
        },
      },
      {
        kind: 'paragraph',
        text: 'Người dân có ý kiến về danh sách trên gửi trưởng thôn hoặc Ban chỉ đạo giảm nghèo xã trong thời gian niêm yết.',
        italic: true,
      },
    ],
    recipients: ['Niêm yết tại nhà văn hóa thôn', 'UBND xã', 'Lưu: thôn'],
    signer: input.signer ?? { authority: upper(where.village), title: 'TRƯỞNG THÔN', name: '' },
  }
}

/** A certificate for each household recognised poor or near-poor by an approved decision. */
export async function certificates(
  ctx: ServiceContext,
  input: { year: number; unitId?: string | null | undefined; caseId?: string | undefined; signer?: Signer | undefined },
): Promise<OfficialDocument[]> {
  const all = [
    ...(await listCases(ctx, { year: input.year, unitId: input.unitId ?? null })),
    ...(await listCases(ctx, { year: input.year, unitId: input.unitId ?? null, ongoing: true })),
  ]
  const cases = all.filter(
    (c) =>
      c.stage === 'approved' &&
      (c.classification === 'poor' || c.classification === 'near_poor') &&
      (!input.caseId || c.id === input.caseId),
  )
  if (!cases.length)
    throw new ApiError('BAD_INPUT', `Chưa có hộ nghèo, hộ cận nghèo nào được phê duyệt trong năm ${input.year} để cấp giấy chứng nhận.`, [])
  const docs: OfficialDocument[] = []
  for (const c of cases) {
    const decision = await ctx.store.db
      .selectFrom('review_cases')
      .select(['decision_number', 'decision_date'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow()
    const members = await ctx.store.db
      .selectFrom('household_members')
      .select(['full_name', 'birth_date', 'relationship'])
      .where('household_id', '=', c.householdId)
      .orderBy('position')
      .execute()
    const where = await agencyOf(ctx, c.unitId)
    const kind = c.classification === 'poor' ? 'hộ nghèo' : 'hộ cận nghèo'
    docs.push({
      agency: where.issuer?.agency ?? [`UBND ${upper(where.commune)}`],
      number: '',
      place: where.place,
      date: decision.decision_date ?? '',
      title: `Giấy chứng nhận ${kind}`,
      subtitle: `Năm ${c.year}`,
      orientation: 'portrait',
      body: [
        {
          kind: 'paragraph',
          text: `Căn cứ Quyết định số ${decision.decision_number ?? ''} ngày ${formatDate(decision.decision_date ?? '')} của Chủ tịch UBND ${where.commune} về việc công nhận danh sách hộ nghèo, hộ cận nghèo năm ${c.year},`,
        },
        {
          kind: 'paragraph',
          text: `CHỨNG NHẬN: Hộ ông/bà ${c.headName} (mã hộ ${c.code}), thường trú tại ${where.village}, ${where.commune}, là ${upper(kind)} năm ${c.year}, gồm ${c.memberCount} thành viên:`,
          bold: true,
        },
        {
          kind: 'table',
          table: {
            header: [[{ text: 'STT' }, { text: 'Họ và tên' }, { text: 'Năm sinh' }]],
            columns: [
              { kind: 'int', width: 6 },
              { kind: 'text', width: 40 },
              { kind: 'text', width: 14 },
            ],
            rows: members.map((m, i) => [i + 1, m.full_name, m.birth_date.slice(0, 4)]),
          },
        },
        {
          kind: 'paragraph',
          text: `Giấy chứng nhận có giá trị đến hết ngày 31/12/${c.year + 1} hoặc đến khi có quyết định khác.`,
          italic: true,
        },
      ],
      recipients: ['Hộ gia đình', 'Lưu: VT'],
      signer: input.signer ??
        where.issuer?.signer ?? { authority: `TM. ${upper(`Ủy ban nhân dân ${where.commune}`)}`, title: 'CHỦ TỊCH', name: '' },
    })
  }
  return docs
}
