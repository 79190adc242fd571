import { problemOf, type Problem } from '../../model/problem.js';
import type { SchemaError, SchemaRule } from './schema-error.js';

/** Every schema error no other schema rule owns: none goes unreported. */
export const schemaViolation = {
  id: 'schema-violation',
  severity: 'error',
  description: 'Any other schema constraint that fails (kept so that no schema error goes unreported).',
  rationale: 'The schemas are the contract; every violation is reported.',
  params: { keyword: 'the JSON Schema keyword that fails' },
  fromError(found: SchemaError): Problem | undefined {
    const { keyword, message } = found.error;
    return problemOf(schemaViolation, found.pointer, `${found.name} ${message ?? `fails ${keyword}`}`, { keyword });
  },
} as const satisfies SchemaRule;
