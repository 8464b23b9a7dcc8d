/** Auto DJ planner: pure functions, no Temporal, no I/O. */
export { planSet } from './plan-set';
export { transitionCost, DEFAULT_TEMPO_TOLERANCE, type TransitionOptions, type TransitionScore } from './transition-cost';
export { parseKey, toCamelot, fromCamelot, formatCamelot, toOpenKey, type ParsedKey, type KnownKey, type UnknownKey, type Camelot, type Mode } from '../music/keys';
export { camelotRelation, isHarmonicCompatible, type CamelotRelation } from '../music/camelot';
export { targetEnergyAt, EnergyCurve } from './energy-curve';
export { PlannerInputError } from './errors';
export { DEFAULT_DURATION_WINDOW_SECONDS } from './validate';
export * from './types';
