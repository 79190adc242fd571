/**
 * The converters of graph-invite-contract/convert: their structural Graph* shapes against Microsoft's beta
 * typings (a devDependency only), compiled both ways, and what they do at run time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validate } from '../src/index.js';
import {
  invitationFromGraph,
  invitationToGraph,
  inviteOperationFromGraph,
  inviteOperationToGraph,
  inviteRequestFromGraph,
  operationStatusFromGraph,
  operationStatusToGraph,
  type GraphInvitationParticipantInfo,
  type GraphInviteParticipantsOperation,
} from '../src/api/convert.js';
import type { InviteParticipantsOperation, OperationStatus } from '../generated/types.js';
import { packageRoot } from '../src/paths.js';
import { typeDiagnostics } from './types-check.js';

/** Type-checks a module placed in test/, in memory, under the project's strict options. */
const diagnostics = (source: string): string[] => typeDiagnostics(join(packageRoot, 'test', '__convert_typecheck__.ts'), source);

const header = `import type * as graph from '@microsoft/microsoft-graph-types-beta';
import * as convert from '../src/api/convert.js';
import type { InvitationParticipantInfoInit, InviteParticipantsOperation, InviteRequestInit, OperationStatus } from '../generated/types.js';
`;

test("the Graph* shapes are Microsoft's typings, and the converters go both ways", () => {
  const source = `${header}
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const same: [
  Same<graph.OperationStatus, convert.GraphOperationStatus>,
  Same<graph.Identity, convert.GraphIdentity>,
  Same<graph.IdentitySet, convert.GraphIdentitySet>,
  Same<graph.CommunicationsIdentitySet, convert.GraphCommunicationsIdentitySet>,
  Same<graph.InvitationParticipantInfo, convert.GraphInvitationParticipantInfo>,
  Same<graph.ResultInfo, convert.GraphResultInfo>,
  Same<graph.CommsOperation, convert.GraphCommsOperation>,
  Same<graph.InviteParticipantsOperation, convert.GraphInviteParticipantsOperation>,
] = [true, true, true, true, true, true, true, true];
// Each communications*Identity subtype's own properties are declared on GraphIdentity.
type None<T extends never> = T;
export type SubtypesCovered = None<Exclude<
  | keyof graph.CommunicationsUserIdentity
  | keyof graph.CommunicationsGuestIdentity
  | keyof graph.CommunicationsApplicationIdentity
  | keyof graph.CommunicationsApplicationInstanceIdentity
  | keyof graph.AzureCommunicationServicesUserIdentity,
  keyof convert.GraphIdentity
>>;

declare const theirInvitee: graph.InvitationParticipantInfo;
declare const theirOperation: graph.InviteParticipantsOperation;
export const invitee: InvitationParticipantInfoInit = convert.invitationFromGraph(theirInvitee);
export const request: InviteRequestInit = convert.inviteRequestFromGraph([theirInvitee], 'context');
export const operation: InviteParticipantsOperation = convert.inviteOperationFromGraph(theirOperation);
export const inviteeBack: graph.InvitationParticipantInfo = convert.invitationToGraph(invitee);
export const operationBack: graph.InviteParticipantsOperation = convert.inviteOperationToGraph(operation);
export const status: graph.OperationStatus = convert.operationStatusToGraph('running');
export const wire: OperationStatus = convert.operationStatusFromGraph('Running');
`;
  assert.equal(diagnostics(source), []);
});

test('without a converter the shapes do not meet: status casing, required properties', () => {
  const cases = [
    // The typings make identity optional; the contract requires it.
    'declare const x: graph.InvitationParticipantInfo; export const y: InvitationParticipantInfoInit = x;',
    // The typings make id and status optional; the contract requires them.
    'declare const x: graph.InviteParticipantsOperation; export const y: InviteParticipantsOperation = x;',
    // Webhooks send camelCase; the typings know PascalCase only.
    "export const y: graph.OperationStatus = 'running';",
    'declare const x: OperationStatus; export const y: graph.OperationStatus = x;',
    // The typings' id is a string; the contract's may be null, as the documented examples send it.
    'declare const x: InviteParticipantsOperation; export const y: graph.InviteParticipantsOperation = x;',
  ];
  // One program for all (each program costs a checker of its own): each case is a namespace of its own, and
  // owns the diagnostics that start inside it. A case that compiles, last, shows that a clean one owns none.
  const control = 'declare const x: graph.OperationStatus; export const y: OperationStatus = convert.operationStatusFromGraph(x);';
  let source = header;
  const ranges = [...cases, control].map((line, index) => {
    const start = source.length;
    source += `namespace case${index} { ${line} }\n`;
    return { line, start, end: source.length };
  });
  const file = /__convert_typecheck__\.ts:(\d+) /;
  const starts = diagnostics(source).flatMap((text) => {
    const at = file.exec(text)?.[1];
    return at === undefined ? [] : [Number(at)];
  });
  const owned = ({ start, end }: { start: number; end: number }): number => starts.filter((at) => at >= start && at < end).length;
  for (const range of ranges.slice(0, -1)) assert.ok(owned(range) > 0, `compiled: ${range.line}`);
  assert.is(owned(ranges.at(-1) as (typeof ranges)[number]), 0, `did not compile: ${control}`);
  assert.is(starts.length, ranges.slice(0, -1).reduce((sum, range) => sum + owned(range), 0), 'a diagnostic outside every case');
});

const sample = (name: string): unknown => JSON.parse(readFileSync(join(packageRoot, 'samples', 'documented', name), 'utf8'));

test('status: PascalCase for the typings, camelCase back; anything else is a TypeError', () => {
  const statuses: OperationStatus[] = ['notStarted', 'running', 'completed', 'failed', 'NotStarted', 'Running', 'Completed', 'Failed'];
  assert.equal(statuses.map(operationStatusToGraph), ['NotStarted', 'Running', 'Completed', 'Failed', 'NotStarted', 'Running', 'Completed', 'Failed']);
  assert.equal((['NotStarted', 'Running', 'Completed', 'Failed'] as const).map(operationStatusFromGraph), ['notStarted', 'running', 'completed', 'failed']);
  assert.throws(() => operationStatusToGraph('paused' as OperationStatus), (error: unknown) => error instanceof TypeError);
  assert.throws(() => operationStatusFromGraph('running' as 'Running'), (error: unknown) => error instanceof TypeError);
  assert.throws(() => operationStatusFromGraph('toString' as 'Running'), (error: unknown) => error instanceof TypeError);
});

test('an operation goes to the typings and back, valid, without touching its argument', () => {
  const response = sample('example-1.response.json') as InviteParticipantsOperation;
  const before = JSON.stringify(response);
  const theirs = inviteOperationToGraph(response);
  assert.is(JSON.stringify(response), before);
  assert.is(theirs.status, 'Running');
  assert.not.ok('@odata.type' in theirs);
  // The documented invitee carries "id": null, which invitationParticipantInfo does not declare.
  assert.equal(theirs.participants?.[0], {
    identity: { user: { id: '278405a3-f568-4b3e-b684-009193463064', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' }, application: null, device: null, phone: null },
    replacesCallId: 'a7ebfb2d-871e-419c-87af-27290b22e8db',
    endpointType: null,
  });
  const back = inviteOperationFromGraph(theirs);
  assert.is(back['@odata.type'], '#microsoft.graph.inviteParticipantsOperation');
  assert.is(back.status, 'running');
  const result = validate(back, { kind: 'invite-operation' });
  assert.equal(result.problems.filter((p) => p.severity === 'error'), []);
  assert.ok(result.valid);
  // The PascalCase status the documented response carries draws a warning; the converted one does not.
  const casing = (value: unknown): string[] => validate(value, { kind: 'invite-operation' }).problems.map((p) => p.ruleId).filter((id) => id.includes('casing'));
  assert.ok(casing(response).length > 0);
  assert.equal(casing(back), []);
});

test("a null id is left out for the typings; the typings' missing id or status is a TypeError", () => {
  const operation: InviteParticipantsOperation = { id: null, status: 'completed', resultInfo: { code: 200, subcode: 0 } };
  assert.equal(inviteOperationToGraph(operation), { status: 'Completed', resultInfo: { code: 200, subcode: 0 } });
  const noStatus: GraphInviteParticipantsOperation = { id: 'o1' };
  const noId: GraphInviteParticipantsOperation = { status: 'Running' };
  assert.throws(() => inviteOperationFromGraph(noStatus), (error: unknown) => error instanceof TypeError && /status/.test(error.message));
  assert.throws(() => inviteOperationFromGraph(noId), (error: unknown) => error instanceof TypeError && /id/.test(error.message));
});

test('invitees of the typings become a valid request; one without an identity set is a TypeError naming it', () => {
  const theirs: GraphInvitationParticipantInfo[] = [
    { identity: { user: { id: 'u1', displayName: null } }, hidden: false },
    { identity: { application: { id: 'a1' } }, removeFromDefaultAudioRoutingGroup: true },
  ];
  const request = inviteRequestFromGraph(theirs, 'ctx');
  assert.equal(request, {
    participants: [
      { identity: { user: { id: 'u1', displayName: null } }, hidden: false },
      { identity: { application: { id: 'a1' } }, removeFromDefaultAudioRoutingGroup: true },
    ],
    clientContext: 'ctx',
  });
  assert.ok(validate(request, { kind: 'invite-request' }).valid);
  assert.not.ok('clientContext' in inviteRequestFromGraph(theirs));
  assert.throws(
    () => inviteRequestFromGraph([theirs[0] as GraphInvitationParticipantInfo, { hidden: true }]),
    (error: unknown) => error instanceof TypeError && error.message.startsWith('participants[1].identity'),
  );
  assert.throws(() => invitationFromGraph({ identity: 'u1' } as unknown as GraphInvitationParticipantInfo), (error: unknown) => error instanceof TypeError);
  assert.throws(() => inviteRequestFromGraph('u1' as unknown as GraphInvitationParticipantInfo[]), (error: unknown) => error instanceof TypeError);
  // To the typings: the annotations and undeclared keys stay behind.
  const documented = sample('example-1.request.json') as { participants: Parameters<typeof invitationToGraph>[0][] };
  assert.equal(documented.participants.map(invitationToGraph), [
    { identity: { user: { id: '278405a3-f568-4b3e-b684-009193463064' } }, replacesCallId: 'a7ebfb2d-871e-419c-87af-27290b22e8db' },
  ]);
});

test.run();
