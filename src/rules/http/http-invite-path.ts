import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** A request must target the invite action. */
export const httpInvitePath = {
  id: 'http-invite-path',
  severity: 'error',
  description: 'A request whose target is not the invite action: /communications/calls/{id}/participants/invite, relative or absolute, with /beta or /v1.0 (a {id} placeholder is accepted).',
  rationale: 'A request to another path is not the invite; its body cannot be checked against this contract.',
  params: { found: 'the request target as written' },
  /** The problem of a request whose target parsed as no invite (invite undefined), or undefined. */
  check(request: { readonly target: string; readonly targetAt: Position }, invite: object | undefined): LocatedProblem | undefined {
    if (invite !== undefined) return undefined;
    return problemAt(httpInvitePath, `${request.target} is not the invite action; expected POST /communications/calls/{id}/participants/invite`, request.targetAt, '', { found: request.target });
  },
} as const satisfies RuleDefinition;
