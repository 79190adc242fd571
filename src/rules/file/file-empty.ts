import { problemAt, type LocatedProblem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** A text with nothing in it but white space. */
export const fileEmpty = {
  id: 'file-empty',
  severity: 'error',
  description: 'An empty file, or one holding only white space.',
  rationale: 'An empty body is not a payload; usually a capture or a redirect went wrong.',
  params: {},
  /** The problem of a text that holds no payload, or undefined. */
  check(text: string): LocatedProblem | undefined {
    return text.trim() === '' ? problemAt(fileEmpty, 'the file is empty; a payload is a JSON object') : undefined;
  },
} as const satisfies RuleDefinition;
