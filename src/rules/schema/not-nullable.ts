import { problemOf, type Problem } from '../../model/problem.js';
import type { SchemaError, SchemaRule } from './schema-error.js';
import { expectedTypes } from './type-mismatch.js';

/** null where the definitions make the property non-null. */
export const notNullable = {
  id: 'not-nullable',
  severity: 'error',
  description: 'null on a property the definitions make non-null (isMuted, status, changeType, identity...).',
  rationale: 'Non-null properties are read without a null check by typed clients.',
  params: { expected: 'the JSON types the schema allows' },
  fromError(found: SchemaError): Problem | undefined {
    if (found.error.keyword !== 'type' || found.value !== null) return undefined;
    const expected = expectedTypes(found);
    return problemOf(notNullable, found.pointer, `${found.name} is null, but the definitions make it non-null (expected ${expected.join(' or ')})`, { expected });
  },
} as const satisfies SchemaRule;
