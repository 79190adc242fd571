import type { RuleDefinition } from '../../model/rule.js';

/** Text that is not JSON; the scanner (src/json) finds where, and the payload reader reports it. */
export const jsonSyntax = {
  id: 'json-syntax',
  severity: 'error',
  description: 'Text that is not JSON, located at the first offending character.',
  rationale: 'Nothing else can be checked until the file parses.',
  params: {},
} as const satisfies RuleDefinition;
