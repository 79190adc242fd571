import type { RuleDefinition } from '../../model/rule.js';

/** The same key twice in one object, which JSON.parse hides; the scanner finds it. */
export const duplicateKey = {
  id: 'duplicate-key',
  severity: 'warning',
  description: 'An object with the same key twice.',
  rationale: 'JSON.parse silently keeps the last value; other parsers keep the first, so the payload means different things to different readers.',
  locate: 'key',
  params: { key: 'the repeated key' },
} as const satisfies RuleDefinition;
