import { z } from 'zod'
import { channel } from './channel'
import {
  AddApplicantSchema,
  AddCaseSchema,
  ApproveCaseSchema,
  ApproveSchema,
  CaseDetailSchema,
  CaseRowSchema,
  CaseStageSchema,
  CycleSchema,
  MeetingSchema,
  MeetingViewSchema,
  MovementCellQuerySchema,
  MovementHouseholdSchema,
  MovementQuerySchema,
  MovementRowSchema,
  OngoingCaseSchema,
  OpenReviewSchema,
  PostSchema,
  ReopenSchema,
  RestandardPreviewSchema,
  RestandardPreviewViewSchema,
  RestandardSchema,
  ReviewStatusSchema,
  SurveySchema,
  TargetInputSchema,
  TargetProgressSchema,
  TargetSchema,
} from '../domain/reviews'
import { SignerSchema } from '../print/document-schema'

const Year = z.object({ year: z.number().int().min(2000).max(2100) }).strict()
/** A household's code as the register keeps it (households.ts: HouseholdFieldsSchema). */
const HouseholdCode = z.string().trim().min(1, 'Nhập mã hộ').max(30, 'Mã hộ tối đa 30 ký tự')
const Saved = z.discriminatedUnion('cancelled', [
  z.object({ cancelled: z.literal(true) }),
  z.object({ cancelled: z.literal(false), fileName: z.string(), documents: z.number().int(), pages: z.number().int() }),
])

// Channels of the domain: Rà soát hằng năm, biến động, chỉ tiêu. Approval, lock and reopen need an
// approver; the survey, the meetings and the posting are the clerk's.
export const reviewChannels = {
  'review.today': channel({
    summary: 'Ngày hôm nay theo giờ Việt Nam (từ tiến trình chính)',
    input: z.object({}).strict(),
    output: z.object({ date: z.string() }),
  }),
  'review.cycles': channel({ summary: 'Các kỳ rà soát đã mở', input: z.object({}).strict(), output: z.array(CycleSchema) }),
  'review.open': channel({
    changes: ['reviews'],
    summary: 'Mở kỳ rà soát của một năm theo chuẩn nghèo có hiệu lực ngày 1/1 năm sau (năm của danh sách)',
    input: OpenReviewSchema,
    output: CycleSchema,
  }),
  'review.restandardPreview': channel({
    summary: 'Xem trước việc chuyển kỳ rà soát sang chuẩn nghèo khác: số hộ được phân loại lại, số hộ đổi nhóm',
    input: RestandardPreviewSchema,
    output: RestandardPreviewViewSchema,
  }),
  'review.restandard': channel({
    changes: ['reviews', 'households'],
    summary: 'Chuyển kỳ rà soát chưa phê duyệt sang chuẩn nghèo khác (có lý do), phân loại lại mọi hộ',
    input: RestandardSchema,
    output: z.object({ cycle: CycleSchema, preview: RestandardPreviewViewSchema }),
  }),
  'review.status': channel({ summary: 'Tiến độ rà soát theo thôn, xã và toàn đơn vị', input: Year, output: ReviewStatusSchema }),
  'review.cases': channel({
    summary: 'Danh sách hộ rà soát của năm (lọc theo địa bàn, bước)',
    input: z
      .object({
        year: z.number().int(),
        unitId: z.string().uuid().nullable().default(null),
        stage: CaseStageSchema.nullable().default(null),
        ongoing: z.boolean().default(false),
      })
      .strict(),
    output: z.array(CaseRowSchema),
  }),
  'review.case': channel({
    summary: 'Hồ sơ rà soát của một hộ: phiếu A, B1, B2, kết quả và lý do',
    input: z.object({ id: z.string().uuid() }).strict(),
    output: CaseDetailSchema,
  }),
  'review.findCase': channel({
    summary: 'Hộ có mã đó trong sổ và hồ sơ của hộ trong danh sách rà soát hằng năm của năm (nếu có)',
    input: z.object({ year: z.number().int().min(2000).max(2100), code: HouseholdCode }).strict(),
    output: z.object({
      householdId: z.string().uuid(),
      code: z.string(),
      headName: z.string(),
      /** Null when the household is not on the year's list. */
      caseId: z.string().uuid().nullable(),
    }),
  }),
  'review.addApplicant': channel({
    changes: ['reviews', 'households'],
    summary: 'Thêm hộ có giấy đề nghị (mẫu 01) vào danh sách rà soát',
    input: AddApplicantSchema,
    output: CaseRowSchema,
  }),
  'review.addCase': channel({
    changes: ['reviews'],
    summary: 'Cán bộ bổ sung một hộ trong sổ vào danh sách rà soát (có lý do)',
    input: AddCaseSchema,
    output: CaseRowSchema,
  }),
  'review.survey': channel({
    changes: ['reviews', 'households'],
    summary: 'Ghi kết quả khảo sát (phiếu A, B1, B2) và phân loại',
    input: SurveySchema,
    output: CaseDetailSchema,
  }),
  'review.meeting': channel({
    changes: ['reviews'],
    summary: 'Ghi cuộc họp thôn và tỷ lệ đồng ý của từng hộ',
    input: MeetingSchema,
    output: MeetingViewSchema,
  }),
  'review.meetings': channel({ summary: 'Các cuộc họp thôn của năm', input: Year, output: z.array(MeetingViewSchema) }),
  'review.post': channel({
    changes: ['reviews'],
    summary: 'Niêm yết công khai kết quả đã thống nhất của một thôn',
    input: PostSchema,
    output: z.object({ posted: z.number().int() }),
  }),
  'review.approve': channel({
    changes: ['reviews', 'households'],
    summary: 'Quyết định công nhận của Chủ tịch UBND xã: phê duyệt và khóa kết quả cả năm',
    input: ApproveSchema,
    output: CycleSchema,
    access: 'approver',
  }),
  'review.reopen': channel({
    changes: ['reviews', 'households'],
    summary: 'Mở lại kết quả đã khóa của một hộ để điều chỉnh (có lý do)',
    input: ReopenSchema,
    output: CaseDetailSchema,
    access: 'approver',
  }),
  'review.approveCase': channel({
    changes: ['reviews', 'households'],
    summary: 'Phê duyệt kết quả một hộ (rà soát thường xuyên hoặc điều chỉnh) theo quyết định riêng',
    input: ApproveCaseSchema,
    output: CaseDetailSchema,
    access: 'approver',
  }),
  'review.ongoing': channel({
    changes: ['reviews'],
    summary: 'Mở rà soát thường xuyên cho một hộ (mẫu 04; đợt hằng tháng, thời hạn theo quy định)',
    input: OngoingCaseSchema,
    output: CaseRowSchema,
  }),
  'review.minutesPdf': channel({
    summary: 'Lưu biên bản họp thôn (PDF)',
    input: z.object({ meetingId: z.string().uuid() }).strict(),
    output: Saved,
  }),
  'review.publicListPdf': channel({
    summary: 'Lưu danh sách niêm yết công khai của một thôn (PDF)',
    input: z.object({ year: z.number().int(), unitId: z.string().uuid(), signer: SignerSchema.optional() }).strict(),
    output: Saved,
  }),
  'review.certificatesPdf': channel({
    summary: 'Lưu giấy chứng nhận hộ nghèo, hộ cận nghèo đã được phê duyệt (PDF, mỗi hộ một trang)',
    input: z
      .object({ year: z.number().int(), unitId: z.string().uuid().nullable().default(null), caseId: z.string().uuid().optional() })
      .strict(),
    output: Saved,
  }),
  'movements.get': channel({
    summary: 'Biến động hộ nghèo, cận nghèo giữa hai năm rà soát hoặc hai ngày, theo xã và tổng',
    input: MovementQuerySchema,
    output: z.array(MovementRowSchema),
  }),
  'movements.households': channel({
    summary: 'Các hộ trong một ô của bảng biến động',
    input: MovementCellQuerySchema,
    output: z.array(MovementHouseholdSchema),
  }),
  'targets.list': channel({ summary: 'Các chỉ tiêu giảm nghèo của kế hoạch', input: z.object({}).strict(), output: z.array(TargetSchema) }),
  'targets.save': channel({ changes: ['targets'], summary: 'Thêm hoặc sửa một chỉ tiêu', input: TargetInputSchema, output: TargetSchema }),
  'targets.delete': channel({
    changes: ['targets'],
    summary: 'Xóa một chỉ tiêu',
    input: z.object({ id: z.string().uuid() }).strict(),
    output: z.object({ deleted: z.literal(true) }),
  }),
  'targets.progress': channel({
    summary: 'Chỉ tiêu so với kết quả từng năm (cho trang Tổng quan)',
    input: z.object({}).strict(),
    output: z.array(TargetProgressSchema),
  }),
}
