import { join, resolve } from 'node:path'
import { describe, expect } from 'vitest'
import type { Page } from 'playwright-core'
import { createRouter } from '../../electron/main/ipc'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { openReview } from '../../electron/main/services/reviews/cycles'
import type { ServiceContext } from '../../electron/main/services/context'
import { REPORTS } from '../../electron/main/services/reports/catalogue'
import { officeWithVillages } from '../helpers/households'
import { writeMessyWorkbook } from '../helpers/messy-workbook'
import { auditPage } from '../helpers/page-audit'
import { seedOffice } from '../integration/packages-fixture'
import { ok } from '../integration/plans-seed'
import { e2e, test, ui, type Scenario } from '../helpers/scenario'
import { ensureUser, TEST_PASSWORD } from '../helpers/session'

/**
 * Issue 17: every page and the main dialogs at 1366×768, with real content: no sideways scrolling
 * (a wide report scrolls in its own frame), every control named, every action reached with Tab and
 * showing its focus, checkboxes and radios beside their labels, labels that do not run together.
 * A screenshot of each lands in test-artifacts/screens/.
 */

/** Three villages, 120 households with two years of results, the 2025 review open, a plan with tasks, a second user. */
async function seed(ctx: ServiceContext) {
  await officeWithVillages(ctx)
  await generateDemoData(ctx, { households: 120, seed: 17, years: [2023, 2024] })
  await openReview(ctx, { year: 2025 })
  await ensureUser(ctx, 'clerk')
  const api = createRouter(ctx)
  const signedIn = await api.invoke('auth.signIn', { username: await ensureUser(ctx, 'admin'), password: TEST_PASSWORD })
  if (!signedIn.ok) throw new Error(signedIn.error.message)
  await ok(api, 'targets.save', { kind: 'rate_drop', value: 1, fromYear: 2023, toYear: 2025 })
  const lead = await ok(api, 'agencies.create', { name: 'Phòng Lao động – Thương binh và Xã hội' })
  const other = await ok(api, 'agencies.create', { name: 'Ngân hàng Chính sách xã hội huyện' })
  const plan = await ok(api, 'plans.create', {
    number: '45/KH-UBND',
    issuedOn: '2025-02-10',
    issuer: 'UBND huyện',
    title: 'Thực hiện giảm nghèo bền vững năm 2025',
    periodFrom: 2025,
    periodTo: 2025,
  })
  await ok(api, 'tasks.create', {
    planId: plan.id,
    fields: {
      seq: '1',
      content: 'Rà soát hộ nghèo, hộ cận nghèo cuối năm',
      leadAgencyId: lead.id,
      coordinatorIds: [other.id],
      deadline: { kind: 'date', date: '2025-11-30' },
    },
  })
  await ok(api, 'tasks.create', {
    planId: plan.id,
    fields: { seq: '2', content: 'Báo cáo kết quả hỗ trợ vay vốn', leadAgencyId: other.id, deadline: { kind: 'date', date: '2025-09-15' } },
  })
}

const open = async (scenario: (o: object) => Promise<Scenario>) => {
  const app = await scenario({ clock: '2025-10-01T02:00:00Z', seed })
  await app.page.setViewportSize({ width: 1366, height: 768 })
  await expect.poll(() => app.page.getByRole('heading', { name: ui('overview.title') }).isVisible()).toBe(true)
  return app
}

const nav = async (page: Page, key: Parameters<typeof ui>[0], heading: Parameters<typeof ui>[0]) => {
  await page
    .getByRole('navigation', { name: ui('nav.label') })
    .getByRole('button', { name: ui(key) })
    .click()
  await expect
    .poll(() =>
      page
        .getByRole('heading', { name: ui(heading), exact: true })
        .first()
        .isVisible(),
    )
    .toBe(true)
}

const tab = async (page: Page, key: Parameters<typeof ui>[0]) => {
  await page.getByRole('tab', { name: ui(key), exact: true }).click()
  await expect.poll(() => page.getByRole('tab', { name: ui(key), exact: true }).getAttribute('aria-selected')).toBe('true')
  // The tab's content comes from main: measured once it has arrived.
  await expect.poll(() => page.getByText(ui('common.loading')).count()).toBe(0)
}

describe('every page at 1366×768 in Chromium', () => {
  test('overview, households (list, one household, import dialog), settings and the password dialog', e2e, async ({ scenario }) => {
    const app = await open(scenario)
    const { page } = app
    const problems: string[] = []
    problems.push(...(await auditPage(page, 'overview')))

    await nav(page, 'nav.households', 'households.title')
    const rows = page.locator('.vt__row[data-row]')
    await expect.poll(() => rows.count()).toBeGreaterThan(10)
    problems.push(...(await auditPage(page, 'households-list')))
    await rows.first().getByRole('button').click()
    await expect.poll(() => page.getByRole('button', { name: ui('households.back') }).isVisible()).toBe(true)
    problems.push(...(await auditPage(page, 'household')))
    await page.getByRole('button', { name: ui('households.detail.edit') }).click()
    const form = page.locator('form.household-form')
    await expect.poll(() => form.isVisible()).toBe(true)
    problems.push(...(await auditPage(page, 'household-form')))
    // A changed form asks before it is left: the program's ConfirmDialog.
    await page.getByLabel(ui('households.form.address')).fill('Xóm Dưới')
    await form.getByRole('button', { name: ui('common.cancel'), exact: true }).click()
    await expect.poll(() => page.getByRole('dialog').getByRole('heading').textContent()).toBe(ui('households.form.discardTitle'))
    problems.push(...(await auditPage(page, 'confirm-dialog')))
    await page
      .getByRole('dialog')
      .getByRole('button', { name: ui('households.form.discard') })
      .click()
    await page.getByRole('button', { name: ui('households.back') }).click()

    await page.getByRole('button', { name: ui('households.import') }).click()
    const dialog = page.getByRole('dialog', { name: ui('households.imp.title') })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    problems.push(...(await auditPage(page, 'import-dialog')))
    const workbook = join(app.dir, 'danh-sach.xlsx')
    await writeMessyWorkbook(workbook)
    app.dialogs.open(workbook)
    await dialog.getByRole('button', { name: ui('households.imp.pick') }).click()
    await expect.poll(() => dialog.getByRole('table', { name: ui('households.imp.preview') }).isVisible()).toBe(true)
    problems.push(...(await auditPage(page, 'import-dialog-preview')))
    await page.keyboard.press('Escape')

    await nav(page, 'nav.settings', 'settings.title')
    problems.push(...(await auditPage(page, 'settings')))
    await page.getByLabel(ui('system.backup.encrypt')).check()
    await page.getByLabel(ui('system.backup.encrypt')).scrollIntoViewIfNeeded()
    problems.push(...(await auditPage(page, 'settings-backup')))
    await page.getByRole('button', { name: `${ui('users.resetPassword')} — test-clerk` }).click()
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true)
    problems.push(...(await auditPage(page, 'reset-password-dialog')))
    expect(problems).toEqual([])
  })

  test('the review: every tab', e2e, async ({ scenario }) => {
    const { page } = await open(scenario)
    const problems: string[] = []
    await nav(page, 'nav.review', 'review.title')
    for (const id of ['progress', 'cases', 'meeting', 'ongoing', 'movements', 'targets'] as const) {
      await tab(page, `review.tab.${id}`)
      if (id === 'movements') {
        await page.getByLabel(ui('review.movements.from')).fill('2023')
        await page.getByLabel(ui('review.movements.to')).fill('2024')
        await page.getByRole('button', { name: ui('review.movements.show') }).click()
        await expect.poll(() => page.getByRole('tabpanel').getByRole('table').count()).toBeGreaterThan(0)
      }
      if (id === 'targets') await expect.poll(() => page.getByRole('tabpanel').getByRole('table').count()).toBeGreaterThan(0)
      problems.push(...(await auditPage(page, `review-${id}`)))
      if (id === 'cases') {
        // One household's survey form, in the panel beside the list.
        await page.locator('tr[data-case]').first().getByRole('button').click()
        await expect.poll(() => page.getByRole('form', { name: ui('review.survey.title') }).isVisible()).toBe(true)
        problems.push(...(await auditPage(page, 'review-case')))
      }
    }
    expect(problems).toEqual([])
  })

  test('plans: every tab', e2e, async ({ scenario }) => {
    const { page } = await open(scenario)
    const problems: string[] = []
    await nav(page, 'nav.plans', 'plans.title')
    for (const id of ['due', 'plans', 'agency', 'calendar', 'agencies', 'report'] as const) {
      await tab(page, `plans.tab.${id}`)
      problems.push(...(await auditPage(page, `plans-${id}`)))
      if (id === 'plans') {
        // One plan with its tasks, then a task's panel: progress notes, reports, the form to edit it.
        await page.getByRole('button', { name: '45/KH-UBND' }).click()
        const task = page.getByRole('button', { name: new RegExp(`^${ui('plans.col.seq')} 1: `) })
        await expect.poll(() => task.isVisible()).toBe(true)
        problems.push(...(await auditPage(page, 'plans-plan')))
        await task.click()
        await expect.poll(() => page.getByRole('complementary').isVisible()).toBe(true)
        problems.push(...(await auditPage(page, 'plans-task')))
        await page.keyboard.press('Escape')
      }
    }
    expect(problems).toEqual([])
  })

  test('reports (each kind, previewed) and packages', e2e, async ({ scenario }) => {
    const { page } = await open(scenario)
    const problems: string[] = []
    await nav(page, 'nav.reports', 'reports.title')
    const catalogue = page.getByRole('navigation', { name: ui('reports.catalogue') })
    for (const report of REPORTS) {
      await catalogue.getByRole('button', { name: report.title }).click()
      if (report.params.includes('year')) await page.getByLabel(ui('reports.year'), { exact: true }).fill('2024')
      await page.getByRole('button', { name: ui('reports.preview') }).click()
      await expect.poll(() => page.getByRole('article', { name: report.title }).isVisible(), { message: report.id }).toBe(true)
      // The catalogue and toolbar are the same for every report and the document has no controls:
      // the Tab walk is done on the first report only, the other checks on each.
      problems.push(...(await auditPage(page, `report-${report.id}`, { keyboard: report === REPORTS[0] })))
    }
    await nav(page, 'nav.packages', 'packages.title.office')
    problems.push(...(await auditPage(page, 'packages')))
    expect(problems).toEqual([])
  })

  test('the sign-in screen, and the packages page of a province office', e2e, async ({ scenario }) => {
    const problems: string[] = []
    const signIn = await scenario({ seed: async (ctx) => void (await officeWithVillages(ctx)), role: false })
    await signIn.page.setViewportSize({ width: 1366, height: 768 })
    await expect.poll(() => signIn.page.getByLabel(ui('auth.username')).isVisible()).toBe(true)
    problems.push(...(await auditPage(signIn.page, 'sign-in')))

    const { page } = await scenario({
      seed: async (ctx) => void (await seedOffice(ctx, { code: 'SO37', name: 'Sở Nông nghiệp và Môi trường', mode: 'province' })),
    })
    await page.setViewportSize({ width: 1366, height: 768 })
    await expect.poll(() => page.getByRole('navigation', { name: ui('nav.label') }).isVisible()).toBe(true)
    await nav(page, 'nav.packages', 'packages.title.province')
    problems.push(...(await auditPage(page, 'packages-province')))
    expect(problems).toEqual([])
  })

  test('the first run: office, units (imported), standard and the first account', e2e, async ({ scenario }) => {
    const problems: string[] = []
    const { page, dialogs } = await scenario()
    await page.setViewportSize({ width: 1366, height: 768 })
    const next = page.getByRole('button', { name: ui('common.next') })
    await expect.poll(() => page.getByRole('heading', { name: ui('setup.title') }).isVisible()).toBe(true)
    problems.push(...(await auditPage(page, 'setup-office')))
    await page.getByLabel(ui('setup.office.level.district')).check()
    await page.getByLabel(ui('setup.office.name')).fill('UBND huyện Yên Mô')
    await page.getByLabel(ui('setup.office.code'), { exact: true }).fill('373')
    await page.getByLabel(ui('setup.office.provinceCode')).fill('37')
    await page.getByLabel(ui('setup.office.provinceName')).fill('Ninh Bình')
    await page.keyboard.press('Enter')
    dialogs.open(resolve(import.meta.dirname, '../fixtures/don-vi-hanh-chinh.csv'))
    await page.getByRole('button', { name: ui('setup.units.import') }).click()
    await expect.poll(() => page.getByText('Xã Tân Thành').first().isVisible()).toBe(true)
    problems.push(...(await auditPage(page, 'setup-units')))
    await next.click()
    await expect
      .poll(() =>
        page
          .getByLabel(/Chuẩn nghèo đa chiều giai đoạn/)
          .first()
          .isVisible(),
      )
      .toBe(true)
    problems.push(...(await auditPage(page, 'setup-standard')))
    await next.click()
    await expect.poll(() => page.getByLabel(ui('auth.displayName')).isVisible()).toBe(true)
    problems.push(...(await auditPage(page, 'setup-account')))
    expect(problems).toEqual([])
  })
})
