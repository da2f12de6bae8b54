import type { Classification } from '@shared/domain/households'
import { t } from '../i18n'

// Enum values to their Vietnamese labels: the message keys are named after the contract's values.
export const classLabel = (c: Classification) => t(`households.class.${c}` as const)
export const classBadge = (c: Classification | null) => (c ? `badge badge--${c}` : 'badge')
