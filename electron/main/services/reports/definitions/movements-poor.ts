import { movementReport } from '../../reviews/movement-report'

/** Form 2: movement of poor households, households and persons, per commune (built by the reviews domain). */
export const movementsPoorReport = movementReport('poor')
