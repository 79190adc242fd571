import { randomUUID } from 'node:crypto';
import type { CallScenario } from './scenario.js';

type Json = Record<string, unknown>;

/** A call's roster as the simulator keeps it: who is in, and the sequence number of the last delta sent. */
export interface CallState {
  readonly scenario: CallScenario;
  readonly participants: Json[];
  sequenceNumber: number;
}

export function callState(scenario: CallScenario): CallState {
  return { scenario, participants: scenario.participants.map((identity) => participant(identity)), sequenceNumber: 0 };
}

/** A roster participant holding an identitySet exactly as the invite sent it, so the bot finds each invitee under the same kind and id. */
export function participant(identity: unknown): Json {
  return {
    '@odata.type': '#microsoft.graph.participant',
    id: randomUUID(),
    info: { '@odata.type': '#microsoft.graph.participantInfo', identity },
    isInLobby: false,
    isMuted: false,
    mediaStreams: [{ '@odata.type': '#microsoft.graph.mediaStream', mediaType: 'audio', label: 'main-audio', sourceId: '1', direction: 'sendReceive', serverMuted: false }],
  };
}

/**
 * The participants an invite brings in: with replacesCallId on the first, Graph reads only that one and
 * ignores the rest; otherwise every one.
 */
export function invitees(participants: readonly Json[]): readonly Json[] {
  const first = participants[0];
  if (first !== undefined && typeof first['replacesCallId'] === 'string') return [first];
  return participants;
}

function notifications(value: Json): Json {
  return { '@odata.type': '#microsoft.graph.commsNotifications', value: [{ '@odata.type': '#microsoft.graph.commsNotification', ...value }] };
}

/** The operation finished: changeType deleted, resourceData the operation with its final status. */
export function operationNotification(callId: string, operation: Json, status: string, resultInfo: Json | undefined): Json {
  return notifications({
    changeType: 'deleted',
    resourceUrl: `/communications/calls/${callId}/operations/${String(operation['id'])}`,
    resourceData: { ...operation, status, ...(resultInfo === undefined ? {} : { resultInfo: { '@odata.type': '#microsoft.graph.resultInfo', ...resultInfo } }) },
  });
}

/** A roster update: the whole roster (an array of participants), or only the new ones in a deltaParticipants with the next sequence number. */
export function rosterNotification(call: CallState, added: readonly Json[], shape: 'full' | 'delta'): Json {
  const resourceUrl = `/communications/calls/${call.scenario.id}/participants`;
  if (shape === 'full') return notifications({ changeType: 'updated', resourceUrl, resourceData: [...call.participants] });
  call.sequenceNumber += 1;
  return notifications({
    changeType: 'updated',
    resourceUrl,
    resourceData: { '@odata.type': '#microsoft.graph.deltaParticipants', id: randomUUID(), sequenceNumber: call.sequenceNumber, participants: [...added] },
  });
}
