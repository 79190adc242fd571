import { jsonType } from '../../model/describe.js';
import { problemOf, type Problem } from '../../model/problem.js';
import type { SchemaError, SchemaRule } from './schema-error.js';

/** The JSON types the schema expects at an error of keyword type (null added where the schema allows it). */
export function expectedTypes(found: { readonly error: { readonly params: Record<string, unknown> }; readonly nullable: boolean }): string[] {
  const expected = ([] as unknown[]).concat(found.error.params['type']).map(String);
  if (found.nullable) expected.push('null');
  return expected;
}

/** A value of the wrong JSON type (not null: not-nullable owns that). */
export const typeMismatch = {
  id: 'type-mismatch',
  severity: 'error',
  description: 'A value of the wrong JSON type (a string where a boolean belongs, an object where an array belongs, a fraction where an integer belongs).',
  rationale: 'Deserializers fail or coerce silently on the wrong type.',
  params: { expected: 'the JSON types the schema allows', found: 'the JSON type of the value (integer told apart from number)' },
  fromError(found: SchemaError): Problem | undefined {
    if (found.error.keyword !== 'type' || found.value === null) return undefined;
    const expected = expectedTypes(found);
    const type = jsonType(found.value);
    return problemOf(typeMismatch, found.pointer, `${found.name} is ${type}, expected ${expected.join(' or ')}`, { expected, found: type });
  },
} as const satisfies SchemaRule;
