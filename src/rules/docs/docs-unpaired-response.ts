import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** Why a response block answers no request the page read. */
export type UnpairedReason = 'no-request' | 'already-answered' | 'request-ignored' | 'request-example' | 'request-not-annotated' | 'request-outside-contract';

/** What the page reader found about the request block before a response that pairs with none. */
export interface Unpaired {
  readonly reason: UnpairedReason;
  /** Line of the request block's start line; absent for no-request. */
  readonly requestLine?: number;
  /** request-outside-contract: the calling action that request names. */
  readonly action?: string;
}

function messageOf({ reason, requestLine, action }: Unpaired): string {
  const block = `the request block before this response (line ${requestLine ?? '?'})`;
  const alone = 'this response is checked alone, in no exchange';
  switch (reason) {
    case 'no-request':
      return 'this response has no request before it';
    case 'already-answered':
      return `${block} already has its response`;
    case 'request-ignored':
      return `${block} is annotated ignored, so it was not read; ${alone}`;
    case 'request-example':
      return `${block} is annotated example, not request, so it was not read as a request; ${alone}`;
    case 'request-not-annotated':
      return `${block} has no annotation, so it was not read; ${alone}`;
    case 'request-outside-contract':
      return `${block} is the calling API's ${action ?? 'other'} request, outside the contract, yet this response is annotated as a payload of the contract; ${alone}`;
  }
}

/** A response block belongs to the request block before it, and a request has one response. */
export const docsUnpairedResponse = {
  id: 'docs-unpaired-response',
  severity: 'error',
  description:
    'A response block that answers no request the page read: none comes before it, the request before it already has its response, or that request block was not read (annotated ignored or example, or not annotated), or it is another calling action\'s while the response is annotated as a contract payload.',
  rationale: 'A response belongs to the request before it; without one that was read it cannot be correlated, and readers cannot tell what it answers.',
  params: {
    reason:
      'no-request (no request block comes before it), already-answered (the request before it has its response), request-ignored, request-example or request-not-annotated (the request block before it was not read, and why), or request-outside-contract (that request is another calling action\'s, while the response is annotated as a contract payload)',
    requestLine: 'the line of the request block it lacks (its start line); absent for no-request',
    action: 'request-outside-contract only: the calling action the request names',
  },
  /** The problem of a response block at a position of the page that pairs with no request, as the page reader found. */
  check(unpaired: Unpaired, at: Position): LocatedProblem {
    return problemAt(docsUnpairedResponse, messageOf(unpaired), at, '', {
      reason: unpaired.reason,
      ...(unpaired.requestLine === undefined ? {} : { requestLine: unpaired.requestLine }),
      ...(unpaired.action === undefined ? {} : { action: unpaired.action }),
    });
  },
} as const satisfies RuleDefinition;
