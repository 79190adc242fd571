import type { RuleDefinition } from '../../model/rule.js';

/** Text that is not JSON; the scanner (src/json) finds where, and the payload reader reports it. */
export const jsonSyntax = {
  id: 'json-syntax',
  severity: 'error',
  description: 'Text that is not JSON, located at the first offending character.',
  rationale: 'Nothing else can be checked until the file parses.',
  params: {
    firstLine: 'only for an object, array or string still open at the error: the line where it opened',
    firstColumn: 'with firstLine: the column where it opened',
  },
} as const satisfies RuleDefinition;
