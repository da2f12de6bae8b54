import { z } from 'zod'
import type { UnitKind } from './units'

/**
 * The level of the office that keeps the register. Since 1 July 2025 most provinces run two tiers
 * (province → commune), so the office is usually a commune's People's Committee; district offices
 * remain in old data and where a province still has them. What differs between levels is data,
 * here, read by setup, the reports, the documents and the demo generator alike.
 */
export const OFFICE_LEVEL_IDS = ['commune', 'district', 'province'] as const
export const OfficeLevelSchema = z.enum(OFFICE_LEVEL_IDS)
export type OfficeLevel = z.infer<typeof OfficeLevelSchema>

export interface OfficeLevelRule {
  /** What the clerk picks in setup and Settings. */
  label: string
  /** The General Statistics Office code of an office of this level has exactly this many digits. */
  codeDigits: number
  /** The words that name such a unit ("xã", "phường", "đặc khu"…), lower case: stripped to give its locality. */
  namePrefixes: readonly string[]
  /** Which mode the database works in: an office sends packages, the province receives them. */
  mode: 'office' | 'province'
  /** The kinds of units the office keeps under itself, outermost first (a commune office: its villages). */
  unitKinds: readonly UnitKind[]
  /** The office's own unit, the root its units hang under (a commune office is itself a commune), if any. */
  ownKind: UnitKind | null
  /** What a row of a by-area report is: a unit of this kind, or an office whose package was received. */
  rowKind: UnitKind | 'office'
  /** The heading of a by-area report's first column. */
  rowHeading: string
  /** Setup from the app refuses to finish with fewer units under the office than this. */
  minUnits: number
  /** "thôn/tổ dân phố": what the refusal and the setup screen call the units under the office. */
  unitNoun: string
  /** Who the review's results and the reports go up to (step 5 of Decision 24/2021, after the reform). */
  reportsTo: string
}

export const OFFICE_LEVELS: Record<OfficeLevel, OfficeLevelRule> = {
  commune: {
    label: 'Cấp xã (xã, phường, đặc khu — mã 5 chữ số)',
    codeDigits: 5,
    namePrefixes: ['xã', 'phường', 'đặc khu', 'thị trấn'],
    mode: 'office',
    unitKinds: ['village'],
    ownKind: 'commune',
    rowKind: 'village',
    rowHeading: 'Thôn/tổ dân phố',
    minUnits: 1,
    unitNoun: 'thôn/tổ dân phố',
    reportsTo: 'UBND tỉnh',
  },
  district: {
    label: 'Cấp huyện (mã 3 chữ số; đơn vị còn cấp huyện hoặc dữ liệu cũ)',
    codeDigits: 3,
    namePrefixes: ['huyện', 'quận', 'thị xã', 'thành phố'],
    mode: 'office',
    unitKinds: ['commune', 'village'],
    ownKind: null,
    rowKind: 'commune',
    rowHeading: 'Xã/phường',
    minUnits: 1,
    unitNoun: 'xã/phường',
    reportsTo: 'UBND tỉnh',
  },
  province: {
    label: 'Cấp tỉnh (mã 2 chữ số; nhận và tổng hợp gói của các xã)',
    codeDigits: 2,
    namePrefixes: ['tỉnh', 'thành phố'],
    mode: 'province',
    unitKinds: [],
    ownKind: null,
    rowKind: 'office',
    rowHeading: 'Đơn vị',
    minUnits: 0,
    unitNoun: 'đơn vị',
    reportsTo: 'Bộ Nông nghiệp và Môi trường',
  },
}

/**
 * The level a database without one recorded works at: the province mode is the province; an office
 * that did not say is a district office, which is what the program assumed before levels existed
 * (its by-area reports had one row per commune).
 */
export function defaultLevel(mode: 'office' | 'province' | undefined): OfficeLevel {
  return mode === 'province' ? 'province' : 'district'
}

const ALL_PREFIXES = [...new Set(Object.values(OFFICE_LEVELS).flatMap((l) => l.namePrefixes))].sort((a, b) => b.length - a.length)

/**
 * The locality an office's documents are dated from: its name without "UBND" and without the word
 * for its level ("UBND xã Tân Thành" → "Tân Thành", "UBND tỉnh Ninh Bình" → "Ninh Bình"); a note
 * in brackets is dropped. Null when the name has no such word.
 */
export function localityOf(officeName: string): string | null {
  const name = officeName.replace(/\s*\([^)]*\)\s*/g, ' ').trim()
  const lower = name.toLocaleLowerCase('vi')
  let best: { at: number; prefix: string } | null = null
  for (const prefix of ALL_PREFIXES) {
    const re = new RegExp(`(^|\\s)${prefix}\\s+`, 'gu')
    for (const m of lower.matchAll(re)) {
      const at = m.index + m[1]!.length
      if (!best || at > best.at || (at === best.at && prefix.length > best.prefix.length)) best = { at, prefix }
    }
  }
  if (!best) return null
  const rest = name.slice(best.at + best.prefix.length).trim()
  return rest || null
}

/** The office's own commune as a unit ("UBND xã Tân Thành" → "Xã Tân Thành"), for a commune office's root unit. */
export function ownUnitName(officeName: string): string {
  const bare = officeName
    .replace(/\s*\([^)]*\)\s*/g, ' ')
    .replace(/^\s*(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+/iu, '')
    .trim()
  return bare ? bare.charAt(0).toLocaleUpperCase('vi') + bare.slice(1) : officeName
}

/** A refusal when a code does not have the level's number of digits, in Vietnamese; null when it fits. */
export function codeProblem(level: OfficeLevel, code: string): string | null {
  const rule = OFFICE_LEVELS[level]
  if (new RegExp(`^\\d{${rule.codeDigits}}$`).test(code.trim())) return null
  const other = OFFICE_LEVEL_IDS.find((l) => l !== level && new RegExp(`^\\d{${OFFICE_LEVELS[l].codeDigits}}$`).test(code.trim()))
  const hint = other
    ? ` Mã "${code.trim()}" có ${OFFICE_LEVELS[other].codeDigits} chữ số, là mã ${levelName(other)}: hãy chọn đúng cấp.`
    : ''
  return `Mã ${levelName(level)} gồm đúng ${rule.codeDigits} chữ số (danh mục của Tổng cục Thống kê).${hint}`
}

function levelName(level: OfficeLevel): string {
  return level === 'commune' ? 'cấp xã' : level === 'district' ? 'cấp huyện' : 'cấp tỉnh'
}

/** How many units of the level's outermost kind a list of units has (a commune office counts its villages). */
export function unitsUnderOffice(level: OfficeLevel, units: readonly { kind: string }[]): number {
  const top = OFFICE_LEVELS[level].unitKinds[0]
  return top ? units.filter((u) => u.kind === top).length : 0
}
