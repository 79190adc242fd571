import { parseResourcePath } from '../../contract/resource-path.js';
import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import { isObject, type RuleDefinition } from '../../model/rule.js';
import { sameId } from '../../contract/same-id.js';

/** A successful invite names the operation it created in Location. */
export const httpLocation = {
  id: 'http-location',
  severity: 'warning',
  description: 'A 200 response without the Location header the invite is documented to return, or with a Location that names the call or a participant rather than an operation, or another operation than the body.',
  rationale: 'Location is the URI of the operation the invite created; code that follows it gets nothing, or the wrong operation.',
  params: {
    reason: 'missing (no Location header), not-operation (Location names the call or a participant) or other-operation (Location names another operation than the body)',
    found: 'other-operation only: the operation id in Location',
    expected: 'other-operation only: the id of the operation in the body',
  },
  /** The problem of a 200 response whose Location header (undefined: none) is missing, names no operation, or another operation than the body, or undefined. */
  check(response: { readonly status: number; readonly at: Position }, header: { readonly value: string; readonly valueAt: Position } | undefined, body: unknown): LocatedProblem | undefined {
    if (response.status !== 200) return undefined;
    if (header === undefined) {
      return problemAt(httpLocation, 'the response has no Location header; the invite returns the URI of the operation it created there', response.at, '', { reason: 'missing' });
    }
    const path = parseResourcePath(header.value);
    // A Location on the calls API that names the call or a participant, not the operation the invite made.
    if (path.kind === 'call' || path.kind === 'participants') {
      return problemAt(httpLocation, `Location names ${path.kind === 'call' ? 'the call' : 'a participant'}, not an operation; the invite returns the URI of the operation it created (.../calls/{id}/operations/{id})`, header.valueAt, '', { reason: 'not-operation' });
    }
    const id = isObject(body) ? body['id'] : undefined;
    if (path.kind !== 'operation' || path.operationId === null || typeof id !== 'string' || sameId(path.operationId, id)) return undefined;
    // A placeholder ({id}, {operationId}) or a REST client variable stands for whatever the body says.
    if (/^\{.*\}$/.test(path.operationId)) return undefined;
    return problemAt(httpLocation, `Location names operation ${path.operationId}, but the body is operation ${id}`, header.valueAt, '', { reason: 'other-operation', found: path.operationId, expected: id });
  },
} as const satisfies RuleDefinition;
