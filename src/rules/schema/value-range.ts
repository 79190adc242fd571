import { problemOf, type Problem } from '../../model/problem.js';
import { foundParam, shown, type SchemaError, type SchemaRule } from './schema-error.js';

const rangeKeywords: ReadonlySet<string> = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);

/** A number outside its range. */
export const valueRange = {
  id: 'value-range',
  severity: 'error',
  description: 'A number outside its range: the int32 and int64 limits, a confidence outside 0..1.',
  rationale: 'Out-of-range numbers overflow or are rejected by typed clients.',
  params: { comparison: 'the comparison the value fails (>=, <=, >, <)', limit: 'the bound', found: 'the value' },
  fromError(found: SchemaError): Problem | undefined {
    if (!rangeKeywords.has(found.error.keyword)) return undefined;
    const comparison = String(found.error.params['comparison']);
    const limit = found.error.params['limit'] as number;
    return problemOf(valueRange, found.pointer, `${found.name} ${shown(found.value)} is out of range: must be ${comparison} ${String(limit)}`, { comparison, limit, found: foundParam(found.value) });
  },
} as const satisfies SchemaRule;
