import { problemOf, type Problem } from '../../model/problem.js';
import type { SchemaError, SchemaRule } from './schema-error.js';

/** A property the object cannot be read without. */
export const requiredProperty = {
  id: 'required-property',
  severity: 'error',
  description: 'A property the contract cannot be read without is missing (identity of an invitation, status of an operation, changeType of a notification...).',
  rationale: 'Without it the object means nothing to the service or the bot.',
  params: { missing: 'the name of the missing property' },
  fromError(found: SchemaError): Problem | undefined {
    if (found.error.keyword !== 'required') return undefined;
    const missing = String(found.error.params['missingProperty']);
    return problemOf(requiredProperty, found.pointer, `missing property ${missing}`, { missing });
  },
} as const satisfies SchemaRule;
