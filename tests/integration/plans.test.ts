import { describe, expect, it } from 'vitest'
import { createRouter } from '../../electron/main/ipc'
import { fixedClock, tempContext } from '../helpers/temp'
import { ADMIN, ok, seedPlan } from './plans-seed'

describe('plans and tasks through the IPC router', () => {
  it('keeps the rules of a task and leaves the data as it was when one is broken', async () => {
    const clock = fixedClock('2026-05-01T02:00:00Z')
    const ctx = await tempContext({ now: clock.now })
    const api = createRouter(ctx)
    const { agencies, plan } = await seedPlan(api)
    const auditBefore = (await ctx.store.db.selectFrom('audit_log').select('id').execute()).length
    const base = {
      seq: '1',
      content: 'Rà soát hộ nghèo',
      leadAgencyId: agencies['Sở Y tế']!,
      deadline: { kind: 'date', date: '2026-06-30' } as const,
    }

    const cases: [object, (string | number)[], RegExp][] = [
      [
        { coordinatorIds: [agencies['Sở Tài chính'], agencies['Sở Y tế']] },
        ['fields', 'coordinatorIds', 1],
        /"Sở Y tế" đã là cơ quan chủ trì/,
      ],
      [
        { deadline: { kind: 'date', date: '2021-12-01' } },
        ['fields', 'deadline', 'date'],
        /ở trước ngày ban hành kế hoạch \(06\/12\/2021\)/,
      ],
      [{ deadline: { kind: 'yearly', month: 2, day: 31 } }, ['fields', 'deadline', 'day'], /31\/02 không có trên lịch/],
      [{ deadline: { kind: 'date', date: '2026-02-30' } }, ['fields', 'deadline', 'date'], /không có thật/],
    ]
    for (const [patch, path, message] of cases) {
      const r = await api.invoke('tasks.create', { planId: plan.id, fields: { ...base, ...patch } })
      expect(r, JSON.stringify(patch)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', path } })
      if (!r.ok) expect(r.error.message).toMatch(message)
    }
    // A yearly date that exists but never falls due while a short plan runs.
    const short = await ok(api, 'plans.create', {
      number: '12/KH-UBND',
      issuedOn: '2026-07-01',
      issuer: 'UBND tỉnh',
      title: 'Kế hoạch ngắn',
      periodFrom: 2026,
      periodTo: 2026,
    })
    const never = await api.invoke('tasks.create', {
      planId: short.id,
      fields: { ...base, deadline: { kind: 'yearly', month: 6, day: 15 } },
    })
    expect(never).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/không bao giờ đến hạn/) } })

    expect(await ctx.store.db.selectFrom('plan_tasks').selectAll().execute()).toEqual([])
    expect(await ctx.store.db.selectFrom('task_coordinators').selectAll().execute()).toEqual([])
    expect((await ctx.store.db.selectFrom('audit_log').select('id').execute()).length).toBe(auditBefore + 1) // the short plan only

    await ok(api, 'tasks.create', { planId: plan.id, fields: base })
    expect(await api.invoke('tasks.create', { planId: plan.id, fields: base })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', path: ['fields', 'seq'] },
    })
  })

  it('derives overdue from the injected clock, follows a recurrence with reports, and lists tasks by due date', async () => {
    const clock = fixedClock('2026-06-01T02:00:00Z')
    const ctx = await tempContext({ now: clock.now })
    const api = createRouter(ctx)
    const { agencies, plan } = await seedPlan(api)
    const units = await ok(api, 'units.list', {})
    const oneOff = await ok(api, 'tasks.create', {
      planId: plan.id,
      fields: {
        seq: '2',
        content: 'Hỗ trợ nhà ở cho hộ nghèo',
        leadAgencyId: agencies['Sở Xây dựng']!,
        coordinatorIds: [agencies['Sở Tài chính']!],
        deadline: { kind: 'date', date: '2026-06-10' },
        unitIds: [units[0]!.id],
        householdIds: ['6f1c1c1e-8a55-4c1e-9b1a-3f7d8f0e2a11'],
      },
    })
    expect(oneOff).toMatchObject({ status: 'not_started', nextDue: '2026-06-10', daysLeft: 9, unitIds: [units[0]!.id] })
    const recurring = await ok(api, 'tasks.create', {
      planId: plan.id,
      fields: {
        seq: '10',
        content: 'Báo cáo kết quả giảm nghèo',
        leadAgencyId: agencies['Sở Y tế']!,
        deadline: {
          kind: 'half_yearly',
          dates: [
            { month: 6, day: 15 },
            { month: 12, day: 15 },
          ],
        },
      },
    })
    // Nothing reported since the plan began: its first due date (15/12/2021) is long past.
    expect(recurring).toMatchObject({ status: 'overdue', nextDue: '2021-12-15' })
    for (const due of ['2021-12-15', '2022-06-15', '2022-12-15', '2023-06-15', '2023-12-15', '2024-06-15', '2024-12-15', '2025-06-15']) {
      await ok(api, 'tasks.addReport', { taskId: recurring.id, dueDate: due, receivedOn: '2026-05-20', summary: `Báo cáo kỳ ${due}` })
    }
    const answered = await ok(api, 'tasks.addReport', { taskId: recurring.id, receivedOn: '2025-12-20', summary: 'Báo cáo năm 2025' })
    expect(answered).toMatchObject({ status: 'in_progress', nextDue: '2026-06-15', state: 'in_progress' })
    expect(answered.reports.at(-1)).toMatchObject({ dueDate: '2025-12-15', receivedOn: '2025-12-20', onTime: false })
    expect(
      await api.invoke('tasks.addReport', { taskId: recurring.id, dueDate: '2026-06-16', receivedOn: '2026-05-30', summary: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { path: ['dueDate'], message: expect.stringMatching(/không phải một kỳ hạn/) },
    })

    const progressed = await ok(api, 'tasks.addProgress', { taskId: oneOff.id, onDate: '2026-05-30', note: 'Đã khảo sát 40 hộ' })
    expect(progressed).toMatchObject({
      state: 'in_progress',
      status: 'in_progress',
      progress: [{ onDate: '2026-05-30', note: 'Đã khảo sát 40 hộ', actor: ADMIN.username }],
    })
    expect(await api.invoke('tasks.addProgress', { taskId: oneOff.id, onDate: '2026-06-02', note: 'Ngày mai' })).toMatchObject({
      ok: false,
      error: { path: ['onDate'], message: expect.stringMatching(/ở sau hôm nay/) },
    })

    let due = await ok(api, 'tasks.due', { withinDays: 14 })
    expect([due.overdue.map((t) => t.seq), due.soon.map((t) => t.seq), due.later.map((t) => t.seq)]).toEqual([[], ['2', '10'], []])

    // The clock passes the deadline: the task becomes overdue without anything being written.
    const auditRows = (await ctx.store.db.selectFrom('audit_log').select('id').execute()).length
    clock.set('2026-06-11T02:00:00Z')
    // Ten idle days lock the session (users domain): sign in again, as the clerk would.
    await ok(api, 'auth.signIn', { username: ADMIN.username, password: ADMIN.password })
    due = await ok(api, 'tasks.due', { withinDays: 14 })
    expect(due.overdue.map((t) => [t.seq, t.status, t.daysLeft])).toEqual([['2', 'overdue', -1]])
    expect(due.soon.map((t) => t.seq)).toEqual(['10'])
    expect((await ctx.store.db.selectFrom('audit_log').select('id').execute()).length).toBe(auditRows)
    expect((await ok(api, 'plans.list', {}))[0]).toMatchObject({ number: '200/KH-UBND', taskCount: 2, overdueCount: 1 })

    const byAgency = await ok(api, 'tasks.byAgency', { agencyId: agencies['Sở Tài chính']! })
    expect([byAgency.lead.length, byAgency.coordinating.map((t) => t.seq)]).toEqual([0, ['2']])
    const calendar = await ok(api, 'tasks.calendar', { year: 2026, month: 6 })
    expect(calendar.entries.map((e) => [e.date, e.seq, e.state])).toEqual([
      ['2026-06-10', '2', 'overdue'],
      ['2026-06-15', '10', 'open'],
    ])

    const done = await ok(api, 'tasks.complete', { taskId: oneOff.id, completedOn: '2026-06-11', result: 'Đã hỗ trợ 40 hộ' })
    expect(done).toMatchObject({ status: 'done', nextDue: null, completedOn: '2026-06-11' })
    const audit = await ctx.store.db.selectFrom('audit_log').select(['entity', 'action']).where('entity_id', '=', oneOff.id).execute()
    expect(audit.map((a) => `${a.entity}:${a.action}`)).toEqual(['plan_task:create', 'plan_task:update', 'plan_task:complete'])
  })
})
