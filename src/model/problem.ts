import type { Kind } from './kind.js';

/** How much a problem matters: errors make a payload invalid, warnings flag tolerated deviations. */
export type Severity = 'error' | 'warning';

/** A value of a problem's params: plain JSON data, so that reports can carry it as it is. */
export type ParamValue = string | number | boolean | null | readonly (string | number)[];

/**
 * What a problem found, as data beside the message (as ajv's errors carry params): what was expected,
 * what was found, the limit. Each rule documents the params it reports; tests and users match on them.
 */
export type ProblemParams = Readonly<Record<string, ParamValue>>;

/** One finding about a payload. ruleId, pointer and params are the stable contract; message wording may change. */
export interface Problem {
  /** Stable id of the rule that found the problem, such as participants-limit. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** What is wrong, for people. */
  readonly message: string;
  /** RFC 6901 JSON Pointer to the offending value (to the enclosing object when a property is missing). */
  readonly pointer: string;
  /** What the rule found, as data: see the rule's documentation for the names. */
  readonly params: ProblemParams;
}

/** Outcome of validating one payload. */
export interface Result {
  /** The kind the payload was checked as; null when it could not be told. */
  readonly kind: Kind | null;
  /** True when no problem is an error. */
  readonly valid: boolean;
  readonly problems: readonly Problem[];
}

/** A 1-based line and column in a text. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A problem placed in its file: 1-based line and column of the offending value or key. */
export interface LocatedProblem extends Problem {
  readonly line: number;
  readonly column: number;
}

/** What a problem takes from its rule: the id and the severity (a RuleMeta has both). */
export interface RuleRef {
  readonly id: string;
  readonly severity: Severity;
}

/**
 * The params of a problem that has none to give: one frozen object for all of them, so a payload with
 * a hundred thousand such problems does not carry as many empty objects.
 */
export const noParams: ProblemParams = Object.freeze({});

/** A problem of a rule at a JSON Pointer, with the rule's severity. */
export function problemOf(rule: RuleRef, pointer: string, message: string, params: ProblemParams = noParams): Problem {
  return { ruleId: rule.id, severity: rule.severity, message, pointer, params };
}

/** A problem of a rule at a line and column (the start of the text unless given), with the rule's severity. */
export function problemAt(rule: RuleRef, message: string, position: Position = { line: 1, column: 1 }, pointer = '', params: ProblemParams = noParams): LocatedProblem {
  return { ruleId: rule.id, severity: rule.severity, message, pointer, params, line: position.line, column: position.column };
}

/** Orders problems as every report lists them: line, column, then rule id. */
export function byPosition(a: LocatedProblem, b: LocatedProblem): number {
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
