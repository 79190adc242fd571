import { replaceString } from '../../json/placer.js';
import { problemOf, type Problem } from '../../model/problem.js';
import { foundParam, shown, type SchemaError, type SchemaRule } from './schema-error.js';

/** A value outside its enum, with a hint when only the case differs. */
export const enumMember = {
  id: 'enum-member',
  severity: 'error',
  description: 'A value that is not a member of its enum (unknownFutureValue counts as a member where the enum has it).',
  rationale: 'Unknown members break switch statements and typed deserializers.',
  params: {
    allowed: 'the members of the enum', found: 'the value (its JSON type when it is an object or array)', near: 'the member that differs only by case, or null',
    cause: 'with near only: sdk-pascal-case (the member with its first letter raised, as SDKs and their logs write enums) or case-changed (another change of case)',
  },
  fromError(found: SchemaError): Problem | undefined {
    if (found.error.keyword !== 'enum') return undefined;
    const allowed = (found.error.params['allowedValues'] as unknown[]).map(String);
    const value = found.value;
    const near = typeof value === 'string' ? (allowed.find((member) => member.toLowerCase() === value.toLowerCase()) ?? null) : null;
    const hint = near === null ? '' : ` (did you mean "${near}"? the wire form is camelCase)`;
    const message = `${found.name} ${shown(value)} is not one of ${allowed.map((member) => JSON.stringify(member)).join(', ')}${hint}`;
    return problemOf(enumMember, found.pointer, message, { allowed, found: foundParam(value), near });
  },
  // Only a string that differs from one member by case alone (near): that member is the one meant.
  fix: {
    what: 'a string that differs from one member by case alone becomes that member (Updated becomes updated); any other value is left alone',
    edit: (problem, { text, offset }) => (problem.params['near'] === null ? undefined : replaceString(text, offset, problem.params['found'], problem.params['near'])),
  },
} as const satisfies SchemaRule;
