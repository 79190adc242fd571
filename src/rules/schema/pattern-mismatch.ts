import { problemOf, type Problem } from '../../model/problem.js';
import { foundParam, shown, type SchemaError, type SchemaRule } from './schema-error.js';

/** A string of the wrong form (flags enums excepted: flags-member owns those). */
export const patternMismatch = {
  id: 'pattern-mismatch',
  severity: 'error',
  description: 'A string of the wrong form, such as a countryCode that is not two letters.',
  rationale: 'The definitions fix the form; other forms are not understood.',
  params: { pattern: 'the regular expression of the schema', found: 'the value' },
  fromError(found: SchemaError): Problem | undefined {
    if (found.error.keyword !== 'pattern') return undefined;
    const pattern = String(found.error.params['pattern']);
    return problemOf(patternMismatch, found.pointer, `${found.name} ${shown(found.value)} does not match ${pattern}`, { pattern, found: foundParam(found.value) });
  },
} as const satisfies SchemaRule;
