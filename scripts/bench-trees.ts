/**
 * What the benchmark checks: trees of payload files and roster notifications, generated so that they look
 * like Graph traffic (client versions such as "24215.1007.3082.1590", ACS ids, endpoint ids, integer
 * result codes) rather than like the repository's samples. Every value is derived from a seeded generator,
 * so a tree of n files is the first n files of a larger one, and two runs write the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kind } from '../src/model/kind.js';

/** A small deterministic generator (mulberry32): the trees are the same from run to run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const hex = (random: Random, digits: number): string => {
  let text = '';
  for (let i = 0; i < digits; i += 1) text += Math.floor(random() * 16).toString(16);
  return text;
};
const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
const guid = (random: Random): string => `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;
/** An Azure Communication Services user id as Graph sends it: 8:acs:<resource>_<user>, the user part starting with zeros. */
const acsId = (random: Random, resource: string): string => `8:acs:${resource}_0000001${hex(random, 1)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`;
/** A Teams desktop client version: four dotted numbers, which read like a number with a fraction. */
const clientVersion = (random: Random): string => `${24000 + Math.floor(random() * 1000)}.${1000 + Math.floor(random() * 9)}.${3000 + Math.floor(random() * 200)}.${1000 + Math.floor(random() * 900)}`;

const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const acsResource = '2a4c7f9e-1b3d-4e5f-8a6b-9c0d1e2f3a4b';
const names = ['Adele Vance', 'Alex Wilber', 'Diego Siciliani', 'Grady Archie', 'Isaiah Langer', 'Johanna Lorenz', 'Lee Gu', 'Lidia Holloway', 'Megan Bowen', 'Nestor Wilke', 'Patti Fernandez', 'Pradeep Gupta'];
const languages = ['en-US', 'en', 'de-DE', 'fr-FR', 'ja-JP', 'pt-BR'];
const regions = ['amer', 'emea', 'apac'];

/** What a generated file holds besides valid content: nothing, one error, or one warning. */
export type Variant = 'clean' | 'error' | 'warning';

/** The rule each variant adds, per shape (checked by test/bench.test.ts against lint()). */
export const variantRules = {
  request: { error: 'type-mismatch', warning: 'identity-provider-undeclared' },
  operation: { error: 'enum-member', warning: 'status-casing' },
  roster: { error: 'type-mismatch', warning: 'identity-provider-undeclared' },
  completed: { error: 'type-mismatch', warning: 'deprecated-app-path' },
} as const;

type Shape = keyof typeof variantRules;

/** An identity set's one identity: a Microsoft Entra user, an ACS user or a phone, as invites and rosters carry them. */
function identitySet(random: Random, warning: boolean): Record<string, unknown> {
  // The warning rides on a user identity, so a file meant to warn always has one.
  const which = warning ? 1 : random();
  if (which < 0.2) {
    return { '@odata.type': '#microsoft.graph.communicationsIdentitySet', azureCommunicationServicesUser: { '@odata.type': '#microsoft.graph.azureCommunicationServicesUserIdentity', id: acsId(random, acsResource), displayName: pick(random, names), azureCommunicationServicesResourceId: acsResource } };
  }
  if (which < 0.3) {
    return { '@odata.type': '#microsoft.graph.communicationsIdentitySet', phone: { '@odata.type': '#microsoft.graph.communicationsPhoneIdentity', id: `+1425555${String(1000 + Math.floor(random() * 9000))}` } };
  }
  const user: Record<string, unknown> = { '@odata.type': '#microsoft.graph.communicationsUserIdentity', id: guid(random), displayName: pick(random, names), tenantId: tenant };
  // identityProvider: declared by no identity type, yet sent by pages and traffic.
  if (warning) user['identityProvider'] = 'AAD';
  return { '@odata.type': '#microsoft.graph.communicationsIdentitySet', user };
}

/** An invitationParticipantInfo; the error variant sends hidden as a string. */
function invitation(random: Random, variant: Variant): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: identitySet(random, variant === 'warning'), ...(variant === 'error' ? { hidden: 'false' } : {}) };
}

/** A roster participant as webhooks send it: undeclared endpointId, clientVersion and meetingRole included. */
function participant(random: Random, sequence: number, variant: Variant): Record<string, unknown> {
  const identity = identitySet(random, variant === 'warning');
  return {
    '@odata.type': '#microsoft.graph.participant',
    id: guid(random),
    info: { '@odata.type': '#microsoft.graph.participantInfo', identity, endpointType: 'default', languageId: pick(random, languages), region: pick(random, regions), endpointId: guid(random), clientVersion: clientVersion(random) },
    mediaStreams: [{ '@odata.type': '#microsoft.graph.mediaStream', mediaType: 'audio', sourceId: String(1 + Math.floor(random() * 400)), direction: 'sendReceive', serverMuted: false }],
    isMuted: variant === 'error' ? 'false' : random() < 0.5,
    isInLobby: false,
    meetingRole: pick(random, ['attendee', 'presenter', 'organizer']),
    rosterSequenceNumber: sequence,
  };
}

function operation(random: Random, variant: Variant, callContext: string): Record<string, unknown> {
  const status = variant === 'error' ? 'paused' : variant === 'warning' ? 'Running' : pick(random, ['running', 'completed']);
  return {
    '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
    id: guid(random),
    status,
    clientContext: callContext,
    resultInfo: status === 'completed' ? { '@odata.type': '#microsoft.graph.resultInfo', code: 200, subcode: 5610, message: 'The operation completed. DiagCode: 0#5610.@' } : null,
    participants: [invitation(random, 'clean')],
  };
}

/** A clientContext a bot might set: sometimes its own client version or an ACS id, which look like numbers in part. */
const context = (random: Random): string => pick(random, [guid(random), `teams-${clientVersion(random)}`, acsId(random, acsResource), `escalation-INC00${String(Math.floor(random() * 100000))}`]);

function payload(shape: Shape, random: Random, variant: Variant): Record<string, unknown> {
  const call = guid(random);
  switch (shape) {
    case 'request': {
      const count = 1 + Math.floor(random() * 3);
      return { participants: Array.from({ length: count }, (_, i) => invitation(random, i === 0 ? variant : 'clean')), clientContext: context(random) };
    }
    case 'operation':
      return operation(random, variant, context(random));
    case 'roster': {
      const count = 2 + Math.floor(random() * 7);
      const first = Math.floor(random() * 5000);
      return {
        '@odata.type': '#microsoft.graph.commsNotifications',
        value: [{ '@odata.type': '#microsoft.graph.commsNotification', changeType: 'updated', resourceUrl: `/communications/calls/${call}/participants`, resourceData: Array.from({ length: count }, (_, i) => participant(random, first + i, i === 0 ? variant : 'clean')) }],
      };
    }
    case 'completed': {
      const finished = operation(random, 'clean', context(random));
      finished['status'] = 'failed';
      finished['resultInfo'] = { '@odata.type': '#microsoft.graph.resultInfo', code: variant === 'error' ? '412' : 412, subcode: 9999, message: 'The invited participant could not be reached before the invitation expired. DiagCode: 412#10073' };
      const root = variant === 'warning' ? '/app' : '/communications';
      return {
        '@odata.type': '#microsoft.graph.commsNotifications',
        value: [{ '@odata.type': '#microsoft.graph.commsNotification', changeType: 'deleted', resourceUrl: `${root}/calls/${call}/operations/${String(finished['id'])}`, resourceData: finished }],
      };
    }
  }
}

/** Which shape file i of a tree is, in a fixed cycle of 20: 6 requests, 4 operations, 7 rosters, 3 completions. */
function shapeOf(i: number): Shape {
  const slot = i % 20;
  return slot < 6 ? 'request' : slot < 10 ? 'operation' : slot < 17 ? 'roster' : 'completed';
}

/**
 * 2% of the files have one error and 3% one warning. i = 20q + s gives h = (51q + 37s) mod 100, and 51 is
 * prime to 100: every place s in the cycle of shapes meets every h as q runs, so each shape gets its share.
 */
export function variantOf(i: number): Variant {
  const h = (i * 37 + Math.floor(i / 20) * 11) % 100;
  return h < 2 ? 'error' : h < 5 ? 'warning' : 'clean';
}

const kindOfShape: Record<Shape, Kind> = { request: 'invite-request', operation: 'invite-operation', roster: 'comms-notifications', completed: 'comms-notifications' };
/** File names as the project's config tells kinds by: *.request.json, *.operation.json, *.notification*.json. */
const suffixOfShape: Record<Shape, string> = { request: '.request.json', operation: '.operation.json', roster: '.notification-roster.json', completed: '.notification-completed.json' };

/** The text of file i of every tree: the same for every tree size. */
export function treeFile(i: number): { readonly kind: Kind; readonly name: string; readonly variant: Variant; readonly shape: Shape; readonly text: string } {
  const shape = shapeOf(i);
  const variant = variantOf(i);
  const value = payload(shape, seeded(i * 7919 + 17), variant);
  return { kind: kindOfShape[shape], name: `${String(i).padStart(6, '0')}${suffixOfShape[shape]}`, variant, shape, text: `${JSON.stringify(value, null, 2)}\n` };
}

/** What writeTree wrote: the folder of each kind (ajv-cli checks one kind per run) and the counts. */
export interface Tree {
  readonly dir: string;
  readonly kindDirs: Readonly<Record<Kind, string>>;
  readonly files: number;
  readonly variants: Readonly<Record<Variant, number>>;
}

/**
 * Writes files 0..count-1 under dir/<kind>/batch-<n>/ (500 a folder), and nothing else: no expectation
 * sidecars, no config (the caller puts one above the tree).
 */
export function writeTree(dir: string, count: number): Tree {
  const kindDirs = { 'invite-request': join(dir, 'invite-request'), 'invite-operation': join(dir, 'invite-operation'), 'comms-notifications': join(dir, 'comms-notifications') };
  const variants: Record<Variant, number> = { clean: 0, error: 0, warning: 0 };
  const made = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    const file = treeFile(i);
    const folder = join(kindDirs[file.kind], `batch-${String(Math.floor(i / 500)).padStart(3, '0')}`);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(join(folder, file.name), file.text);
    variants[file.variant] += 1;
  }
  return { dir, kindDirs, files: count, variants };
}

/**
 * One roster notification of count participants, indented as a saved webhook body is. Clean: every
 * participant valid. Warning: each participant's identity carries identityProvider, one
 * identity-provider-undeclared warning each, and nothing else.
 */
export function rosterText(count: number, variant: 'clean' | 'warning'): string {
  const random = seeded(count * 31 + (variant === 'clean' ? 1 : 2));
  const resourceData = Array.from({ length: count }, (_, i) => (variant === 'clean' ? cleanMember(random, i) : warningMember(random, i)));
  const body = {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [{ '@odata.type': '#microsoft.graph.commsNotification', changeType: 'updated', resourceUrl: `/communications/calls/${guid(random)}/participants`, resourceData }],
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** A roster member as webhooks send it, with its client version; every fifth an ACS user. */
function cleanMember(random: Random, i: number): Record<string, unknown> {
  const identity =
    i % 5 === 4
      ? { '@odata.type': '#microsoft.graph.communicationsIdentitySet', azureCommunicationServicesUser: { '@odata.type': '#microsoft.graph.azureCommunicationServicesUserIdentity', id: acsId(random, acsResource), azureCommunicationServicesResourceId: acsResource } }
      : { '@odata.type': '#microsoft.graph.communicationsIdentitySet', user: { '@odata.type': '#microsoft.graph.communicationsUserIdentity', id: guid(random), displayName: `${pick(random, names)} ${String(i)}`, tenantId: tenant } };
  return {
    '@odata.type': '#microsoft.graph.participant',
    id: guid(random),
    info: { '@odata.type': '#microsoft.graph.participantInfo', identity, languageId: pick(random, languages), clientVersion: clientVersion(random) },
    mediaStreams: [{ '@odata.type': '#microsoft.graph.mediaStream', mediaType: 'audio', sourceId: String(i + 1), direction: 'sendReceive', serverMuted: false }],
    isMuted: i % 2 === 0,
    isInLobby: false,
    rosterSequenceNumber: i,
  };
}

/** A lean member (100,000 of them make about 40 MB) whose user identity carries identityProvider: one warning. */
function warningMember(random: Random, i: number): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.participant',
    id: guid(random),
    info: { identity: { user: { id: guid(random), displayName: `${pick(random, names)} ${String(i)}`, identityProvider: 'AAD' } }, clientVersion: clientVersion(random) },
    isMuted: i % 2 === 0,
    isInLobby: false,
  };
}
