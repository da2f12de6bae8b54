import type { Classification } from '@shared/domain/households'
import { t } from '../i18n'

// Enum values to their Vietnamese labels: the message keys are named after the contract's values.
export const classLabel = (c: Classification) => t(`households.class.${c}` as const)
export const classBadge = (c: Classification | null) => (c ? `badge badge--${c}` : 'badge')

/** The national target programme's projects; household_support.project holds one of them or null (a CHECK in the table). */
export const PROJECTS = [1, 2, 3, 4, 5, 6, 7] as const
export const projectLabel = (p: number | null) =>
  t(p === null ? 'households.project.none' : (`households.project.${p as (typeof PROJECTS)[number]}` as const))
