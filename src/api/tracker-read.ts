/**
 * What the invite tracker takes from the values a bot hands it: the invite it sent (call id, request,
 * response) and each notification it received, read once into small plain records, so that the tracker
 * keeps no reference to a caller's objects and a hostile value fails before any state changes.
 */
import { classifyResourceData, isInviteOperation } from '../contract/resource-data.js';
import { parseResourcePath, primaryResourceField } from '../contract/resource-path.js';
import { isObject, type JsonObject } from '../model/rule.js';
import { identitiesOf } from '../rules/exchange/identities.js';
import { firstOnlyField } from '../rules/payload/first-participant-only.js';
import { graphErrorOf, jsonOfText } from './invite-response.js';

/** What an operation's status says about the invite: still going, or finished one way or the other. */
export type OperationState = 'running' | 'completed' | 'failed';

/** A failed operation's resultInfo, as sent: code and subcode are integers, message a string. */
export interface OutcomeResultInfo {
  readonly code?: number;
  readonly subcode?: number;
  readonly message?: string;
}

/** An identity kind and id: an invitee, or an identity a roster lists. */
export interface KindAndId {
  readonly kind: string;
  readonly id: string;
}

/** An invite as sent: where, what correlates it, who. */
export interface SentInvite {
  readonly callId: string;
  /** The call the first participant's replacesCallId names, if any: its rosters may list the invitee too. */
  readonly replacedCallId: string | undefined;
  readonly operationId: string | undefined;
  readonly clientContext: string | undefined;
  /** The status the response's operation gives, if it gives one. */
  readonly state: OperationState | undefined;
  readonly resultInfo: OutcomeResultInfo | undefined;
  readonly invitees: readonly KindAndId[];
  /** The HTTP response refused the invite (a status of 300 or more). */
  readonly refused: boolean;
}

/** One notification, as the tracker uses it; undefined for those it has no use for. */
export type ReadNotification =
  | {
      readonly type: 'operation';
      /** The operation ids it names: its path's, then its resourceData's (either may be missing). */
      readonly operationIds: readonly string[];
      readonly clientContext: string | undefined;
      readonly state: OperationState | undefined;
      readonly resultInfo: OutcomeResultInfo | undefined;
    }
  | {
      readonly type: 'roster';
      readonly callId: string;
      /** The delta update's sequence number; undefined for a full roster. */
      readonly sequenceNumber: number | undefined;
      /** Each participant's id and rosterSequenceNumber, when both are given. */
      readonly participantSequences: ReadonlyArray<readonly [string, number]>;
      /** Every identity with an id that the roster's participants carry (info.identity). */
      readonly identities: readonly KindAndId[];
    };

const string = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const integer = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined);

/** An operation status in any casing (Graph sends completed, the typings Completed). */
export function operationState(status: unknown): OperationState | undefined {
  if (typeof status !== 'string') return undefined;
  const lower = status.toLowerCase();
  if (lower === 'completed' || lower === 'failed') return lower;
  return lower === 'running' || lower === 'notstarted' ? 'running' : undefined;
}

function resultInfoOf(value: unknown): OutcomeResultInfo | undefined {
  if (!isObject(value)) return undefined;
  const code = integer(value['code']);
  const subcode = integer(value['subcode']);
  const message = typeof value['message'] === 'string' ? value['message'] : undefined;
  return { ...(code === undefined ? {} : { code }), ...(subcode === undefined ? {} : { subcode }), ...(message === undefined ? {} : { message }) };
}

/** The identities of a list of identity sets, each once (by kind and id as given). */
function identitiesOfSets(sets: readonly unknown[]): KindAndId[] {
  const found: KindAndId[] = [];
  const seen = new Set<string>();
  for (const set of sets) {
    for (const { kind, id } of identitiesOf(set, '')) {
      const key = `${kind}\u0000${id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ kind, id });
    }
  }
  return found;
}

/**
 * Who a request invites, as the exchange rules read it: every identity with an id of every participant, or
 * of the first participant alone when replacesCallId or participantId makes the service read only that one.
 */
export function inviteesOf(request: unknown): { invitees: KindAndId[]; replacedCallId: string | undefined } {
  const list = isObject(request) ? request['participants'] : undefined;
  if (!Array.isArray(list)) return { invitees: [], replacedCallId: undefined };
  const read = firstOnlyField(list) === undefined ? list : list.slice(0, 1);
  const first: unknown = read[0];
  return {
    invitees: identitiesOfSets(read.map((participant: unknown) => (isObject(participant) ? participant['identity'] : undefined))),
    replacedCallId: isObject(first) ? string(first['replacesCallId']) : undefined,
  };
}

/** The Location header of a response's headers: a plain record (any case, a string or a list) or a Headers-like get(). */
function locationOf(headers: unknown): string | undefined {
  if (!isObject(headers)) return undefined;
  if (typeof headers['get'] === 'function') return string((headers['get'] as (name: string) => unknown).call(headers, 'location'));
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'location') continue;
    return string(Array.isArray(value) ? value[0] : value);
  }
  return undefined;
}

/** A body as JSON: a value as it is, JSON text or its UTF-8 bytes parsed (undefined when they are not JSON). */
function bodyValue(body: unknown): unknown {
  return typeof body === 'string' || body instanceof Uint8Array ? jsonOfText(body) : body;
}

/** An HTTP response that refused the invite: its status, and what Graph's error body says, as a result. */
function refusalOf(status: number, body: unknown): OutcomeResultInfo {
  const error = graphErrorOf(body);
  const message = error === undefined ? undefined : [error.code, error.message].filter((part) => part !== '').join(': ');
  return { code: status, ...(message === undefined || message === '' ? {} : { message }) };
}

/**
 * The operation a response holds, and the Location header's operation id: the response is either the
 * operation itself, or an HTTP response { status, headers, body } whose body is the operation (parsed, JSON
 * text or its bytes). An HTTP status of 300 or more refused the invite: refused holds why.
 */
function responseParts(response: unknown): { operation: JsonObject | undefined; locationId: string | undefined; refused?: OutcomeResultInfo } {
  if (!isObject(response)) return { operation: undefined, locationId: undefined };
  const http = typeof response['status'] !== 'string' && ('headers' in response || 'body' in response);
  if (!http) return { operation: response, locationId: undefined };
  const body = bodyValue(response['body']);
  const status = response['status'];
  if (typeof status === 'number' && status >= 300) return { operation: undefined, locationId: undefined, refused: refusalOf(status, body) };
  const location = locationOf(response['headers']);
  const path = location === undefined ? undefined : parseResourcePath(location);
  return { operation: isObject(body) ? body : undefined, locationId: path?.kind === 'operation' ? (path.operationId ?? undefined) : undefined };
}

/** The invite a bot sent, read from its request and response. */
export function readInvite(callId: string, request: unknown, response: unknown): SentInvite {
  const { operation, locationId, refused } = responseParts(response);
  const clientContext = isObject(request) && typeof request['clientContext'] === 'string' ? request['clientContext'] : typeof operation?.['clientContext'] === 'string' ? operation['clientContext'] : undefined;
  // A refused invite (401, 403, 404...) ends there: failed, with the status as its code.
  const state = refused === undefined ? operationState(operation?.['status']) : 'failed';
  const { invitees, replacedCallId } = inviteesOf(request);
  return {
    callId,
    replacedCallId,
    operationId: string(operation?.['id']) ?? locationId,
    clientContext,
    state,
    resultInfo: refused ?? (state === 'failed' ? resultInfoOf(operation?.['resultInfo']) : undefined),
    invitees,
    refused: refused !== undefined,
  };
}

/**
 * The participants of a roster: an array, or a deltaParticipants object's participants. Those that leave (a
 * notification whose changeType is deleted, a participant with a removedState) count for the sequence
 * numbers, not as appearances: a removal is not an invitee arriving.
 */
function rosterRead(callId: string, participants: readonly unknown[], sequenceNumber: number | undefined, leaving: boolean): ReadNotification {
  const participantSequences: Array<readonly [string, number]> = [];
  const sets: unknown[] = [];
  for (const participant of participants) {
    if (!isObject(participant)) continue;
    const id = string(participant['id']);
    const sequence = integer(participant['rosterSequenceNumber']);
    if (id !== undefined && sequence !== undefined) participantSequences.push([id, sequence]);
    const info = participant['info'];
    if (isObject(info) && !leaving && !isObject(participant['removedState'])) sets.push(info['identity']);
  }
  return { type: 'roster', callId, sequenceNumber, participantSequences, identities: identitiesOfSets(sets) };
}

/** A notification as the tracker uses it: an invite operation, or a roster of a call; anything else is undefined. */
export function readNotification(item: unknown): ReadNotification | undefined {
  if (!isObject(item)) return undefined;
  const field = primaryResourceField(item);
  const path = field === undefined ? undefined : parseResourcePath(field.value);
  const data = classifyResourceData(item['resourceData']);
  if (data.shape === 'operation') {
    const { operation } = data;
    if (!isInviteOperation(operation)) return undefined;
    const ids = [path?.kind === 'operation' ? (path.operationId ?? undefined) : undefined, string(operation['id'])].filter((id): id is string => id !== undefined);
    const clientContext = typeof operation['clientContext'] === 'string' ? operation['clientContext'] : undefined;
    if (ids.length === 0 && clientContext === undefined) return undefined;
    const state = operationState(operation['status']);
    return { type: 'operation', operationIds: ids, clientContext, state, resultInfo: state === 'failed' ? resultInfoOf(operation['resultInfo']) : undefined };
  }
  // A roster belongs to the call its path names: …/calls/{id}/participants, the call itself, or (as in one
  // of Microsoft's own examples) …/calls/{id}/operations/participants.
  const callId = path === undefined || path.kind === 'other' ? undefined : path.callId;
  if (callId === undefined) return undefined;
  const leaving = typeof item['changeType'] === 'string' && item['changeType'].toLowerCase() === 'deleted';
  if (data.shape === 'roster') return rosterRead(callId, data.participants, undefined, leaving);
  if (data.shape === 'delta') {
    const list = data.delta['participants'];
    return rosterRead(callId, Array.isArray(list) ? list : [], integer(data.delta['sequenceNumber']), leaving);
  }
  return undefined;
}
