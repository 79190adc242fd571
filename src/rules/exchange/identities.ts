import { childPointer } from '../../model/pointer.js';
import { isObject } from '../../model/rule.js';

/** One identity of an identity set: the key it sits under (user, application, phone...) and its id. */
export interface Identity {
  readonly kind: string;
  readonly id: string;
  /** Pointer to the identity object (its key is the identity kind). */
  readonly pointer: string;
}

/** Keys of an identity set that are not identities. */
const notIdentities = new Set(['endpointType']);

/** The identities with an id that an identity set holds, in key order. */
export function identitiesOf(set: unknown, pointer: string): Identity[] {
  if (!isObject(set)) return [];
  const found: Identity[] = [];
  for (const [kind, identity] of Object.entries(set)) {
    if (kind.startsWith('@') || notIdentities.has(kind) || !isObject(identity)) continue;
    const id = identity['id'];
    if (typeof id === 'string' && id !== '') found.push({ kind, id, pointer: childPointer(pointer, kind) });
  }
  return found;
}
