import type { RuleDefinition } from '../../model/rule.js';

/** JSON nested past the limit (src/json/limits.ts); the scanner finds it, and nothing deeper is read. */
export const nestingTooDeep = {
  id: 'nesting-too-deep',
  severity: 'error',
  description: 'JSON nested deeper than any payload of the contract can be (the limit is far above real payloads).',
  rationale: 'Deep nesting exhausts the stack of recursive consumers; it is refused before validation.',
  params: { limit: 'the nesting limit' },
} as const satisfies RuleDefinition;
