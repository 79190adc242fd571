import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** The invite succeeds with 200 OK. */
export const httpStatus = {
  id: 'http-status',
  severity: 'error',
  description: 'A response to the invite with a status other than 200 OK, or a 200 OK without the operation as its body.',
  rationale: 'The documented success is 200 OK with the operation as body; a client written for 201 or 202 takes every invite for a failure, and one given no body has no operation id to follow.',
  params: { expected: 'the documented status: 200', found: 'the status code of the response', body: 'missing: a 200 OK with no body (only then)' },
  /** The problem of a response with another status than 200, or undefined. */
  check(response: { readonly status: number; readonly statusAt: Position }): LocatedProblem | undefined {
    if (response.status === 200) return undefined;
    return problemAt(httpStatus, `the invite succeeds with 200 OK, not ${response.status}`, response.statusAt, '', { expected: 200, found: response.status });
  },
  /** The problem of a 200 OK with no body: the operation it should carry is missing. */
  bodyMissing(response: { readonly status: number; readonly statusAt: Position }): LocatedProblem {
    return problemAt(httpStatus, 'the 200 OK has no body: the invite\'s response carries the inviteParticipantsOperation (its id and status)', response.statusAt, '', { expected: 200, found: response.status, body: 'missing' });
  },
} as const satisfies RuleDefinition;
