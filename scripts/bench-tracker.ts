/**
 * The invite tracker's benchmark input and the two ways of taking it: the tracker, and the baseline, a
 * plain Map that keeps every invite with its notifications (what a bot does that follows invites without
 * bounds). The events are made a few at a time, as a bot gets them, so that what a run keeps in memory
 * is what the consumer keeps, not the input.
 */
import { createInviteTracker, type InviteTracker } from '../src/index.js';

/** One event of the stream: an invite sent, or a batch of notifications received. */
export type TrackerEvent =
  | { readonly type: 'invite'; readonly callId: string; readonly request: Record<string, unknown>; readonly response: Record<string, unknown> }
  | { readonly type: 'batch'; readonly batch: { readonly value: ReadonlyArray<Record<string, unknown>> } };

/** A GUID made of a number and a salt: distinct for distinct pairs, stable from run to run. */
function guid(n: number, salt: number): string {
  const hex = (n * 7919 + salt * 104_729).toString(16).padStart(12, '0').slice(-12);
  return `${(salt * 2_654_435_761 + n).toString(16).padStart(8, '0').slice(-8)}-4e1b-4a0d-8f3c-${hex}`;
}

/** Invites per call: four bots' invites land in one call, so rosters of a call list several invites' invitees. */
const perCall = 4;

/**
 * The events of `count` invites, in the order a bot meets them, handed to visit one at a time: each
 * invite with one or two invitees (a user, and every third invite a phone), one delta roster update of
 * its call listing them, and the operation's end (one in ten failed, with resultInfo). One in ten
 * completions arrives before the invite's response is recorded, as happens when Graph is quicker than
 * the HTTP response.
 */
export function trackerEvents(count: number, visit: (event: TrackerEvent) => void): { invites: number; failed: number; invitees: number } {
  let failed = 0;
  let invitees = 0;
  for (let i = 0; i < count; i += 1) {
    const callId = guid(Math.floor(i / perCall), 1);
    const operationId = guid(i, 2);
    const clientContext = `ticket-${100_000 + i}`;
    const identities: Array<Record<string, unknown>> = [{ user: { id: guid(i, 3), displayName: `Invitee ${i}`, tenantId: guid(7, 4) } }];
    if (i % 3 === 0) identities.push({ phone: { id: `+1425${String(1_000_000 + i).slice(-7)}` } });
    invitees += identities.length;
    const request = { clientContext, participants: identities.map((identity) => ({ '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity })) };
    const response = { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: operationId, status: 'Running', clientContext };
    const fails = i % 10 === 7;
    if (fails) failed += 1;
    const ended = {
      value: [
        {
          '@odata.type': '#microsoft.graph.commsNotification',
          changeType: 'deleted',
          resourceUrl: `/communications/calls/${callId}/operations/${operationId}`,
          resourceData: {
            '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
            id: operationId,
            status: fails ? 'failed' : 'completed',
            clientContext,
            ...(fails ? { resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', code: 408, subcode: 10_004, message: 'Request timed out. DiagCode: 408#10004.@' } } : {}),
          },
        },
      ],
    };
    const sequenceNumber = (i % perCall) + 1;
    const roster = {
      value: [
        {
          '@odata.type': '#microsoft.graph.commsNotification',
          changeType: 'updated',
          resourceUrl: `/communications/calls/${callId}/participants`,
          resourceData: {
            '@odata.type': '#microsoft.graph.deltaParticipants',
            sequenceNumber,
            participants: identities.map((identity, k) => ({
              '@odata.type': '#microsoft.graph.participant',
              id: guid(i * 2 + k, 5),
              info: { identity, endpointType: 'default', languageId: 'en-US', region: 'amer' },
              isInLobby: false,
              isMuted: false,
              rosterSequenceNumber: sequenceNumber,
            })),
          },
        },
      ],
    };
    const early = i % 10 === 3;
    if (early) visit({ type: 'batch', batch: ended });
    visit({ type: 'invite', callId, request, response });
    visit({ type: 'batch', batch: roster });
    if (!early) visit({ type: 'batch', batch: ended });
  }
  return { invites: count, failed, invitees };
}

/** The tracker fed the events, on a clock that moves 1 ms an event; what it reported, counted. */
export function feedTracker(tracker: InviteTracker, clock: { time: number }, events: readonly TrackerEvent[], counted: { finished: number; failed: number; appeared: number }): void {
  for (const event of events) {
    clock.time += 1;
    const changes = event.type === 'invite' ? tracker.trackInvite({ callId: event.callId, request: event.request, response: event.response }) : tracker.receive(event.batch);
    for (const change of changes) {
      if (change.type === 'appeared') counted.appeared += 1;
      else {
        counted.finished += 1;
        if (change.outcome.status === 'failed') counted.failed += 1;
      }
    }
  }
}

export function makeTracker(clock: { time: number }): InviteTracker {
  return createInviteTracker({ now: () => clock.time });
}

/** The baseline: every invite kept in a Map by operation id, with the notifications about it and its call. */
export interface PlainStore {
  readonly invites: Map<string, { callId: string; request: unknown; response: unknown; notifications: unknown[] }>;
  readonly rosters: Map<string, unknown[]>;
}

/** Files each event where a bot without a tracker would: operations by their id, rosters by their call. */
export function feedMap(store: PlainStore, events: readonly TrackerEvent[]): void {
  for (const event of events) {
    if (event.type === 'invite') {
      const id = event.response['id'] as string;
      const entry = store.invites.get(id);
      if (entry === undefined) store.invites.set(id, { callId: event.callId, request: event.request, response: event.response, notifications: [] });
      else Object.assign(entry, { callId: event.callId, request: event.request, response: event.response });
      continue;
    }
    for (const notification of event.batch.value) {
      const data = notification['resourceData'] as Record<string, unknown>;
      if (data['@odata.type'] === '#microsoft.graph.deltaParticipants') {
        const callId = (notification['resourceUrl'] as string).split('/')[3] as string;
        const list = store.rosters.get(callId);
        if (list === undefined) store.rosters.set(callId, [notification]);
        else list.push(notification);
      } else {
        const id = data['id'] as string;
        const entry = store.invites.get(id);
        if (entry === undefined) store.invites.set(id, { callId: '', request: undefined, response: undefined, notifications: [notification] });
        else entry.notifications.push(notification);
      }
    }
  }
}
