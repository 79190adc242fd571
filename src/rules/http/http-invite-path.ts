import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** A request must target the invite action. */
export const httpInvitePath = {
  id: 'http-invite-path',
  severity: 'error',
  description:
    'A request whose target is not the invite action: /communications/calls/{id}/participants/invite, relative or absolute, with /beta or /v1.0 (a {id} placeholder is accepted). On a reference page, a request to another calling action (transfer, answer, list participants...) is outside the contract and not reported.',
  rationale: 'A request to another path is not the invite; its body cannot be checked against this contract.',
  params: { found: 'the request target as written', action: 'the other calling action the method and target name (transfer, list participants...), when they name one' },
  /** The problem of a request whose target parsed as no invite (invite undefined), or undefined; action: the other calling action it names, if any. */
  check(request: { readonly target: string; readonly targetAt: Position }, invite: object | undefined, action?: { readonly name: string }): LocatedProblem | undefined {
    if (invite !== undefined) return undefined;
    const what = action === undefined ? 'is not the invite action' : `is the calling API's ${action.name} request, not the invite`;
    return problemAt(httpInvitePath, `${request.target} ${what}; expected POST /communications/calls/{id}/participants/invite`, request.targetAt, '', {
      found: request.target,
      ...(action === undefined ? {} : { action: action.name }),
    });
  },
} as const satisfies RuleDefinition;
