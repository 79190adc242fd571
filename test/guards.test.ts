import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  assertCommsNotifications,
  assertInviteOperation,
  assertInviteRequest,
  classifyNotifications,
  ContractError,
  isCommsNotifications,
  isInviteOperation,
  isInviteRequest,
  kinds,
  parseCommsNotifications,
  type ClassifiedNotification,
  type CommsNotification,
  type CommsNotifications,
  type Kind,
} from '../src/index.js';
import { listSamples, readExpectation, readSample, sampleKind, type Sample } from './samples.js';

const guards: Record<Kind, (value: unknown) => boolean> = {
  'invite-request': isInviteRequest,
  'invite-operation': isInviteOperation,
  'comms-notifications': isCommsNotifications,
};

const asserts: Record<Kind, (value: unknown) => void> = {
  'invite-request': assertInviteRequest,
  'invite-operation': assertInviteOperation,
  'comms-notifications': assertCommsNotifications,
};

const documented = listSamples('documented');
const byName = (name: string): Sample => {
  const sample = [...documented, ...listSamples('valid')].find((s) => s.name === name);
  assert.ok(sample, `no sample ${name}`);
  return sample;
};

test('each guard accepts the documented and valid samples of its kind, warnings and all, and refuses typed payloads of the other kinds', () => {
  for (const sample of [...documented, ...listSamples('valid')]) {
    const kind = sampleKind(sample);
    assert.ok(kind, `${sample.name}: no kind`);
    const value = readSample(sample);
    assert.ok(guards[kind](value), `${sample.name} as ${kind}`);
    asserts[kind](value);
    // Open types mean an operation without @odata.type also reads as a request body (both carry
    // participants); only a payload that names its type is told apart from the other kinds.
    const typed = typeof (value as Record<string, unknown>)['@odata.type'] === 'string';
    for (const other of kinds) if (other !== kind && typed) assert.is(guards[other](value), false, `${sample.name} as ${other}`);
  }
  // Every documented example carries warnings; the guards must let them through.
  assert.ok(documented.every((sample) => (readExpectation(sample)?.problems.length ?? 0) > 0));
});

test('each guard refuses the invalid samples of its kind; the assert function throws a ContractError naming the error', () => {
  for (const sample of listSamples('invalid')) {
    const expectation = readExpectation(sample);
    const kind = sampleKind(sample);
    // A payload whose kind cannot be told is refused by the validator before any guard would see it.
    if (kind === null || expectation === undefined) continue;
    const value = readSample(sample);
    assert.is(guards[kind](value), false, sample.name);
    const error = (() => {
      try {
        asserts[kind](value);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    assert.instance(error, ContractError, sample.name);
    assert.instance(error, Error);
    const contractError = error as ContractError;
    assert.is(contractError.name, 'ContractError');
    assert.is(contractError.kind, kind);
    const expectedErrors = expectation.problems.filter((p) => p.severity === 'error');
    assert.ok(expectedErrors.length > 0, sample.name);
    for (const expected of expectedErrors) {
      assert.ok(
        contractError.problems.some((p) => p.ruleId === expected.ruleId && p.pointer === expected.pointer),
        `${sample.name}: ${expected.ruleId} at ${expected.pointer} missing from the error`,
      );
      assert.match(contractError.message, expected.ruleId);
    }
    assert.equal(contractError.problems.length, expectation.problems.length, `${sample.name}: the error carries every problem, warnings too`);
  }
});

test('guards answer false for values that are no payload at all, and never throw', () => {
  for (const value of [undefined, null, 0, 'text', true, [], {}, [{ value: [] }], 10n, () => 1]) {
    for (const kind of kinds) assert.is(guards[kind](value), false, `${kind} ${String(value)}`);
  }
});

test('ContractError lists the first errors in its message and keeps the rest in problems', () => {
  const participants = Array.from({ length: 6 }, () => ({ identity: {} }));
  try {
    assertInviteRequest({ participants, clientContext: 'x'.repeat(300) });
    assert.unreachable('no error thrown');
  } catch (error) {
    assert.instance(error, ContractError);
    const { problems, message } = error as ContractError;
    const errors = problems.filter((p) => p.severity === 'error');
    assert.ok(errors.length > 3, 'six empty identities, a long clientContext and too many participants');
    assert.match(message, /^not a valid invite-request \(\d+ errors\): /);
    assert.match(message, `and ${errors.length - 3} more`);
  }
});

test('parseCommsNotifications returns the typed batch for a valid body, with no problems', async () => {
  const text = readFileSync(byName('batch.notifications.json').path, 'utf8');
  const result = await parseCommsNotifications(text);
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.equal(result.problems, []);
  assert.equal(result.value, JSON.parse(text));
  assert.is(result.value.value?.length, 2);
});

test('parseCommsNotifications accepts a body with warnings only, each placed at its line and column', async () => {
  const sample = byName('example-2.notification-roster.json');
  const text = readFileSync(sample.path, 'utf8');
  const result = await parseCommsNotifications(text);
  assert.ok(result.ok);
  const expected = readExpectation(sample)?.problems ?? [];
  assert.ok(expected.length > 0);
  assert.equal(
    result.problems.map((p) => `${p.severity} ${p.ruleId} ${p.pointer}`).sort(),
    expected.map((p) => `${p.severity} ${p.ruleId} ${p.pointer}`).sort(),
  );
  const lines = text.split('\n');
  for (const problem of result.problems) {
    // A located problem is these six fields and nothing else (no parser internals such as an offset).
    assert.equal(Object.keys(problem).sort(), ['column', 'line', 'message', 'params', 'pointer', 'ruleId', 'severity'], problem.ruleId);
    assert.ok(problem.line >= 1 && problem.line <= lines.length, `${problem.ruleId}: line ${problem.line}`);
    assert.ok(problem.column >= 1, `${problem.ruleId}: column ${problem.column}`);
  }
  // The warning about the deprecated path points at the value of "resource".
  const app = result.problems.find((p) => p.ruleId === 'deprecated-app-path');
  assert.ok(app);
  assert.ok(lines[app.line - 1]?.slice(app.column - 1).startsWith('"/app/'), `deprecated-app-path at ${app.line}:${app.column}`);
});

test('parseCommsNotifications refuses text that is not JSON, at the line and column of the fault, without throwing', async () => {
  const text = '{\n  "value": [\n    { "changeType": "updated", }\n  ]\n}';
  const result = await parseCommsNotifications(text);
  assert.is(result.ok, false);
  assert.equal(result.problems.map((p) => `${p.severity} ${p.ruleId}`), ['error json-syntax']);
  const [problem] = result.problems;
  assert.ok(problem);
  assert.is(problem.line, 3);
  const line = text.split('\n')[2] ?? '';
  // The trailing comma or the brace after it: either is where the text stops being JSON.
  assert.ok(problem.column >= line.indexOf(',') + 1 && problem.column <= line.indexOf('}') + 1, `column ${problem.column}`);

  for (const body of ['', '   ', 'null', '[', '{"value": [}', 'not json']) {
    const refused = await parseCommsNotifications(body);
    assert.is(refused.ok, false, JSON.stringify(body));
    assert.ok(refused.problems.some((p) => p.severity === 'error' && p.line >= 1 && p.column >= 1), JSON.stringify(body));
  }
});

test('parseCommsNotifications refuses whole a batch whose validation stops, and lists every problem of one that does not', async () => {
  // A good notification first, then empty ones: each leaves four of the schema validator's seven findings
  // held, and gets a rule's problem: 30,000 are past 100,000 findings, 15,000 well within.
  const good = JSON.parse(readFileSync(byName('example-1.notification-completed.json').path, 'utf8')) as { value: unknown[] };
  const body = (empties: number): string => JSON.stringify({ '@odata.type': '#microsoft.graph.commsNotifications', value: [good.value[0], ...Array.from({ length: empties }, () => ({}))] });
  const stopped = parseCommsNotifications(body(30_000));
  assert.is(stopped.ok, false);
  assert.equal(stopped.notifications, []);
  assert.equal(stopped.batchProblems.map((p) => [p.ruleId, p.params]), [['validation-stopped', { limit: 100_000 }]]);
  assert.equal(stopped.problems, stopped.batchProblems);
  // Under the ceiling every notification has its verdict, and every problem is listed (no cap on the list).
  const whole = parseCommsNotifications(body(15_000));
  assert.is(whole.notifications.length, 15_001);
  assert.ok(whole.notifications[0]?.ok);
  assert.ok(whole.notifications.slice(1).every((n) => !n.ok));
  assert.is(whole.problems.filter((p) => p.ruleId === 'required-property').length, 15_000);
});

test('parseCommsNotifications refuses another kind of payload and the legacy calling format', async () => {
  const operation = await parseCommsNotifications(readFileSync(byName('example-1.response.json').path, 'utf8'));
  assert.is(operation.ok, false);
  const mismatch = operation.problems.find((p) => p.ruleId === 'kind-mismatch');
  assert.ok(mismatch, 'an inviteParticipantsOperation is not a webhook body');
  assert.is(mismatch.pointer, '/@odata.type');

  const request = await parseCommsNotifications(readFileSync(byName('example-1.request.json').path, 'utf8'));
  assert.is(request.ok, false);

  const legacy = await parseCommsNotifications('{\n  "id": "c1",\n  "callState": "established"\n}');
  assert.is(legacy.ok, false);
  assert.equal(
    legacy.problems.map((p) => `${p.ruleId} ${p.line}:${p.column}`),
    ['legacy-calling-format 3:16'],
  );
});

test('parseCommsNotifications takes the raw bytes of a request, with or without a byte order mark', async () => {
  const text = readFileSync(byName('delta-roster.notification-roster.json').path, 'utf8');
  const bytes = await parseCommsNotifications(Buffer.from(text, 'utf8'));
  assert.ok(bytes.ok);
  const bom = await parseCommsNotifications(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
  assert.ok(bom.ok);
  const bomText = await parseCommsNotifications(`\ufeff${text}`);
  assert.ok(bomText.ok);

  const latin1 = await parseCommsNotifications(Buffer.from('{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/\xe9"}]}', 'latin1'));
  assert.is(latin1.ok, false);
  assert.equal(latin1.problems.map((p) => p.ruleId), ['file-encoding']);
});

test('parseCommsNotifications keeps duplicate keys as a warning: the batch still parses', async () => {
  const text = '{"value":[{"changeType":"created","changeType":"deleted","resourceUrl":"/communications/calls/a/participants","resourceData":[]}]}';
  const result = await parseCommsNotifications(text);
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.equal(result.problems.map((p) => `${p.severity} ${p.ruleId} ${p.pointer}`), ['warning duplicate-key /value/0/changeType']);
  // JSON.parse keeps the last value; the warning is there because other parsers keep the first.
  assert.is(result.value.value?.[0]?.changeType, 'deleted');
});

test('parseCommsNotifications rejects (as a programming error) a body that is neither text nor bytes', async () => {
  for (const body of [undefined, null, 42, { value: [] }]) {
    try {
      await parseCommsNotifications(body as unknown as string);
      assert.unreachable('resolved');
    } catch (error) {
      assert.instance(error, TypeError);
    }
  }
});

function types(items: readonly ClassifiedNotification[]): string[] {
  return items.map((item) => item.type);
}

test('classifyNotifications: the documented operation notifications are operation updates carrying the operation', () => {
  for (const sample of documented.filter((s) => s.name.includes('notification-completed'))) {
    const batch = readSample(sample);
    assertCommsNotifications(batch);
    const classified = classifyNotifications(batch);
    assert.equal(types(classified), ['operation'], sample.name);
    const [item] = classified;
    assert.ok(item?.type === 'operation');
    assert.is(item.operation, batch.value?.[0]?.resourceData);
    assert.is(item.notification, batch.value?.[0]);
    assert.ok(['completed', 'Completed', 'failed', 'Failed', 'running', 'Running'].includes(item.operation.status), `${sample.name}: ${item.operation.status}`);
  }
});

test('classifyNotifications: the documented roster notifications are roster updates carrying the participants', () => {
  for (const sample of documented.filter((s) => s.name.includes('notification-roster'))) {
    const batch = readSample(sample);
    assertCommsNotifications(batch);
    const classified = classifyNotifications(batch);
    assert.equal(types(classified), ['roster'], sample.name);
    const [item] = classified;
    assert.ok(item?.type === 'roster');
    assert.ok(item.participants.length > 0);
    assert.is(item.participants, batch.value?.[0]?.resourceData);
    for (const participant of item.participants) assert.type(participant.info.identity, 'object');
  }
});

test('classifyNotifications: a delta roster update carries the deltaParticipants object', () => {
  const batch = readSample(byName('delta-roster.notification-roster.json'));
  assertCommsNotifications(batch);
  const [item, ...rest] = classifyNotifications(batch);
  assert.is(rest.length, 0);
  assert.ok(item?.type === 'delta-roster');
  assert.is(item.delta.sequenceNumber, 1718203311042);
  assert.is(item.delta.participants?.length, 2);
});

test('classifyNotifications: a mixed batch keeps its order, and a notification without resourceData is other', () => {
  const documentedBatch = (name: string): CommsNotification => {
    const batch = readSample(byName(name));
    assertCommsNotifications(batch);
    const [first] = batch.value ?? [];
    assert.ok(first, name);
    return first;
  };
  const bare: CommsNotification = { changeType: 'deleted', resourceUrl: '/communications/calls/4d1f' };
  const batch: CommsNotifications = {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      documentedBatch('example-3.notification-roster.json'),
      documentedBatch('example-3.notification-completed.json'),
      bare,
      documentedBatch('delta-roster.notification-roster.json'),
      { ...documentedBatch('delta-roster.notification-roster.json'), resourceData: { '@odata.type': 'microsoft.graph.deltaParticipants' } },
    ],
  };
  assert.ok(isCommsNotifications(batch), 'the mixed batch is itself valid');
  const classified = classifyNotifications(batch);
  assert.equal(types(classified), ['roster', 'operation', 'other', 'delta-roster', 'delta-roster']);
  assert.equal(
    classified.map((item) => item.notification),
    batch.value,
  );
  // The value array works as well as the batch; a batch whose value is null has nothing to classify.
  assert.equal(types(classifyNotifications(batch.value ?? [])), types(classified));
  assert.equal(classifyNotifications({ value: null }), []);
});

test('classifyNotifications narrows: each branch of a switch sees only its own fields', () => {
  const batch = readSample(byName('batch.notifications.json'));
  assertCommsNotifications(batch);
  const seen: string[] = [];
  for (const item of classifyNotifications(batch)) {
    switch (item.type) {
      case 'operation':
        seen.push(`operation ${item.operation.id ?? 'null'} ${item.operation.status}`);
        break;
      case 'roster':
        seen.push(`roster ${item.participants.map((p) => p.id ?? 'null').join(',')}`);
        break;
      case 'delta-roster':
        seen.push(`delta ${item.delta.sequenceNumber ?? 'null'}`);
        break;
      case 'other-operation':
        seen.push(`other-operation ${item.operation.id ?? 'null'}`);
        break;
      case 'call':
        seen.push(`call ${String(item.call['id'])}`);
        break;
      case 'other':
        seen.push(`other ${item.notification.changeType}`);
        break;
      default: {
        const never: never = item;
        throw new Error(`unhandled ${String(never)}`);
      }
    }
  }
  assert.equal(seen, [
    'operation f6346e12-5dac-5ec6-aa88-9d1803d83736 completed',
    'roster 0d5b9023-8f0a-58f8-9513-6083d44e6b1d,df9269ee-e79f-5f04-a6c7-53a83ae945dd',
  ]);
});

test.run();
