import { isObject, type JsonObject } from '../model/rule.js';
import { parseResourcePath, primaryResourceField } from './resource-path.js';

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

/**
 * What a notification is about, for a bot that dispatches on it: resourceData's shape as above, with the
 * operations split into the invite's and the others (playPromptOperation, recordOperation...), and calls
 * told apart. A call is resourceData typed #microsoft.graph.call, or an untyped object under a call's own
 * path (/communications/calls/{id}), where call-state updates arrive without @odata.type: only an
 * .../operations/... path, or none, makes an untyped object the invite's operation.
 */
export type NotificationSubject =
  | { readonly subject: 'roster'; readonly participants: readonly unknown[] }
  | { readonly subject: 'delta'; readonly delta: JsonObject }
  | { readonly subject: 'invite-operation'; readonly operation: JsonObject }
  | { readonly subject: 'other-operation'; readonly operation: JsonObject }
  | { readonly subject: 'call'; readonly call: JsonObject }
  | { readonly subject: 'other' }
  | { readonly subject: 'absent' };

/** Matches #microsoft.graph.call (any namespace or case, with or without the #), not callRecord or the like. */
const callType = /(?:^|[.#])call$/i;

/** The subject of a notification object (its resourceData, read with its resourceUrl, else resource). */
export function subjectOfNotification(notification: JsonObject): NotificationSubject {
  const data = notification['resourceData'];
  const found = classifyResourceData(data);
  if (found.shape === 'roster') return { subject: 'roster', participants: found.participants };
  if (found.shape === 'delta') return { subject: 'delta', delta: found.delta };
  if (found.shape === 'absent') return { subject: 'absent' };
  if (!isObject(data)) return { subject: 'other' };
  const type = data['@odata.type'];
  if (typeof type === 'string') {
    if (callType.test(type)) return { subject: 'call', call: data };
    if (found.shape === 'other') return { subject: 'other' };
    return isInviteOperation(data) ? { subject: 'invite-operation', operation: data } : { subject: 'other-operation', operation: data };
  }
  return isUntypedCallState(notification) ? { subject: 'call', call: data } : { subject: 'invite-operation', operation: data };
}

/**
 * True for a notification whose resourceData is a call's state sent without @odata.type: an object with
 * no @odata.type at all under the call's own path (resourceUrl, else resource). comms-notification.schema.json
 * reads the same path and accepts it unchecked, as it does a #microsoft.graph.call-typed object; so do
 * validate() and the walker. An @odata.type that is there but not a string is a broken type, not none: such
 * an object is checked as the invite's operation, as the schema checks it.
 */
export function isUntypedCallState(notification: JsonObject): boolean {
  const data = notification['resourceData'];
  if (!isObject(data) || data['@odata.type'] !== undefined) return false;
  const field = primaryResourceField(notification);
  return field !== undefined && parseResourcePath(field.value).kind === 'call';
}
