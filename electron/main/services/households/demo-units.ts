import { randomUUID } from 'node:crypto'
import { OFFICE_LEVELS, ownUnitName, type OfficeLevel } from '@shared/domain/office-levels'
import type { OfficeProfile } from '@shared/domain/office'
import { fold } from '@shared/text/fold'

// Names for generated units, Vietnamese and varied but each office in its region's style (a
// commune of the northern plains has thôn, xóm and tổ dân phố; one in the northern mountains bản;
// one in the south ấp and khu phố): made up, as real as the ones clerks type.
const PLAINS = 0
const MOUNTAINS = 1
const SOUTH = 2
const VILLAGE_STYLES: readonly (readonly string[])[] = [
  [
    'Thôn Đồng Tâm',
    'Thôn Tân Lập',
    'Thôn Bình Minh',
    'Thôn Trung Hòa',
    'Thôn Phú Xuân',
    'Thôn Yên Thịnh',
    'Thôn Đông Sơn',
    'Xóm Mới',
    'Xóm Bãi',
    'Thôn Hạ',
    'Thôn Thượng',
    'Thôn An Ninh',
    'Thôn Quyết Tiến',
    'Thôn Đoàn Kết',
    'Thôn Khánh Hội',
    'Thôn Văn Giang',
    'Tổ dân phố 1',
    'Tổ dân phố 2',
    'Tổ dân phố 3',
    'Tổ dân phố Bắc Sơn',
  ],
  [
    'Bản Nà Phặc',
    'Bản Sáng',
    'Bản Pắc Cáy',
    'Bản Khuổi Cấp',
    'Bản Nà Lầu',
    'Bản Hua Tát',
    'Bản Co Muông',
    'Bản Nà Hin',
    'Bản Phiêng Luông',
    'Bản Khe Mạ',
    'Thôn Làng Mới',
    'Thôn Bình Minh',
    'Bản Pá Khoang',
    'Bản Nậm Cắn',
    'Bản Tà Xùa',
    'Thôn Đoàn Kết',
  ],
  [
    'Ấp Phước Thạnh',
    'Ấp Long Hòa',
    'Ấp Bình Đông',
    'Ấp Tân Hưng',
    'Ấp Mỹ Lợi',
    'Ấp Hòa Thuận',
    'Ấp An Phú',
    'Ấp Phú Hữu',
    'Ấp Vĩnh Thạnh',
    'Ấp Thạnh Lộc',
    'Khu phố 1',
    'Khu phố 2',
    'Khu phố 3',
    'Ấp Rạch Gốc',
    'Ấp Kinh Tắc',
  ],
]
const COMMUNE_NAMES = [
  'Xã Yên Phong',
  'Xã Khánh Thượng',
  'Xã Yên Thái',
  'Phường Trung Sơn',
  'Xã Gia Hưng',
  'Xã Đồng Phong',
  'Xã Ninh Hải',
  'Xã Mai Sơn',
  'Xã Yên Từ',
  'Xã Khánh Hòa',
  'Xã Gia Vân',
  'Xã Phú Long',
  'Xã Lạng Phong',
  'Xã Thạch Bình',
  'Xã Cúc Phương',
  'Phường Nam Hoa Lư',
  'Xã Yên Mạc',
  'Xã Liên Sơn',
  'Xã Đại Hoàng',
  'Xã Quỳnh Lưu',
  'Xã Kim Đông',
  'Phường Đông Thành',
]
/**
 * Which style a province's villages take, by its statistical code (Decision 124/2004/QĐ-TTg's
 * list, kept by the provinces that remain after the 2025 merger): the northern mountain provinces
 * name villages bản, the provinces from Bình Phước (70) south ấp. Unknown codes draw a style.
 */
const MOUNTAIN_PROVINCES = new Set(['02', '04', '06', '08', '10', '11', '12', '14', '15', '17', '19', '20'])
const FIRST_SOUTHERN_PROVINCE = 70

function styleOf(provinceCode: string | undefined, drawn: number): number {
  if (!provinceCode || !/^\d{2}$/.test(provinceCode)) return drawn
  if (MOUNTAIN_PROVINCES.has(provinceCode)) return MOUNTAINS
  return Number(provinceCode) >= FIRST_SOUTHERN_PROVINCE ? SOUTH : PLAINS
}

export interface DemoUnitRow {
  id: string
  parent_id: string | null
  kind: string
  code: string
  name: string
  name_folded: string
}

/** A place households are put in, with how many of them it gets relative to the others. */
export interface DemoLeaf {
  id: string
  weight: number
}

const between = (rnd: () => number, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1))

function draw<T>(rnd: () => number, from: readonly T[], n: number): T[] {
  const pool = [...from]
  const out: T[] = []
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]!)
  return out
}

/**
 * The unit tree of a demo office of the given level, built when the office has none under it: a
 * commune office gets its own commune and 8–15 villages; a district office 10–20 communes of 3–8
 * villages each. Villages differ in size (a weight of 0.4 to 2.0), as real ones do.
 */
export function demoStructure(
  level: OfficeLevel,
  office: Pick<OfficeProfile, 'code' | 'name'> & { provinceCode?: string },
  rnd: () => number,
  existingCommune: { id: string } | null,
): { create: DemoUnitRow[]; leaves: DemoLeaf[] } {
  const create: DemoUnitRow[] = []
  const leaves: DemoLeaf[] = []
  const unit = (parent: string | null, kind: string, code: string, name: string) => {
    const row = { id: randomUUID(), parent_id: parent, kind, code, name, name_folded: fold(name) }
    create.push(row)
    return row.id
  }
  // The draw is made either way, so a seed gives the same households whatever the province.
  const style = VILLAGE_STYLES[styleOf(office.provinceCode, Math.floor(rnd() * VILLAGE_STYLES.length))]!
  const villages = (parent: string, n: number) => {
    for (const name of draw(rnd, style, n)) leaves.push({ id: unit(parent, 'village', '', name), weight: 0.4 + rnd() * 1.6 })
  }
  if (level === 'district') {
    const base = 10_000 + between(rnd, 0, 800) * 10
    draw(rnd, COMMUNE_NAMES, between(rnd, 10, 20)).forEach((name, i) =>
      villages(unit(null, 'commune', String(base + i * 3), name), between(rnd, 3, 8)),
    )
  } else {
    const own = OFFICE_LEVELS.commune.ownKind!
    const root = existingCommune?.id ?? unit(null, own, /^\d{5}$/.test(office.code) ? office.code : '', ownUnitName(office.name))
    villages(root, between(rnd, 8, 15))
  }
  return { create, leaves }
}

/** Picks a leaf from one random number, in proportion to the weights. */
export function weightedLeaf(leaves: readonly DemoLeaf[]): (r: number) => string {
  const total = leaves.reduce((s, l) => s + l.weight, 0)
  return (r) => {
    let x = r * total
    for (const l of leaves) {
      x -= l.weight
      if (x < 0) return l.id
    }
    return leaves[leaves.length - 1]!.id
  }
}
