import { problemAt, type LocatedProblem, type Position, type ProblemParams } from '../../model/problem.js';
import type { RuleMeta } from '../../model/rule.js';

/** A payload of an exchange as its rules see it: the parsed value, and where a pointer into it sits in its file. */
export interface PayloadPart {
  readonly value: unknown;
  position(pointer: string, locate?: 'value' | 'key'): Position;
}

/** The resource path a notification is about (its resourceUrl, else its resource) and where it sits. */
export interface ResourcePathField {
  readonly key: string;
  readonly value: string;
  readonly pointer: string;
}

/** A problem of an exchange rule at a pointer of a payload, placed where the rule locates it (the value, or the key). */
export function problemIn(part: PayloadPart, rule: RuleMeta, pointer: string, message: string, params: ProblemParams): LocatedProblem {
  return problemAt(rule, message, part.position(pointer, (Object.hasOwn(rule, 'locate') ? rule.locate : undefined) ?? 'value'), pointer, params);
}
