/**
 * createInviteTracker: outcomes in any order, early notifications held, failures with their resultInfo,
 * timeouts on an injected clock, invitees by identity kind, delta roster order, bounds and stats, and
 * bad input as a TypeError naming the argument. No timing is asserted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createInviteTracker, type InviteOutcome, type InviteTracker, type InviteTrackerOptions, type NotificationBatch, type TrackerChange } from '../src/index.js';
import { packageRoot } from '../src/paths.js';
import { feedMap, feedTracker, makeTracker, trackerEvents, type PlainStore, type TrackerEvent } from '../scripts/bench-tracker.js';

const callA = '7167e9f4-0ba9-4ebd-8aa3-0a3a1c2a9a11';
const callB = '2e1bb7c3-0f3e-4b65-a0d1-9a21c7bd7d22';

/** A clock the test moves by hand. */
function clock(start = 1_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

function tracker(options: InviteTrackerOptions = {}): InviteTracker {
  return createInviteTracker({ now: () => 0, ...options });
}

const user = (id: string) => ({ user: { id, displayName: 'Invitee', tenantId: 'a3c5a1f2-0000-4000-8000-000000000001' } });
const phone = (id: string) => ({ phone: { id } });
const application = (id: string) => ({ application: { id, displayName: 'Bot' } });
const guest = (id: string) => ({ guest: { id, displayName: 'Guest' } });

function request(clientContext: string | undefined, ...identities: object[]): object {
  return { ...(clientContext === undefined ? {} : { clientContext }), participants: identities.map((identity) => ({ identity })) };
}

const operation = (id: string, status: string, extra: object = {}) => ({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id, status, ...extra });

function finished(callId: string, id: string, status: string, extra: object = {}) {
  return {
    '@odata.type': '#microsoft.graph.commsNotification',
    changeType: 'deleted',
    resourceUrl: `/communications/calls/${callId}/operations/${id}`,
    resourceData: operation(id, status, extra),
  };
}

const participant = (identity: object, extra: object = {}) => ({ '@odata.type': '#microsoft.graph.participant', id: `p-${JSON.stringify(identity).length}`, info: { identity }, isInLobby: false, isMuted: false, ...extra });

function roster(callId: string, participants: object[]) {
  return { changeType: 'updated', resourceUrl: `/communications/calls/${callId}/participants`, resourceData: participants };
}

function delta(callId: string, sequenceNumber: number, participants: object[] = []) {
  return {
    changeType: 'updated',
    resourceUrl: `/communications/calls/${callId}/participants`,
    resourceData: { '@odata.type': '#microsoft.graph.deltaParticipants', id: `d-${sequenceNumber}`, sequenceNumber, participants },
  };
}

const batch = (...value: object[]) => ({ '@odata.type': '#microsoft.graph.commsNotifications', value });
const finishedOf = (changes: readonly TrackerChange[]): InviteOutcome[] => changes.flatMap((change) => (change.type === 'finished' ? [change.outcome] : []));

test('a tracked invite completes when its operation notification arrives', () => {
  const t = tracker();
  assert.equal(t.trackInvite({ callId: callA, request: request('ctx-1', user('u-1')), response: operation('op-1', 'Running') }), []);
  assert.is(t.outcome('op-1')?.status, 'running');
  assert.equal(t.receive(batch(finished(callA, 'op-1', 'running'))), []);
  const [outcome] = finishedOf(t.receive(batch(finished(callA, 'op-1', 'completed'))));
  assert.is(outcome?.status, 'completed');
  assert.is(outcome?.operationId, 'op-1');
  assert.is(outcome?.clientContext, 'ctx-1');
  assert.is(outcome?.resultInfo, undefined);
  assert.is(t.outcome('ctx-1')?.status, 'completed', 'found by clientContext too');
  assert.is(t.stats().completed, 1);
});

test('a notification that arrives before the response is recorded is held, then applied', () => {
  const t = tracker();
  assert.equal(t.receive(batch(finished(callA, 'op-1', 'completed'))), []);
  assert.is(t.stats().held, 1);
  assert.is(t.outcome('op-1'), undefined);
  const changes = t.trackInvite({ callId: callA, request: request('ctx-1', user('u-1')), response: operation('op-1', 'Running') });
  assert.equal(finishedOf(changes).map((o) => [o.operationId, o.status]), [['op-1', 'completed']]);
  assert.is(t.stats().held, 0);
  assert.is(t.stats().droppedHeld + t.stats().expiredHeld, 0);
});

test('a failed invite carries its resultInfo: code, subcode, message', () => {
  const t = tracker();
  t.trackInvite({ callId: callA, request: request('ctx-1', user('u-1')), response: operation('op-1', 'Running') });
  const resultInfo = { '@odata.type': '#microsoft.graph.resultInfo', code: 412, subcode: 9999, message: 'Invitation failed. DiagCode: 412#10073.@' };
  const [outcome] = finishedOf(t.receive(batch(finished(callA, 'op-1', 'failed', { resultInfo }))));
  assert.is(outcome?.status, 'failed');
  assert.equal(outcome?.resultInfo, { code: 412, subcode: 9999, message: resultInfo.message });
  // A status in the typings' casing is the same status.
  const u = tracker();
  u.trackInvite({ callId: callA, request: request('ctx-2', user('u-1')), response: operation('op-2', 'Running') });
  assert.equal(finishedOf(u.receive(batch(finished(callA, 'op-2', 'Failed', { resultInfo: { code: 500, subcode: 8510 } }))))[0]?.resultInfo, { code: 500, subcode: 8510 });
});

test('an invite times out when the injected clock passes its deadline, checked by expire() and by every call', () => {
  const time = clock();
  const t = createInviteTracker({ now: time.now, timeout: 30_000 });
  t.trackInvite({ callId: callA, request: request('ctx-1', user('u-1')), response: operation('op-1', 'Running') });
  time.advance(10_000);
  t.trackInvite({ callId: callA, request: request('ctx-2', user('u-2')), response: operation('op-2', 'Running') });
  time.advance(19_999);
  assert.equal(t.expire(), []);
  time.advance(1);
  const [first] = finishedOf(t.expire());
  assert.equal([first?.operationId, first?.status, first?.finishedAt, first?.trackedAt], ['op-1', 'timed-out', 31_000, 1_000]);
  time.advance(10_000);
  // receive() expires too, before it applies the batch: the completion comes too late.
  const changes = t.receive(batch(finished(callA, 'op-2', 'completed')));
  assert.equal(finishedOf(changes).map((o) => [o.operationId, o.status]), [['op-2', 'timed-out']]);
  assert.equal([t.stats().timedOut, t.stats().late, t.stats().completed], [2, 1, 0]);
});

test('invitees: each identity of the request, and the identity kinds a roster lists it under', () => {
  const t = tracker();
  t.trackInvite({
    callId: callA,
    request: request('ctx-1', user('5D6C4E7F-1111-4000-8000-000000000001'), { ...application('app-1'), user: { id: 'u-2' } }, guest('g-1')),
    response: operation('op-1', 'Running'),
  });
  const changes = t.receive(
    batch(
      // The same user id in another case, an application listed as a user, someone not invited.
      roster(callA, [participant(user('5d6c4e7f-1111-4000-8000-000000000001')), participant(user('app-1')), participant(user('stranger'))]),
    ),
  );
  const appeared = changes.flatMap((change) => (change.type === 'appeared' ? [[change.invitee.identityKind, change.invitee.id, change.invitee.appearedAs]] : []));
  assert.equal(appeared, [
    ['user', '5D6C4E7F-1111-4000-8000-000000000001', ['user']],
    ['application', 'app-1', ['user']],
  ]);
  // The changes of one roster share the invite's outcome as the roster left it (one snapshot, not one per
  // invitee: a roster of thousands had cost thousands of snapshots of thousands).
  const outcomes = changes.flatMap((change) => (change.type === 'appeared' ? [change.outcome] : []));
  assert.is(outcomes[0], outcomes[1]);
  assert.equal(outcomes[0]?.invitees.map((i) => i.appeared), [true, true, false, false]);
  const invitees = t.outcome('op-1')?.invitees.map((i) => [i.identityKind, i.id, i.appeared, i.appearedAs]);
  assert.equal(invitees, [
    ['user', '5D6C4E7F-1111-4000-8000-000000000001', true, ['user']],
    ['application', 'app-1', true, ['user']],
    ['user', 'u-2', false, []],
    ['guest', 'g-1', false, []],
  ]);
  // A roster of another call lists nobody of this invite.
  assert.equal(t.receive(batch(roster(callB, [participant(guest('g-1'))]))), []);
  // A later delta lists the application under its own kind too: no second appearance, one more kind.
  assert.equal(t.receive(batch(delta(callA, 1, [participant(application('app-1'))]))), []);
  assert.equal(t.outcome('op-1')?.invitees[1]?.appearedAs, ['application', 'user']);
});

test('a phone invitee appears as phone; the documented examples end as the page shows', () => {
  const t = tracker();
  t.trackInvite({ callId: callA, request: request('ctx-1', phone('+12345678901')), response: operation('op-1', 'Running') });
  t.receive(batch(delta(callA, 7, [participant(phone('+12345678901'))])));
  assert.equal(t.outcome('op-1')?.invitees, [{ identityKind: 'phone', id: '+12345678901', appeared: true, appearedAs: ['phone'] }]);

  const read = (name: string): unknown => JSON.parse(readFileSync(join(packageRoot, 'samples', 'documented', name), 'utf8'));
  const seen: string[] = [];
  for (const example of [1, 2, 3, 4]) {
    const completed = read(`example-${example}.notification-completed.json`) as { value: Array<{ resourceUrl: string }> };
    const callId = /calls\/([^/]+)/.exec(completed.value[0]?.resourceUrl ?? '')?.[1] ?? '';
    const u = tracker();
    // The roster first, the completion before the response is recorded: every documented notification is early.
    u.receive(read(`example-${example}.notification-roster.json`) as NotificationBatch);
    u.receive(completed);
    const changes = u.trackInvite({ callId, request: read(`example-${example}.request.json`), response: read(`example-${example}.response.json`) });
    const outcome = finishedOf(changes)[0];
    seen.push(`${example}: ${outcome?.status} ${outcome?.invitees.map((i) => `${i.identityKind} as ${i.appearedAs.join('+') || 'nothing'}`).join(', ')}`);
  }
  assert.equal(seen, [
    // The user invited comes back as an application (exchange-identity-kind warns of it).
    '1: completed user as application',
    // replacesCallId: only the first participant is invited; its roster path is …/operations/participants.
    '2: completed user as application',
    // The roster is of the call the invite replaces (its replacesCallId).
    '3: completed user as user',
    '4: completed phone as phone',
  ]);
});

test('with replacesCallId or participantId only the first participant counts', () => {
  const t = tracker();
  const body = { clientContext: 'ctx-1', participants: [{ identity: user('u-1'), replacesCallId: callB }, { identity: user('u-2'), replacesCallId: callB }] };
  t.trackInvite({ callId: callA, request: body, response: operation('op-1', 'Running') });
  assert.equal(t.outcome('op-1')?.invitees.map((i) => i.id), ['u-1']);
  // The replaced call's roster lists the invitee too.
  const changes = t.receive(batch(roster(callB, [participant(user('u-1')), participant(user('u-2'))])));
  assert.equal(changes.map((c) => (c.type === 'appeared' ? c.invitee.id : c.type)), ['u-1']);
  const u = tracker();
  u.trackInvite({ callId: callA, request: { clientContext: 'c', participants: [{ identity: user('u-1') }, { identity: user('u-2'), participantId: 'p-9' }] }, response: operation('op-2', 'Running') });
  assert.equal(u.outcome('op-2')?.invitees.map((i) => i.id), ['u-1']);
});

test('correlation: the Location header, resourceData.id, the clientContext alone, ids in any case', () => {
  const t = tracker();
  // An HTTP response without a body: the operation id comes from Location.
  const location = `https://graph.microsoft.com/beta/communications/calls/${callA}/operations/0FE0623F-D628-42ED-B4BD-8AC290072CC5`;
  t.trackInvite({ callId: callA, request: request(undefined, user('u-1')), response: { status: 200, headers: { Location: location } } });
  assert.is(t.outcome('0fe0623f-d628-42ed-b4bd-8ac290072cc5')?.status, 'running');
  // A notification whose path names no operation, whose resourceData does.
  const byData = { changeType: 'deleted', resourceUrl: `/communications/calls/${callA}/operations`, resourceData: operation('0fe0623f-d628-42ed-b4bd-8ac290072cc5', 'completed') };
  assert.equal(finishedOf(t.receive([byData])).map((o) => o.status), ['completed']);

  // No response at all: the clientContext correlates, and the first notification names the operation.
  const u = tracker();
  u.trackInvite({ callId: callA, request: request('ctx-9', user('u-1')) });
  assert.is(u.outcome('ctx-9')?.operationId, undefined);
  u.receive(batch(finished(callA, 'op-9', 'running', { clientContext: 'ctx-9' })));
  assert.is(u.outcome('op-9')?.clientContext, 'ctx-9');
  assert.equal(finishedOf(u.receive(batch(finished(callA, 'op-9', 'completed')))).map((o) => o.status), ['completed']);

  // Headers as a Headers object and the body as JSON text.
  const v = tracker();
  v.trackInvite({ callId: callA, request: request('c', user('u-1')), response: { status: 200, headers: new Headers({ location }), body: JSON.stringify(operation('op-text', 'Running')) } });
  assert.ok(v.outcome('op-text') !== undefined && v.outcome('0fe0623f-d628-42ed-b4bd-8ac290072cc5') === undefined, 'the body names the operation first');
  const w = tracker();
  w.trackInvite({ callId: callA, request: request(undefined, user('u-1')), response: { headers: new Headers({ location }) } });
  assert.ok(w.outcome('0FE0623F-D628-42ED-B4BD-8AC290072CC5') !== undefined);
});

test('an HTTP response as bytes names the operation; a refused one (4xx, 5xx) ends the invite failed at once, its status as code', () => {
  const t = tracker();
  const body = new TextEncoder().encode(`\ufeff${JSON.stringify(operation('op-bytes', 'running', { clientContext: 'ctx-b' }))}`);
  t.trackInvite({ callId: callA, request: request(undefined, user('u-1')), response: { status: 200, headers: {}, body } });
  assert.is(t.outcome('op-bytes')?.status, 'running');
  assert.is(t.outcome('ctx-b')?.operationId, 'op-bytes');

  const refused = t.trackInvite({ callId: callA, request: request('ctx-403', user('u-2')), response: { status: 403, headers: {}, body: '{"error":{"code":"Forbidden","message":"Not allowed"}}' } });
  assert.equal(finishedOf(refused).map((o) => [o.status, o.resultInfo]), [['failed', { code: 403, message: 'Forbidden: Not allowed' }]]);
  assert.is(t.outcome('ctx-403')?.status, 'failed');
  // A body that is no Graph error still gives the status.
  const bare = t.trackInvite({ callId: callA, request: request('ctx-503', user('u-3')), response: { status: 503, headers: {}, body: new Uint8Array([0xff]) } });
  assert.equal(finishedOf(bare).map((o) => o.resultInfo), [{ code: 503 }]);
  // Refused, with nothing to look it up by: said so.
  assert.throws(() => t.trackInvite({ callId: callA, request: request(undefined, user('u-4')), response: { status: 404, headers: {} } }), /refused \(HTTP 404\)/);
});

test('the queries move no time: a passed deadline shows in outcome() only once a call has reported it', () => {
  const time = clock();
  const t = tracker({ now: time.now, timeout: 1_000, grace: 1_000 });
  t.trackInvite({ callId: callA, request: request(undefined, user('u-1')), response: operation('op-q', 'running') });
  time.advance(10_000);
  assert.is(t.outcome('op-q')?.status, 'running', 'no change reported yet');
  assert.is(t.stats().running, 1);
  assert.equal(finishedOf(t.expire()).map((o) => o.status), ['timed-out']);
  assert.is(t.outcome('op-q')?.status, 'timed-out');
  time.advance(10_000);
  assert.is(t.outcome('op-q')?.status, 'timed-out', 'the grace period ends at a call');
  t.expire();
  assert.is(t.outcome('op-q'), undefined);
});

test('a participant leaving is no invitee appearing: removedState, or a roster notification whose changeType is deleted', () => {
  const appeared = (notification: object): string[] => {
    const t = tracker();
    t.trackInvite({ callId: callA, request: request(undefined, user('u-1')), response: operation('op-1', 'running') });
    return t.receive([notification]).flatMap((change) => (change.type === 'appeared' ? [change.invitee.id] : []));
  };
  const leaving = participant(user('u-1'), { removedState: { reason: 'declined' } });
  assert.equal(appeared({ changeType: 'deleted', resourceUrl: `/communications/calls/${callA}/participants`, resourceData: { '@odata.type': '#microsoft.graph.deltaParticipants', sequenceNumber: 7, participants: [leaving] } }), []);
  assert.equal(appeared({ changeType: 'updated', resourceUrl: `/communications/calls/${callA}/participants`, resourceData: [leaving] }), []);
  assert.equal(appeared({ changeType: 'deleted', resourceUrl: `/communications/calls/${callA}/participants`, resourceData: [participant(user('u-1'))] }), []);
  // The same participant in an update, without removedState, appears.
  assert.equal(appeared({ changeType: 'updated', resourceUrl: `/communications/calls/${callA}/participants`, resourceData: [participant(user('u-1'))] }), ['u-1']);
});

test('a clientContext shared by invites with known operation ids does not mix them up', () => {
  const t = tracker();
  t.trackInvite({ callId: callA, request: request('shared', user('u-1')), response: operation('op-1', 'Running') });
  t.trackInvite({ callId: callA, request: request('shared', user('u-2')), response: operation('op-2', 'Running') });
  // op-3 is another invite (not tracked yet) with the same clientContext: held, not given to op-1.
  assert.equal(t.receive(batch(finished(callA, 'op-3', 'completed', { clientContext: 'shared' }))), []);
  assert.equal([t.outcome('op-1')?.status, t.outcome('op-2')?.status, t.stats().held], ['running', 'running', 1]);
  assert.equal(finishedOf(t.receive(batch(finished(callA, 'op-2', 'failed', { clientContext: 'shared' })))).map((o) => o.operationId), ['op-2']);
  assert.is(t.outcome('shared')?.operationId, 'op-2', 'by clientContext: the last invite tracked with it');
});

test('delta rosters: gaps, repeats and out-of-order updates per call; stale participant updates', () => {
  const t = tracker();
  const sequences = [3, 4, 6, 6, 5, 9, 2];
  for (const n of sequences) t.receive(batch(delta(callA, n)));
  t.receive(batch(delta(callB, 1)));
  const a = t.sequence(callA.toUpperCase());
  assert.equal(
    { deltas: a?.deltas, lowest: a?.lowest, highest: a?.highest, missing: a?.missing, repeats: a?.repeats, outOfOrder: a?.outOfOrder },
    // 5 and 2 arrived after higher numbers; 6 twice; 7 and 8 never came.
    { deltas: 7, lowest: 2, highest: 9, missing: [7, 8], repeats: 1, outOfOrder: 2 },
  );
  assert.equal(t.sequence(callB)?.missing, []);
  assert.is(t.sequence('unknown-call'), undefined);

  // participant.rosterSequenceNumber: an update older than one already seen for the same participant is stale.
  const p = (n: number) => participant(user('u-1'), { id: 'participant-1', rosterSequenceNumber: n });
  t.receive(batch(roster(callB, [p(10)]), delta(callB, 2, [p(12)]), delta(callB, 3, [p(11)])));
  assert.is(t.sequence(callB)?.staleParticipants, 1);

  // A jump past the listing limit is counted, not listed.
  const u = tracker();
  u.receive(batch(delta(callA, 1), delta(callA, 5_000)));
  const jump = u.sequence(callA);
  assert.equal([jump?.missing.length, jump?.unlisted, jump?.missing[0]], [1000, 4998 - 1000, 2]);
});

test('finished invites are evicted after their grace period; the caps drop the oldest and count them', () => {
  const time = clock(0);
  const t = createInviteTracker({ now: time.now, grace: 5_000 });
  t.trackInvite({ callId: callA, request: request('ctx-1', user('u-1')), response: operation('op-1', 'Running') });
  t.receive(batch(finished(callA, 'op-1', 'completed')));
  time.advance(4_999);
  t.expire();
  assert.is(t.outcome('op-1')?.status, 'completed', 'kept during its grace period');
  time.advance(1);
  t.expire();
  assert.is(t.outcome('op-1'), undefined);
  assert.equal([t.stats().finished, t.stats().evicted], [0, 1]);

  const capped = tracker({ maxInvites: 2, maxHeld: 2, maxCalls: 2 });
  capped.trackInvite({ callId: callA, request: request('c1', user('u-1')), response: operation('op-1', 'Running') });
  capped.trackInvite({ callId: callA, request: request('c2', user('u-2')), response: operation('op-2', 'Running') });
  capped.receive(batch(finished(callA, 'op-2', 'completed')));
  capped.trackInvite({ callId: callA, request: request('c3', user('u-3')), response: operation('op-3', 'Running') });
  // The finished invite goes first, then the oldest running one.
  assert.equal([capped.outcome('op-1')?.status, capped.outcome('op-2'), capped.stats().evicted], ['running', undefined, 1]);
  capped.trackInvite({ callId: callA, request: request('c4', user('u-4')), response: operation('op-4', 'Running') });
  assert.equal([capped.outcome('op-1'), capped.stats().droppedInvites, capped.stats().running], [undefined, 1, 2]);
  assert.is(capped.outcome('c1'), undefined, 'its clientContext is let go with it');

  for (const id of ['x-1', 'x-2', 'x-3']) capped.receive(batch(finished(callB, id, 'completed')));
  assert.equal([capped.stats().held, capped.stats().droppedHeld], [2, 1]);
  for (const call of [callA, callB, 'call-c']) capped.receive(batch(delta(call, 1)));
  assert.equal([capped.stats().calls, capped.stats().droppedCalls, capped.sequence(callA)], [2, 1, undefined]);
});

test('held notifications expire after holdFor; a roster stays held for invites of its call tracked later', () => {
  const time = clock(0);
  const t = createInviteTracker({ now: time.now, holdFor: 1_000 });
  t.receive(batch(finished(callA, 'op-never', 'completed'), roster(callA, [participant(user('u-1'))])));
  t.trackInvite({ callId: callA, request: request('c1', user('u-1')), response: operation('op-1', 'Running') });
  t.trackInvite({ callId: callA, request: request('c2', user('u-1')), response: operation('op-2', 'Running') });
  assert.equal([t.outcome('op-1')?.invitees[0]?.appeared, t.outcome('op-2')?.invitees[0]?.appeared], [true, true]);
  time.advance(1_000);
  t.expire();
  // The operation matched nothing; the roster reached two invites, so letting it go is no loss.
  assert.equal([t.stats().held, t.stats().expiredHeld], [0, 1]);
  t.trackInvite({ callId: callA, request: request('c3', user('u-1')), response: operation('op-3', 'Running') });
  assert.is(t.outcome('op-3')?.invitees[0]?.appeared, false);
});

test('stats count what the tracker holds and has done; notifications it has no use for are ignored', () => {
  const t = tracker();
  t.trackInvite({ callId: callA, request: request('c1', user('u-1')), response: operation('op-1', 'Running') });
  t.trackInvite({ callId: callA, request: request('c1b', user('u-1')), response: operation('OP-1', 'Running') });
  const callState = { changeType: 'updated', resourceUrl: `/communications/calls/${callA}`, resourceData: { '@odata.type': '#microsoft.graph.call', state: 'established' } };
  const prompt = { changeType: 'deleted', resourceUrl: `/communications/calls/${callA}/operations/x`, resourceData: { '@odata.type': '#microsoft.graph.playPromptOperation', id: 'x', status: 'completed' } };
  t.receive(batch(callState, prompt, { changeType: 'updated' }));
  t.receive([null, 'text', 42]);
  t.receive(batch(finished(callA, 'op-1', 'completed')));
  t.receive(batch(finished(callA, 'op-1', 'completed')));
  assert.equal(t.stats(), {
    running: 0,
    finished: 1,
    held: 0,
    calls: 0,
    completed: 1,
    failed: 0,
    timedOut: 0,
    evicted: 0,
    droppedInvites: 0,
    droppedHeld: 0,
    expiredHeld: 0,
    droppedCalls: 0,
    ignored: 6,
    late: 1,
    duplicates: 1,
  });
});

test('autoExpire: an unref\'d timer reports timeouts to onChanges, and close() stops it; no timer without it', async () => {
  const made: number[] = [];
  const original = globalThis.setInterval;
  globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
    made.push(args[1] ?? 0);
    return original(...args);
  }) as typeof setInterval;
  const time = clock(0);
  let t: InviteTracker | undefined;
  try {
    createInviteTracker({ now: time.now });
    assert.equal(made, []);
    const reported = new Promise<TrackerChange[]>((resolve) => {
      t = createInviteTracker({ now: time.now, timeout: 100, autoExpire: { every: 5, onChanges: resolve } });
    });
    assert.equal(made, [5]);
    t?.trackInvite({ callId: callA, request: request('c1', user('u-1')), response: operation('op-1', 'Running') });
    time.advance(100);
    // The tracker's timer is unref'd: a timer of the test's own keeps the process alive until it fires.
    let keepAlive: ReturnType<typeof setTimeout> | undefined;
    const changes = await Promise.race([reported, new Promise<undefined>((resolve) => (keepAlive = setTimeout(() => resolve(undefined), 10_000)))]);
    clearTimeout(keepAlive);
    assert.equal(changes && finishedOf(changes).map((o) => o.status), ['timed-out']);
  } finally {
    globalThis.setInterval = original;
    t?.close();
    t?.close();
  }
});

test('bad arguments are TypeErrors naming them; bad notifications are data, never a throw', () => {
  const boom = (): never => {
    throw new RangeError('boom');
  };
  const getter = Object.defineProperties({}, Object.fromEntries(['value', 'participants', 'clientContext', 'id', 'status'].map((key) => [key, { get: boom, enumerable: true }])));
  const proxy = new Proxy({}, { get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, has: boom });
  const cases: Array<readonly [string, () => unknown, RegExp]> = [
    ['options', () => createInviteTracker('fast' as never), /^createInviteTracker: options must be a plain object/],
    ['misspelt option', () => createInviteTracker({ timout: 5 } as never), /^createInviteTracker: options has an unknown key "timout"/],
    ['timeout', () => createInviteTracker({ timeout: 0 }), /^createInviteTracker: options\.timeout /],
    ['grace', () => createInviteTracker({ grace: -1 }), /^createInviteTracker: options\.grace /],
    ['maxInvites', () => createInviteTracker({ maxInvites: 1.5 }), /^createInviteTracker: options\.maxInvites /],
    ['now', () => createInviteTracker({ now: 5 as never }), /^createInviteTracker: options\.now /],
    ['now()', () => createInviteTracker({ now: () => NaN }).expire(), /^createInviteTracker: options\.now must return/],
    ['autoExpire', () => createInviteTracker({ autoExpire: { every: 0, onChanges: () => undefined } }), /^createInviteTracker: options\.autoExpire\.every /],
    ['onChanges', () => createInviteTracker({ autoExpire: { every: 5 } as never }), /^createInviteTracker: options\.autoExpire\.onChanges /],
    ['invite', () => tracker().trackInvite(undefined as never), /^trackInvite: invite must be a plain object/],
    ['invite key', () => tracker().trackInvite({ callId: callA, request: {}, reponse: {} } as never), /^trackInvite: invite has an unknown key "reponse"/],
    ['callId', () => tracker().trackInvite({ callId: 42 as never, request: {} }), /^trackInvite: invite\.callId /],
    ['uncorrelated', () => tracker().trackInvite({ callId: callA, request: { participants: [] }, response: { status: 200, body: {} } }), /^trackInvite: invite has nothing to correlate/],
    ['refused, uncorrelated', () => tracker().trackInvite({ callId: callA, request: { participants: [] }, response: { status: 500, body: {} } }), /^trackInvite: the invite was refused \(HTTP 500\)/],
    ['request getter', () => tracker().trackInvite({ callId: callA, request: getter }), /^trackInvite: invite must be JSON data/],
    ['response proxy', () => tracker().trackInvite({ callId: callA, request: {}, response: proxy }), /^trackInvite: invite must be JSON data/],
    ['batch', () => tracker().receive(42 as never), /^receive: batch must be/],
    ['batch.value', () => tracker().receive({ value: 'x' } as never), /^receive: batch must be/],
    ['batch getter', () => tracker().receive(getter as never), /^receive: batch must be JSON data/],
    ['batch proxy', () => tracker().receive(proxy as never), /^receive: batch must be JSON data/],
    ['outcome key', () => tracker().outcome(undefined as never), /^outcome: key must be a string/],
    ['sequence callId', () => tracker().sequence(null as never), /^sequence: callId must be a string/],
  ];
  for (const [name, run, message] of cases) {
    assert.throws(run, (error: unknown) => error instanceof TypeError && message.test(error.message), name);
  }
  // Notifications of any shape are data: counted as ignored, or read as far as they go.
  const odd = [{}, [], { resourceUrl: 42 }, { resourceUrl: `/communications/calls/${callA}/participants`, resourceData: [null, 1, { info: null }, { info: { identity: 'x' } }] }];
  const t = tracker();
  t.trackInvite({ callId: callA, request: { clientContext: 'c', participants: [null, { identity: 'x' }, { identity: { user: null, phone: { id: 5 } } }] } });
  assert.equal(t.receive(odd), []);
  assert.equal(t.receive({}), []);
  assert.equal(t.receive(batch(delta(callA, Number.MAX_VALUE), delta(callA, 1.5))), []);
  assert.is(t.sequence(callA)?.deltas, 0, 'sequence numbers that are not safe integers are not counted');
  assert.equal(t.outcome('c')?.invitees, []);
});

test('every method × hostile arguments: a result or a TypeError naming the argument, never another error', () => {
  const boom = (): never => {
    throw new RangeError('boom');
  };
  const trapAll = { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, defineProperty: boom, set: boom, apply: boom };
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const cyclic: Record<string, unknown> = { value: [] };
  (cyclic['value'] as unknown[]).push(cyclic, { resourceData: cyclic, resourceUrl: `/communications/calls/${callA}/participants` });
  cyclic['participants'] = [cyclic];
  let deep: object = {};
  for (let i = 0; i < 100_000; i += 1) deep = { participants: [deep], identity: deep, value: [deep] };
  const keyed = ['value', 'participants', 'callId', 'request', 'response', 'resourceData', 'headers', 'body', '0', 'length'];
  const hostile: Record<string, unknown> = {
    undefined: undefined, null: null, zero: 0, nan: NaN, bigint: 10n, symbol: Symbol('s'), string: 'op-1', empty: '', array: [], arrayOfJunk: [1, null, 'x', [], {}],
    object: {}, getter: Object.defineProperties({}, Object.fromEntries(keyed.map((key) => [key, { get: boom, enumerable: true }]))),
    proxy: new Proxy({}, trapAll), arrayProxy: new Proxy([], trapAll), revoked: revocable.proxy, nullPrototype: Object.create(null), cyclic, deep,
    date: new Date(0), map: new Map([['callId', callA]]), func: () => 'x', classInstance: new (class Invite { callId = callA; })(),
  };
  const t = tracker();
  t.trackInvite({ callId: callA, request: request('c', user('u-1')), response: operation('op-1', 'Running') });
  const calls: Record<string, readonly [(value: unknown) => unknown, string]> = {
    trackInvite: [(v) => t.trackInvite(v as never), 'invite'],
    'trackInvite request': [(v) => t.trackInvite({ callId: callA, request: v, response: operation('op-h', 'Running') }), 'invite'],
    'trackInvite response': [(v) => t.trackInvite({ callId: callA, request: v, response: v }), 'invite'],
    receive: [(v) => t.receive(v as never), 'batch'],
    'receive value': [(v) => t.receive({ value: v } as never), 'batch'],
    'receive item': [(v) => t.receive([v, { resourceUrl: `/communications/calls/${callA}/participants`, resourceData: [v] }]), 'batch'],
    outcome: [(v) => t.outcome(v as never), 'key'],
    sequence: [(v) => t.sequence(v as never), 'callId'],
  };
  const wrong: string[] = [];
  for (const [call, [run, name]] of Object.entries(calls)) {
    for (const [argument, value] of Object.entries(hostile)) {
      try {
        run(value);
      } catch (error) {
        const method = call.split(' ')[0] as string;
        if (!(error instanceof TypeError && error.message.startsWith(`${method}: ${name}`))) wrong.push(`${call} × ${argument}: ${String(error)}`);
      }
    }
  }
  assert.equal(wrong, []);
  assert.is(t.outcome('op-1')?.status, 'running', 'the tracker still works');
});

// ---------------------------------------------------------------------------------------------------------
// Any interleaving of the same events gives the same outcomes.

type Event = { readonly track: Parameters<InviteTracker['trackInvite']>[0] } | { readonly receive: NotificationBatch };

/** Three invites into two calls (by operation id, by Location, by clientContext alone), their notifications and rosters. */
const events: readonly Event[] = [
  { track: { callId: callA, request: request('ctx-1', user('u-1'), phone('+15550001')), response: operation('op-1', 'Running') } },
  { track: { callId: callA, request: request('ctx-2', guest('g-2')), response: { status: 200, headers: { location: `/communications/calls/${callA}/operations/op-2` } } } },
  { track: { callId: callB, request: request('ctx-3', application('app-3'), user('u-3')) } },
  { receive: batch(finished(callA, 'op-1', 'running')) },
  { receive: batch(finished(callA, 'op-1', 'completed')) },
  { receive: batch(finished(callA, 'op-2', 'failed', { resultInfo: { code: 408, subcode: 10004, message: 'Request timed out' } })) },
  { receive: batch(finished(callB, 'op-3', 'completed', { clientContext: 'ctx-3' })) },
  { receive: batch(roster(callA, [participant(user('U-1')), participant(user('g-2'))])) },
  { receive: batch(delta(callA, 1, [participant(phone('+15550001'))])) },
  { receive: batch(delta(callA, 2)) },
  { receive: batch(delta(callA, 2)) },
  { receive: batch(delta(callA, 5, [participant(user('u-3'))])) },
  { receive: batch(delta(callB, 10, [participant(user('app-3'))]), delta(callB, 12, [participant(user('u-3'))])) },
];

function finalState(order: readonly Event[]): unknown {
  const t = tracker();
  for (const event of order) {
    if ('track' in event) t.trackInvite(event.track);
    else t.receive(event.receive);
  }
  const outcome = (key: string) => {
    const found = t.outcome(key);
    return found && { status: found.status, operationId: found.operationId, resultInfo: found.resultInfo, invitees: found.invitees };
  };
  const sequence = (callId: string) => {
    const found = t.sequence(callId);
    return found && { missing: found.missing, repeats: found.repeats, lowest: found.lowest, highest: found.highest };
  };
  // What was held, and whether a notification came after its invite had finished, depend on the order.
  const { held, droppedHeld, expiredHeld, late, ...stats } = t.stats();
  return { outcomes: ['op-1', 'op-2', 'ctx-3', 'op-3'].map(outcome), sequences: [sequence(callA), sequence(callB)], stats };
}

test('the events in their natural order give the outcomes they describe', () => {
  const state = finalState(events) as { outcomes: Array<{ status: string; invitees: Array<{ appearedAs: string[] }> }> };
  assert.equal(state.outcomes.map((o) => o.status), ['completed', 'failed', 'completed', 'completed']);
  assert.equal(state.outcomes.map((o) => o.invitees.map((i) => i.appearedAs.join('+'))), [['user', 'phone'], ['user'], ['user', 'user'], ['user', 'user']]);
});

test('any interleaving of the same events gives the same outcomes, sequence gaps and repeats', () => {
  const expected = finalState(events);
  const seed = Number(process.env['FC_SEED'] ?? 0x16a7c);
  fc.assert(
    fc.property(fc.shuffledSubarray([...events], { minLength: events.length, maxLength: events.length }), (order) => {
      assert.equal(finalState(order), expected);
    }),
    { seed, numRuns: 300 },
  );
});

test('the benchmark stream, on a small size: the tracker and the plain Map see every invite, failure, early end and invitee', () => {
  const events: TrackerEvent[] = [];
  const expected = trackerEvents(40, (event) => events.push(event));
  assert.equal(expected, { invites: 40, failed: 4, invitees: 54 });
  assert.is(events.length, 120);
  // One in ten ends before its invite is tracked.
  const endOf = (event: TrackerEvent | undefined): unknown => (event?.type === 'batch' ? (event.batch.value[0]?.['resourceData'] as Record<string, unknown>)['id'] : undefined);
  const early = events.filter((event, i) => {
    const next = events[i + 1];
    return next?.type === 'invite' && endOf(event) === next.response['id'];
  });
  assert.is(early.length, 4);
  const clock = { time: 0 };
  const counted = { finished: 0, failed: 0, appeared: 0 };
  const t = makeTracker(clock);
  feedTracker(t, clock, events, counted);
  assert.equal(counted, { finished: 40, failed: 4, appeared: 54 });
  assert.equal([t.stats().held, t.stats().completed, t.sequence(events[0]?.type === 'invite' ? events[0].callId : '')?.missing], [40, 36, []]);
  const store: PlainStore = { invites: new Map(), rosters: new Map() };
  feedMap(store, events);
  assert.is(store.invites.size, 40);
  assert.is([...store.invites.values()].filter((entry) => entry.request !== undefined && entry.notifications.length === 1).length, 40);
  assert.is([...store.rosters.values()].reduce((sum, list) => sum + list.length, 0), 40);
});

test.run();
