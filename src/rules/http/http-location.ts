import { parseResourcePath } from '../../contract/resource-path.js';
import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import { isObject, type RuleDefinition } from '../../model/rule.js';
import { sameId } from '../../contract/same-id.js';

/** A segment written as a placeholder ({id}) or a REST client variable ({{operationId}}): it stands for any id. */
function isPlaceholder(segment: string): boolean {
  return /^\{.*\}$/.test(segment);
}

/** A successful invite names the operation it created in Location. */
export const httpLocation = {
  id: 'http-location',
  severity: 'warning',
  description: 'A 200 response without the Location header the invite is documented to return, or with a Location that names the call or a participant rather than an operation, an operation of another call than the invite was posted to, or another operation than the body.',
  rationale: 'Location is the URI of the operation the invite created; code that follows it gets nothing, or the wrong operation.',
  params: {
    reason: 'missing (no Location header), not-operation (Location names the call or a participant), other-call (an operation of another call than the invite was posted to, in an exchange or on a page) or other-operation (Location names another operation than the body)',
    found: 'other-call and other-operation only: the call id or the operation id in Location',
    expected: 'other-call and other-operation only: the call the invite was posted to, or the id of the operation in the body',
  },
  /** The problem of a 200 response whose Location header (undefined: none) is missing, names no operation, or another operation than the body, or undefined. */
  check(response: { readonly status: number; readonly at: Position }, header: { readonly value: string; readonly valueAt: Position } | undefined, body: unknown, inviteCallId?: string): LocatedProblem | undefined {
    if (response.status !== 200) return undefined;
    if (header === undefined) {
      return problemAt(httpLocation, 'the response has no Location header; the invite returns the URI of the operation it created there', response.at, '', { reason: 'missing' });
    }
    const path = parseResourcePath(header.value);
    // A Location on the calls API that names the call or a participant, not the operation the invite made.
    if (path.kind === 'call' || path.kind === 'participants') {
      return problemAt(httpLocation, `Location names ${path.kind === 'call' ? 'the call' : 'a participant'}, not an operation; the invite returns the URI of the operation it created (.../calls/{id}/operations/{id})`, header.valueAt, '', { reason: 'not-operation' });
    }
    // The operation lives under the call the invite was posted to (known in an exchange or on a page).
    if (path.kind === 'operation' && inviteCallId !== undefined && !isPlaceholder(path.callId) && !sameId(path.callId, inviteCallId)) {
      return problemAt(httpLocation, `Location names call ${path.callId}, but the invite was posted to call ${inviteCallId}`, header.valueAt, '', { reason: 'other-call', found: path.callId, expected: inviteCallId });
    }
    const id = isObject(body) ? body['id'] : undefined;
    if (path.kind !== 'operation' || path.operationId === null || typeof id !== 'string' || sameId(path.operationId, id)) return undefined;
    // A placeholder ({id}, {operationId}) or a REST client variable stands for whatever the body says.
    if (isPlaceholder(path.operationId)) return undefined;
    return problemAt(httpLocation, `Location names operation ${path.operationId}, but the body is operation ${id}`, header.valueAt, '', { reason: 'other-operation', found: path.operationId, expected: id });
  },
} as const satisfies RuleDefinition;
