import { z } from 'zod'
import { DeadlineSchema, IsoDateSchema } from './deadline'
import { NameSchema } from './office'

/** Agencies a plan assigns tasks to; the office keeps the list (design.md rule 3: lists are data). */
export const AGENCY_KINDS = ['department', 'peoples_committee', 'fatherland_front', 'mass_org', 'other'] as const
export const AgencyKindSchema = z.enum(AGENCY_KINDS)
export type AgencyKind = z.infer<typeof AgencyKindSchema>

const Text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự`)

export const AgencyFieldsSchema = z
  .object({
    name: NameSchema,
    /** "Sở LĐ-TB&XH": matched like the full name when an annex uses the short form. */
    shortName: Text(60).default(''),
    kind: AgencyKindSchema.default('other'),
    contactPerson: Text(200).default(''),
    phone: Text(40).default(''),
    email: z.union([z.literal(''), z.string().trim().email('Địa chỉ email không hợp lệ')]).default(''),
    address: Text(300).default(''),
  })
  .strict()
export type AgencyFields = z.input<typeof AgencyFieldsSchema>

export const AgencySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  shortName: z.string(),
  kind: AgencyKindSchema,
  contactPerson: z.string(),
  phone: z.string(),
  email: z.string(),
  address: z.string(),
})
export type Agency = z.infer<typeof AgencySchema>

const Year = z.number().int().min(2000, 'Năm từ 2000').max(2100, 'Năm đến 2100')

export const PlanFieldsSchema = z
  .object({
    /** "200/KH-UBND", without "Số". */
    number: z
      .string()
      .trim()
      .min(1, 'Nhập số, ký hiệu kế hoạch')
      .max(60, 'Tối đa 60 ký tự')
      .regex(/^[^\s/]+\/[^\s]+$/, 'Số, ký hiệu có dạng "200/KH-UBND"'),
    issuedOn: IsoDateSchema,
    issuer: NameSchema,
    title: z.string().trim().min(1, 'Không được để trống').max(1000, 'Tối đa 1000 ký tự'),
    periodFrom: Year,
    periodTo: Year,
    /** The document the plan implements ("Quyết định số 90/QĐ-TTg ngày 18/01/2022 …"). */
    implements: Text(500).default(''),
    targets: Text(5000).default(''),
    /** Where the signed original is kept (a cabinet, a shelf, a folder on the office PC). */
    originalLocation: Text(500).default(''),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.periodTo < p.periodFrom) ctx.addIssue({ code: 'custom', message: 'Năm kết thúc ở trước năm bắt đầu.', path: ['periodTo'] })
    if (Number(p.issuedOn.slice(0, 4)) > p.periodTo) {
      ctx.addIssue({ code: 'custom', message: 'Kế hoạch ban hành sau khi giai đoạn đã kết thúc.', path: ['issuedOn'] })
    }
  })
export type PlanFields = z.input<typeof PlanFieldsSchema>

export const PlanSchema = z.object({
  id: z.string().uuid(),
  number: z.string(),
  issuedOn: z.string(),
  issuer: z.string(),
  title: z.string(),
  periodFrom: z.number().int(),
  periodTo: z.number().int(),
  implements: z.string(),
  targets: z.string(),
  originalLocation: z.string(),
  taskCount: z.number().int(),
  overdueCount: z.number().int(),
})
export type Plan = z.infer<typeof PlanSchema>

/** What the clerk types; `overdue` is never one of them, it is derived from the clock. */
export const TASK_STATES = ['not_started', 'in_progress', 'done'] as const
export const TaskStateSchema = z.enum(TASK_STATES)
export type TaskState = z.infer<typeof TaskStateSchema>
export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'overdue'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const TaskFieldsSchema = z
  .object({
    /** Number within the plan as printed: "1", "2.3", "II.1". */
    seq: z.string().trim().min(1, 'Nhập số thứ tự').max(20, 'Tối đa 20 ký tự'),
    content: z.string().trim().min(1, 'Nhập nội dung nhiệm vụ').max(4000, 'Tối đa 4000 ký tự'),
    leadAgencyId: z.string().uuid('Chọn cơ quan chủ trì'),
    coordinatorIds: z.array(z.string().uuid()).max(100).default([]),
    deadline: DeadlineSchema,
    unitIds: z.array(z.string().uuid()).max(500).default([]),
    /** Households the task concerns; ids only until the household register lands (no foreign key yet). */
    householdIds: z.array(z.string().uuid()).max(5000).default([]),
  })
  .strict()
export type TaskFields = z.input<typeof TaskFieldsSchema>

export const ProgressNoteSchema = z.object({ id: z.string().uuid(), onDate: z.string(), note: z.string(), actor: z.string() })
export type ProgressNote = z.infer<typeof ProgressNoteSchema>

export const AgencyReportSchema = z.object({
  id: z.string().uuid(),
  agencyId: z.string().uuid(),
  agencyName: z.string(),
  /** The due date the report answers (an occurrence of the task's deadline). */
  dueDate: z.string(),
  receivedOn: z.string(),
  onTime: z.boolean(),
  summary: z.string(),
})
export type AgencyReport = z.infer<typeof AgencyReportSchema>

export const TaskViewSchema = z.object({
  id: z.string().uuid(),
  planId: z.string().uuid(),
  planNumber: z.string(),
  seq: z.string(),
  content: z.string(),
  leadAgency: z.object({ id: z.string().uuid(), name: z.string() }),
  coordinators: z.array(z.object({ id: z.string().uuid(), name: z.string() })),
  deadline: DeadlineSchema,
  deadlineText: z.string(),
  /** From the plan's date to the end of its period: where a recurrence's occurrences count. */
  window: z.object({ start: z.string(), end: z.string() }),
  state: TaskStateSchema,
  /** Derived from the clock: never stored. */
  status: z.enum(TASK_STATUSES),
  nextDue: z.string().nullable(),
  /** Days from today to nextDue (negative when late). */
  daysLeft: z.number().int().nullable(),
  completedOn: z.string().nullable(),
  result: z.string(),
  unitIds: z.array(z.string().uuid()),
  householdIds: z.array(z.string().uuid()),
  progress: z.array(ProgressNoteSchema),
  reports: z.array(AgencyReportSchema),
})
export type TaskView = z.infer<typeof TaskViewSchema>

/** "Quá hạn 12 ngày", "Đến hạn hôm nay", "Còn 5 ngày": how far a task is from its open due date (urging letter, `tasks due`). */
export function dueDistance(t: Pick<TaskView, 'daysLeft'>): string {
  if (t.daysLeft === null) return ''
  if (t.daysLeft < 0) return `Quá hạn ${-t.daysLeft} ngày`
  if (t.daysLeft === 0) return 'Đến hạn hôm nay'
  return `Còn ${t.daysLeft} ngày`
}
