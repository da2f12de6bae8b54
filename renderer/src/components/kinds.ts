import type { UnitKind } from '@shared/domain/units'
import type { MessageKey } from '../i18n'

export const KIND_LABEL: Record<UnitKind, MessageKey> = {
  province: 'unit.kind.province',
  district: 'unit.kind.district',
  commune: 'unit.kind.commune',
  village: 'unit.kind.village',
  other: 'unit.kind.other',
}

/** The kind a new child usually has; the office can still choose another. */
export const CHILD_KIND: Record<UnitKind, UnitKind> = {
  province: 'commune',
  district: 'commune',
  commune: 'village',
  village: 'other',
  other: 'other',
}
