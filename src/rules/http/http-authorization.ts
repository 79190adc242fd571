import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** A kept request carries its bearer token. */
export const httpAuthorization = {
  id: 'http-authorization',
  severity: 'error',
  description: 'A request in a .http file or an exchange folder without an Authorization header (reference pages leave it out and are not checked for it).',
  rationale: 'Graph refuses the invite without a bearer token; a kept request without one cannot be replayed.',
  params: {},
  /** The problem of a request whose Authorization header (undefined: none) is missing or empty, or undefined. */
  check(request: { readonly at: Position }, header: { readonly value: string; readonly valueAt: Position } | undefined): LocatedProblem | undefined {
    if (header === undefined) return problemAt(httpAuthorization, 'the request has no Authorization header; Graph expects Authorization: Bearer {token}', request.at);
    if (header.value !== '') return undefined;
    return problemAt(httpAuthorization, 'the Authorization header is empty; Graph expects Authorization: Bearer {token}', header.valueAt);
  },
} as const satisfies RuleDefinition;
