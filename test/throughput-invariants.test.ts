/**
 * What the fast paths of validate() must keep: pointers joined from the segments the one-pass checks and
 * the walk write (identity keys escaped, indices past the remembered ones), no state left behind by a pass
 * a caller's getter broke off, kinds given as strings of their own, and the rules' answers where they now
 * read by name. Each case runs through the one-pass path (a schema-valid payload) and, where it says so,
 * through the walk (the same payload made schema-invalid).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validate as publicValidate } from '../src/index.js';
import type { Kind } from '../src/model/kind.js';
import { validate } from '../src/validate/validate.js';

const at = (value: unknown, kind: Kind, ruleId: string): string[] =>
  validate(value, { kind })
    .problems.filter((problem) => problem.ruleId === ruleId)
    .map((problem) => problem.pointer);

/** A request with one participant of the given identity set; a client context too long makes it schema-invalid. */
const request = (identity: unknown, valid = true): unknown => ({ participants: [{ identity }], ...(valid ? {} : { clientContext: 'x'.repeat(300) }) });

test('an identity key with ~ and / is escaped in the pointers of the rules that report on it, on both paths', () => {
  for (const valid of [true, false]) {
    const identity = { 'a/b~c': { id: 'x' }, 'x/y': { '@odata.type': '#microsoft.graph.identity', id: 'u', tenantId: 't' } };
    const value = request(identity, valid);
    assert.equal(validate(value, { kind: 'invite-request' }).valid, valid);
    assert.equal(at(value, 'invite-request', 'identity-key-unknown'), ['/participants/0/identity/a~1b~0c', '/participants/0/identity/x~1y']);
    assert.equal(at(value, 'invite-request', 'identity-property-undeclared'), ['/participants/0/identity/x~1y/tenantId']);
  }
});

test('a pass broken off by a getter inside an identity visit leaves no identity key for the next call', () => {
  const phone = {};
  Object.defineProperty(phone, 'id', {
    enumerable: true,
    get: () => {
      throw new Error('no id');
    },
  });
  // phone-e164 reads the id while its identity is visited: the call fails as the library says it does.
  assert.throws(() => publicValidate(request({ phone }), { kind: 'invite-request' }), (error: unknown) => error instanceof TypeError);
  // The next call reports at the identity set itself, not below the identity the broken pass was on.
  for (const valid of [true, false]) assert.equal(at(request({}, valid), 'invite-request', 'identity-set-empty'), ['/participants/0/identity']);
});

test('indices past the segments made once are joined as they come', () => {
  const participant = (i: number): unknown => ({ id: null, info: { identity: { user: { id: `u-${i}` } } } });
  const roster = { value: [{ changeType: 'updated', resourceUrl: '/communications/calls/c/participants', resourceData: Array.from({ length: 300 }, (_, i) => participant(i)) }] };
  const pointers = at(roster, 'comms-notifications', 'entity-id-null');
  assert.is(pointers.length, 300);
  pointers.forEach((pointer, i) => assert.is(pointer, `/value/0/resourceData/${i}/id`));
  // The same participants again in a request-shaped walk would not apply: entity-id-null is about entities.
  const invalid = { value: [{ ...roster.value[0], resource: 7 }] };
  assert.equal(at(invalid, 'comms-notifications', 'entity-id-null'), pointers);
});

test('a kind given as a string of its own is the same kind', () => {
  const value = request({ phone: { id: '12' } });
  const kind = ['invite', 'request'].join('-') as Kind;
  const result = validate(value, { kind });
  assert.is(result.kind, 'invite-request');
  assert.equal(result.problems, validate(value, { kind: 'invite-request' }).problems);
  assert.equal(
    result.problems.map((problem) => `${problem.ruleId} ${problem.pointer}`),
    ['phone-e164 /participants/0/identity/phone/id'],
  );
});

test('first-participant-only names replacesCallId wherever it is, before a participantId met earlier', () => {
  const participants = [
    { identity: { user: { id: 'a' } }, participantId: 'p' },
    { identity: { user: { id: 'b' } }, replacesCallId: 'c' },
  ];
  for (const value of [{ participants }, { participants, clientContext: 'x'.repeat(300) }]) {
    const found = validate(value, { kind: 'invite-request' }).problems.filter((problem) => problem.ruleId === 'first-participant-only');
    assert.equal(
      found.map((problem) => [problem.pointer, problem.params]),
      [['/participants/1', { field: 'replacesCallId', ignored: 1 }]],
    );
  }
});

test('the resource rules read both keys, resource first', () => {
  const notification = { changeType: 'updated', resource: '/app/calls/c/operations/', resourceUrl: '/app/calls/c/operations', resourceData: { id: 'o', status: 'running' } };
  for (const value of [{ value: [notification] }, { value: [{ ...notification, changeType: 7 }] }]) {
    const problems = validate(value, { kind: 'comms-notifications' }).problems;
    const of = (ruleId: string): unknown[] => problems.filter((problem) => problem.ruleId === ruleId).map((problem) => problem.params['key']);
    assert.equal(of('deprecated-app-path'), ['resource', 'resourceUrl']);
    assert.equal(of('operation-path-without-id'), ['resource', 'resourceUrl']);
    assert.equal(of('resource-missing'), []);
  }
  assert.equal(at({ value: [{ changeType: 'updated', resource: null }] }, 'comms-notifications', 'resource-missing'), ['/value/0']);
});

test.run();
