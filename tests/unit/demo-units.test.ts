import { describe, expect, it } from 'vitest'
import { demoStructure } from '../../electron/main/services/households/demo-units'
import { seededRandom } from '../reliability/harness/random'

const villages = (provinceCode: string, seed: number) =>
  demoStructure('commune', { code: '14563', name: 'UBND xã Tân Thành', provinceCode }, seededRandom(seed), null)
    .create.filter((u) => u.kind === 'village')
    .map((u) => u.name)

describe('demo villages take the style of their province', () => {
  it('thôn and xóm in the northern plains, bản in the northern mountains, ấp and khu phố in the south, whatever the seed', () => {
    for (let seed = 1; seed <= 12; seed++) {
      // Ninh Bình (37): no ấp, no bản.
      for (const name of villages('37', seed)) expect(name, `37, seed ${seed}`).toMatch(/^(Thôn|Xóm|Tổ dân phố) /)
      // Điện Biên (11): bản, with a few thôn.
      const mountain = villages('11', seed)
      expect(
        mountain.some((n) => n.startsWith('Bản ')),
        `11, seed ${seed}`,
      ).toBe(true)
      for (const name of mountain) expect(name).toMatch(/^(Bản|Thôn) /)
      // Vĩnh Long (86): ấp and khu phố.
      for (const name of villages('86', seed)) expect(name, `86, seed ${seed}`).toMatch(/^(Ấp|Khu phố) /)
    }
  })
})
