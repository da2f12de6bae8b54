import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { it } from 'vitest'
import { createContext } from '../../electron/main/app-context'
import type { ServiceContext } from '../../electron/main/services/context'
import { exportPackage } from '../../electron/main/services/packages/export'
import { importPackage } from '../../electron/main/services/packages/import'
import { exportOwnCertificate } from '../../electron/main/services/packages/keys'
import { addTrusted } from '../../electron/main/services/packages/trust'
import { PASSPHRASE, seedOffice } from '../integration/packages-fixture'
import { record } from './record'

// Sizes from the issue by default; smaller with SGN_BENCH_HOUSEHOLDS / SGN_BENCH_TOTAL / SGN_BENCH_OFFICES.
const OFFICE_HOUSEHOLDS = Number(process.env.SGN_BENCH_HOUSEHOLDS ?? 50_000)
const TOTAL_HOUSEHOLDS = Number(process.env.SGN_BENCH_TOTAL ?? 500_000)
const OFFICES = Number(process.env.SGN_BENCH_OFFICES ?? 20)

async function open(dir: string, name: string): Promise<ServiceContext> {
  return createContext({ dbPath: join(dir, `${name}.sqlite`), actor: () => 'bench' })
}

it(`package export for an office of ${OFFICE_HOUSEHOLDS} households`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgn-bench-pkg-'))
  try {
    const office = await open(dir, 'office')
    await seedOffice(office, { code: '14563', name: 'Tân Thành', households: OFFICE_HOUSEHOLDS, villages: 12 })
    mkdirSync(join(dir, 'usb'))
    const r = await exportPackage(office, { period: '2026-H1', outDir: join(dir, 'usb'), passphrase: PASSPHRASE })
    const zip = readFileSync(r.path)
    // The raw floor: one SHA-256 pass over the package's bytes.
    const h0 = performance.now()
    createHash('sha256').update(zip).digest()
    const rawHash = performance.now() - h0
    const hashing = r.timings.hashMs + r.timings.verifyHashMs
    record({
      name: `package.export.${OFFICE_HOUSEHOLDS}`,
      value: r.timings.totalMs,
      unit: 'ms',
      note: `${(zip.length / 1e6).toFixed(1)} MB`,
    })
    record({ name: `package.export.${OFFICE_HOUSEHOLDS}.snapshot`, value: r.timings.snapshotMs, unit: 'ms' })
    record({
      name: `package.export.${OFFICE_HOUSEHOLDS}.hashing`,
      value: hashing,
      unit: 'ms',
      note: `${((100 * hashing) / r.timings.totalMs).toFixed(1)} % of export (hash on build + read-back)`,
    })
    record({ name: `package.export.${OFFICE_HOUSEHOLDS}.sha256-raw`, value: rawHash, unit: 'ms' })
    await office.store.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

it(`verify and import ${OFFICES} office packages, ${TOTAL_HOUSEHOLDS} households in all`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgn-bench-prov-'))
  try {
    const usb = join(dir, 'usb')
    mkdirSync(usb)
    const province = await open(dir, 'province')
    await seedOffice(province, { code: 'SO37', name: 'Sở', mode: 'province' })
    const packages: Buffer[] = []
    for (let i = 0; i < OFFICES; i++) {
      const office = await open(dir, `office-${i}`)
      const code = String(10000 + i)
      await seedOffice(office, { code, name: `Xã ${i}`, households: Math.floor(TOTAL_HOUSEHOLDS / OFFICES), villages: 8 })
      await addTrusted(province, { pem: (await exportOwnCertificate(office)).pem })
      packages.push(readFileSync((await exportPackage(office, { period: '2026-H1', outDir: usb, passphrase: PASSPHRASE })).path))
      await office.store.close()
    }
    let verifyMs = 0
    let hashMs = 0
    let applyMs = 0
    const t0 = performance.now()
    for (const zip of packages) {
      const r = await importPackage(province, zip)
      if (r.status !== 'imported' || !r.timings) throw new Error('not imported')
      verifyMs += r.timings.verifyMs
      hashMs += r.timings.hashMs
      applyMs += r.timings.applyMs
    }
    const total = performance.now() - t0
    const counted = Number(
      (province.store.sqlite.prepare("select count(*) from package_row_origin where table_name = 'households'").pluck().get() as number) ??
        0,
    )
    if (counted !== Math.floor(TOTAL_HOUSEHOLDS / OFFICES) * OFFICES) throw new Error(`consolidated ${counted}`)
    const mb = packages.reduce((n, p) => n + p.length, 0) / 1e6
    record({
      name: `package.verify+import.${OFFICES}x.${TOTAL_HOUSEHOLDS}`,
      value: total,
      unit: 'ms',
      note: `${mb.toFixed(1)} MB of packages`,
    })
    record({
      name: `package.verify.${OFFICES}x`,
      value: verifyMs,
      unit: 'ms',
      note: `hashing ${((100 * hashMs) / verifyMs).toFixed(1)} % of verify, ${((100 * hashMs) / total).toFixed(1)} % of all`,
    })
    record({
      name: `package.import.apply.${OFFICES}x`,
      value: applyMs,
      unit: 'ms',
      note: `${Math.round(counted / (applyMs / 1000))} households/s`,
    })
    await province.store.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
