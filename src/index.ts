export { validate, type ValidateOptions } from './validate/validate.js';
export { kinds, isKind, type Kind } from './contract/kinds.js';
export { rules } from './rules/index.js';
export type { RuleMeta } from './model/rule.js';
export type { Problem, Result, Severity } from './model/problem.js';
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
} from './api/guards.js';
export type { LocatedProblem, ProblemParams, ParamValue } from './model/problem.js';
export { lint, lintExchange, type LintRequest, type LintedSource, type SourceType, type ExchangeFile, type LintedExchange } from './lint/lint.js';
export type * from '../generated/types.js';
