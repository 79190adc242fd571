import { parseResourcePath } from '../../contract/resource-path.js';
import type { LocatedProblem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';
import { problemIn, type PayloadPart, type ResourcePathField } from './payload-part.js';
import { sameId } from '../../contract/same-id.js';

/** Notifications of an exchange are about the call the invite was posted to. */
export const exchangeCallId = {
  id: 'exchange-call-id',
  severity: 'warning',
  description: 'A notification whose resource path names another call than the one the invite was posted to (checked when the request path names a concrete call, not a {id} placeholder).',
  rationale: 'Bots route notifications by call id; one that names another call goes to the wrong call, or nowhere.',
  params: {
    expected: 'the call id the invite was posted to',
    found: 'the call id the resource path names',
    replaced: "true when that call is the one the invite replaces (a participant's replacesCallId)",
  },
  /**
   * The problem of a notification whose resource path names another call than the invited one (ids
   * compared without regard to case); replacedCalls are the replacesCallId values of the request.
   */
  check(invitedCall: string, replacedCalls: readonly string[], part: PayloadPart, path: ResourcePathField): LocatedProblem | undefined {
    const parsed = parseResourcePath(path.value);
    if (parsed.kind === 'other' || sameId(parsed.callId, invitedCall)) return undefined;
    const found = parsed.callId;
    const replaced = replacedCalls.some((id) => sameId(id, found));
    const why = replaced ? ' (the call the invite replaces, replacesCallId)' : '';
    return problemIn(part, exchangeCallId, path.pointer, `${path.key} names call ${found}${why}, but the invite was posted to call ${invitedCall}`, { expected: invitedCall, found, replaced });
  },
} as const satisfies RuleDefinition;
