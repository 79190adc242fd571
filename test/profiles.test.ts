/**
 * The profiles in the library: beta (the default) and v1.0, under which the beta-only rule reports what
 * only beta's metadata declares, at every place the contract admits it, on the one-pass path (a payload
 * that holds to the schema) and on the full walk (one that does not); the options that choose the
 * profile and the TypeErrors for wrong ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiVersions as generatedApiVersions, betaOnlyMembers, betaOnlyProperties } from '../generated/profiles.js';
import { allProperties, readCsdl, referencedName, type CsdlModel } from '../scripts/metadata/csdl.js';
import {
  apiVersions,
  assertCommsNotifications,
  assertInviteRequest,
  ContractError,
  isCommsNotifications,
  isInviteOperation,
  isInviteRequest,
  lint,
  lintExchange,
  parseCommsNotifications,
  rules,
  validate,
  type ApiVersion,
  type Kind,
  type Problem,
} from '../src/index.js';
import { apiVersionOfTarget } from '../src/inputs/http/api-version.js';
import { packageRoot } from '../src/paths.js';
import { enumProperties } from '../src/rules/payload/beta-only.js';
import { folderApiVersion, listSamples, readSample, sampleKind } from './samples.js';

const metadataDir = join(packageRoot, 'schemas', 'source', 'metadata');
const beta = readCsdl(readFileSync(join(metadataDir, 'beta-contract-types.xml'), 'utf8'));
const v1 = readCsdl(readFileSync(join(metadataDir, 'v1.0-contract-types.xml'), 'utf8'));

/** A deep copy of a documented v1.0 example, to change. */
function example(name: string): Record<string, unknown> {
  const sample = listSamples('documented-v1.0').find((s) => s.name === name);
  assert.ok(sample !== undefined, name);
  return structuredClone(readSample(sample)) as Record<string, unknown>;
}

type Json = Record<string, unknown>;
const at = (value: unknown, ...path: Array<string | number>): Json => path.reduce<unknown>((node, key) => (node as Json)[key], value) as Json;

/** The beta-only problems of a validation, as "pointer params". */
function betaOnlyFound(problems: readonly Problem[]): string[] {
  return problems.filter((p) => p.ruleId === 'beta-only').map((p) => `${p.pointer} ${JSON.stringify(p.params)}`);
}

/** A schema error far from the beta-only content: the one-pass check then fails and the full walk runs. */
function breakSchema(kind: Kind, value: Json): void {
  if (kind === 'comms-notifications') (value['value'] as unknown[]).push({ changeType: 'updated', resourceUrl: 42 });
  else value['clientContext'] = 'x'.repeat(300);
}

/**
 * Checks one payload under both profiles and on both paths: under v1.0 exactly the expected beta-only
 * problems (the first a schema-valid payload, then the same with a schema error elsewhere), under beta none.
 */
function expectBoth(kind: Kind, value: Json, expected: readonly string[]): void {
  const valid = validate(value, { kind, apiVersion: 'v1.0' });
  assert.equal(valid.problems.filter((p) => p.severity === 'error' && p.ruleId !== 'beta-only'), [], 'the payload holds to the schema otherwise');
  assert.equal(betaOnlyFound(valid.problems).sort(), [...expected].sort(), 'one-pass path');
  assert.is(valid.valid, expected.length === 0);
  assert.equal(betaOnlyFound(validate(value, { kind }).problems), [], 'beta is the default');
  assert.equal(betaOnlyFound(validate(value, { kind, apiVersion: 'beta' }).problems), [], 'beta');
  const broken = structuredClone(value);
  breakSchema(kind, broken);
  const walked = validate(broken, { kind, apiVersion: 'v1.0' });
  assert.ok(walked.problems.some((p) => p.severity === 'error' && p.ruleId !== 'beta-only'), 'the schema error is there');
  assert.equal(betaOnlyFound(walked.problems).sort(), [...expected].sort(), 'full-walk path');
  assert.equal(betaOnlyFound(validate(broken, { kind, apiVersion: 'beta' }).problems), [], 'beta, full walk');
}

const property = (type: string, name: string): string => JSON.stringify({ type, property: name });
const member = (enumName: string, name: string): string => JSON.stringify({ enum: enumName, member: name });

test('the beta-only table is what beta declares over v1.0 in the metadata excerpts', () => {
  const properties: Record<string, string[]> = {};
  for (const [name, type] of beta.types) {
    const other = v1.types.get(name);
    if (other === undefined) continue;
    const extra = type.properties.map((p) => p.name).filter((p) => !other.properties.some((q) => q.name === p));
    if (extra.length > 0) properties[name] = extra;
  }
  const members: Record<string, string[]> = {};
  for (const [name, enumType] of beta.enums) {
    const extra = enumType.members.map((m) => m.name).filter((m) => !(v1.enums.get(name)?.members.some((n) => n.name === m) ?? false));
    if (extra.length > 0) members[name] = extra;
  }
  const sorted = (table: Readonly<Record<string, readonly string[]>>): Record<string, string[]> =>
    Object.fromEntries(Object.entries(table).map(([k, v]) => [k, [...v].sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  assert.equal(sorted(betaOnlyProperties), sorted(properties));
  assert.equal(sorted(betaOnlyMembers), sorted(members));
  assert.equal([...generatedApiVersions], ['beta', 'v1.0']);
  assert.equal(apiVersions, ['beta', 'v1.0']);
  assert.ok(Object.isFrozen(apiVersions), 'the exported list is frozen');
});

/** The types a property of the model leads to, by name (complex and entity types only). */
function typeOf(model: CsdlModel, type: string, name: string): string | undefined {
  const found = allProperties(model, type).find((p) => p.name === name);
  return found === undefined ? undefined : referencedName(found.type).name;
}

test("the rule's enum map holds every enum-typed property of the types it reads, as the metadata types them", () => {
  for (const [type, map] of Object.entries(enumProperties)) {
    const enums = allProperties(beta, type).filter((p) => beta.enums.has(referencedName(p.type).name));
    assert.equal(Object.fromEntries(enums.map((p) => [p.name, referencedName(p.type).name])), map, type);
  }
  // Every type with beta-only content is one the rule reads, and the enums with beta-only members are in its map.
  for (const type of Object.keys(betaOnlyProperties)) assert.ok(['invitationParticipantInfo', 'participant', 'participantInfo', 'recordingInfo'].includes(type), type);
  for (const enumName of Object.keys(betaOnlyMembers)) assert.ok(Object.values(enumProperties).some((map) => Object.values(map).includes(enumName)), enumName);
  // Where the schemas place those types: participantInfo at participant.info and recordingInfo.initiatedBy,
  // recordingInfo at participant.recordingInfo, mediaStream at participant.mediaStreams: all under a participant.
  assert.is(typeOf(beta, 'participant', 'info'), 'participantInfo');
  assert.is(typeOf(beta, 'participant', 'recordingInfo'), 'recordingInfo');
  assert.is(typeOf(beta, 'recordingInfo', 'initiatedBy'), 'participantInfo');
  assert.is(typeOf(beta, 'participant', 'mediaStreams'), 'mediaStream');
  for (const [name, type] of beta.types) {
    for (const p of type.properties) {
      const target = referencedName(p.type).name;
      if (['participantInfo', 'recordingInfo', 'mediaStream'].includes(target)) assert.ok(['participant', 'recordingInfo'].includes(name), `${name}.${p.name}`);
    }
  }
});

test('the rule is listed, as an error that locates at the key', () => {
  const rule = rules.find((r) => r.id === 'beta-only');
  assert.ok(rule !== undefined);
  assert.is(rule.severity, 'error');
  assert.is(rule.locate, 'key');
  assert.equal(Object.keys(rule.params).sort(), ['enum', 'member', 'property', 'type']);
});

test('invitationParticipantInfo.endpointType in a request, on both paths', () => {
  const request = example('example-2.request.json');
  at(request, 'participants', 1)['endpointType'] = 'voicemail';
  expectBoth('invite-request', request, [`/participants/1/endpointType ${property('invitationParticipantInfo', 'endpointType')}`]);
});

test('invitationParticipantInfo.endpointType in an operation, and in the operation a notification carries', () => {
  const operation = example('example-1.response.json');
  at(operation, 'participants', 0)['endpointType'] = 'default';
  expectBoth('invite-operation', operation, [`/participants/0/endpointType ${property('invitationParticipantInfo', 'endpointType')}`]);
  const completed = example('example-2.notification-completed.json');
  at(completed, 'value', 0, 'resourceData', 'participants', 0)['endpointType'] = 'skypeForBusiness';
  expectBoth('comms-notifications', completed, [`/value/0/resourceData/participants/0/endpointType ${property('invitationParticipantInfo', 'endpointType')}`]);
});

/** Every beta-only property and member of a participant, set on one participant. */
function betaOnlyParticipant(participant: Json): void {
  participant['isIdentityAnonymized'] = false;
  participant['preferredDisplayName'] = 'Priya';
  participant['syntheticMediaDetection'] = { detectionId: 'd1', syntheticConfidence: 0.1 };
  const info = participant['info'] as Json;
  info['platformId'] = '0';
  info['nonAnonymizedIdentity'] = { user: { id: 'u1' } };
  participant['recordingInfo'] = { recordingStatus: 'recording', initiatedBy: { identity: { user: { id: 'u2' } }, platformId: '1', nonAnonymizedIdentity: { user: { id: 'u3' } } } };
  (participant['mediaStreams'] as Json[])[0] = { ...(participant['mediaStreams'] as Json[])[0], mediaType: 'unknown' };
}

function participantFindings(prefix: string): string[] {
  return [
    `${prefix}/isIdentityAnonymized ${property('participant', 'isIdentityAnonymized')}`,
    `${prefix}/preferredDisplayName ${property('participant', 'preferredDisplayName')}`,
    `${prefix}/syntheticMediaDetection ${property('participant', 'syntheticMediaDetection')}`,
    `${prefix}/info/nonAnonymizedIdentity ${property('participantInfo', 'nonAnonymizedIdentity')}`,
    `${prefix}/info/platformId ${property('participantInfo', 'platformId')}`,
    `${prefix}/recordingInfo/initiatedBy ${property('recordingInfo', 'initiatedBy')}`,
    `${prefix}/recordingInfo/initiatedBy/nonAnonymizedIdentity ${property('participantInfo', 'nonAnonymizedIdentity')}`,
    `${prefix}/recordingInfo/initiatedBy/platformId ${property('participantInfo', 'platformId')}`,
    `${prefix}/mediaStreams/0/mediaType ${member('modality', 'unknown')}`,
  ];
}

test('a roster participant: its own properties, its info, its recordingInfo and the initiatedBy in it, its media streams', () => {
  const roster = example('example-2.notification-roster.json');
  betaOnlyParticipant(at(roster, 'value', 0, 'resourceData', 1));
  expectBoth('comms-notifications', roster, participantFindings('/value/0/resourceData/1'));
});

test('a participant of a delta roster', () => {
  const delta = structuredClone(readSample(listSamples('valid').find((s) => s.name === 'delta-roster.notification-roster.json') as never)) as Json;
  betaOnlyParticipant(at(delta, 'value', 0, 'resourceData', 'participants', 0));
  expectBoth('comms-notifications', delta, participantFindings('/value/0/resourceData/participants/0'));
});

test('beta-only properties holding null are not reported; members of v1.0 are not', () => {
  const roster = example('example-1.notification-roster.json');
  const participant = at(roster, 'value', 0, 'resourceData', 0);
  participant['isIdentityAnonymized'] = null;
  participant['syntheticMediaDetection'] = null;
  (participant['info'] as Json)['platformId'] = null;
  participant['recordingInfo'] = { recordingStatus: 'notRecording', initiatedBy: null };
  expectBoth('comms-notifications', roster, []);
  const response = example('example-1.response.json');
  assert.is(at(response, 'participants', 0)['endpointType'], null, 'the v1.0 page itself sends endpointType: null');
  expectBoth('invite-operation', response, []);
});

test("both profiles' documented examples have no errors under their own profile; the beta examples' beta-only content is null and passes v1.0", () => {
  for (const folder of ['documented', 'documented-v1.0'] as const) {
    const samples = listSamples(folder);
    assert.ok(samples.length >= 12, folder);
    for (const sample of samples) {
      const kind = sampleKind(sample) ?? undefined;
      const result = validate(readSample(sample), { ...(kind === undefined ? {} : { kind }), apiVersion: folderApiVersion(folder) });
      assert.ok(result.valid, `${folder}/${sample.name}`);
    }
  }
  // The beta page's only beta-only content: endpointType, null, on the invited participants of its responses.
  const nulls: string[] = [];
  for (const sample of listSamples('documented')) {
    const value = readSample(sample);
    if (sampleKind(sample) !== 'invite-operation') continue;
    for (const [index, participant] of ((value as Json)['participants'] as Json[]).entries()) {
      if (Object.hasOwn(participant, 'endpointType')) nulls.push(`${sample.name} ${index} ${String(participant['endpointType'])}`);
    }
    assert.ok(validate(value, { kind: 'invite-operation', apiVersion: 'v1.0' }).valid, sample.name);
  }
  assert.equal(nulls, ['example-1.response.json 0 null', 'example-2.response.json 0 null', 'example-2.response.json 1 null', 'example-3.response.json 0 null', 'example-4.response.json 0 null']);
});

test('the v1.0 invalid samples break only what beta adds: beta accepts them', () => {
  const samples = listSamples('invalid/v1.0');
  assert.ok(samples.length >= 3);
  for (const sample of samples) {
    const kind = sampleKind(sample) ?? undefined;
    const options = kind === undefined ? {} : { kind };
    const value = readSample(sample);
    assert.equal(validate(value, options).problems, [], sample.name);
    assert.equal(validate(value, { ...options, apiVersion: 'v1.0' }).problems.map((p) => p.ruleId), ['beta-only'], sample.name);
  }
});

test('the guards and parseCommsNotifications take the profile; their old signatures still work', () => {
  const request = example('example-1.request.json');
  at(request, 'participants', 0)['endpointType'] = 'voicemail';
  assert.ok(isInviteRequest(request));
  assert.ok(isInviteRequest(request, {}));
  assert.ok(isInviteRequest(request, { apiVersion: 'beta' }));
  assert.not.ok(isInviteRequest(request, { apiVersion: 'v1.0' }));
  assertInviteRequest(request);
  try {
    assertInviteRequest(request, { apiVersion: 'v1.0' });
    assert.unreachable('v1.0 refuses it');
  } catch (error) {
    assert.instance(error, ContractError);
    assert.equal((error as ContractError).problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.pointer}`), ['beta-only /participants/0/endpointType']);
  }
  const operation = example('example-1.response.json');
  at(operation, 'participants', 0)['endpointType'] = 'default';
  assert.ok(isInviteOperation(operation) && !isInviteOperation(operation, { apiVersion: 'v1.0' }));
  const roster = example('example-1.notification-roster.json');
  (at(roster, 'value', 0, 'resourceData', 0, 'mediaStreams', 0))['mediaType'] = 'unknown';
  assert.ok(isCommsNotifications(roster) && !isCommsNotifications(roster, { apiVersion: 'v1.0' }));
  assertCommsNotifications(roster, { apiVersion: 'beta' });
  const text = JSON.stringify(roster, null, 2);
  assert.ok(parseCommsNotifications(text).ok);
  const parsed = parseCommsNotifications(text, { apiVersion: 'v1.0' });
  assert.not.ok(parsed.ok);
  const problem = parsed.problems.find((p) => p.ruleId === 'beta-only');
  assert.ok(problem !== undefined);
  assert.equal(problem.params, { enum: 'modality', member: 'unknown' });
  // Located at the key: the line of "mediaType".
  const line = text.split('\n').findIndex((l) => l.includes('"mediaType"')) + 1;
  assert.is(problem.line, line);
  assert.is(problem.column, (text.split('\n')[line - 1] as string).indexOf('"mediaType"') + 1);
});

test('a wrong apiVersion is a TypeError naming the option, in every entry', () => {
  const throwsNaming = (run: () => unknown, name: string): void => {
    try {
      run();
      assert.unreachable(`${name} was taken`);
    } catch (error) {
      assert.instance(error, TypeError);
      assert.ok((error as Error).message.includes(name), (error as Error).message);
    }
  };
  for (const wrong of ['v2', 'V1.0', 'v1', 1, null, ['beta']]) {
    throwsNaming(() => validate({}, { apiVersion: wrong as ApiVersion }), 'validate: options.apiVersion');
    throwsNaming(() => validate({}, { kind: 'invite-request', apiVersion: wrong as ApiVersion }), 'validate: options.apiVersion');
    throwsNaming(() => isInviteRequest({}, { apiVersion: wrong as ApiVersion }), 'isInviteRequest: options.apiVersion');
    throwsNaming(() => assertCommsNotifications({}, { apiVersion: wrong as ApiVersion }), 'assertCommsNotifications: options.apiVersion');
    throwsNaming(() => parseCommsNotifications('{}', { apiVersion: wrong as ApiVersion }), 'parseCommsNotifications: options.apiVersion');
    throwsNaming(() => lint({ text: '{}', type: 'payload', apiVersion: wrong as ApiVersion }), 'lint: request.apiVersion');
    throwsNaming(() => lintExchange([], { apiVersion: wrong as ApiVersion }), 'lintExchange: options.apiVersion');
  }
  throwsNaming(() => isInviteRequest({}, { apiVersoin: 'v1.0' } as never), 'isInviteRequest: options has an unknown key');
  throwsNaming(() => isInviteRequest({}, 'v1.0' as never), 'isInviteRequest: options must be a plain object');
  assert.ok(validate({ participants: [] }, { kind: 'invite-request', apiVersion: undefined }).kind === 'invite-request');
});

test('the version of a request target', () => {
  const cases: ReadonlyArray<readonly [string, ApiVersion | undefined]> = [
    ['https://graph.microsoft.com/v1.0/communications/calls/{id}/participants/invite', 'v1.0'],
    ['https://graph.microsoft.com/beta/communications/calls/1/participants/invite', 'beta'],
    ['/v1.0/communications/calls/1/participants/invite', 'v1.0'],
    ['/beta/app/calls/1/participants/invite', 'beta'],
    ['{{baseUrl}}/V1.0/communications/calls/1/participants/invite', 'v1.0'],
    ['/communications/calls/1/participants/invite', undefined],
    ['https://graph.microsoft.com/v2.0/communications/calls/1', undefined],
    ['/v1.0x/communications', undefined],
    ['https://bot.contoso.com/api/calls', undefined],
  ];
  for (const [target, version] of cases) assert.is(apiVersionOfTarget(target), version, target);
});

const v1Request = (path: string): string => `POST ${path}
Content-Type: application/json
Authorization: Bearer x

{"participants":[{"endpointType":"voicemail","identity":{"user":{"id":"u1"}}}]}
`;

const betaOnlyIn = (problems: ReadonlyArray<{ readonly ruleId: string; readonly pointer: string }>): string[] => problems.filter((p) => p.ruleId === 'beta-only').map((p) => p.pointer);

test('an HTTP message takes the profile from its path unless one is given', () => {
  const check = (path: string, apiVersion?: ApiVersion): string[] => betaOnlyIn(lint({ text: v1Request(path), type: 'http', ...(apiVersion === undefined ? {} : { apiVersion }) }).problems);
  assert.equal(check('https://graph.microsoft.com/v1.0/communications/calls/1/participants/invite'), ['/participants/0/endpointType']);
  assert.equal(check('/v1.0/communications/calls/1/participants/invite'), ['/participants/0/endpointType']);
  assert.equal(check('https://graph.microsoft.com/beta/communications/calls/1/participants/invite'), []);
  assert.equal(check('/communications/calls/1/participants/invite'), [], 'no version: beta');
  assert.equal(check('/communications/calls/1/participants/invite', 'v1.0'), ['/participants/0/endpointType'], 'given: it wins');
  assert.equal(check('/v1.0/communications/calls/1/participants/invite', 'beta'), [], 'given beta wins over the path');
  // A payload has no path: beta unless told.
  const body = '{"participants":[{"endpointType":"voicemail","identity":{"user":{"id":"u1"}}}]}';
  assert.equal(betaOnlyIn(lint({ text: body, type: 'payload', kind: 'invite-request' }).problems), []);
  assert.equal(betaOnlyIn(lint({ text: body, type: 'payload', kind: 'invite-request', apiVersion: 'v1.0' }).problems), ['/participants/0/endpointType']);
});

/** A page of two exchanges: the first request names its version, the second's path names none. */
function page(version: string): string {
  const block = (annotation: string, language: string, content: string): string => `<!-- ${annotation} -->\n\`\`\`${language}\n${content}\n\`\`\`\n`;
  const request = (path: string): string => block('{ "blockType": "request", "name": "x" }', 'http', `POST ${path}\nContent-Type: application/json\n\n{"participants":[{"identity":{"user":{"id":"u1"}}}],"clientContext":"c"}`);
  const response = block(
    '{ "blockType": "response", "@odata.type": "microsoft.graph.inviteParticipantsOperation" }',
    'http',
    'HTTP/1.1 200 OK\nContent-Type: application/json\nLocation: https://graph.microsoft.com/v1.0/communications/calls/1/operations/o1\n\n{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"o1","status":"running","clientContext":"c","participants":[{"endpointType":"voicemail","identity":{"user":{"id":"u1"}}}]}',
  );
  const roster = block(
    '{ "blockType": "example", "@odata.type": "microsoft.graph.commsNotifications" }',
    'json',
    '{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/1/participants","resourceData":[{"id":"p1","info":{"identity":{"user":{"id":"u1"}},"platformId":"0"},"isInLobby":false,"isMuted":false}]}]}',
  );
  return [`# participant: invite\n`, request(`https://graph.microsoft.com/${version}/communications/calls/1/participants/invite`), response, roster, request('/communications/calls/1/participants/invite'), response].join('\n');
}

test("a page: each request's path gives its exchange's profile; a request with none takes the previous one's; a given profile wins", () => {
  const lines = (text: string, apiVersion?: ApiVersion): number[] =>
    lint({ text, type: 'page', ...(apiVersion === undefined ? {} : { apiVersion }) }).problems.filter((p) => p.ruleId === 'beta-only').map((p) => p.line);
  const v1Page = page('v1.0');
  const found = lines(v1Page);
  // Both responses' endpointType and the roster's platformId.
  assert.is(found.length, 3, JSON.stringify(found));
  assert.equal(lines(page('beta')), []);
  assert.equal(lines(page('beta'), 'v1.0'), found, 'given v1.0 wins over the paths');
  assert.equal(lines(v1Page, 'beta'), [], 'given beta wins over the paths');
  // The report names the profile when the page used one; a page whose exchanges used two names none.
  assert.is(lint({ text: v1Page, type: 'page' }).apiVersion, 'v1.0');
  assert.is(lint({ text: page('beta'), type: 'page' }).apiVersion, 'beta');
  assert.is(lint({ text: v1Page, type: 'page', apiVersion: 'beta' }).apiVersion, 'beta');
  const mixed = `${v1Page}\n${page('beta')}`;
  assert.is(lint({ text: mixed, type: 'page' }).apiVersion, undefined);
  assert.is(lint({ text: '# no blocks', type: 'page' }).apiVersion, 'beta');
});

test("an exchange: the response and notifications take the request's profile", () => {
  const response = '{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"o1","status":"running","participants":[{"endpointType":"voicemail","identity":{"user":{"id":"u1"}}}]}';
  const files = (path: string): Array<{ name: string; text: string }> => [
    { name: 'request.http', text: v1Request(path).replace('"endpointType":"voicemail",', '') },
    { name: 'response.json', text: response },
  ];
  const found = (path: string, apiVersion?: ApiVersion): string[] =>
    lintExchange(files(path), apiVersion === undefined ? {} : { apiVersion }).files.flatMap((file) => betaOnlyIn(file.report.problems).map((pointer) => `${file.name} ${pointer}`));
  assert.equal(found('https://graph.microsoft.com/v1.0/communications/calls/1/participants/invite'), ['response.json /participants/0/endpointType']);
  assert.equal(found('https://graph.microsoft.com/beta/communications/calls/1/participants/invite'), []);
  assert.equal(found('/communications/calls/1/participants/invite'), []);
  assert.equal(found('/communications/calls/1/participants/invite', 'v1.0'), ['response.json /participants/0/endpointType']);
  assert.equal(found('https://graph.microsoft.com/v1.0/communications/calls/1/participants/invite', 'beta'), []);
});

test.run();
