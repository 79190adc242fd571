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
  classifyNotification,
  classifyNotifications,
  type ClassifiedNotification,
  type GuardOptions,
} from './api/guards.js';
export { parseCommsNotifications, type ParseResult, type NotificationsParseResult, type NotificationResult } from './api/notifications.js';
export { parseInviteResponse, graphErrorOf, type InviteResponse, type InviteResponseInput, type GraphError, type ResponseHeaders } from './api/invite-response.js';
export { checkExchange, type ExchangeParts, type ExchangeInput, type ExchangeCheck } from './api/check-exchange.js';
export {
  verifyCallbackToken,
  createCallbackKeyStore,
  graphCallbackOpenIdConfiguration,
  graphCallbackIssuers,
  type CallbackTokenOptions,
  type CallbackTokenResult,
  type CallbackTokenFailure,
  type CallbackTokenClaims,
  type CallbackKeyStore,
  type CallbackKeyStoreOptions,
} from './api/callback-token.js';
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
