import type { ApiVersion } from './api-version.js';
import type { Kind } from './kind.js';
import type { LocatedProblem, ProblemParams, Severity } from './problem.js';

/** What the rules list exports for each rule. */
export interface RuleMeta {
  /** Stable id: tests, configs and suppressions rely on it. */
  readonly id: string;
  readonly severity: Severity;
  /** What the rule checks. */
  readonly description: string;
  /** Why it matters. */
  readonly rationale: string;
  /** Where a file position points: the value (default) or, for rules about a property being there at all, its key. */
  readonly locate?: 'value' | 'key';
  /** The params its problems carry: name, and what it holds. */
  readonly params: Readonly<Record<string, string>>;
  /** The rule's certain fix, for --fix: only rules whose right text is beyond doubt have one. */
  readonly fix?: { readonly what: string; readonly edit: RuleFix };
}

/** One replacement in a file's text: the UTF-16 range [start, end) becomes `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** What a fix looks at: the file's text (without its BOM), the offset of the problem's line and column in it, where the file's JSON starts. */
export interface FixContext {
  readonly text: string;
  readonly offset: number;
  /** Where the JSON text the problem belongs to starts (a payload file's start, an HTTP message's body); undefined for no JSON. */
  readonly jsonStart: number | undefined;
}

/**
 * The edit that fixes a problem, or undefined unless the text at the problem is exactly what the fix
 * expects there: a fix never guesses.
 */
export type RuleFix = (problem: LocatedProblem, context: FixContext) => TextEdit | undefined;

/** A JSON object of the payload, seen by the walker. */
export type JsonObject = Record<string, unknown>;

/** A reference token of a JSON Pointer, unescaped: a property name or an array index. */
export type Token = string | number;

/** What a rule gets besides the node it visits. */
export interface RuleContext {
  readonly kind: Kind;
  /** The profile the payload is checked against. */
  readonly apiVersion: ApiVersion;
  /**
   * Records a problem, with the rule's severity, at the visited node or at the path the tokens (one to
   * three) lead to below it. The node's own pointer is built only here: clean payloads never pay for pointers.
   */
  report(message: string, params: ProblemParams, below?: Token, further?: Token, furthest?: Token): void;
}

/** A visit of a contract object by one rule. */
export type NodeVisit = (node: JsonObject, context: RuleContext) => void;

/** A visit of one identity of an identity set, with the key it is under (user, phone...). */
export type IdentityVisit = (node: JsonObject, key: string, context: RuleContext) => void;

/** The contract objects the walker hands to rules; each is called only with a JSON object. */
export interface Visitors {
  readonly request?: NodeVisit;
  readonly operation?: NodeVisit;
  readonly notification?: NodeVisit;
  readonly invitationParticipant?: NodeVisit;
  readonly participant?: NodeVisit;
  readonly deltaParticipants?: NodeVisit;
  readonly identitySet?: NodeVisit;
  /** key is the identity set property holding the identity (user, phone...). */
  readonly identity?: IdentityVisit;
}

/** A rule JSON Schema cannot express, checked by walking the payload. */
export interface Rule extends RuleMeta {
  readonly visitors: Visitors;
}

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A rule as its file defines it: its metadata and the check functions of its family (satisfies this type). */
export type RuleDefinition = RuleMeta & { readonly [check: string]: unknown };
