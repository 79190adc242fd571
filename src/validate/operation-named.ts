import { parseResourcePath, primaryResourceField } from '../contract/resource-path.js';
import { shapeOfResourceData } from '../contract/resource-data.js';
import { problemOf, type Problem } from '../model/problem.js';
import { resolvePointer } from '../model/pointer.js';
import { isObject } from '../model/rule.js';
import { entityIdNull } from '../rules/payload/entity-id-null.js';
import type { SchemaError } from '../rules/schema/schema-error.js';

const resourceDataPointer = /^(\/value\/[0-9]+)\/resourceData$/;

/** What names an operation that carries no id: its @odata.id, or the operation path of the notification carrying it. */
function selfName(found: SchemaError, root: unknown): string | undefined {
  const operation = found.value;
  if (!isObject(operation)) return undefined;
  const odataId = operation['@odata.id'];
  if (typeof odataId === 'string' && odataId !== '') return `@odata.id ${JSON.stringify(odataId)}`;
  const notification = resourceDataPointer.exec(found.pointer);
  if (notification === null) return undefined;
  const parent = resolvePointer(root, notification[1] as string);
  const field = isObject(parent) ? primaryResourceField(parent) : undefined;
  if (field === undefined) return undefined;
  const path = parseResourcePath(field.value);
  return path.kind === 'operation' && path.operationId !== null ? `its ${field.key} ${JSON.stringify(field.value)}` : undefined;
}

/** True when the error's object is an operation: the invite operation's body, or a notification's resourceData of the operation shape. */
function isOperation(found: SchemaError): boolean {
  if (found.kind === 'invite-operation') return found.pointer === '';
  return found.kind === 'comms-notifications' && resourceDataPointer.test(found.pointer) && shapeOfResourceData(found.value) === 'operation';
}

/**
 * An operation with no id that names itself elsewhere (@odata.id, the notification's operation path) is
 * read as one whose id is null: the entity-id-null warning at its id, not a missing property. Undefined
 * for every other error.
 */
export function namedOperationWithoutId(found: SchemaError, root: unknown): Problem | undefined {
  if (found.error.keyword !== 'required' || found.error.params['missingProperty'] !== 'id' || !isOperation(found)) return undefined;
  const name = selfName(found, root);
  if (name === undefined) return undefined;
  return problemOf(entityIdNull, found.pointer, `the operation has no id, though ${name} names it: the definitions make an entity's id non-null, and code that reads the operation's id finds none (taken as entity-id-null rather than a missing property, since the operation is named)`);
}
