import type { RuleDefinition } from '../../model/rule.js';

/** A number a double cannot hold, which JSON.parse rounds silently; the scanner finds it. */
export const numberPrecision = {
  id: 'number-precision',
  severity: 'warning',
  description: 'A number that a double cannot hold exactly: an integer beyond 2^53 (also written with a fraction or an exponent, as 9007199254740993.0), or one that overflows.',
  rationale: 'JavaScript and many JSON libraries round it silently; int64 ids and sequence numbers change value.',
  params: { literal: 'the number as written', read: 'what JSON.parse reads it as' },
} as const satisfies RuleDefinition;
