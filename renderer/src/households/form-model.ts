import type {
  AreaType,
  HouseholdInput,
  IndicatorValue,
  Livelihood,
  Member,
  PovertyCause,
  RELATIONSHIPS,
  Schooling,
  SpecialGroup,
  Working,
} from '@shared/domain/households'
import type { HouseholdDetail } from '@shared/domain/household-views'
import { formatDate, formatInt, parseArea, parseMoney, parseViDate } from '@shared/text/format'
import { t } from '../i18n'

/** What the clerk is typing: text as typed (dates dd/mm/yyyy, money with dots), turned into the contract's input on save. */
export interface MemberDraft {
  key: string
  id?: string
  fullName: string
  sex: 'male' | 'female' | ''
  birth: string
  citizenId: string
  relationship: (typeof RELATIONSHIPS)[number] | ''
  ethnicity: string
  healthInsurance: boolean
  schooling: Schooling
  working: Working
}

export interface IndicatorDraft {
  deprived: boolean
  /** For an indicator the standard derives from members: the clerk's value replaces the derived one. */
  override: boolean
}

export interface Draft {
  id?: string
  code: string
  unitId: string
  areaType: AreaType
  address: string
  ethnicity: string
  phone: string
  specialGroups: SpecialGroup[]
  povertyCauses: PovertyCause[]
  /** Main livelihood (who can be "average"); absent or null while not chosen. */
  livelihood?: Livelihood | null
  notes: string
  members: MemberDraft[]
  year: string
  income: string
  housingArea: string
  indicators: Record<number, IndicatorDraft>
}

let nextKey = 0
export function newMember(relationship: MemberDraft['relationship'] = ''): MemberDraft {
  nextKey += 1
  return {
    key: `m${nextKey}`,
    fullName: '',
    sex: '',
    birth: '',
    citizenId: '',
    relationship,
    ethnicity: '',
    healthInsurance: true,
    schooling: 'not_applicable',
    working: 'other',
  }
}

export function emptyDraft(year: number): Draft {
  return {
    code: '',
    unitId: '',
    areaType: 'rural',
    address: '',
    ethnicity: '',
    phone: '',
    specialGroups: [],
    povertyCauses: [],
    notes: '',
    members: [newMember('head')],
    year: String(year),
    income: '',
    housingArea: '',
    indicators: {},
  }
}

/** The draft of an existing household, with the chosen year's assessment (or the newest one) filled in. */
export function draftFrom(d: HouseholdDetail, year: number): Draft {
  const a = d.assessments.find((x) => x.year === year) ?? d.assessments[0]
  return {
    id: d.id,
    code: d.code,
    unitId: d.unitId,
    areaType: d.areaType,
    address: d.address,
    ethnicity: d.ethnicity,
    phone: d.phone,
    specialGroups: d.specialGroups,
    povertyCauses: d.povertyCauses,
    ...(d.livelihood !== undefined ? { livelihood: d.livelihood } : {}),
    notes: d.notes,
    members: d.members.map((m) => ({
      ...newMember(m.relationship),
      id: m.id,
      fullName: m.fullName,
      sex: m.sex,
      birth: m.birthDate.length === 4 ? m.birthDate : formatDate(m.birthDate),
      citizenId: m.citizenId,
      ethnicity: m.ethnicity,
      healthInsurance: m.healthInsurance,
      schooling: m.schooling,
      working: m.working,
    })),
    year: String(a?.year ?? year),
    income: a ? formatInt(a.incomePerPersonMonth) : '',
    housingArea: a?.housingAreaM2 != null ? String(a.housingAreaM2).replace('.', ',') : '',
    indicators: Object.fromEntries((a?.indicators ?? []).map((i) => [i.no, { deprived: i.deprived, override: i.source === 'override' }])),
  }
}

/** A member for "add a member": the first one is the head, the next ones start as children. */
export function addMember(members: readonly MemberDraft[]): MemberDraft[] {
  return [...members, newMember(members.length ? 'child' : 'head')]
}

/** Removes the i-th member; the last one stays, since a household has at least its head. */
export function removeMember(members: readonly MemberDraft[], i: number): MemberDraft[] {
  return members.length > 1 ? members.filter((_, j) => j !== i) : [...members]
}

/**
 * Sets an indicator's tick or override. An indicator the clerk has not touched starts from the
 * value the form shows (the derived one, for those the standard derives), so ticking "Ghi đè"
 * alone keeps what the classification sees until the clerk changes the tick.
 */
export function setIndicator(
  value: Record<number, IndicatorDraft>,
  merged: readonly IndicatorValue[],
  no: number,
  patch: Partial<IndicatorDraft>,
): Record<number, IndicatorDraft> {
  const current = value[no] ?? { deprived: merged.find((m) => m.no === no)?.deprived ?? false, override: false }
  return { ...value, [no]: { ...current, ...patch } }
}

/** "12/03/1985" → "1985-03-12"; "1985" stays a year; anything else → null. */
export function parseBirth(text: string): string | null {
  const s = text.trim()
  if (/^\d{4}$/.test(s)) return s
  return parseViDate(s)
}

/** Members as the classification needs them; those whose birth date is not valid yet are left out. */
export function membersForDerive(draft: Draft): Member[] {
  return draft.members.flatMap((m) => {
    const birthDate = parseBirth(m.birth)
    if (!birthDate) return []
    return [{ ...m, id: m.id ?? m.key, birthDate, sex: m.sex || 'male', relationship: m.relationship || 'other' }]
  })
}

/**
 * The checks the form can make before asking main (the same rules main applies on save, in the
 * same words): fields by the dotted path main would report, so both kinds of message land next to
 * the same field. Uniqueness of a citizen ID across the register is main's to say.
 */
export function validateDraft(draft: Draft, today: string): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!draft.unitId) errors['household.unitId'] = t('households.err.unit')
  const heads = draft.members.filter((m) => m.relationship === 'head').length
  if (heads !== 1) errors.members = heads === 0 ? t('households.err.noHead') : t('households.err.manyHeads', { count: heads })
  const seen = new Map<string, number>()
  draft.members.forEach((m, i) => {
    const p = `members.${i}`
    if (!m.fullName.trim()) errors[`${p}.fullName`] = t('households.err.fullName')
    if (!m.sex) errors[`${p}.sex`] = t('households.err.sex')
    if (!m.relationship) errors[`${p}.relationship`] = t('households.err.relationship')
    const birth = parseBirth(m.birth)
    if (!birth) errors[`${p}.birthDate`] = t('households.err.birth')
    else if (birth.length === 4 ? birth > today.slice(0, 4) : birth > today) errors[`${p}.birthDate`] = t('households.err.birthFuture')
    const id = m.citizenId.trim()
    if (id && !/^(\d{9}|\d{12})$/.test(id)) errors[`${p}.citizenId`] = t('households.err.citizenId')
    else if (id) {
      const j = seen.get(id)
      if (j !== undefined) errors[`${p}.citizenId`] = t('households.err.citizenIdTwice', { n: j + 1 })
      else seen.set(id, i)
    }
  })
  const year = Number(draft.year)
  if (!Number.isInteger(year) || year < 2000 || year > 2100) errors['assessment.year'] = t('households.err.year')
  if (parseMoney(draft.income) === null) errors['assessment.incomePerPersonMonth'] = t('error.income')
  if (parseArea(draft.housingArea) === undefined) errors['assessment.housingAreaM2'] = t('error.area')
  return errors
}

/** The paths of main's errors the form shows next to a field; any other (the id, notes) goes to the form's message. */
const SHOWN_FIELD =
  /^(members(\.\d+\.\w+)?|household\.(unitId|areaType|code|address|phone|ethnicity)|assessment\.(year|incomePerPersonMonth|housingAreaM2))$/

export function isShownField(path: string): boolean {
  return SHOWN_FIELD.test(path)
}

/** The contract's input; call only when validateDraft found nothing. */
export function toInput(draft: Draft): HouseholdInput {
  const indicators: IndicatorValue[] = Object.entries(draft.indicators).map(([no, v]) => ({
    no: Number(no),
    deprived: v.deprived,
    value: '',
    source: v.override ? 'override' : 'entered',
  }))
  return {
    ...(draft.id ? { id: draft.id } : {}),
    household: {
      code: draft.code.trim(),
      unitId: draft.unitId,
      areaType: draft.areaType,
      address: draft.address,
      ethnicity: draft.ethnicity,
      phone: draft.phone,
      specialGroups: draft.specialGroups,
      povertyCauses: draft.povertyCauses,
      ...(draft.livelihood !== undefined ? { livelihood: draft.livelihood } : {}),
      notes: draft.notes,
    },
    members: draft.members.map((m) => ({
      ...(m.id ? { id: m.id } : {}),
      fullName: m.fullName.trim(),
      sex: m.sex || 'male',
      birthDate: parseBirth(m.birth) ?? '',
      citizenId: m.citizenId.trim(),
      relationship: m.relationship || 'other',
      ethnicity: m.ethnicity,
      healthInsurance: m.healthInsurance,
      schooling: m.schooling,
      working: m.working,
    })),
    assessment: {
      year: Number(draft.year),
      incomePerPersonMonth: parseMoney(draft.income) ?? 0,
      housingAreaM2: parseArea(draft.housingArea) ?? null,
      indicators,
    },
  }
}
