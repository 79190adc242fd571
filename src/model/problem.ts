import type { Kind } from '../contract/kinds.js';
import type { RuleMeta } from './rule.js';

/** How much a problem matters: errors make a payload invalid, warnings flag tolerated deviations. */
export type Severity = 'error' | 'warning';

/** One finding about a payload. ruleId and pointer are the stable contract; message wording may change. */
export interface Problem {
  /** Stable id of the rule that found the problem, such as participants-limit. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** What is wrong, for people. */
  readonly message: string;
  /** RFC 6901 JSON Pointer to the offending value (to the enclosing object when a property is missing). */
  readonly pointer: string;
}

/** Outcome of validating one payload. */
export interface Result {
  /** The kind the payload was checked as; null when it could not be told. */
  readonly kind: Kind | null;
  /** True when no problem is an error. */
  readonly valid: boolean;
  readonly problems: readonly Problem[];
}

/** A problem of a rule at a JSON Pointer, with the rule's severity. */
export function problemOf(rule: RuleMeta, pointer: string, message: string): Problem {
  return { ruleId: rule.id, severity: rule.severity, message, pointer };
}
