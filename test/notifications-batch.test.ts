import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  classifyNotifications,
  parseCommsNotifications,
  validate,
  type CommsNotification,
  type LocatedProblem,
  type Problem,
  type NotificationsParseResult,
} from '../src/index.js';
import { listSamples, readSample } from './samples.js';

const sampleNamed = (name: string): { value: CommsNotification[] } => {
  const sample = listSamples('valid').find((s) => s.name === name);
  assert.ok(sample, name);
  return readSample(sample) as { value: CommsNotification[] };
};

const roster = (): CommsNotification => structuredClone(sampleNamed('participant-details.notification-roster.json').value[0] as CommsNotification);
const finished = (): CommsNotification => structuredClone(sampleNamed('batch.notifications.json').value[0] as CommsNotification);

const text = (value: unknown): string => JSON.stringify(value, null, 2);
const brief = (problems: readonly Problem[]): string[] => problems.map((p) => `${p.ruleId} ${p.severity} ${p.pointer}`);
const errorsOf = (problems: readonly LocatedProblem[]): string[] => brief(problems.filter((p) => p.severity === 'error'));
const shape = (result: NotificationsParseResult): string[] => result.notifications.map((n) => `${n.index}:${n.ok ? `ok ${n.classified.type}` : 'refused'}`);

test('a mixed batch: the good notification is typed, the bad one carries its own located problems', () => {
  const bad = roster();
  const participants = bad.resourceData as Array<Record<string, unknown>>;
  (participants[0] as Record<string, unknown>)['isMuted'] = 'false';
  const body = text({ value: [roster(), bad, finished()] });
  const result = parseCommsNotifications(body);
  // The batch as a whole keeps its old verdict: one error refuses it.
  assert.is(result.ok, false);
  assert.equal(shape(result), ['0:ok roster', '1:refused', '2:ok operation']);
  const refused = result.notifications[1];
  assert.ok(refused !== undefined && !refused.ok);
  assert.equal(errorsOf(refused.problems), ['type-mismatch error /value/1/resourceData/0/isMuted']);
  // Located in the body: the line holding "isMuted": "false".
  const [problem] = refused.problems.filter((p) => p.severity === 'error');
  assert.ok(problem);
  assert.is(body.split('\n')[problem.line - 1]?.includes('"isMuted": "false"'), true);
  assert.is(refused.pointer, '/value/1');
  // Every pointer of a notification's problems is under its own; the batch has none of its own.
  for (const item of result.notifications) for (const p of item.problems) assert.ok(p.pointer.startsWith(`${item.pointer}/`) || p.pointer === item.pointer, p.pointer);
  assert.equal(result.batchProblems, []);
  // The split loses nothing: every problem of the batch is in exactly one place.
  const split = [...result.batchProblems, ...result.notifications.flatMap((n) => n.problems)];
  assert.is(split.length, result.problems.length);
  const good = result.notifications[0];
  assert.ok(good?.ok === true && good.classified.type === 'roster');
  assert.is(good.classified.participants.length, (roster().resourceData as unknown[]).length);
  assert.equal(good.value, roster());
});

test('a good batch: ok with the typed value, as before, and every notification ok', () => {
  const result = parseCommsNotifications(readFileSync(join('samples', 'valid', 'batch.notifications.json')));
  assert.ok(result.ok);
  assert.equal(result.value.value?.length, 2);
  assert.equal(shape(result), ['0:ok operation', '1:ok roster']);
  assert.equal(errorsOf(result.problems), []);
});

test("the batch's own problems: not JSON, not an object, no value array, an item that is not an object", () => {
  const cases: ReadonlyArray<[string, string[], string[]]> = [
    ['{"value": [', ['json-syntax'], []],
    ['[]', ['type-mismatch'], []],
    ['{"value": 3}', ['type-mismatch'], []],
    [text({ value: [7, roster()] }), ['type-mismatch'], ['1:ok roster']],
    [text({ value: [null, roster(), 'x'] }), ['not-nullable', 'type-mismatch'], ['1:ok roster']],
  ];
  for (const [body, batchRules, notifications] of cases) {
    const result = parseCommsNotifications(body);
    assert.is(result.ok, false, body);
    assert.equal(result.batchProblems.map((p) => p.ruleId), batchRules, body);
    assert.equal(shape(result), notifications, body);
  }
  const items = parseCommsNotifications(text({ value: [null, roster(), 'x'] }));
  assert.equal(items.batchProblems.map((p) => p.pointer), ['/value/0', '/value/2']);
  // Bytes that are not UTF-8: the file-encoding problem is the batch's.
  const bytes = parseCommsNotifications(new Uint8Array([0x7b, 0xff, 0x7d]));
  assert.equal(bytes.batchProblems.map((p) => p.ruleId), ['file-encoding']);
  assert.equal(bytes.notifications, []);
});

test('a problem of the batch outside value does not refuse its notifications', () => {
  const result = parseCommsNotifications(text({ '@odata.type': 42, value: [roster()] }));
  assert.is(result.ok, false);
  assert.equal(errorsOf(result.batchProblems), ['type-mismatch error /@odata.type']);
  assert.equal(shape(result), ['0:ok roster']);
});

const callPath = '/communications/calls/5e1f0a7c-2d4b-4f39-9c0e-7a3b8d6e1f20';
const callState = { id: '5e1f0a7c-2d4b-4f39-9c0e-7a3b8d6e1f20', state: 'established', direction: 'outgoing' };
const playPrompt = { '@odata.type': '#microsoft.graph.playPromptOperation', id: 'c1d4b2e0-0a9b-4b8f-8a55-4c3f0b7a9e11', status: 'completed' };

test('call-state data without @odata.type under a call path is classified as a call, never as the invite operation', () => {
  const batch = { value: [{ changeType: 'updated', resourceUrl: callPath, resourceData: callState }] };
  const [item] = classifyNotifications(batch as never);
  assert.ok(item?.type === 'call');
  assert.is(item.call['state'], 'established');
  // On the deprecated /app path, named by resource alone, the same.
  const older = { value: [{ changeType: 'updated', resource: callPath.replace('/communications/', '/app/'), resourceData: callState }] };
  assert.equal(classifyNotifications(older as never).map((found) => found.type), ['call']);
  // The schemas read the path too: validate() and the per-notification parse accept it unchecked, as a typed call.
  assert.equal(brief(validate(batch, { kind: 'comms-notifications' }).problems), []);
  assert.equal(shape(parseCommsNotifications(text(batch))), ['0:ok call']);
  assert.equal(shape(parseCommsNotifications(text(older))), ['0:ok call']);
});

test('untyped data under an operation path, or with no path, is still the invite operation and checked as one', () => {
  for (const resourceUrl of [`${callPath}/operations/0e8a`, undefined]) {
    const notification = { changeType: 'deleted', ...(resourceUrl === undefined ? { resource: 'urn:x' } : { resourceUrl }), resourceData: callState };
    const problems = validate({ value: [notification] }, { kind: 'comms-notifications' }).problems;
    assert.ok(
      problems.some((p) => p.ruleId === 'required-property' && p.pointer === '/value/0/resourceData' && p.params['missing'] === 'status'),
      String(resourceUrl),
    );
    assert.equal(shape(parseCommsNotifications(text({ value: [notification] }))), ['0:refused']);
  }
  // A typed operation under a call path is an operation all the same.
  const typed = { value: [{ changeType: 'updated', resourceUrl: callPath, resourceData: { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'a' } }] };
  assert.ok(validate(typed, { kind: 'comms-notifications' }).problems.some((p) => p.ruleId === 'required-property'));
});

test('typed call data and other operations are classified as what they are', () => {
  const call = sampleNamed('call-established.notification.json').value[0] as CommsNotification;
  const other = { changeType: 'deleted', resourceUrl: `${callPath}/operations/${playPrompt.id}`, resourceData: playPrompt } as CommsNotification;
  const result = parseCommsNotifications(text({ value: [call, other, finished()] }));
  assert.equal(shape(result), ['0:ok call', '1:ok other-operation', '2:ok operation']);
  const second = result.notifications[1];
  assert.ok(second?.ok === true && second.classified.type === 'other-operation');
  assert.is(second.classified.operation.status, 'completed');
  // A broken other operation is refused as a commsOperation, not as an invite operation.
  const broken = { ...other, resourceData: { ...playPrompt, status: 'finished' } };
  const refused = parseCommsNotifications(text({ value: [broken] })).notifications[0];
  assert.ok(refused !== undefined && !refused.ok);
  assert.equal(errorsOf(refused.problems), ['enum-member error /value/0/resourceData/status']);
});

test.run();
