import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** A kept request carries its bearer token. */
export const httpAuthorization = {
  id: 'http-authorization',
  severity: 'error',
  description: 'A request in a .http file or an exchange folder without an Authorization header, or with one that is not Bearer and a token (reference pages leave it out and are not checked for it).',
  rationale: 'Graph refuses the invite without a bearer token; a kept request without one cannot be replayed.',
  params: {},
  /** The problem of a request whose Authorization header (undefined: none) is missing, empty, of another scheme than Bearer or without a token, or undefined. */
  check(request: { readonly at: Position }, header: { readonly value: string; readonly valueAt: Position } | undefined): LocatedProblem | undefined {
    if (header === undefined) return problemAt(httpAuthorization, 'the request has no Authorization header; Graph expects Authorization: Bearer {token}', request.at);
    if (header.value === '') return problemAt(httpAuthorization, 'the Authorization header is empty; Graph expects Authorization: Bearer {token}', header.valueAt);
    // A value a REST client fills in ({{auth}}) may hold the whole header; only a scheme written out is read.
    const scheme = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:[ \t]+(.*))?$/.exec(header.value);
    if (scheme === null) return undefined;
    const [, name = '', credentials = ''] = scheme;
    if (name.toLowerCase() !== 'bearer') return problemAt(httpAuthorization, `the Authorization header uses the ${name} scheme; Graph expects Authorization: Bearer {token}`, header.valueAt);
    if (credentials.trim() === '') return problemAt(httpAuthorization, 'the Authorization header has no token after Bearer; Graph expects Authorization: Bearer {token}', header.valueAt);
    return undefined;
  },
} as const satisfies RuleDefinition;
