import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** A response block belongs to the request block before it, and a request has one response. */
export const docsUnpairedResponse = {
  id: 'docs-unpaired-response',
  severity: 'error',
  description: 'A response block with no request block before it, or after a request whose response was already given.',
  rationale: 'A response belongs to the request before it; without one it cannot be correlated, and readers cannot tell what it answers.',
  params: { reason: 'no-request (no request block comes before it) or already-answered (the request before it has its response)' },
  /**
   * The problem of a response block at a position of the page, given the request block before it (undefined
   * when none came yet); undefined when the response answers that request.
   */
  check(request: { readonly answered: boolean } | undefined, at: Position): LocatedProblem | undefined {
    if (request === undefined) return problemAt(docsUnpairedResponse, 'this response has no request before it', at, '', { reason: 'no-request' });
    if (request.answered) return problemAt(docsUnpairedResponse, 'the request before this response already has its response', at, '', { reason: 'already-answered' });
    return undefined;
  },
} as const satisfies RuleDefinition;
