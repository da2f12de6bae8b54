import { z } from 'zod'
import { channel } from './channel'
import { RowErrorSchema } from './app'
import { DeadlineSchema, IsoDateSchema } from '../domain/deadline'
import { AgencyFieldsSchema, AgencySchema, PlanFieldsSchema, PlanSchema, TaskFieldsSchema, TaskViewSchema } from '../domain/plans'

// Channels of the domain: plans, agencies, tasks, follow-up, urging letters and the task-results report.
const Empty = z.object({}).strict()
const Id = z.string().uuid()
const Note = (max: number, empty: string) => z.string().trim().min(1, empty).max(max, `Tối đa ${max} ký tự`)
const WithinDays = z.number().int().min(1, 'Ít nhất 1 ngày').max(366, 'Tối đa 366 ngày').default(14)

export const SignerSchema = z
  .object({ authority: z.string().trim().max(200), title: z.string().trim().max(200), name: z.string().trim().max(200) })
  .strict()

const SaveResultSchema = z.discriminatedUnion('cancelled', [
  z.object({ cancelled: z.literal(true) }),
  z.object({ cancelled: z.literal(false), fileName: z.string(), documents: z.number().int(), pages: z.number().int() }),
])

const DueListsSchema = z.object({
  today: z.string(),
  withinDays: z.number().int(),
  overdue: z.array(TaskViewSchema),
  soon: z.array(TaskViewSchema),
  later: z.array(TaskViewSchema),
})

export const AnnexTaskSchema = z
  .object({
    seq: z.string().trim().min(1).max(20),
    content: z.string().trim().min(1).max(4000),
    leadName: z.string().trim().min(1).max(200),
    coordinatorNames: z.array(z.string().trim().min(1).max(200)).max(100),
    deadline: DeadlineSchema,
  })
  .strict()

const AnnexPreviewSchema = z.object({
  cancelled: z.literal(false),
  /** Names the picked file and its previewed tasks in main (the renderer never holds a path, nor sends the tasks back). */
  token: z.string().uuid(),
  fileName: z.string(),
  columns: z.array(z.object({ field: z.string(), header: z.string() })),
  drafts: z.array(AnnexTaskSchema.extend({ row: z.number().int() })),
  errors: z.array(RowErrorSchema),
  unknownAgencies: z.array(z.string()),
})

export const planChannels = {
  'agencies.list': channel({ summary: 'Danh mục cơ quan, đơn vị được giao nhiệm vụ', input: Empty, output: z.array(AgencySchema) }),
  'agencies.create': channel({
    changes: ['agencies', 'plans'],
    summary: 'Thêm một cơ quan vào danh mục',
    input: AgencyFieldsSchema,
    output: AgencySchema,
  }),
  'agencies.update': channel({
    changes: ['agencies', 'plans'],
    summary: 'Sửa thông tin một cơ quan',
    input: z.object({ id: Id, fields: AgencyFieldsSchema }).strict(),
    output: AgencySchema,
  }),
  'plans.list': channel({
    summary: 'Các kế hoạch, mới nhất trước, với số nhiệm vụ và số quá hạn',
    input: Empty,
    output: z.array(PlanSchema),
  }),
  'plans.get': channel({
    summary: 'Một kế hoạch và các nhiệm vụ của nó',
    input: z.object({ id: Id }).strict(),
    output: z.object({ plan: PlanSchema, tasks: z.array(TaskViewSchema) }),
  }),
  'plans.create': channel({ changes: ['plans'], summary: 'Thêm một kế hoạch', input: PlanFieldsSchema, output: PlanSchema }),
  'plans.update': channel({
    changes: ['plans'],
    summary: 'Sửa thông tin kế hoạch',
    input: z.object({ id: Id, fields: PlanFieldsSchema }).strict(),
    output: PlanSchema,
  }),
  'tasks.get': channel({ summary: 'Một nhiệm vụ với tiến độ và báo cáo', input: z.object({ id: Id }).strict(), output: TaskViewSchema }),
  'tasks.create': channel({
    changes: ['plans'],
    summary: 'Thêm một nhiệm vụ vào kế hoạch',
    input: z.object({ planId: Id, fields: TaskFieldsSchema }).strict(),
    output: TaskViewSchema,
  }),
  'tasks.update': channel({
    changes: ['plans'],
    summary: 'Sửa một nhiệm vụ',
    input: z.object({ id: Id, fields: TaskFieldsSchema }).strict(),
    output: TaskViewSchema,
  }),
  'tasks.addProgress': channel({
    changes: ['plans'],
    summary: 'Ghi tiến độ thực hiện nhiệm vụ theo ngày',
    input: z.object({ taskId: Id, onDate: IsoDateSchema, note: Note(4000, 'Nhập nội dung tiến độ') }).strict(),
    output: TaskViewSchema,
  }),
  'tasks.addReport': channel({
    changes: ['plans'],
    summary: 'Ghi nhận báo cáo của cơ quan về một kỳ hạn của nhiệm vụ',
    input: z
      .object({
        taskId: Id,
        agencyId: Id.optional(),
        dueDate: IsoDateSchema.optional(),
        receivedOn: IsoDateSchema,
        summary: Note(4000, 'Nhập tóm tắt báo cáo'),
      })
      .strict(),
    output: TaskViewSchema,
  }),
  'tasks.complete': channel({
    changes: ['plans'],
    summary: 'Đánh dấu nhiệm vụ hoàn thành, với ngày và kết quả',
    input: z.object({ taskId: Id, completedOn: IsoDateSchema, result: Note(4000, 'Nhập kết quả thực hiện') }).strict(),
    output: TaskViewSchema,
  }),
  'tasks.reopen': channel({
    changes: ['plans'],
    summary: 'Bỏ đánh dấu hoàn thành',
    input: z.object({ taskId: Id }).strict(),
    output: TaskViewSchema,
  }),
  'tasks.due': channel({
    summary: 'Nhiệm vụ theo thời hạn: quá hạn, đến hạn trong N ngày, về sau (tính theo đồng hồ hiện tại)',
    input: z.object({ withinDays: WithinDays, agencyId: Id.optional() }).strict(),
    output: DueListsSchema,
  }),
  'tasks.byAgency': channel({
    summary: 'Nhiệm vụ một cơ quan chủ trì và phối hợp',
    input: z.object({ agencyId: Id }).strict(),
    output: z.object({ lead: z.array(TaskViewSchema), coordinating: z.array(TaskViewSchema) }),
  }),
  'tasks.calendar': channel({
    summary: 'Các kỳ hạn rơi vào một tháng, cho lịch tháng',
    input: z.object({ year: z.number().int().min(2000).max(2100), month: z.number().int().min(1).max(12) }).strict(),
    output: z.object({
      today: z.string(),
      entries: z.array(
        z.object({
          date: z.string(),
          taskId: Id,
          planNumber: z.string(),
          seq: z.string(),
          content: z.string(),
          leadAgency: z.string(),
          state: z.enum(['answered', 'overdue', 'open', 'done']),
        }),
      ),
    }),
  }),
  'plans.importPick': channel({
    summary: 'Chọn tệp Excel phụ lục nhiệm vụ (hộp thoại của tiến trình chính) và xem trước, chưa ghi gì',
    input: Empty,
    output: z.discriminatedUnion('cancelled', [z.object({ cancelled: z.literal(true) }), AnnexPreviewSchema]),
  }),
  'plans.importCommit': channel({
    changes: ['plans', 'agencies'],
    summary:
      'Ghi các nhiệm vụ đã xem trước (theo mã của lần chọn tệp) vào kế hoạch đã có, hoặc vào kế hoạch mới tạo cùng lúc; chỉ tạo những cơ quan mới đã được xác nhận',
    input: z
      .object({
        /** The plan the tasks go into; or `plan`, the fields of a new plan created with them (all or nothing). */
        planId: Id.optional(),
        plan: PlanFieldsSchema.optional(),
        token: z.string().uuid(),
        createAgencies: z.array(z.string().trim().min(1).max(200)).max(500),
      })
      .strict()
      .refine((v) => (v.planId === undefined) !== (v.plan === undefined), {
        message: 'Chọn kế hoạch đã có hoặc nhập kế hoạch mới (không cả hai)',
        path: ['planId'],
      }),
    output: z.object({ planId: Id, tasksCreated: z.number().int(), agenciesCreated: z.array(z.string()) }),
  }),
  'plans.urgingPdf': channel({
    summary: 'Lưu thư đôn đốc (một cơ quan hoặc tất cả) thành PDF theo thể thức Nghị định 30',
    input: z
      .object({
        agencyId: Id.nullable(),
        withinDays: WithinDays,
        number: z.string().trim().max(60).optional(),
        signer: SignerSchema.optional(),
      })
      .strict(),
    output: SaveResultSchema,
  }),
  'plans.resultsPdf': channel({
    summary: 'Lưu báo cáo kết quả thực hiện nhiệm vụ 6 tháng hoặc cả năm thành PDF',
    input: z
      .object({
        year: z.number().int().min(2000).max(2100),
        period: z.enum(['H1', 'year']),
        number: z.string().trim().max(60).optional(),
        signer: SignerSchema.optional(),
      })
      .strict(),
    output: SaveResultSchema,
  }),
  'plans.resultsXlsx': channel({
    summary: 'Lưu báo cáo kết quả thực hiện nhiệm vụ 6 tháng hoặc cả năm thành tệp Excel',
    input: z
      .object({
        year: z.number().int().min(2000).max(2100),
        period: z.enum(['H1', 'year']),
        number: z.string().trim().max(60).optional(),
        signer: SignerSchema.optional(),
      })
      .strict(),
    output: SaveResultSchema,
  }),
}
