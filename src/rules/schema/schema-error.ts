import type { ErrorObject } from 'ajv';
import type { Kind } from '../../model/kind.js';
import { describeValue, jsonType } from '../../model/describe.js';
import { pointerTokens, resolvePointer } from '../../model/pointer.js';
import type { ParamValue, Problem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** One ajv error as the schema rules see it: with the payload's value at its place and what names it. */
export interface SchemaError {
  readonly error: ErrorObject;
  /** The kind the payload is checked as. */
  readonly kind: Kind;
  /** The error's instance path, a JSON Pointer. */
  readonly pointer: string;
  /** The value at the pointer (undefined where a property is missing). */
  readonly value: unknown;
  /** The property name or index the pointer ends in, for messages. */
  readonly name: string;
  /** The schema also allows null here (an anyOf [X, null] whose null branch was dropped). */
  readonly nullable: boolean;
}

/** A schema rule: its metadata, and the problem it makes of an ajv error it owns (undefined for the others). */
export type SchemaRule = RuleDefinition & { fromError(found: SchemaError): Problem | undefined };

/** The schema error of an ajv error: the value it is about, and what names it in messages. */
export function schemaError(error: ErrorObject, root: unknown, kind: Kind, nullable: boolean): SchemaError {
  const pointer = error.instancePath;
  return { error, kind, pointer, value: resolvePointer(root, pointer), name: pointerTokens(pointer).at(-1) ?? 'the payload', nullable };
}

/** A value as a param: itself when it is a string, number, boolean or null; its JSON type otherwise. */
export function foundParam(value: unknown): ParamValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  return jsonType(value);
}

/** The value as messages show it. */
export const shown = describeValue;

/** True for the participants of an invite request: their errors are participants-required or participants-limit. */
export function isRequestParticipants(found: SchemaError): boolean {
  return found.kind === 'invite-request' && found.pointer === '/participants';
}
