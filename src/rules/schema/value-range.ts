import { problemOf, type Problem } from '../../model/problem.js';
import { foundParam, shown, type SchemaError, type SchemaRule } from './schema-error.js';

const rangeKeywords: ReadonlySet<string> = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);

/**
 * A limit as messages show it: int64's as written (the schemas' -9223372036854775808 and
 * 9223372036854775807 are read as the doubles ±2^63, which print as ±9223372036854776000, a bound the
 * metadata never gave), any other as the number it is.
 */
function shownLimit(comparison: string, limit: number): string {
  if (Math.abs(limit) !== 2 ** 63) return String(limit);
  return comparison.startsWith('<') ? '9223372036854775807' : '-9223372036854775808';
}

/** The message of a number outside its range: the value as messages show it (or as written), and the limit. */
export function outOfRange(name: string, shownValue: string, comparison: string, limit: number): string {
  return `${name} ${shownValue} is out of range: must be ${comparison} ${shownLimit(comparison, limit)}`;
}

/** A number outside its range. */
export const valueRange = {
  id: 'value-range',
  severity: 'error',
  description: 'A number outside its range: the int32 and int64 limits, a confidence outside 0..1.',
  rationale: 'Out-of-range numbers overflow or are rejected by typed clients.',
  params: { comparison: 'the comparison the value fails (>=, <=, >, <)', limit: 'the bound (int64\'s as the double ±2^63 the schema\'s bound reads as)', found: 'the value as JSON.parse reads it (the message quotes a number from 2^53 up as written)' },
  fromError(found: SchemaError): Problem | undefined {
    if (!rangeKeywords.has(found.error.keyword)) return undefined;
    const comparison = String(found.error.params['comparison']);
    const limit = found.error.params['limit'] as number;
    return problemOf(valueRange, found.pointer, outOfRange(found.name, shown(found.value), comparison, limit), { comparison, limit, found: foundParam(found.value) });
  },
} as const satisfies SchemaRule;
