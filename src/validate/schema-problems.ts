import type { ErrorObject } from 'ajv';
import { describeValue, jsonType } from '../model/describe.js';
import type { Kind } from '../contract/kinds.js';
import { pointerTokens, resolvePointer } from '../model/pointer.js';
import { problemOf, type Problem } from '../model/problem.js';
import { schemaRules } from '../rules/schema/schema-rules.js';

/** Schema files of the flags enums: their pattern failures are flags-member problems. */
export const flagsSchemaFiles: readonly string[] = [
  'online-meeting-content-sharing-disabled-reason.schema.json',
  'online-meeting-video-disabled-reason.schema.json',
];


function lastToken(pointer: string): string {
  return pointerTokens(pointer).at(-1) ?? 'the payload';
}

function enumMessage(value: unknown, allowed: readonly unknown[], where: string): string {
  const shown = describeValue(value);
  const near = typeof value === 'string' ? allowed.find((m) => typeof m === 'string' && m.toLowerCase() === value.toLowerCase()) : undefined;
  const hint = near === undefined ? '' : ` (did you mean "${String(near)}"? the wire form is camelCase)`;
  return `${where} ${shown} is not one of ${allowed.map((m) => JSON.stringify(m)).join(', ')}${hint}`;
}

/**
 * anyOf [X, {type: null}] is how the schemas write "X or null". When the value is not null, the null
 * branch and the anyOf itself only repeat what the X branch says, so they are dropped and the path is
 * remembered as nullable for the message.
 */
function collapseNullableBranches(errors: readonly ErrorObject[]): { kept: ErrorObject[]; nullable: Set<string> } {
  // Indexed, so the work stays linear in the number of errors (a payload can yield tens of thousands).
  const atPath = new Map<string, ErrorObject[]>();
  const atOrBelow = new Map<string, number>();
  for (const error of errors) {
    const path = error.instancePath;
    const list = atPath.get(path);
    if (list === undefined) atPath.set(path, [error]);
    else list.push(error);
    for (let end = path.length; end >= 0; end = path.lastIndexOf('/', end - 1)) {
      const ancestor = path.slice(0, end);
      atOrBelow.set(ancestor, (atOrBelow.get(ancestor) ?? 0) + 1);
      if (end === 0) break;
    }
  }
  const dropped = new Set<ErrorObject>();
  const nullable = new Set<string>();
  for (const anyOf of errors) {
    if (anyOf.keyword !== 'anyOf') continue;
    const prefix = `${anyOf.schemaPath}/`;
    const nullBranch = (atPath.get(anyOf.instancePath) ?? []).filter(
      (e) => e.keyword === 'type' && e.params['type'] === 'null' && e.schemaPath.startsWith(prefix),
    );
    // Anything else at or below the path: the errors of the non-null branch.
    const rest = (atOrBelow.get(anyOf.instancePath) ?? 0) - 1 - nullBranch.length;
    if (nullBranch.length > 0 && rest > 0) {
      dropped.add(anyOf);
      for (const e of nullBranch) dropped.add(e);
      nullable.add(anyOf.instancePath);
    }
  }
  // A value of the wrong type also fails every keyword about its content (enum, pattern...); the type
  // error alone says what is wrong.
  const mistyped = new Set(errors.filter((e) => e.keyword === 'type' && !dropped.has(e)).map((e) => e.instancePath));
  const kept = errors.filter(
    (e) => !dropped.has(e) && e.keyword !== 'if' && (e.keyword === 'type' || e.keyword === 'required' || !mistyped.has(e.instancePath)),
  );
  return { kept, nullable };
}

/** Turns ajv errors into problems with stable rule ids. */
export function schemaProblems(errors: readonly ErrorObject[], root: unknown, kind: Kind): Problem[] {
  const { kept, nullable } = collapseNullableBranches(errors);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of kept) {
    const found = mapError(error, root, kind, nullable);
    const key = `${found.ruleId}\u0000${found.pointer}\u0000${found.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(found);
    }
  }
  return problems;
}

function mapError(error: ErrorObject, root: unknown, kind: Kind, nullable: ReadonlySet<string>): Problem {
  const pointer = error.instancePath;
  const name = lastToken(pointer);
  const isRequestParticipants = kind === 'invite-request' && pointer === '/participants';
  switch (error.keyword) {
    case 'type': {
      const value = resolvePointer(root, pointer);
      const expected = ([] as unknown[]).concat(error.params['type']).map(String);
      if (nullable.has(pointer)) expected.push('null');
      if (isRequestParticipants) {
        return problemOf(schemaRules.participantsRequired, pointer, `participants is ${jsonType(value)}; an invite needs an array of 1 to 5 participants`);
      }
      if (value === null) {
        return problemOf(schemaRules.notNullable, pointer, `${name} is null, but the definitions make it non-null (expected ${expected.join(' or ')})`);
      }
      return problemOf(schemaRules.typeMismatch, pointer, `${name} is ${jsonType(value)}, expected ${expected.join(' or ')}`);
    }
    case 'enum':
      return problemOf(schemaRules.enumMember, pointer, enumMessage(resolvePointer(root, pointer), error.params['allowedValues'] as unknown[], name));
    case 'required': {
      const missing = String(error.params['missingProperty']);
      if (kind === 'invite-request' && pointer === '' && missing === 'participants') {
        return problemOf(schemaRules.participantsRequired, pointer, 'participants is missing; an invite needs 1 to 5 participants');
      }
      return problemOf(schemaRules.requiredProperty, pointer, `missing property ${missing}`);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return problemOf(
        schemaRules.integerRange,
        pointer,
        `${name} ${describeValue(resolvePointer(root, pointer))} is out of range: must be ${String(error.params['comparison'])} ${String(error.params['limit'])}`,
      );
    case 'pattern': {
      const value = describeValue(resolvePointer(root, pointer));
      if (flagsSchemaFiles.some((file) => error.schemaPath.startsWith(file))) {
        return problemOf(schemaRules.flagsMember, pointer, `${name} ${value} is not one or more of watermarkProtection, unknownFutureValue joined by commas`);
      }
      return problemOf(schemaRules.patternMismatch, pointer, `${name} ${value} does not match ${String(error.params['pattern'])}`);
    }
    case 'format':
      return problemOf(schemaRules.formatMismatch, pointer, `${name} ${describeValue(resolvePointer(root, pointer))} is not a valid ${String(error.params['format'])}`);
    case 'minItems':
      if (isRequestParticipants) return problemOf(schemaRules.participantsRequired, pointer, 'participants is empty; an invite needs at least one participant');
      break;
    case 'maxItems':
      if (isRequestParticipants) {
        const count = (resolvePointer(root, pointer) as unknown[]).length;
        return problemOf(schemaRules.participantsLimit, pointer, `${count} participants: an invite takes at most ${String(error.params['limit'])}`);
      }
      break;
    case 'maxLength':
      return problemOf(
        schemaRules.clientContextLength,
        pointer,
        `${name} is ${[...String(resolvePointer(root, pointer))].length} characters long; at most ${String(error.params['limit'])} are allowed`,
      );
    default:
      break;
  }
  return problemOf(schemaRules.schemaOther, pointer, `${name} ${error.message ?? `fails ${error.keyword}`}`);
}
