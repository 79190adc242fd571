import { parseResourcePath } from '../../contract/resource-path.js';
import { childPointer } from '../../model/pointer.js';
import type { LocatedProblem } from '../../model/problem.js';
import type { JsonObject, RuleDefinition } from '../../model/rule.js';
import { problemIn, type PayloadPart, type ResourcePathField } from './payload-part.js';
import { sameId } from '../../contract/same-id.js';

/** A notification about an operation names the operation the response returned. */
export const exchangeOperationId = {
  id: 'exchange-operation-id',
  severity: 'error',
  description: 'A notification about an operation (its resourceData.id, or the operation id in its resource path) that names another operation than the one the response returned.',
  rationale: 'Bots match the completed notification with the operation the invite returned by id; another id is another operation.',
  params: { expected: 'the operation id the response returned', found: 'the operation id the notification names (in resourceData.id, or in its resource path)' },
  /**
   * The problems of a notification carrying an operation (at a pointer of its payload) whose id, or the
   * operation id of its resource path, is not the expected one (ids compared without regard to case).
   */
  check(expected: string, part: PayloadPart, operation: JsonObject, operationPointer: string, path: ResourcePathField | undefined): LocatedProblem[] {
    const problems: LocatedProblem[] = [];
    const id = operation['id'];
    // A null or absent id is already reported by entity-id-null or the schema; only another id is reported here.
    if (typeof id === 'string' && !sameId(id, expected)) {
      problems.push(problemIn(part, exchangeOperationId, childPointer(operationPointer, 'id'), `resourceData.id names operation ${id}, but the response returned operation ${expected}`, { expected, found: id }));
    }
    const parsed = path === undefined ? undefined : parseResourcePath(path.value);
    if (path !== undefined && parsed?.kind === 'operation' && parsed.operationId !== null && !sameId(parsed.operationId, expected)) {
      problems.push(problemIn(part, exchangeOperationId, path.pointer, `${path.key} names operation ${parsed.operationId}, but the response returned operation ${expected}`, { expected, found: parsed.operationId }));
    }
    return problems;
  },
} as const satisfies RuleDefinition;
