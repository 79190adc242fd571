// validate and lintExchange are the checked entries of src/api: a caller's hostile argument is a
// TypeError naming it, never another error. Everything exported that the library reads is frozen.
export { validate, lintExchange } from './api/arguments.js';
export type { ValidateOptions } from './validate/validate.js';
export { kinds, isKind, type Kind } from './model/kind.js';
export { apiVersions, type ApiVersion } from './model/api-version.js';
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
  type GuardOptions,
} from './api/guards.js';
export type { LocatedProblem, ProblemParams, ParamValue } from './model/problem.js';
export { lint, type LintRequest, type LintedSource, type SourceType, type ExchangeFile, type LintedExchange } from './lint/lint.js';
export type * from '../generated/types.js';
export {
  createInviteTracker,
  type InviteTracker,
  type InviteTrackerOptions,
  type TrackedInvite,
  type NotificationBatch,
  type TrackerChange,
  type TrackerStats,
  type InviteOutcome,
  type InviteeOutcome,
  type InviteStatus,
  type OutcomeResultInfo,
  type RosterSequence,
} from './api/tracker.js';
