import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { closeContext, createContext } from '../../electron/main/app-context'
import type { SigningIdentity } from '../../electron/main/export/signing/cms'
import type { FilePorts, ServiceContext } from '../../electron/main/services/context'
import { exportPackage } from '../../electron/main/services/packages/export'
import { exportOwnCertificate, unlockOwnKey } from '../../electron/main/services/packages/keys'
import { addTrusted } from '../../electron/main/services/packages/trust'
import { createAgency } from '../../electron/main/services/plans/agencies'
import { createPlan } from '../../electron/main/services/plans/plans'
import { createTask } from '../../electron/main/services/plans/tasks'
import { PASSPHRASE, seedOffice } from './packages-fixture'

/** What a test needs to know of an office: its database, ids of its rows, and its key. */
export interface OfficeHandle {
  ctx: ServiceContext
  code: string
  officeId: string
  communeId: string
  villageIds: string[]
  householdIds: string[]
  agencyId: string
  taskId: string
  key: SigningIdentity
  /** Exports the office's next package (data only) and returns its bytes. */
  exportNext(period?: string): Promise<Buffer>
}

/**
 * An office as a real one is after a few weeks of work: villages, households written by the
 * register (owned by the office's id), an agency, a plan and a task that names a village, a
 * household and a coordinating agency.
 */
export async function makeOffice(dir: string, code: string, name: string): Promise<OfficeHandle> {
  const ctx = await createContext({ dbPath: join(dir, `${code}.sqlite`), actor: () => 'tester' })
  const { unitIds } = await seedOffice(ctx, { code, name, households: 3 })
  const officeId = ctx.store.sqlite.prepare('select id from office').pluck().get() as string
  ctx.store.sqlite.prepare('update households set office_id = ?').run(officeId)
  const communeId = ctx.store.sqlite.prepare("select id from admin_units where kind = 'commune'").pluck().get() as string
  const householdIds = ctx.store.sqlite.prepare('select id from households order by code').pluck().all() as string[]
  const lead = await createAgency(ctx, { name: `Phòng Văn hóa - Xã hội ${name}`, kind: 'other' })
  const helper = await createAgency(ctx, { name: `Hội Phụ nữ ${name}`, kind: 'other' })
  const plan = await createPlan(ctx, {
    number: '12/KH-UBND',
    issuedOn: '2026-02-01',
    issuer: `UBND xã ${name}`,
    title: 'Giảm nghèo năm 2026',
    periodFrom: 2026,
    periodTo: 2026,
  })
  const task = await createTask(ctx, {
    planId: plan.id,
    fields: {
      seq: '1',
      content: 'Hỗ trợ sinh kế',
      leadAgencyId: lead.id,
      coordinatorIds: [helper.id],
      deadline: { kind: 'date', date: '2026-06-15' },
      unitIds: [unitIds[0]!],
      householdIds: [householdIds[0]!],
    },
  })
  const usb = join(dir, `usb-${code}`)
  mkdirSync(usb, { recursive: true })
  return {
    ctx,
    code,
    officeId,
    communeId,
    villageIds: unitIds,
    householdIds,
    agencyId: lead.id,
    taskId: task.id,
    key: await unlockOwnKey(ctx, PASSPHRASE),
    exportNext: async (period = '2026') => readFileSync((await exportPackage(ctx, { period, outDir: usb, passphrase: PASSPHRASE })).path),
  }
}

/** The province, trusting the given offices; `files.pick` is what its open-file dialog answers. */
export async function makeProvince(dir: string, offices: OfficeHandle[]) {
  const answer = { pick: null as string | null }
  const files: FilePorts = {
    chooseOpenFile: async () => answer.pick,
    chooseSaveFile: async () => null,
  }
  const path = join(dir, 'province.sqlite')
  const ctx = await createContext({ dbPath: path, actor: () => 'tester', files })
  await seedOffice(ctx, { code: 'SO37', name: 'Sở', mode: 'province' })
  for (const o of offices) await addTrusted(ctx, { pem: (await exportOwnCertificate(o.ctx)).pem })
  return { ctx, path, files: answer }
}

export async function closeAll(...ctxs: (ServiceContext | undefined)[]): Promise<void> {
  for (const c of ctxs) if (c) await closeContext(c)
}
