import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { exportPackage } from '../../electron/main/services/packages/export'
import { importPackage } from '../../electron/main/services/packages/import'
import { exportOwnCertificate } from '../../electron/main/services/packages/keys'
import { consolidatedSummary, crossOfficeCitizenIds } from '../../electron/main/services/packages/summary'
import { addTrusted } from '../../electron/main/services/packages/trust'
import { tempContext, tempDir } from '../helpers/temp'
import { PASSPHRASE, seedOffice } from './packages-fixture'

describe('consolidation across offices', () => {
  it('counts households per office and unit, and lists citizen IDs found in two offices', async () => {
    const province = await tempContext()
    await seedOffice(province, { code: 'SO37', name: 'Sở', mode: 'province' })
    const out = tempDir()
    for (const [code, n] of [
      ['14563', 7],
      ['14564', 4],
    ] as const) {
      const office = await tempContext()
      await seedOffice(office, { code, name: `Xã ${code}`, households: n, villages: 2 })
      await addTrusted(province, { pem: (await exportOwnCertificate(office)).pem })
      await importPackage(
        province,
        readFileSync((await exportPackage(office, { period: '2026', outDir: out, passphrase: PASSPHRASE })).path),
      )
    }
    const households = province.store.sqlite
      .prepare("select office_code as o, count(*) as n from package_row_origin where table_name = 'households' group by office_code")
      .all()
    expect(households).toEqual([
      { o: '14563', n: 7 },
      { o: '14564', n: 4 },
    ])
    // No assessments yet: the summary has no office row, only the total line, and nothing shared.
    const empty = await consolidatedSummary(province, { year: 2025 })
    expect(empty.sharedCitizenIds).toEqual([])
    expect(empty.document.body[0]).toMatchObject({
      kind: 'table',
      table: { rows: [['', 'Tổng cộng', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]] },
    })

    // Any table naming a citizen ID can be a source (the members table is the default one, used by the round trip).
    province.store.sqlite.exec('create table test_members (id text primary key, household_id text not null, citizen_id text)')
    const hh = province.store.sqlite
      .prepare(
        "select o.office_code as office, o.row_id as id from package_row_origin o where o.table_name = 'households' order by o.office_code",
      )
      .all() as { office: string; id: string }[]
    const a = hh.find((h) => h.office === '14563')!
    const b = hh.find((h) => h.office === '14564')!
    const insert = province.store.sqlite.prepare('insert into test_members values (?, ?, ?)')
    insert.run(randomUUID(), a.id, '037090001234')
    insert.run(randomUUID(), b.id, '037090001234')
    insert.run(randomUUID(), a.id, '037090009999')
    const sources = [{ table: 'test_members', column: 'citizen_id', householdColumn: 'household_id' }]
    expect(await crossOfficeCitizenIds(province, sources)).toEqual([
      { citizenId: '037090001234', offices: ['14563', '14564'], households: [a.id, b.id].sort() },
    ])
    expect(await crossOfficeCitizenIds(province)).toEqual([])
  })
})
