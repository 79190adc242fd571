import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint, rules, validate, type Kind, type Problem } from '../src/index.js';
import { odataTypeTest } from '../src/contract/kinds.js';

const requestBody = (participants: unknown[]): Record<string, unknown> => ({ participants, clientContext: 'c-1' });
const user = (id: string) => ({ identity: { user: { id } } });
const ids = (problems: readonly Problem[]) => problems.map((p) => `${p.ruleId} ${p.pointer}`);

test('the kind comes from the root @odata.type, with or without #, in any case', () => {
  for (const type of ['#microsoft.graph.commsNotifications', 'microsoft.graph.commsNotifications', '#Microsoft.Graph.CommsNotifications']) {
    const result = validate({ '@odata.type': type, value: [] });
    assert.is(result.kind, 'comms-notifications', type);
    assert.equal(result.problems, []);
  }
  assert.is(validate({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'o', status: 'running', participants: [] }).kind, 'invite-operation');
});

test('an @odata.type names a type in any case, with or without #, and nothing longer, shorter or else', () => {
  const isParticipant = odataTypeTest('#microsoft.graph.participant');
  for (const type of ['#microsoft.graph.participant', 'microsoft.graph.participant', '#Microsoft.Graph.Participant', 'MICROSOFT.GRAPH.PARTICIPANT']) assert.ok(isParticipant(type), type);
  for (const type of ['#microsoft.graph.participants', '#microsoft.graph.participan', '##microsoft.graph.participant', '#microsoft.graph.participantInfo', '', '#', ' #microsoft.graph.participant']) assert.not.ok(isParticipant(type), type);
  assert.ok(odataTypeTest('microsoft.graph.commsNotification')('#microsoft.graph.commsNotification'));
});

test('an unknown kind is one error that says how to name it, never a guess from the shape', () => {
  const shapeOfRequest = validate(requestBody([user('u')]));
  assert.is(shapeOfRequest.kind, null);
  assert.equal(ids(shapeOfRequest.problems), ['kind-unknown ']);
  assert.match(shapeOfRequest.problems[0]?.message ?? '', /--kind/);
  const odd = validate({ '@odata.type': '#microsoft.graph.call' });
  assert.equal(ids(odd.problems), ['kind-unknown /@odata.type']);
  for (const root of [[], 'text', 42, null, true]) {
    const result = validate(root);
    assert.equal(ids(result.problems), ['kind-unknown '], JSON.stringify(root));
    assert.is(result.valid, false);
  }
});

test('a legacy calling callback is named as such', () => {
  const legacy = { id: 'c', callState: 'established', presentedModalityTypes: ['audio'] };
  assert.equal(ids(validate(legacy, { kind: 'comms-notifications' }).problems), ['legacy-calling-format /callState']);
  assert.match(validate(legacy).problems[0]?.message ?? '', /legacy/);
});

test('an @odata.type of another kind is a kind-mismatch', () => {
  const result = validate({ '@odata.type': '#microsoft.graph.commsNotifications', value: [] }, { kind: 'invite-operation' });
  assert.ok(ids(result.problems).includes('kind-mismatch /@odata.type'));
});

test('valid is false exactly when some problem is an error', () => {
  const warningsOnly = validate(requestBody([{ ...user('u'), id: null }]), { kind: 'invite-request' });
  assert.ok(warningsOnly.problems.length > 0);
  assert.is(warningsOnly.valid, true);
  const withError = validate(requestBody([]), { kind: 'invite-request' });
  assert.is(withError.valid, false);
});

test('participants missing, null, not an array or empty are participants-required', () => {
  for (const [body, pointer] of [
    [{}, ''],
    [{ participants: null }, '/participants'],
    [{ participants: {} }, '/participants'],
    [{ participants: [] }, '/participants'],
  ] as const) {
    assert.equal(ids(validate(body, { kind: 'invite-request' }).problems), [`participants-required ${pointer}`], JSON.stringify(body));
  }
});

test('limits: 5 participants and 256 characters pass, one more fails', () => {
  const five = Array.from({ length: 5 }, (_, i) => user(`u${i}`));
  assert.equal(validate({ participants: five, clientContext: 'x'.repeat(256) }, { kind: 'invite-request' }).problems, []);
  assert.equal(ids(validate({ participants: [...five, user('u5')] }, { kind: 'invite-request' }).problems), ['participants-limit /participants']);
  // Characters, not UTF-16 units: 256 emoji are 512 units and still within the limit.
  assert.equal(validate({ participants: five, clientContext: '😀'.repeat(256) }, { kind: 'invite-request' }).problems, []);
  assert.equal(ids(validate({ participants: five, clientContext: 'x'.repeat(257) }, { kind: 'invite-request' }).problems), ['client-context-length /clientContext']);
});

test('first-participant-only is said once, at the second participant', () => {
  const body = requestBody([{ ...user('a'), replacesCallId: 'c' }, user('b'), user('c')]);
  assert.equal(ids(validate(body, { kind: 'invite-request' }).problems), ['first-participant-only /participants/1']);
  const single = requestBody([{ ...user('a'), participantId: 'p' }]);
  assert.equal(validate(single, { kind: 'invite-request' }).problems, []);
});

test('an "X or null" property that is neither reports one problem naming both', () => {
  const result = validate(requestBody([{ identity: { user: 5, phone: { id: '+14255550100' } } }]), { kind: 'invite-request' });
  assert.equal(ids(result.problems), ['type-mismatch /participants/0/identity/user']);
  assert.match(result.problems[0]?.message ?? '', /object or null/);
});

test('null on a non-null property is not-nullable', () => {
  const result = validate(requestBody([{ identity: null }]), { kind: 'invite-request' });
  assert.equal(ids(result.problems), ['not-nullable /participants/0/identity']);
});

test('enum casing gets a hint; status accepts both casings and warns on PascalCase', () => {
  const notification = { '@odata.type': '#microsoft.graph.commsNotifications', value: [{ changeType: 'Updated', resourceUrl: '/communications/calls/c' }] };
  const result = validate(notification);
  assert.equal(ids(result.problems), ['enum-member /value/0/changeType']);
  assert.equal(result.problems[0]?.params, { allowed: ['created', 'updated', 'deleted', 'unknownFutureValue'], found: 'Updated', near: 'updated', cause: 'sdk-pascal-case' });
  const op = (status: string) => validate({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'o', status, participants: [] });
  assert.equal(op('running').problems, []);
  assert.equal(ids(op('Running').problems), ['status-casing /status']);
  // Not a member in any casing: the enum error alone.
  assert.equal(ids(op('Done').problems), ['enum-member /status']);
});

test('pointers escape ~ and / in keys (RFC 6901)', () => {
  const result = validate(requestBody([{ identity: { 'a/b~c': { id: 1 }, user: { id: 'u' } } }]), { kind: 'invite-request' });
  assert.equal(ids(result.problems), ['identity-key-unknown /participants/0/identity/a~1b~0c']);
  const phone = validate(requestBody([{ identity: { phone: { id: '12' } } }]), { kind: 'invite-request' });
  assert.equal(ids(phone.problems), ['phone-e164 /participants/0/identity/phone/id']);
  const escaped = validate(
    { '@odata.type': '#microsoft.graph.commsNotifications', value: [{ changeType: 'updated', resourceUrl: '/communications/calls/c/participants', resourceData: [{ info: { identity: { 'x/y': { id: 'i' } } }, 'm~n': 1, isMuted: 'no' }] }] },
  );
  assert.equal(ids(escaped.problems).sort(), ['identity-key-unknown /value/0/resourceData/0/info/identity/x~1y', 'type-mismatch /value/0/resourceData/0/isMuted']);
});

test('an object under an @ key of an identity set is an annotation: no identity rule looks at it, and it does not fill the set', () => {
  const annotated = { '@odata.type': '#microsoft.graph.communicationsIdentitySet', '@vendor.extra': { '@odata.type': '#microsoft.graph.communicationsPhoneIdentity', id: '555-0100', tenantId: 't', identityProvider: 'x' } };
  // Nothing but the annotation: the set is empty, and the phone-looking object inside is not checked.
  assert.equal(ids(validate(requestBody([{ identity: annotated }]), { kind: 'invite-request' }).problems), ['identity-set-empty /participants/0/identity']);
  // The same object under a real key is an identity, and every identity rule sees it.
  const { '@vendor.extra': extra, ...set } = annotated;
  assert.equal(ids(validate(requestBody([{ identity: { ...set, phone: extra } }]), { kind: 'invite-request' }).problems).sort(), [
    'identity-property-undeclared /participants/0/identity/phone/tenantId',
    'identity-provider-undeclared /participants/0/identity/phone/identityProvider',
    'phone-e164 /participants/0/identity/phone/id',
  ]);
});

test("identity-set-empty: an invitation's identity and a roster participant's info must name someone; who started a recording and a non-anonymized identity may not", () => {
  const roster = (participant: Record<string, unknown>): unknown => ({
    value: [{ changeType: 'updated', resourceUrl: '/communications/calls/c1/participants', resourceData: [{ id: 'p1', isMuted: false, isInLobby: false, info: { identity: { user: { id: 'u1' } } }, ...participant }] }],
  });
  const problemsOf = (participant: Record<string, unknown>): string[] => ids(validate(roster(participant), { kind: 'comms-notifications' }).problems);
  assert.equal(problemsOf({}), []);
  assert.equal(problemsOf({ info: { identity: { user: null }, nonAnonymizedIdentity: {} } }), ['identity-set-empty /value/0/resourceData/0/info/identity']);
  assert.equal(problemsOf({ info: { identity: { user: { id: 'u1' } }, nonAnonymizedIdentity: { user: null } } }), []);
  assert.equal(problemsOf({ recordingInfo: { recordingStatus: 'recording', initiator: { user: null } } }), []);
  // Who started a recording may be withheld alike, by initiator or by initiatedBy.
  assert.equal(problemsOf({ recordingInfo: { recordingStatus: 'recording', initiatedBy: { identity: {} } } }), []);
  assert.equal(ids(validate(requestBody([{ identity: { '@odata.type': '#microsoft.graph.identitySet' } }]), { kind: 'invite-request' }).problems), ['identity-set-empty /participants/0/identity']);
});

test('request-parameter-unknown: annotations of the body or of a parameter and .NET $ keys are let by; a parameter in another case is named', () => {
  const annotated = { participants: [{ identity: { user: { id: 'u1' } } }], 'participants@odata.type': '#Collection(microsoft.graph.invitationParticipantInfo)', '@odata.type': '#x', $id: '1' };
  assert.equal(ids(validate(annotated, { kind: 'invite-request' }).problems), []);
  const pascal = validate({ Participants: [{ identity: { user: { id: 'u1' } } }] }, { kind: 'invite-request' }).problems.filter((problem) => problem.ruleId === 'request-parameter-unknown');
  assert.equal(pascal.map((problem) => [problem.pointer, problem.params['near']]), [['/Participants', 'participants']]);
  assert.match(pascal[0]?.message ?? '', /whose parameter is participants \(names are case-sensitive\)/);
});

test('odata-type-mismatch: the response root, an invitation and a roster participant typed as another type; the # and case are not judged, and other kinds are kind-mismatch', () => {
  const operation = (type: string): unknown => ({ '@odata.type': type, id: 'o1', status: 'running', participants: [{ identity: { user: { id: 'u1' } } }] });
  const errors = (value: unknown, kind: Kind): string[] => ids(validate(value, { kind }).problems.filter((problem) => problem.severity === 'error'));
  assert.equal(errors(operation('#microsoft.graph.playPromptOperation'), 'invite-operation'), ['odata-type-mismatch /@odata.type']);
  assert.equal(errors(operation('#microsoft.graph.participant'), 'invite-operation'), ['odata-type-mismatch /@odata.type']);
  assert.equal(errors(operation('Microsoft.Graph.InviteParticipantsOperation'), 'invite-operation'), []);
  assert.equal(errors(operation('#microsoft.graph.commsNotifications'), 'invite-operation'), ['kind-mismatch /@odata.type']);
  assert.equal(errors(requestBody([{ '@odata.type': '#microsoft.graph.participantInfo', identity: { user: { id: 'u1' } } }]), 'invite-request'), ['odata-type-mismatch /participants/0/@odata.type']);
  const roster = { value: [{ changeType: 'updated', resourceUrl: '/communications/calls/c1/participants', resourceData: [{ '@odata.type': '#microsoft.graph.participantInfo', id: 'p1', isMuted: false, isInLobby: false, info: { identity: { user: { id: 'u1' } } } }] }] };
  assert.equal(errors(roster, 'comms-notifications'), ['odata-type-mismatch /value/0/resourceData/0/@odata.type']);
  // An array of another resource altogether is no roster: resource-data-shape's to judge, not a type mix-up.
  const sessions = { value: [{ changeType: 'updated', resourceUrl: '/communications/calls/c1/contentSharingSessions', resourceData: [{ '@odata.type': '#microsoft.graph.contentSharingSession', id: 's1' }] }] };
  assert.not.ok(ids(validate(sessions, { kind: 'comms-notifications' }).problems).some((problem) => problem.startsWith('odata-type-mismatch')));
  // Another operation in a notification is read as a commsOperation: its type is no mismatch.
  const other = { value: [{ changeType: 'deleted', resourceUrl: '/communications/calls/c1/operations/o1', resourceData: { '@odata.type': '#microsoft.graph.playPromptOperation', id: 'o1', status: 'completed' } }] };
  assert.equal(errors(other, 'comms-notifications'), []);
});

test('__proto__ and constructor keys are data, and hostile values never throw', () => {
  const proto = JSON.parse('{"participants":[{"identity":{"__proto__":{"id":"x"},"constructor":{"id":"y"}}}],"__proto__":{"polluted":true}}') as unknown;
  const result = validate(proto, { kind: 'invite-request' });
  // Identity kinds named __proto__ and constructor are reported like any unknown kind, a body key named
  // __proto__ like any key that is no parameter, and nothing else happens.
  assert.equal(ids(result.problems), ['request-parameter-unknown /__proto__', 'identity-key-unknown /participants/0/identity/__proto__', 'identity-key-unknown /participants/0/identity/constructor']);
  assert.is(({} as Record<string, unknown>)['polluted'], undefined);
  const deep = JSON.parse(`{"participants":${'['.repeat(50000)}${']'.repeat(50000)}}`) as unknown;
  assert.not.throws(() => validate(deep, { kind: 'invite-request' }));
  const deepEnum = JSON.parse(`{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"changeType":${'['.repeat(50000)}${']'.repeat(50000)}}]}`) as unknown;
  assert.not.throws(() => validate(deepEnum));
});

test('a payload with hundreds of thousands of problems is reported, not a stack overflow', async () => {
  const many = validate({ participants: Array.from({ length: 200_000 }, () => 1) }, { kind: 'invite-request' });
  assert.is(many.problems.length, 200_001);
  const { lint } = await import('../src/lint/lint.js');
  const text = JSON.stringify({ '@odata.type': '#microsoft.graph.commsNotifications', value: Array.from({ length: 150_000 }, () => 1) });
  const linted = await lint({ text: text, type: 'payload', kind: undefined, maxProblems: Number.POSITIVE_INFINITY });
  assert.is(linted.problems.length, 150_000);
  assert.ok(linted.problems.every((p) => p.line === 1 && p.column > 1));
});

test('pointers stay exact when problems jump between depths and between payloads', () => {
  const participant = (id: string | null, provider: boolean) => ({ id, info: { identity: { user: provider ? { id: 'u', identityProvider: 'AAD' } : { id: 'u' } } } });
  const notification = (resource: string, roster: unknown[]) => ({ changeType: 'updated', resource, resourceData: roster });
  const batch = {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      notification('/app/calls/c/participants', [participant(null, true), participant('p', false), participant('q', true)]),
      notification('/communications/calls/c/participants', [participant('r', true)]),
      notification('/app/calls/c/participants', [participant(null, false)]),
    ],
  };
  const expected = [
    'deprecated-app-path /value/0/resource',
    'entity-id-null /value/0/resourceData/0/id',
    'identity-provider-undeclared /value/0/resourceData/0/info/identity/user/identityProvider',
    'identity-provider-undeclared /value/0/resourceData/2/info/identity/user/identityProvider',
    'identity-provider-undeclared /value/1/resourceData/0/info/identity/user/identityProvider',
    'deprecated-app-path /value/2/resource',
    'entity-id-null /value/2/resourceData/0/id',
  ];
  assert.equal(ids(validate(batch).problems), expected);
  // Another payload in between, with problems on other paths, then the same one again.
  assert.equal(ids(validate(requestBody([{ identity: { usr: { id: 'u' } } }, { identity: { phone: { id: '12' } } }]), { kind: 'invite-request' }).problems), [
    'identity-key-unknown /participants/0/identity/usr',
    'phone-e164 /participants/1/identity/phone/id',
  ]);
  assert.equal(ids(validate(batch).problems), expected);
});

test('notification rules: resource-missing, resource-data-shape, paths', () => {
  const wrap = (n: Record<string, unknown>) => validate({ '@odata.type': '#microsoft.graph.commsNotifications', value: [n] });
  assert.equal(ids(wrap({ changeType: 'updated' }).problems), ['resource-missing /value/0']);
  const op = { id: 'op1', status: 'completed', participants: [] };
  assert.equal(wrap({ changeType: 'deleted', resourceUrl: '/communications/calls/c/operations/op1', resourceData: op }).problems, []);
  assert.equal(ids(wrap({ changeType: 'deleted', resourceUrl: '/communications/calls/c/operations/op1', resourceData: [] }).problems), ['resource-data-shape /value/0/resourceData']);
  assert.equal(ids(wrap({ changeType: 'deleted', resourceUrl: '/communications/calls/c/operations/op1' }).problems), ['resource-data-shape /value/0']);
  assert.equal(ids(wrap({ changeType: 'updated', resourceUrl: '/communications/calls/c/participants', resourceData: op }).problems), ['resource-data-shape /value/0/resourceData']);
  const delta = { '@odata.type': '#microsoft.graph.deltaParticipants', id: 'd', sequenceNumber: 3, participants: [] };
  assert.equal(wrap({ changeType: 'updated', resourceUrl: '/communications/calls/c/participants', resourceData: delta }).problems, []);
  assert.equal(
    ids(wrap({ changeType: 'updated', resource: '/app/calls/c/participants', resourceUrl: '/communications/calls/d/participants', resourceData: [] }).problems),
    ['deprecated-app-path /value/0/resource', 'resource-mismatch /value/0/resource'],
  );
  assert.equal(wrap({ changeType: 'updated', resource: '/communications/calls/C/participants/', resourceUrl: '/communications/calls/c/participants', resourceData: [] }).problems, []);
  // Absolute and relative, with or without the version segment, name the same resource.
  assert.equal(
    wrap({ changeType: 'updated', resource: 'https://graph.microsoft.com/beta/communications/calls/c/participants', resourceUrl: '/communications/calls/c/participants', resourceData: [] }).problems,
    [],
  );
  assert.equal(ids(wrap({ changeType: 'updated', resource: '/beta/app/calls/c/participants', resourceUrl: '/communications/calls/c/participants', resourceData: [] }).problems), [
    'deprecated-app-path /value/0/resource',
  ]);
});

test('resourceData of a type outside the contract (a call-state update) is accepted unchecked', () => {
  const wrap = (n: Record<string, unknown>) => validate({ '@odata.type': '#microsoft.graph.commsNotifications', value: [n] });
  const call = { '@odata.type': '#microsoft.graph.call', id: 'c1', state: 'established', status: 42 };
  assert.equal(wrap({ changeType: 'updated', resourceUrl: '/communications/calls/c1', resourceData: call }).problems, []);
  // An operation of another @odata.type spelling is still checked as the operation.
  const op = { '@odata.type': '#microsoft.graph.commsOperation', id: 'o', status: 'paused' };
  assert.equal(ids(wrap({ changeType: 'updated', resourceUrl: '/communications/calls/c1/operations/o', resourceData: op }).problems), ['enum-member /value/0/resourceData/status']);
  // A finished operation must still carry the operation, not something else.
  assert.equal(
    ids(wrap({ changeType: 'deleted', resourceUrl: '/communications/calls/c1/operations/o', resourceData: call }).problems),
    ['resource-data-shape /value/0/resourceData'],
  );
});

test('one byte order mark, in bytes or a string, is dropped; a second is a syntax error at its place', () => {
  const body = '{"participants":5}';
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const found = (text: string | Uint8Array): string[] => lint({ text, type: 'payload', kind: 'invite-request' }).problems.map((p) => `${p.ruleId} ${p.line}:${p.column}`);
  // One mark: the payload is read, its problem placed as in a text without the mark.
  for (const text of [Buffer.concat([bom, Buffer.from(body)]), `\ufeff${body}`]) assert.equal(found(text), found(body));
  for (const text of [Buffer.concat([bom, bom, Buffer.from(body)]), `\ufeff\ufeff${body}`]) {
    assert.equal(found(text), ['json-syntax 1:1']);
    assert.match(lint({ text, type: 'payload' }).problems[0]?.message ?? '', /unexpected U\+FEFF/);
  }
  assert.equal(found(Buffer.concat([bom, Buffer.from(' \r\n'), bom, Buffer.from(body)])), ['json-syntax 2:1']);
});

test('the rules list: unique kebab-case ids, each described', () => {
  const seen = new Set<string>();
  for (const rule of rules) {
    assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.not.ok(seen.has(rule.id), `duplicate ${rule.id}`);
    seen.add(rule.id);
    assert.ok(rule.description.length > 20 && rule.rationale.length > 20, rule.id);
    assert.ok(rule.severity === 'error' || rule.severity === 'warning');
  }
});

test.run();
