import { betaOnlyMembers, betaOnlyProperties } from '../../../generated/profiles.js';
import { isObject, type JsonObject, type Rule, type RuleContext, type Token } from '../../model/rule.js';

/**
 * The enum-typed properties of the types this rule looks at, by type, with the enum each holds: a member
 * beta adds to any of these enums is caught without a change here (test/profiles.test.ts holds the map
 * to the metadata).
 */
export const enumProperties: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  invitationParticipantInfo: { endpointType: 'endpointType' },
  participantInfo: { endpointType: 'endpointType' },
  recordingInfo: { recordingStatus: 'recordingStatus' },
  mediaStream: { direction: 'mediaDirection', mediaType: 'modality' },
};

const noNames: readonly string[] = [];

/**
 * Reports the beta-only properties and enum members of one object of the named type, found at the tokens
 * below the visited node. A property holding null is not reported: see the rationale.
 */
function checkObject(type: string, node: JsonObject, context: RuleContext, below?: Token, further?: Token): void {
  for (const property of betaOnlyProperties[type] ?? noNames) {
    if (!Object.hasOwn(node, property) || node[property] === null) continue;
    const params = { type, property };
    const message = `${property} is beta only: ${type} has no ${property} in v1.0`;
    if (below === undefined) context.report(message, params, property);
    else if (further === undefined) context.report(message, params, below, property);
    else context.report(message, params, below, further, property);
  }
  const enums = enumProperties[type];
  if (enums === undefined) return;
  for (const property in enums) {
    const value = node[property];
    const enumName = enums[property] as string;
    if (typeof value !== 'string' || !Object.hasOwn(node, property) || !(betaOnlyMembers[enumName] ?? noNames).includes(value)) continue;
    const params = { enum: enumName, member: value };
    const message = `${property} ${JSON.stringify(value)} is beta only: ${enumName} has no member ${value} in v1.0`;
    if (below === undefined) context.report(message, params, property);
    else if (further === undefined) context.report(message, params, below, property);
    else context.report(message, params, below, further, property);
  }
}

function invitationParticipant(node: JsonObject, context: RuleContext): void {
  if (context.apiVersion !== 'v1.0') return;
  checkObject('invitationParticipantInfo', node, context);
}

/** A participant and what it holds of the other types with beta-only content: they sit nowhere else. */
function participant(node: JsonObject, context: RuleContext): void {
  if (context.apiVersion !== 'v1.0') return;
  checkObject('participant', node, context);
  const info = node['info'];
  if (isObject(info)) checkObject('participantInfo', info, context, 'info');
  const recording = node['recordingInfo'];
  if (isObject(recording)) {
    checkObject('recordingInfo', recording, context, 'recordingInfo');
    const initiatedBy = recording['initiatedBy'];
    if (isObject(initiatedBy)) checkObject('participantInfo', initiatedBy, context, 'recordingInfo', 'initiatedBy');
  }
  const streams = node['mediaStreams'];
  if (!Array.isArray(streams)) return;
  for (let index = 0; index < streams.length; index += 1) {
    const stream: unknown = streams[index];
    if (isObject(stream)) checkObject('mediaStream', stream, context, 'mediaStreams', index);
  }
}

/** Under v1.0, what only beta declares: the linter keeps beta's schemas (a superset) and reports the rest here. */
export const betaOnly: Rule = {
  id: 'beta-only',
  severity: 'error',
  description: 'Under the v1.0 profile, a property or enum member that only the beta metadata declares.',
  rationale:
    "v1.0's metadata lacks these properties and members, so a v1.0 caller or client that relies on them is relying on beta. " +
    'A property holding null is not reported: the v1.0 reference page itself shows invitationParticipantInfo with "endpointType": null in its responses, ' +
    'so the v1.0 service sends the key with no value, and null carries nothing a v1.0 client could come to depend on.',
  locate: 'key',
  params: {
    type: 'for a property: the metadata type that declares it (participant, participantInfo...)',
    property: 'for a property: its name',
    enum: 'for an enum member: the enum (modality)',
    member: 'for an enum member: the member used (unknown)',
  },
  visitors: { invitationParticipant, participant },
};
