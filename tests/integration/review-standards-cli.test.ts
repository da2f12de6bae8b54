import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cliInProcess } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

// The same rules as review-standards.test.ts, headless: the built `so-giam-ngheo` command on real
// databases, as an office's script or a checker would run it. Each command is a process of its own
// (~3 s on the shared machine), hence the long timeouts.

const json = (s: string) => JSON.parse(s) as Record<string, unknown>

describe('classify picks its standard by id, by review year, or by the date in force', () => {
  it('--standard, --review-year, --date, with the B1 score and the livelihood on stdin', async () => {
    const db = join(tempDir(), 'none.sqlite')
    const input = JSON.stringify({ areaType: 'rural', incomePerPersonMonth: 2_000_000, deprivations: [3, 9, 10] })
    const run = (...args: string[]) => cliInProcess(['--db', db, 'classify', ...args], { input })
    // The 2026 review sets the 2027 lists: 2.000.000 đ is under the 2.200.000 đ line of Decree 351/2025.
    expect(json((await run('--review-year', '2026')).stdout)).toMatchObject({ class: 'poor', standard: 'mdp-2027-2030' })
    expect(json((await run('--review-year', '2021')).stdout)).toMatchObject({ standard: 'mdp-2022-2025' })
    expect(json((await run('--date', '2026-12-31')).stdout)).toMatchObject({ class: 'none', standard: 'mdp-2022-2025' })
    expect(json((await run('--date', '2027-01-01')).stdout)).toMatchObject({ class: 'poor', standard: 'mdp-2027-2030' })
    expect(json((await run('--standard', 'mdp-2016-2020')).stdout)).toMatchObject({ standard: 'mdp-2016-2020' })
    const unknown = await run('--standard', 'mdp-1999')
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/Không có chuẩn nghèo cho chuẩn mdp-1999/)])

    const b1 = async (score: number) =>
      json(
        (
          await cliInProcess(['--db', db, 'classify', '--review-year', '2025'], {
            input: JSON.stringify({ areaType: 'rural', incomePerPersonMonth: 1_000_000, deprivations: [3, 9, 10], b1Score: score }),
          })
        ).stdout,
      )
    expect(await b1(150)).toMatchObject({ class: 'none', basis: 'b1', scores: { b1: 150, deprivation: 30 } })
    expect(await b1(140)).toMatchObject({ class: 'poor', basis: 'b1', scores: { b1: 140, deprivation: 30 } })
    const avg = async (livelihood: string) =>
      json(
        (
          await cliInProcess(['--db', db, 'classify', '--review-year', '2025'], {
            input: JSON.stringify({ areaType: 'rural', incomePerPersonMonth: 2_000_000, deprivations: [], livelihood }),
          })
        ).stdout,
      ).class
    expect([await avg('farming'), await avg('salt'), await avg('other')]).toEqual(['average', 'average', 'none'])
    const bad = await cliInProcess(['--db', db, 'classify'], {
      input: JSON.stringify({ areaType: 'rural', incomePerPersonMonth: 1, livelihood: 'mining' }),
    })
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/^Dữ liệu hộ không hợp lệ: livelihood/)])
  }, 240_000)
})

describe('the review on the command line', () => {
  it('a 3,000-household demo register: the list holds only poor, near-poor and applicant households; B1 140 vs 150; moving a review', async () => {
    const db = join(tempDir(), 'demo.sqlite')
    expect(
      (await cliInProcess(['--db', db, 'init', '--office-code', 'D', '--office-name', 'UBND xã Thử', '--province-code', '20'])).code,
    ).toBe(0)
    expect((await cliInProcess(['--db', db, 'demo-data', '--households', '3000', '--seed', '11'])).code).toBe(0)
    const raw = new Database(db, { readonly: true })
    const current = (year: number) =>
      raw
        .prepare(
          `select h.code, h.area_type as area,
             (select a.classification from household_assessments a where a.household_id = h.id and a.year <= ${year}
              order by a.year desc limit 1) as cls
           from households h order by h.code`,
        )
        .all() as { code: string; area: string; cls: string | null }[]
    const households = current(2025)
    const poorOrNear = households.filter((h) => h.cls === 'poor' || h.cls === 'near_poor')
    expect(households).toHaveLength(3000)
    expect(poorOrNear.length).toBeGreaterThan(100)
    expect(poorOrNear.length).toBeLessThan(3000)

    const open = await cliInProcess(['--db', db, 'review', 'open', '--year', '2025'])
    expect(open.stderr).toBe('')
    expect(open.stdout).toMatch(
      new RegExp(`Đã mở kỳ rà soát năm 2025 theo Chuẩn nghèo đa chiều giai đoạn 2022–2025: ${poorOrNear.length} hộ`),
    )
    expect(open.stdout).toMatch(/Chuẩn nghèo: mdp-2022-2025 — Kỳ rà soát năm 2025 xác định danh sách năm 2026/)
    const listed = raw.prepare(`select h.code from review_cases c join households h on h.id = c.household_id order by h.code`).all() as {
      code: string
    }[]
    expect(listed.map((r) => r.code)).toEqual(poorOrNear.map((h) => h.code))

    // A household above the lines applies on form 01: it joins the list.
    const applicant = households.find((h) => h.cls === 'none')!.code
    const apply = await cliInProcess([
      '--db',
      db,
      'review',
      'apply',
      '--year',
      '2025',
      '--household',
      applicant,
      '--date',
      '20/09/2025',
      '--reason',
      'Ốm đau',
    ])
    expect([apply.code, apply.stderr]).toEqual([0, ''])
    expect(apply.stdout).toMatch(new RegExp(`Đã ghi giấy đề nghị của hộ ${applicant}`))
    const badDate = await cliInProcess(['--db', db, 'review', 'apply', '--year', '2025', '--household', applicant, '--date', '31/02/2025'])
    expect([badDate.code, badDate.stderr]).toEqual([2, expect.stringMatching(/--date phải có dạng DD\/MM\/YYYY/)])
    const status = json((await cliInProcess(['--db', db, 'review', 'status', '--year', '2025', '--json'])).stdout)
    expect([status.standardId, status.listed]).toEqual(['mdp-2022-2025', poorOrNear.length + 1])

    // The survey as the forms have it: B1 150 with three deprivations (rural) is not poor, B1 140 is.
    const rural = poorOrNear.find((h) => h.area === 'rural')!.code
    const survey = (b1: string) =>
      cliInProcess([
        '--db',
        db,
        'review',
        'survey',
        '--year',
        '2025',
        '--household',
        rural,
        '--b1',
        b1,
        '--deprivations',
        '3,9,10',
        '--form-a',
        'pass',
      ])
    const at150 = await survey('150')
    expect(at150.code).toBe(0)
    expect(at150.stdout).not.toMatch(/: Hộ nghèo \(/)
    expect(at150.stdout).toMatch(/Điểm B1: 150 · Điểm B2: 30/)
    expect(at150.stdout).toMatch(/Điểm B1 150 > 140 \(ngưỡng nông thôn\)/)
    const at140 = await survey('140')
    expect(at140.stdout).toMatch(new RegExp(`^${rural} .*: Hộ nghèo \\(Chuẩn nghèo đa chiều giai đoạn 2022–2025\\)`))
    expect((await cliInProcess(['--db', db, 'review', 'survey', '--year', '2025', '--household', rural, '--b1', '1,5'])).code).toBe(2)
    expect(
      (await cliInProcess(['--db', db, 'review', 'survey', '--year', '2025', '--household', rural, '--b1', '140', '--deprivations', '13']))
        .stderr,
    ).toMatch(/không có chỉ số 13/)
    raw.close()

    // The 2026 review opens under 2027–2030; moving it to 2022–2025 (as a province might instruct) previews first.
    const open2026 = await cliInProcess(['--db', db, 'review', 'open', '--year', '2026'])
    expect(open2026.stdout).toMatch(
      /Chuẩn nghèo: mdp-2027-2030 — Kỳ rà soát năm 2026 xác định danh sách năm 2027 — .*Nghị định 351\/2025\/NĐ-CP/,
    )
    const preview = await cliInProcess([
      '--db',
      db,
      'review',
      'restandard',
      '--year',
      '2026',
      '--standard',
      'mdp-2022-2025',
      '--reason',
      'Theo hướng dẫn của tỉnh',
    ])
    expect(preview.stdout).toMatch(
      /Kỳ rà soát năm 2026: Chuẩn nghèo đa chiều giai đoạn 2027–2030 → Chuẩn nghèo đa chiều giai đoạn 2022–2025/,
    )
    expect(preview.stdout).toMatch(/Chưa chuyển\. Chạy lại với --yes để chuyển\./)
    expect(json((await cliInProcess(['--db', db, 'review', 'status', '--year', '2026', '--json'])).stdout).standardId).toBe('mdp-2027-2030')
    const yes = await cliInProcess([
      '--db',
      db,
      'review',
      'restandard',
      '--year',
      '2026',
      '--standard',
      'mdp-2022-2025',
      '--reason',
      'Theo hướng dẫn của tỉnh',
      '--yes',
    ])
    expect(yes.stdout).toMatch(/Đã chuyển kỳ rà soát năm 2026 sang Chuẩn nghèo đa chiều giai đoạn 2022–2025\./)
    const moved = await cliInProcess(['--db', db, 'review', 'status', '--year', '2026', '--json'])
    expect(json(moved.stdout).standardId).toBe('mdp-2022-2025')
    // Moved with a reason: no warning; the text status says which standard.
    expect((await cliInProcess(['--db', db, 'review', 'status', '--year', '2026'])).stderr).toBe('')
    const noReason = await cliInProcess([
      '--db',
      db,
      'review',
      'restandard',
      '--year',
      '2026',
      '--standard',
      'mdp-2027-2030',
      '--reason',
      'x',
      '--yes',
    ])
    expect(noReason.code).not.toBe(0)
    expect(noReason.stderr).toMatch(/Nêu lý do chuyển chuẩn nghèo/)
  }, 300_000)
})
