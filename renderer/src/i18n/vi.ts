import { common } from './messages/common'
import { households } from './messages/households'
import { review } from './messages/review'
import { plans } from './messages/plans'
import { reports } from './messages/reports'
import { packages } from './messages/packages'
import { system } from './messages/system'

/** Vietnamese UI text, by message key, one file per domain. English can follow as a second map with the same keys. */
export const vi = { ...common, ...households, ...review, ...plans, ...reports, ...packages, ...system }

export type MessageKey = keyof typeof vi
