/**
 * Converters between this package's types and the shapes of Microsoft's beta typings
 * (@microsoft/microsoft-graph-types-beta), published as graph-invite-contract/convert. The typings are not
 * a dependency: their shapes are declared here structurally (the Graph* types, checked against the
 * typings both ways by test/types-convert.test.ts), so a bot that uses them can pass their values in and
 * get theirs back, and a bot that does not needs nothing more.
 *
 * Where the shapes differ: the typings write operationStatus in PascalCase (the metadata's spelling)
 * while webhooks send camelCase; they make every property optional, where the contract requires an
 * invitation's identity and an operation's id and status; they declare no @odata.type, which this
 * package's classification reads on operations. Converters copy the declared properties only and never
 * change their argument.
 */
import type {
  CommsOperation,
  EndpointType,
  InvitationParticipantInfo,
  InvitationParticipantInfoInit,
  InviteParticipantsOperation,
  InviteRequestInit,
  OperationStatus,
} from '../../generated/types.js';

type Nullable<T> = T | null;

/** operationStatus as the typings write it. */
export type GraphOperationStatus = 'NotStarted' | 'Running' | 'Completed' | 'Failed';

/** operationStatus as webhooks send it. */
export type WireOperationStatus = 'notStarted' | 'running' | 'completed' | 'failed';

/** The typings' identity, with the properties of the communications*Identity subtypes they declare. */
export interface GraphIdentity {
  displayName?: Nullable<string>;
  id?: Nullable<string>;
  tenantId?: Nullable<string>;
  applicationType?: Nullable<string>;
  hidden?: Nullable<boolean>;
  email?: Nullable<string>;
  azureCommunicationServicesResourceId?: Nullable<string>;
}

export interface GraphIdentitySet {
  application?: Nullable<GraphIdentity>;
  device?: Nullable<GraphIdentity>;
  user?: Nullable<GraphIdentity>;
}

export interface GraphCommunicationsIdentitySet extends GraphIdentitySet {
  applicationInstance?: Nullable<GraphIdentity>;
  assertedIdentity?: Nullable<GraphIdentity>;
  azureCommunicationServicesUser?: Nullable<GraphIdentity>;
  encrypted?: Nullable<GraphIdentity>;
  endpointType?: Nullable<EndpointType>;
  guest?: Nullable<GraphIdentity>;
  onPremises?: Nullable<GraphIdentity>;
  phone?: Nullable<GraphIdentity>;
}

export interface GraphInvitationParticipantInfo {
  endpointType?: Nullable<EndpointType>;
  hidden?: Nullable<boolean>;
  identity?: GraphIdentitySet;
  participantId?: Nullable<string>;
  removeFromDefaultAudioRoutingGroup?: Nullable<boolean>;
  replacesCallId?: Nullable<string>;
}

export interface GraphResultInfo {
  code?: number;
  message?: Nullable<string>;
  subcode?: number;
}

export interface GraphCommsOperation {
  id?: string;
  clientContext?: Nullable<string>;
  resultInfo?: Nullable<GraphResultInfo>;
  status?: GraphOperationStatus;
}

export interface GraphInviteParticipantsOperation extends GraphCommsOperation {
  participants?: GraphInvitationParticipantInfo[];
}

const toGraphStatus: Readonly<Record<OperationStatus, GraphOperationStatus>> = {
  notStarted: 'NotStarted',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  NotStarted: 'NotStarted',
  Running: 'Running',
  Completed: 'Completed',
  Failed: 'Failed',
};

const toWireStatus: Readonly<Record<GraphOperationStatus, WireOperationStatus>> = {
  NotStarted: 'notStarted',
  Running: 'running',
  Completed: 'completed',
  Failed: 'failed',
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function lookUp<T>(table: Readonly<Record<string, T>>, value: unknown, name: string): T {
  if (typeof value === 'string' && Object.hasOwn(table, value)) return table[value] as T;
  throw new TypeError(`${name} must be one of ${Object.keys(table).join(', ')}`);
}

/** A status of either spelling, as the typings write it (PascalCase). */
export function operationStatusToGraph(status: OperationStatus): GraphOperationStatus {
  return lookUp(toGraphStatus, status, 'status');
}

/** A status of the typings, as webhooks send it (camelCase, which the linter does not warn about). */
export function operationStatusFromGraph(status: GraphOperationStatus): WireOperationStatus {
  return lookUp(toWireStatus, status, 'status');
}

/** Copies the named own properties whose value is not undefined. */
function pick<K extends string>(source: Record<string, unknown>, keys: readonly K[]): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {};
  for (const key of keys) if (Object.hasOwn(source, key) && source[key] !== undefined) out[key] = source[key];
  return out;
}

const identityKeys = ['id', 'displayName', 'tenantId', 'applicationType', 'hidden', 'email', 'azureCommunicationServicesResourceId'] as const;
const identitySetKeys = ['application', 'device', 'user', 'applicationInstance', 'assertedIdentity', 'azureCommunicationServicesUser', 'encrypted', 'guest', 'onPremises', 'phone'] as const;
const invitationKeys = ['replacesCallId', 'participantId', 'hidden', 'removeFromDefaultAudioRoutingGroup', 'endpointType'] as const;

function identityCopy(value: unknown, name: string): GraphIdentity | null {
  if (value === null) return null;
  if (!isObject(value)) throw new TypeError(`${name} must be an object or null`);
  return pick(value, identityKeys) as GraphIdentity;
}

function identitySetCopy(value: unknown, name: string): GraphCommunicationsIdentitySet {
  if (!isObject(value)) throw new TypeError(`${name} must be an object`);
  const out: Record<string, unknown> = {};
  for (const key of identitySetKeys) if (value[key] !== undefined) out[key] = identityCopy(value[key], `${name}.${key}`);
  if (value['endpointType'] !== undefined) out['endpointType'] = value['endpointType'];
  return out as GraphCommunicationsIdentitySet;
}

function invitationCopy(value: unknown, name: string): Record<string, unknown> {
  if (!isObject(value)) throw new TypeError(`${name} must be an object`);
  if (value['identity'] === undefined || value['identity'] === null) throw new TypeError(`${name}.identity is required: an invitation names who is invited`);
  return { identity: identitySetCopy(value['identity'], `${name}.identity`), ...pick(value, invitationKeys) };
}

/** An invitee of the typings as this package's closed init type; throws a TypeError when it names no identity set. */
export function invitationFromGraph(info: GraphInvitationParticipantInfo): InvitationParticipantInfoInit {
  return invitationCopy(info, 'info') as InvitationParticipantInfoInit;
}

/** An invitee (closed or open form) in the typings' shape, without @odata.type and undeclared keys. */
export function invitationToGraph(info: InvitationParticipantInfoInit | InvitationParticipantInfo): GraphInvitationParticipantInfo {
  return invitationCopy(info, 'info') as GraphInvitationParticipantInfo;
}

/**
 * The invite's body from invitees of the typings (which have no type for the body). The 1–5 limit is not
 * checked here: validate() and the guards report it.
 */
export function inviteRequestFromGraph(participants: readonly GraphInvitationParticipantInfo[], clientContext?: string | null): InviteRequestInit {
  if (!Array.isArray(participants)) throw new TypeError('participants must be an array');
  if (clientContext !== undefined && clientContext !== null && typeof clientContext !== 'string') throw new TypeError('clientContext must be a string or null');
  const request: InviteRequestInit = { participants: participants.map((info: unknown, index) => invitationCopy(info, `participants[${index}]`) as InvitationParticipantInfoInit) };
  if (clientContext !== undefined) request.clientContext = clientContext;
  return request;
}

function resultInfoCopy(value: unknown): GraphResultInfo | null {
  if (value === null) return null;
  if (!isObject(value)) throw new TypeError('operation.resultInfo must be an object or null');
  return pick(value, ['code', 'subcode', 'message']) as GraphResultInfo;
}

function operationCopy(value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw new TypeError('operation must be an object');
  const out: Record<string, unknown> = pick(value, ['id', 'clientContext']);
  if (value['resultInfo'] !== undefined) out['resultInfo'] = resultInfoCopy(value['resultInfo']);
  if (value['participants'] !== undefined) {
    const participants = value['participants'];
    if (!Array.isArray(participants)) throw new TypeError('operation.participants must be an array');
    out['participants'] = participants.map((info: unknown, index) => invitationCopy(info, `operation.participants[${index}]`));
  }
  return out;
}

/**
 * An invite operation (the response body, or resourceData of its notification) in the typings' shape:
 * status in PascalCase, a null id left out (the typings' id is a string), no @odata.type.
 */
export function inviteOperationToGraph(operation: InviteParticipantsOperation | CommsOperation): GraphInviteParticipantsOperation {
  const out = operationCopy(operation);
  if (out['id'] === null) delete out['id'];
  out['status'] = operationStatusToGraph((operation as { status: OperationStatus }).status);
  return out as GraphInviteParticipantsOperation;
}

/**
 * An invite operation of the typings as this package's type: its @odata.type added (the classification
 * reads it), status in camelCase. Throws a TypeError when id or status is missing, which the contract
 * requires.
 */
export function inviteOperationFromGraph(operation: GraphInviteParticipantsOperation): InviteParticipantsOperation {
  const out = operationCopy(operation);
  if (typeof out['id'] !== 'string') throw new TypeError('operation.id is required: a string');
  const status = operationStatusFromGraph((operation as { status?: GraphOperationStatus }).status as GraphOperationStatus);
  return { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', ...out, id: out['id'], status } as InviteParticipantsOperation;
}
