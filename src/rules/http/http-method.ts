import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** The invite is invoked with POST, written in capitals. */
export const httpMethod = {
  id: 'http-method',
  severity: 'error',
  description: 'A request to the invite path with a method other than POST (methods are case-sensitive).',
  rationale: 'The invite is an OData action: only POST invokes it; any other method fails before the body is read.',
  params: { expected: "the method the invite takes: 'POST'", found: 'the method as written' },
  /** The problem of an invite request (invite: its parsed target) with another method, or undefined. */
  check(request: { readonly method: string; readonly at: Position }, invite: object | undefined): LocatedProblem | undefined {
    if (invite === undefined || request.method === 'POST') return undefined;
    const hint = request.method.toUpperCase() === 'POST' ? ' (methods are case-sensitive)' : '';
    return problemAt(httpMethod, `the invite action is invoked with POST, not ${request.method}${hint}`, request.at, '', { expected: 'POST', found: request.method });
  },
} as const satisfies RuleDefinition;
