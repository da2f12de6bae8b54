import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CHANNEL_NAMES, contract, type ChannelInput, type ChannelName, type ChannelOutput } from '@shared/contract'
import { ImportResultSchema } from '@shared/domain/household-import'
import type { CaseRow } from '@shared/domain/reviews'
import type { UnitDraft } from '@shared/domain/units'
import { createRouter, type Router } from '../../electron/main/ipc'
import { createSelfSignedIdentity } from '../../electron/main/export/signing/certificate'
import type { ServiceContext } from '../../electron/main/services/context'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { waitForJob } from '../../electron/main/services/jobs'
import { exportOwnCertificate } from '../../electron/main/services/packages/keys'
import { addTrusted } from '../../electron/main/services/packages/trust'
import { household } from '../helpers/review-flow'
import { fixedClock, tempContext, tempDir } from '../helpers/temp'
import { PASSPHRASE, seedOffice } from './packages-fixture'
import { jobResult } from '../helpers/jobs'
import { makeTestCa } from '../helpers/test-ca'
import { fileDigest } from '../helpers/db-digest'
import type { AppEvent } from '../../shared/contract/events'
import { PackageExportResultSchema, PackageImportResultSchema } from '../../shared/contract/packages'

// Every channel of the contract, called through the real router on a seeded register, must answer
// with what its output schema declares, and declare everything it sends. The compiler checks the
// handlers' return types, but not what types cannot say (integers, UUIDs, patterns) nor whether a
// row read from SQLite or a parsed file really has the type a cast gave it: this run does.

const FIXTURES = resolve(import.meta.dirname, '../fixtures')
const YEAR = 2025
const ADMIN = { username: 'quantri', displayName: 'Quản trị viên', password: 'mat-khau-thu-nghiem' }
const NEW_PASSWORD = 'mat-khau-moi-cua-quan-tri'
const BACKUP_PASSPHRASE = 'mật khẩu sao lưu đủ dài'
const OFFICE = {
  code: '14563',
  name: 'UBND xã Tân Thành',
  provinceCode: '37',
  provinceName: 'Ninh Bình',
  mode: 'office' as const,
  standardId: 'mdp-2022-2025',
}

/** The office's and the province's registers, and a register no office has been set up in yet. */
type Db = 'office' | 'province' | 'fresh'

/** What the steps pass on to later steps; filled in as they run. */
interface State {
  api: Record<Db, Router>
  ctx: Record<Db, ServiceContext>
  /** Where the save dialog puts files, and the "USB stick" the folder dialog picks. */
  out: string
  usb: string
  unitDrafts: UnitDraft[]
  communeId: string
  villageIds: string[]
  unitId: string
  mergedUnitId: string
  householdId: string
  unlistedHouseholdId: string
  duplicate: ChannelOutput<'households.duplicates'>[number]
  averageLine: { rural: number; urban: number }
  cases: CaseRow[]
  applicantCaseId: string
  meetingId: string
  agencyIds: string[]
  planId: string
  taskId: string
  annex: { token: string; unknownAgencies: string[] }
  targetId: string
  header: ChannelOutput<'reports.header'>
  importToken: string
  jobId: string
  userId: string
  p12: string
  certFile: string
  trustToken: string
  officeFingerprint: string
  packageFile: string
  caFile: string
  crlFile: string
  packageToken: string
  packageId: string
  receiptFile: string
  provinceFingerprint: string
  backupId: string
  restoreToken: string
  token: { module: string; label: string; certId: string }
}

interface Step<K extends ChannelName> {
  /** Which database's router answers (default: the office's). */
  on?: Db
  /** What the open-file dialog answers during this call. */
  open?: (s: State) => string
  /** Calls this one needs first (e.g. every other village's meeting), made through the same router. */
  before?: (s: State) => Promise<void>
  input: (s: State) => ChannelInput<K>
  /** Keeps what later steps need. */
  keep?: (data: ChannelOutput<K>, s: State) => void | Promise<void>
}

/** A call made by a step's preparation; a refusal fails the test with main's message. */
async function call<K extends ChannelName>(api: Router, name: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const r = await api.invoke(name, input)
  if (!r.ok) expect.fail(`${name} (preparation): ${r.error.code} ${r.error.message}`)
  return r.data as ChannelOutput<K>
}

const poorAssessment = { incomePerPersonMonth: 1_100_000, housingAreaM2: 40, indicators: [9, 10, 11].map((no) => ({ no, deprived: true })) }
const aboveAssessment = { incomePerPersonMonth: 3_000_000, housingAreaM2: 40, indicators: [] }
const period = { from: { year: YEAR - 1 }, to: { year: YEAR } }
const signer = { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: 'Trần Thị Hoa' }

/** Surveys the year's cases still waiting for one, then holds and posts each village's meeting (except `skip`). */
async function meetAndPost(s: State, step: 'meeting' | 'post', skip: string) {
  const api = s.api.office
  for (const c of await call(api, 'review.cases', { year: YEAR })) {
    if (c.stage === 'listed') await call(api, 'review.survey', { caseId: c.id, assessment: aboveAssessment })
  }
  const villages = new Set(s.cases.map((c) => c.unitId))
  villages.delete(skip)
  for (const unitId of villages) {
    if (step === 'meeting') await call(api, 'review.meeting', meetingFor(s, unitId))
    else await call(api, 'review.post', { year: YEAR, unitId, postedOn: '2025-12-05' })
  }
}

function meetingFor(s: State, unitId: string): ChannelInput<'review.meeting'> {
  const votes = s.cases.filter((c) => c.unitId === unitId).map((c) => ({ caseId: c.id, agreePercent: 90 }))
  return { year: YEAR, unitId, heldOn: '2025-12-02', chair: 'Hoàng Văn Thụ', secretary: 'Nông Thị Lan', attendees: 40, votes }
}

/**
 * One entry per channel, in the order they run: the compiler refuses a missing channel, and later
 * steps use what earlier ones made (set up, then create, update, delete). Everything runs as an
 * admin (allowed every channel): the office's, or for the steps marked `province` the province's.
 * No channel is expected to fail: each is called where it can succeed, its dialogs answered.
 */
const STEPS: { [K in ChannelName]: Step<K> } = {
  // ---- first run: before anyone signs in ----
  'app.info': { input: () => ({}) },
  'auth.session': { input: () => ({}) },
  'standards.list': { input: () => ({}) },
  'units.pickFile': {
    open: () => join(FIXTURES, 'don-vi-hanh-chinh.csv'),
    input: () => ({}),
    keep: (d, s) => {
      if (!d.cancelled) s.unitDrafts = d.drafts
    },
  },
  'office.setup': { input: (s) => ({ office: OFFICE, units: s.unitDrafts, admin: ADMIN }) },
  'office.get': { input: () => ({}) },
  'office.create': { on: 'fresh', input: () => ({ office: { ...OFFICE, code: '14564', name: 'UBND xã Tân Phú' } }) },
  'office.update': { input: () => ({ ...OFFICE, name: 'UBND xã Tân Thành, tỉnh Ninh Bình' }) },
  'office.letterhead': { input: () => ({}) },
  'office.saveLetterhead': { input: () => ({ place: 'Tân Thành', agency: ['UBND xã Tân Thành'], signer }) },

  // ---- units and the register ----
  'units.list': {
    input: () => ({}),
    keep: (d, s) => {
      s.communeId = d.find((u) => u.kind === 'commune')!.id
    },
  },
  'units.add': {
    input: (s) => ({ parentId: s.communeId, kind: 'village', code: '', name: 'Thôn Mới' }),
    keep: (d, s) => {
      s.unitId = d.id
    },
  },
  'units.rename': { input: (s) => ({ id: s.unitId, name: 'Thôn Mới Lập' }) },
  'units.merge': {
    // A second new village, merged into the first: no household moves, the first keeps its id.
    before: async (s) => {
      s.mergedUnitId = (await call(s.api.office, 'units.add', { parentId: s.communeId, kind: 'village', name: 'Thôn Sáp Nhập' })).id
    },
    input: (s) => ({ fromId: s.mergedUnitId, intoId: s.unitId }),
  },
  'households.list': {
    before: async (s) => {
      await generateDemoData(s.ctx.office, { households: 40, seed: 11, years: [YEAR - 1, YEAR] })
      const units = await call(s.api.office, 'units.list', {})
      s.villageIds = units.filter((u) => u.kind === 'village' && u.active && u.id !== s.unitId).map((u) => u.id)
    },
    input: () => ({ year: YEAR, limit: 50 }),
  },
  // The whole register a page at a time (the CLI's `households list --all`).
  'households.listFrom': { input: () => ({ year: YEAR, after: null }) },
  // A few more made-up households (the admin's; the CLI's `demo-data`).
  'households.demoData': { input: () => ({ households: 5, seed: 2 }) },
  'households.save': {
    input: (s) => {
      const h = household(s.villageIds[0]!, 'Hoàng Văn An', '037075000001', YEAR, 1_000_000, [9, 10, 11])
      return { ...h, household: { ...h.household, specialGroups: ['ethnic_minority'], povertyCauses: ['land', 'capital'] } }
    },
    keep: (d, s) => {
      s.householdId = d.id
    },
  },
  'households.addSupport': {
    input: (s) => ({ householdId: s.householdId, policy: 'Hỗ trợ tiền điện', project: 1, date: '2025-06-01', amount: 300_000 }),
  },
  'households.get': { input: (s) => ({ id: s.householdId }) },
  'households.audit': { input: (s) => ({ id: s.householdId }) },
  'households.duplicates': {
    // A second household with the same head, same birth date: listed as a possible duplicate.
    before: async (s) => {
      await call(s.api.office, 'households.save', household(s.villageIds[0]!, 'Hoàng Văn An', '037075000002', YEAR, 1_000_000, [9, 10, 11]))
    },
    input: () => ({}),
    keep: (d, s) => {
      s.duplicate = d.find((g) => g.households.some((h) => h.id === s.householdId))!
    },
  },
  'households.dismissDuplicate': {
    input: (s) => ({
      reason: s.duplicate.reason,
      matchKey: s.duplicate.matchKey,
      householdIds: s.duplicate.households.map((h) => h.id),
      note: 'Hai người khác nhau',
    }),
  },
  'households.standards': {
    input: () => ({}),
    keep: (d, s) => {
      s.averageLine = d.find((x) => x.id === OFFICE.standardId)!.averageLine!
    },
  },
  // The shipped value written back as the office's correction: every later classification stays the same.
  'households.setStandardOverride': {
    input: (s) => ({
      standardId: OFFICE.standardId,
      override: { averageLine: { rural: s.averageLine.rural, urban: s.averageLine.urban } },
    }),
  },

  // ---- the annual review, from opening to certificates ----
  'review.today': { input: () => ({}) },
  'review.open': { input: () => ({ year: YEAR }) },
  'review.cycles': { input: () => ({}) },
  'review.addApplicant': {
    input: (s) => ({ year: YEAR, appliedOn: '2025-12-01', household: household(s.villageIds[1]!, 'Vi Văn Dũng', '037075000004', null) }),
    keep: (d, s) => {
      s.applicantCaseId = d.id
    },
  },
  'review.addCase': {
    // A household of the register that is not on the list (neither poor, near-poor nor applicant).
    before: async (s) => {
      const listed = new Set((await call(s.api.office, 'review.cases', { year: YEAR })).map((c) => c.householdId))
      const all = await s.ctx.office.store.db.selectFrom('households').select('id').execute()
      s.unlistedHouseholdId = all.find((h) => !listed.has(h.id))!.id
    },
    input: (s) => ({ year: YEAR, householdId: s.unlistedHouseholdId, reason: 'Hộ mới chuyển đến, đề nghị rà soát' }),
  },
  // Moved to another standard and back before any survey: each move re-classifies every case.
  'review.restandardPreview': { input: () => ({ year: YEAR, standardId: 'mdp-2016-2020' }) },
  'review.restandard': {
    input: () => ({ year: YEAR, standardId: 'mdp-2016-2020', reason: 'Thử chuyển chuẩn theo hướng dẫn của tỉnh' }),
    keep: async (_d, s) => {
      await call(s.api.office, 'review.restandard', { year: YEAR, standardId: OFFICE.standardId, reason: 'Trả lại chuẩn đúng quy định' })
    },
  },
  'review.cases': {
    input: () => ({ year: YEAR }),
    keep: (d, s) => {
      s.cases = d
    },
  },
  'review.case': { input: (s) => ({ id: s.cases.find((c) => c.previousClassification !== null && c.classification !== null)!.id }) },
  'review.findCase': { input: (s) => ({ year: YEAR, code: s.cases[0]!.code }) },
  'review.survey': { input: (s) => ({ caseId: s.applicantCaseId, screening: { car: false }, assessment: poorAssessment }) },
  'review.status': { input: () => ({ year: YEAR }) },
  'review.meeting': {
    before: (s) => meetAndPost(s, 'meeting', s.villageIds[1]!),
    input: (s) => meetingFor(s, s.villageIds[1]!),
    keep: (d, s) => {
      s.meetingId = d.id
    },
  },
  'review.meetings': { input: () => ({ year: YEAR }) },
  'review.post': {
    before: (s) => meetAndPost(s, 'post', s.villageIds[1]!),
    input: (s) => ({ year: YEAR, unitId: s.villageIds[1]!, postedOn: '2025-12-05' }),
  },
  'review.ongoing': {
    input: (s) => ({ householdId: s.householdId, year: YEAR + 1, appliedOn: '2025-12-08', reason: 'Chủ hộ bị tai nạn lao động' }),
  },
  'review.approve': { input: () => ({ year: YEAR, decisionNumber: '125/QĐ-UBND', decisionDate: '2025-12-10' }) },
  'review.reopen': { input: (s) => ({ caseId: s.applicantCaseId, reason: 'Nhập sai thu nhập, đã xác minh lại' }) },
  'review.approveCase': {
    before: async (s) => {
      await call(s.api.office, 'review.survey', { caseId: s.applicantCaseId, assessment: poorAssessment })
    },
    input: (s) => ({ caseId: s.applicantCaseId, decisionNumber: '130/QĐ-UBND', decisionDate: '2025-12-10' }),
  },
  'review.minutesPdf': { input: (s) => ({ meetingId: s.meetingId }) },
  'review.publicListPdf': { input: (s) => ({ year: YEAR, unitId: s.villageIds[1]!, signer }) },
  'review.certificatesPdf': { input: (s) => ({ year: YEAR, caseId: s.applicantCaseId }) },
  'movements.get': { input: () => period },
  'movements.households': { input: () => ({ ...period, group: 'poor', cell: 'end' }) },

  // ---- plans, tasks and their documents ----
  'agencies.create': {
    input: () => ({ name: 'Sở Y tế', kind: 'department' }),
    keep: async (d, s) => {
      s.agencyIds = [d.id, (await call(s.api.office, 'agencies.create', { name: 'Sở Tài chính', kind: 'department' })).id]
    },
  },
  'agencies.update': { input: (s) => ({ id: s.agencyIds[0]!, fields: { name: 'Sở Y tế', kind: 'department', phone: '0229 3871 234' } }) },
  'agencies.list': { input: () => ({}) },
  'plans.create': {
    input: () => ({
      number: '200/KH-UBND',
      issuedOn: '2021-12-06',
      issuer: 'UBND tỉnh Ninh Bình',
      title: 'Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021–2025',
      periodFrom: 2021,
      periodTo: 2026,
    }),
    keep: (d, s) => {
      s.planId = d.id
    },
  },
  'plans.update': {
    input: (s) => ({
      id: s.planId,
      fields: {
        number: '200/KH-UBND',
        issuedOn: '2021-12-06',
        issuer: 'UBND tỉnh Ninh Bình',
        title: 'Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021–2025',
        periodFrom: 2021,
        periodTo: 2026,
        originalLocation: 'Tủ hồ sơ số 2',
      },
    }),
  },
  'plans.list': { input: () => ({}) },
  'tasks.create': {
    input: (s) => ({
      planId: s.planId,
      fields: {
        seq: '1',
        content: 'Hỗ trợ nhà ở cho hộ nghèo',
        leadAgencyId: s.agencyIds[0]!,
        coordinatorIds: [s.agencyIds[1]!],
        deadline: { kind: 'date', date: '2025-12-20' },
        unitIds: [s.communeId],
        householdIds: [s.householdId],
      },
    }),
    keep: (d, s) => {
      s.taskId = d.id
    },
  },
  'tasks.update': {
    input: (s) => ({
      id: s.taskId,
      fields: {
        seq: '1',
        content: 'Hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo',
        leadAgencyId: s.agencyIds[0]!,
        coordinatorIds: [s.agencyIds[1]!],
        deadline: { kind: 'date', date: '2025-12-20' },
        unitIds: [s.communeId],
        householdIds: [s.householdId],
      },
    }),
  },
  'tasks.get': { input: (s) => ({ id: s.taskId }) },
  'tasks.addProgress': { input: (s) => ({ taskId: s.taskId, onDate: '2025-12-09', note: 'Đã khảo sát 40 hộ' }) },
  'tasks.addReport': {
    input: (s) => ({ taskId: s.taskId, agencyId: s.agencyIds[0]!, receivedOn: '2025-12-09', summary: 'Báo cáo tiến độ' }),
  },
  'tasks.complete': { input: (s) => ({ taskId: s.taskId, completedOn: '2025-12-10', result: 'Đã hỗ trợ 40 hộ' }) },
  'tasks.reopen': { input: (s) => ({ taskId: s.taskId }) },
  'plans.importPick': {
    open: () => join(FIXTURES, 'plans', 'phu-luc-nhiem-vu.xlsx'),
    input: () => ({}),
    keep: (d, s) => {
      if (d.cancelled) return
      s.annex = { token: d.token, unknownAgencies: d.unknownAgencies }
    },
  },
  'plans.importCommit': { input: (s) => ({ planId: s.planId, token: s.annex.token, createAgencies: s.annex.unknownAgencies }) },
  'files.release': {
    // The clerk picks the annex again, then cancels the preview.
    before: async (s) => {
      s.ctx.office.files = portsFor(s, join(FIXTURES, 'plans', 'phu-luc-nhiem-vu.xlsx'))
      const again = await call(s.api.office, 'plans.importPick', {})
      if (again.cancelled) expect.fail('annex: pick cancelled')
      s.annex.token = again.token
    },
    input: (s) => ({ token: s.annex.token }),
    keep: (d) => expect(d.released).toBe(true),
  },
  'plans.get': { input: (s) => ({ id: s.planId }) },
  'tasks.due': { input: () => ({ withinDays: 14 }) },
  'tasks.byAgency': { input: (s) => ({ agencyId: s.agencyIds[1]! }) },
  'tasks.calendar': { input: () => ({ year: YEAR, month: 12 }) },
  'plans.urgingPdf': { input: (s) => ({ agencyId: s.agencyIds[0]!, withinDays: 14, number: '88/UBND-VP', signer }) },
  'plans.resultsPdf': { input: () => ({ year: YEAR, period: 'year' }) },
  'plans.resultsXlsx': { input: () => ({ year: YEAR, period: 'H1', signer }) },

  // ---- targets and reports ----
  'targets.save': {
    input: (s) => ({
      kind: 'count_reduction',
      value: 10,
      baseYear: YEAR - 1,
      fromYear: YEAR,
      toYear: YEAR,
      communeId: s.communeId,
      planId: s.planId,
    }),
    keep: (d, s) => {
      s.targetId = d.id
    },
  },
  'targets.list': { input: () => ({}) },
  'targets.progress': { input: () => ({}) },
  'targets.delete': { input: (s) => ({ id: s.targetId }) },
  'reports.list': { input: () => ({}) },
  'reports.header': {
    input: () => ({ id: 'summary' }),
    keep: (d, s) => {
      s.header = d
    },
  },
  'reports.saveHeader': { input: (s) => ({ id: 'summary', header: { ...s.header, number: '15/BC-UBND', signer } }) },
  'reports.preview': { input: () => ({ id: 'summary', params: { year: YEAR } }) },
  // Excel: the answer does not depend on the format, and five other channels already print PDFs (slow on a busy machine).
  'reports.export': { input: (s) => ({ id: 'summary', params: { year: YEAR, communeId: s.communeId }, format: 'xlsx' }) },
  'reports.print': { input: () => ({ id: 'list-poor', params: { year: YEAR } }) },
  'overview.stats': { input: () => ({ year: YEAR }) },
  'reports.years': { input: () => ({}) },

  // ---- importing a workbook, as a background job ----
  'households.template.save': { input: () => ({}) },
  'households.import.pick': {
    open: () => join(FIXTURES, 'danh-sach-ho-ngheo-mau.xlsx'),
    input: () => ({}),
    keep: (d, s) => {
      if (!d.cancelled) s.importToken = d.token
    },
  },
  'households.import.preview': { input: (s) => ({ token: s.importToken, options: {} }) },
  'households.import.saveErrorReport': { input: (s) => ({ token: s.importToken }) },
  'households.import.start': {
    input: (s) => ({ token: s.importToken, options: {} }),
    keep: (d, s) => {
      s.jobId = d.jobId
    },
  },
  'jobs.status': {
    before: async (s) => {
      await waitForJob(s.ctx.office, s.jobId)
    },
    input: (s) => ({ jobId: s.jobId }),
    keep: (d) => {
      expect(d.state, d.error ?? '').toBe('done')
      // The job's result is typed by the channel that started it: the import's result.
      const result = ImportResultSchema.safeParse(d.result)
      if (!result.success) expect.fail(`jobs.status result: ${z.prettifyError(result.error)}`)
    },
  },
  'jobs.cancel': { input: (s) => ({ jobId: s.jobId }) },

  // ---- accounts and the session ----
  'users.create': {
    input: () => ({ username: 'hoa', displayName: 'Lò Thị Hoa', role: 'clerk', password: 'mat-khau-cua-hoa' }),
    keep: (d, s) => {
      s.userId = d.id
    },
  },
  'users.list': { input: () => ({}) },
  'users.update': { input: (s) => ({ id: s.userId, displayName: 'Lò Thị Hoa Mai', role: 'approver' }) },
  'users.resetPassword': { input: (s) => ({ id: s.userId, password: 'mat-khau-dat-lai' }) },
  'auth.changePassword': { input: () => ({ current: ADMIN.password, next: NEW_PASSWORD }) },
  'auth.signOut': { input: () => ({}) },
  'auth.signIn': { input: () => ({ username: ADMIN.username, password: NEW_PASSWORD }) },

  // ---- keys and packages: office → USB → province → receipt → office ----
  'packages.key.importP12': {
    before: async (s) => {
      s.p12 = join(s.out, 'khoa.p12')
      const [key, cert] = [join(s.out, 'key.pem'), join(s.out, 'cert.pem')]
      const subject = ['-subj', '/CN=UBND xã Tân Thành/O=14563/C=VN', '-utf8']
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '365', ...subject], {
        stdio: 'pipe',
      })
      execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', s.p12, '-passout', 'pass:bi-mat'], {
        stdio: 'pipe',
      })
    },
    open: (s) => s.p12,
    input: () => ({ p12Password: 'bi-mat', passphrase: PASSPHRASE }),
  },
  // The office's own key replaces the imported one: its certificate starts on the test's clock.
  'packages.key.create': { input: () => ({ passphrase: PASSPHRASE, replace: true }) },
  'packages.key.get': { input: () => ({}) },
  'packages.key.exportCert': {
    input: () => ({}),
    keep: (d, s) => {
      if (!d.cancelled) s.certFile = join(s.usb, d.fileName)
    },
  },
  // Without report files: the answer (cover sheet) is the same, without rendering and signing more PDFs.
  'packages.export': {
    input: () => ({ period: String(YEAR), passphrase: PASSPHRASE, reports: [] }),
    keep: async (d, s) => {
      if (d.cancelled) return
      const done = await jobResult(s.ctx.office, d.jobId, PackageExportResultSchema)
      s.packageFile = join(done.folder, done.cover.fileName)
    },
  },
  'auth.createFirstAdmin': {
    on: 'province',
    input: () => ({ username: 'so-admin', displayName: 'Quản trị Sở', password: 'mat-khau-cua-so' }),
  },
  'packages.trust.pick': {
    on: 'province',
    open: (s) => s.certFile,
    input: () => ({}),
    keep: (d, s) => {
      if (d.cancelled) return
      s.trustToken = d.token
      s.officeFingerprint = d.certificate.fingerprint
    },
  },
  'packages.trust.add': { on: 'province', input: (s) => ({ token: s.trustToken, confirmFingerprint: s.officeFingerprint }) },
  'packages.pick': {
    on: 'province',
    open: (s) => s.packageFile,
    input: () => ({}),
    keep: (d, s) => {
      if (d.cancelled) return
      expect(d.preview.valid, JSON.stringify(d.preview.problems)).toBe(true)
      s.packageToken = d.token
    },
  },
  // The same package checked without a preview, then imported again at once (already there).
  'packages.verify': {
    on: 'province',
    open: (s) => s.packageFile,
    input: () => ({}),
    keep: (d) => {
      if (!d.cancelled) expect(d.report.valid, JSON.stringify(d.report.problems)).toBe(true)
    },
  },
  'packages.import': {
    on: 'province',
    input: (s) => ({ token: s.packageToken }),
    keep: async (d, s) => {
      const done = await jobResult(s.ctx.province, d.jobId, PackageImportResultSchema)
      expect(done.status).toBe('imported')
      s.packageId = done.packageId
    },
  },
  'packages.importFile': {
    on: 'province',
    open: (s) => s.packageFile,
    input: () => ({}),
    keep: async (d, s) => {
      if (d.cancelled) return
      expect((await jobResult(s.ctx.province, d.jobId, PackageImportResultSchema)).status).toBe('already')
    },
  },
  'packages.reject': {
    on: 'province',
    // The office sends a second package (the second half-year); the province refuses it.
    before: async (s) => {
      const second = await call(s.api.office, 'packages.export', { period: `${YEAR}-H2`, passphrase: PASSPHRASE, reports: [] })
      if (second.cancelled) expect.fail('second package: cancelled')
      const done = await jobResult(s.ctx.office, second.jobId, PackageExportResultSchema)
      s.ctx.province.files = portsFor(s, join(done.folder, done.cover.fileName))
      const picked = await call(s.api.province, 'packages.pick', {})
      if (picked.cancelled) expect.fail('second package: pick cancelled')
      s.packageToken = picked.token
    },
    input: (s) => ({ token: s.packageToken, comments: 'Thiếu báo cáo tổng hợp' }),
  },
  'packages.trust.list': { on: 'province', input: () => ({}) },
  'packages.received.list': { on: 'province', input: () => ({}) },
  'packages.summary': { on: 'province', input: () => ({ year: YEAR }) },
  'province.importExpected': { on: 'province', open: () => join(FIXTURES, 'danh-sach-xa-tinh.csv'), input: () => ({}) },
  'province.expected': { on: 'province', input: () => ({ period: String(YEAR) }) },
  'packages.receipt.create': {
    on: 'province',
    input: (s) => ({ packageId: s.packageId, comments: 'Đã nhận đủ', passphrase: PASSPHRASE }),
    keep: (d, s) => {
      if (!d.cancelled) s.receiptFile = join(s.usb, d.fileName)
    },
  },
  'packages.receipt.import': {
    // The office registered the province's certificate (by phone-confirmed fingerprint) beforehand.
    before: async (s) => {
      const cert = await exportOwnCertificate(s.ctx.province)
      s.provinceFingerprint = cert.fingerprint
      await addTrusted(s.ctx.office, { pem: cert.pem, confirmFingerprint: cert.fingerprint })
    },
    open: (s) => s.receiptFile,
    input: () => ({}),
    keep: (d) => {
      if (!d.cancelled) expect(d.sent.status).toBe('accepted')
    },
  },
  'packages.trust.addCa': {
    on: 'province',
    before: async (s) => {
      const ca = makeTestCa(join(s.out, 'ca'), 'VN Test CA')
      s.caFile = join(ca.dir, 'root.pem')
      s.crlFile = ca.crl([], join(s.out, 'empty.crl'))
    },
    open: (s) => s.caFile,
    input: () => ({}),
  },
  'packages.trust.addCrl': { on: 'province', open: (s) => s.crlFile, input: () => ({}) },
  'packages.trust.listCa': { on: 'province', input: () => ({}) },
  'packages.sent.list': { input: () => ({}) },
  'packages.trust.revoke': { input: (s) => ({ fingerprint: s.provinceFingerprint, reason: 'Tỉnh đã thay khóa' }) },

  // ---- backups, restore and the database check ----
  'system.backup.chooseFolder': { input: () => ({}) },
  'system.backup.configure': { input: () => ({ keep: 3, encrypt: true, passphrase: BACKUP_PASSPHRASE }) },
  'system.backup.create': { input: () => ({}) },
  'system.backup.createTo': { input: () => ({ keep: 2, passphrase: null }) },
  'system.backup.status': { input: () => ({}) },
  'system.backup.list': {
    input: () => ({}),
    keep: (d, s) => {
      s.backupId = d[0]!.id
    },
  },
  'system.backup.inspect': {
    input: (s) => ({ backupId: s.backupId, passphrase: BACKUP_PASSPHRASE }),
    keep: (d, s) => {
      if (!d.cancelled) s.restoreToken = d.token
    },
  },
  'system.backup.restore': { input: (s) => ({ token: s.restoreToken }) },
  'system.check': { input: () => ({}) },

  // ---- a USB token (SoftHSM) holding a key and a certificate valid on the test's clock ----
  'packages.token.list': {
    before: async (s) => {
      const dir = join(s.out, 'hsm')
      mkdirSync(join(dir, 'tokens'), { recursive: true })
      writeFileSync(join(dir, 'softhsm2.conf'), `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\n`)
      process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf')
      const id = createSelfSignedIdentity(
        { name: 'UBND xã Tân Thành', code: '14563', province: 'Ninh Bình' },
        new Date('2025-12-10T03:00:00Z'),
      )
      writeFileSync(join(dir, 'key.pem'), execFileSync('openssl', ['pkey', '-inform', 'DER'], { input: id.privateKeyPkcs8 }))
      writeFileSync(join(dir, 'cert.der'), execFileSync('openssl', ['x509', '-outform', 'DER'], { input: id.certificatePem }))
      execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'Token xa', '--pin', TOKEN_PIN, '--so-pin', '87654321'], {
        stdio: 'pipe',
      })
      for (const [file, type] of [
        ['key.pem', 'privkey'],
        ['cert.der', 'cert'],
      ] as const) {
        execFileSync(
          'pkcs11-tool',
          [
            '--module',
            SOFTHSM,
            '--token-label',
            'Token xa',
            '--login',
            '--pin',
            TOKEN_PIN,
            '--write-object',
            join(dir, file),
            '--type',
            type,
            '--id',
            '01',
          ],
          { stdio: 'pipe' },
        )
      }
    },
    open: () => SOFTHSM,
    input: () => ({}),
    keep: (d, s) => {
      if (!d.cancelled) s.token = { module: d.module, label: d.tokens[0]!.label, certId: d.tokens[0]!.certificates[0]!.id }
    },
  },
  'packages.token.use': {
    input: (s) => ({ module: s.token.module, tokenLabel: s.token.label, certId: s.token.certId, pin: TOKEN_PIN, replace: true }),
  },
}

const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so'
const TOKEN_PIN = '13572468'

/** The dialogs of one database's window, answered as a clerk would: the given file, the suggested name, the USB stick. */
function portsFor(s: State, open: string | null): ServiceContext['files'] {
  return {
    chooseOpenFile: async () => open,
    chooseSaveFile: async ({ defaultName }) => join(s.out, defaultName),
    chooseFolder: async () => s.usb,
  }
}

/**
 * Paths present in what the handler sent but dropped by the schema's parse: fields the renderer
 * receives without the contract declaring them (an object schema strips unknown keys silently).
 */
function undeclared(sent: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) return sent.flatMap((v, i) => undeclared(v, parsed[i], `${path}[${i}]`))
  if (typeof sent !== 'object' || sent === null || typeof parsed !== 'object' || parsed === null) return []
  const kept = parsed as Record<string, unknown>
  return Object.entries(sent).flatMap(([k, v]) =>
    k in kept ? undeclared(v, kept[k], `${path}.${k}`) : v === undefined ? [] : [`${path}.${k}`],
  )
}

/** True for the "the user cancelled the dialog" answers, which say nothing about the real output. */
function cancelled(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false
  return (data as { cancelled?: unknown }).cancelled === true || (data as { saved?: unknown }).saved === false
}

describe('the output schema of every channel', () => {
  it('accepts what each handler really returns on a seeded office and province', { timeout: 180_000 }, async () => {
    const started = performance.now()
    const clock = fixedClock('2025-12-10T03:00:00Z')
    const printed: string[] = []
    const office = await tempContext({ now: clock.now, printer: { printHtml: async (html) => (printed.push(html), true) } })
    const province = await tempContext({ now: clock.now })
    const fresh = await tempContext({ now: clock.now })
    await seedOffice(province, { code: 'SO37', name: 'Sở Nông nghiệp và Môi trường Ninh Bình', mode: 'province' })
    const logged: string[] = []
    const logError = (channel: string, e: unknown) => logged.push(`${channel}: ${String(e)}`)
    const s = {
      api: {
        office: createRouter(office, { logError }),
        province: createRouter(province, { logError }),
        fresh: createRouter(fresh, { logError }),
      },
      ctx: { office, province, fresh },
      out: tempDir('sgn-out-'),
      usb: tempDir('sgn-usb-'),
    } as unknown as State

    const mismatches: string[] = []
    const exercised: ChannelName[] = []
    // What main tells the windows (issue 14): every router's events, to check each call's news below.
    const heard: AppEvent[] = []
    s.api.office.on((e) => heard.push(e))
    s.api.province.on((e) => heard.push(e))
    s.api.fresh.on((e) => heard.push(e))
    const undeclaredWrites: string[] = []
    const wrongNews: string[] = []
    for (const name of Object.keys(STEPS) as ChannelName[]) {
      const step = STEPS[name] as unknown as Step<ChannelName>
      const db = step.on ?? 'office'
      await step.before?.(s)
      s.ctx[db].files = portsFor(s, step.open?.(s) ?? null)
      const before = fileDigest(s.ctx[db].store.path)
      heard.length = 0
      const result = await s.api[db].invoke(name, step.input(s))
      // A channel that starts a job writes when the job ends: compare once it has.
      const jobId = result.ok ? (result.data as { jobId?: unknown } | null)?.jobId : undefined
      if (typeof jobId === 'string') await waitForJob(s.ctx[db], jobId)
      const declared = contract[name].changes ?? []
      // Every channel that wrote to the register says what it changes, so windows showing it refresh.
      if (result.ok && !declared.length && JSON.stringify(before) !== JSON.stringify(fileDigest(s.ctx[db].store.path)))
        undeclaredWrites.push(name)
      const news = heard.filter((e) => 'topics' in e)
      const expected = result.ok && declared.length ? [{ topics: declared, channel: name }] : []
      if (JSON.stringify(news) !== JSON.stringify(expected)) wrongNews.push(`${name}: ${JSON.stringify(news)}`)
      exercised.push(name)
      // The one line the docs and the error log show for the channel (its type allows an empty one).
      expect(contract[name].summary.trim(), name).not.toBe('')
      if (!result.ok) expect.fail(`${name} was refused: ${result.error.code} ${result.error.message}; logged: ${logged.join('; ')}`)
      expect(cancelled(result.data), `${name} answered as if its dialog was cancelled`).toBe(false)
      const parsed = contract[name].output.safeParse(result.data)
      if (!parsed.success) mismatches.push(`${name}:\n${z.prettifyError(parsed.error)}`)
      else {
        const hidden = undeclared(result.data, parsed.data)
        if (hidden.length) mismatches.push(`${name} sends fields its output schema does not declare: ${hidden.join(', ')}`)
      }
      await step.keep?.(result.data as never, s)
    }

    expect(mismatches, mismatches.join('\n\n')).toEqual([])
    expect(undeclaredWrites, 'channels that wrote to the database without declaring `changes`').toEqual([])
    expect(wrongNews, 'events other than one { topics, channel } per successful write').toEqual([])
    expect(logged).toEqual([])
    expect(printed).toHaveLength(1)
    expect([...exercised].sort()).toEqual([...CHANNEL_NAMES].sort())
    console.info(`ipc-outputs: ${exercised.length} channels in ${Math.round(performance.now() - started)} ms`)
  })
})
