import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** The invite succeeds with 200 OK. */
export const httpStatus = {
  id: 'http-status',
  severity: 'error',
  description: 'A response to the invite with a status other than 200 OK.',
  rationale: 'The documented success is 200 OK with the operation as body; a client written for 201 or 202 takes every invite for a failure.',
  params: { expected: 'the documented status: 200', found: 'the status code of the response' },
  /** The problem of a response with another status than 200, or undefined. */
  check(response: { readonly status: number; readonly statusAt: Position }): LocatedProblem | undefined {
    if (response.status === 200) return undefined;
    return problemAt(httpStatus, `the invite succeeds with 200 OK, not ${response.status}`, response.statusAt, '', { expected: 200, found: response.status });
  },
} as const satisfies RuleDefinition;
