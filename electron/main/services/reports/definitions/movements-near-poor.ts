import { movementReport } from '../../reviews/movement-report'

/** Form 3: movement of near-poor households, households and persons, per commune (built by the reviews domain). */
export const movementsNearPoorReport = movementReport('near_poor')
