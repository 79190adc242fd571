import type { RuleDefinition } from '../../model/rule.js';

/** A number a double cannot hold, which JSON.parse rounds silently; the scanner finds it. */
export const numberPrecision = {
  id: 'number-precision',
  severity: 'warning',
  description: 'A number that a double cannot hold exactly: an integer beyond 2^53 (also written with a fraction or an exponent, as 9007199254740993.0), one that overflows, or a non-zero one too small for any double, which JSON.parse reads as 0 (1e-400).',
  rationale: 'JavaScript and many JSON libraries round it silently; int64 ids and sequence numbers change value.',
  params: { literal: 'the number as written', read: 'what JSON.parse reads it as: the rounded number, Infinity or -Infinity, or 0 or -0 for an underflow' },
} as const satisfies RuleDefinition;
