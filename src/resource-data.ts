import { isObject, type JsonObject } from './rules/rule.js';

/**
 * What a notification's resourceData holds, told exactly as comms-notification.schema.json tells it:
 * an array is a roster; an object whose @odata.type ends in deltaParticipants is a delta roster; an
 * object whose @odata.type names another type that is not an operation (a call, say) is outside this
 * contract; any other object is the operation.
 */
export type ResourceData =
  | { readonly shape: 'roster'; readonly participants: readonly unknown[] }
  | { readonly shape: 'delta'; readonly delta: JsonObject }
  | { readonly shape: 'operation'; readonly operation: JsonObject }
  | { readonly shape: 'other' }
  | { readonly shape: 'absent' };

/** Classifies resourceData; values that are neither arrays nor objects are 'other' (the schema reports them). */
export function classifyResourceData(data: unknown): ResourceData {
  if (data === undefined) return { shape: 'absent' };
  if (Array.isArray(data)) return { shape: 'roster', participants: data };
  if (!isObject(data)) return { shape: 'other' };
  const type = data['@odata.type'];
  if (typeof type === 'string') {
    if (type.endsWith('deltaParticipants')) return { shape: 'delta', delta: data };
    if (!/operation$/i.test(type)) return { shape: 'other' };
  }
  return { shape: 'operation', operation: data };
}
