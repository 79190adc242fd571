import { problemOf, type Problem } from '../../model/problem.js';
import type { SchemaError, SchemaRule } from './schema-error.js';

/** A clientContext over the documented length (the only maxLength of the schemas). */
export const clientContextLength = {
  id: 'client-context-length',
  severity: 'error',
  description: 'A clientContext longer than 256 characters.',
  rationale: 'The documented maximum is 256 characters.',
  params: { limit: 'the most characters allowed', found: 'how many characters it has (code points)' },
  fromError(found: SchemaError): Problem | undefined {
    if (found.error.keyword !== 'maxLength') return undefined;
    const length = [...String(found.value)].length;
    const limit = found.error.params['limit'] as number;
    return problemOf(clientContextLength, found.pointer, `${found.name} is ${length} characters long; at most ${String(limit)} are allowed`, { limit, found: length });
  },
} as const satisfies SchemaRule;
