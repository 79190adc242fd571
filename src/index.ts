export { validate, type ValidateOptions } from './validate.js';
export { kinds, isKind, type Kind } from './kinds.js';
export { rules } from './rules/index.js';
export type { RuleMeta } from './rules/rule.js';
export type { Problem, Result, Severity } from './problem.js';
export type * from '../generated/types.js';
