import { isObject, type JsonObject } from '../model/rule.js';

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

/** The shape of resourceData alone: what the walker and the rules need, with nothing allocated. */
export function shapeOfResourceData(data: unknown): ResourceData['shape'] {
  if (data === undefined) return 'absent';
  if (Array.isArray(data)) return 'roster';
  if (!isObject(data)) return 'other';
  const type = data['@odata.type'];
  if (typeof type === 'string') {
    if (type.endsWith('deltaParticipants')) return 'delta';
    if (!/operation$/i.test(type)) return 'other';
  }
  return 'operation';
}

/**
 * Whether an operation object is the invite's own: typed inviteParticipantsOperation (in any case), or
 * untyped. Any other operation (playPromptOperation, recordOperation...) is checked as a commsOperation,
 * as comms-notification.schema.json checks it.
 */
export function isInviteOperation(operation: JsonObject): boolean {
  const type = operation['@odata.type'];
  return typeof type !== 'string' || /inviteparticipantsoperation$/i.test(type);
}

/** Classifies resourceData; values that are neither arrays nor objects are 'other' (the schema reports them). */
export function classifyResourceData(data: unknown): ResourceData {
  const shape = shapeOfResourceData(data);
  if (shape === 'roster') return { shape, participants: data as readonly unknown[] };
  if (shape === 'delta') return { shape, delta: data as JsonObject };
  if (shape === 'operation') return { shape, operation: data as JsonObject };
  return { shape };
}
