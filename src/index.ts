export { validate, type ValidateOptions } from './validate.js';
export { kinds, isKind, type Kind } from './kinds.js';
export { rules } from './rules/index.js';
export type { RuleMeta } from './rules/rule.js';
export type { Problem, Result, Severity } from './problem.js';
export {
  ContractError,
  isInviteRequest,
  isInviteOperation,
  isCommsNotifications,
  assertInviteRequest,
  assertInviteOperation,
  assertCommsNotifications,
  parseCommsNotifications,
  classifyNotification,
  classifyNotifications,
  type ParseResult,
  type ClassifiedNotification,
} from './guards.js';
export type { LocatedProblem } from './report.js';
export type * from '../generated/types.js';
