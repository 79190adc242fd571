import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseInviteResponse, type Problem } from '../src/index.js';
import { packageRoot } from '../src/paths.js';

const operationText = readFileSync(join(packageRoot, 'samples', 'valid', 'running-lowercase.operation.json'), 'utf8');
const operation = JSON.parse(operationText) as { id: string };
const location = `https://graph.microsoft.com/beta/communications/calls/2875cd0f-6732-5424-9ecd-01c15f7e8534/operations/${operation.id}`;
const brief = (problems: readonly Problem[]): string[] => problems.map((p) => `${p.ruleId} ${p.severity} ${p.pointer}`);

test('200 with the operation and a Location naming it: ok, typed, whatever form the headers and body take', () => {
  const forms: ReadonlyArray<[string, Parameters<typeof parseInviteResponse>[0]]> = [
    ['record, text', { status: 200, headers: { Location: location }, body: operationText }],
    ['record of arrays, bytes', { status: 200, headers: { location: [location] }, body: new TextEncoder().encode(operationText) }],
    ['Headers, value', { status: 200, headers: new Headers({ location }), body: operation }],
  ];
  for (const [name, response] of forms) {
    const result = parseInviteResponse(response);
    assert.ok(result.ok, name);
    assert.is(result.type, 'operation');
    assert.is(result.operation.id, operation.id, name);
    assert.is(result.location, location, name);
    assert.equal(brief(result.problems).filter((line) => line.includes('error')), [], name);
  }
});

test('Location missing or naming another operation: the http-location warning, the operation still typed', () => {
  const missing = parseInviteResponse({ status: 200, headers: {}, body: operationText });
  assert.ok(missing.ok);
  const [found] = missing.problems.filter((p) => p.ruleId === 'http-location');
  assert.equal(found?.params, { reason: 'missing' });
  const other = parseInviteResponse({ status: 200, headers: { location: location.replace(operation.id, '11111111-2222-4333-8444-555555555555') }, body: operation });
  assert.ok(other.ok);
  assert.equal(other.problems.filter((p) => p.ruleId === 'http-location').map((p) => p.params), [
    { reason: 'other-operation', found: '11111111-2222-4333-8444-555555555555', expected: operation.id },
  ]);
  // A header's problem has no line in the body.
  assert.is('line' in (other.problems.find((p) => p.ruleId === 'http-location') ?? {}), false);
  // An array (Node.js's rawHeaders, say) names no header: its keys are indexes.
  const raw = parseInviteResponse({ status: 200, headers: ['Location', location] as unknown as Record<string, string>, body: operationText });
  assert.equal(raw.problems.filter((p) => p.ruleId === 'http-location').map((p) => p.params), [{ reason: 'missing' }]);
  // Only the header asked for is read: a getter of another one is never run.
  const withGetter = { location, get 'x-other'(): string { throw new Error('read'); } };
  assert.equal(parseInviteResponse({ status: 200, headers: withGetter, body: operationText }).problems.filter((p) => p.ruleId === 'http-location'), []);
});

test('a body that is no valid operation, or another success status: invalid, with the errors', () => {
  const broken = parseInviteResponse({ status: 200, headers: { location }, body: JSON.stringify({ ...operation, status: 'finished' }, null, 2) });
  assert.is(broken.ok, false);
  assert.is(broken.type, 'invalid');
  assert.equal(brief(broken.problems).filter((line) => line.includes(' error ')), ['enum-member error /status']);
  // Text bodies give problems at their lines.
  assert.is((broken.problems.find((p) => p.ruleId === 'enum-member') as { line?: number } | undefined)?.line, 4);
  const accepted = parseInviteResponse({ status: 202, headers: {}, body: '' });
  assert.is(accepted.type, 'invalid');
  assert.equal(accepted.problems.map((p) => [p.ruleId, p.params]), [['http-status', { expected: 200, found: 202 }]]);
  const empty = parseInviteResponse({ status: 200, headers: { location } });
  assert.is(empty.type, 'invalid');
  assert.equal(empty.problems.map((p) => p.ruleId), ['file-empty']);
});

test('a body far from any operation Graph sends is refused with one validation-stopped, not held problem by problem', () => {
  // Each participant a number: one finding each, 100,001 past the least ceiling.
  const body = JSON.stringify({ ...operation, participants: Array(100_001).fill(1) });
  const refused = parseInviteResponse({ status: 200, headers: { location }, body });
  assert.is(refused.type, 'invalid');
  assert.equal(
    refused.problems.map((p) => [p.ruleId, p.pointer]),
    [['validation-stopped', '/participants/100000']],
  );
  // Below it, every problem is listed: no cap.
  const listed = parseInviteResponse({ status: 200, headers: { location }, body: JSON.stringify({ ...operation, participants: Array(2_000).fill(1) }) });
  assert.is(listed.problems.filter((p) => p.ruleId === 'type-mismatch').length, 2_000);
});

test("an error status: Graph's error body read out", () => {
  const body = {
    error: {
      code: 'Forbidden',
      message: 'Application is not authorized to invite participants.',
      innerError: { date: '2026-03-01T12:00:04', 'request-id': '2a3b4c5d-0000-4000-8000-0123456789ab', 'client-request-id': 'f0e1d2c3-1111-4222-8333-444455556666' },
    },
  };
  for (const given of [JSON.stringify(body), body]) {
    const result = parseInviteResponse({ status: 403, headers: { 'content-type': 'application/json' }, body: given });
    assert.is(result.ok, false);
    assert.ok(result.type === 'error');
    assert.equal(result.error, {
      code: 'Forbidden',
      message: 'Application is not authorized to invite participants.',
      requestId: '2a3b4c5d-0000-4000-8000-0123456789ab',
      clientRequestId: 'f0e1d2c3-1111-4222-8333-444455556666',
      date: '2026-03-01T12:00:04',
      innerError: body.error.innerError,
      details: undefined,
    });
  }
  // Without innerError, and a body that is not Graph's error (a gateway's HTML page).
  const bare = parseInviteResponse({ status: 500, body: '{"error":{"code":"UnknownError","message":""}}' });
  assert.ok(bare.type === 'error' && bare.error?.code === 'UnknownError' && bare.error.requestId === undefined);
  const html = parseInviteResponse({ status: 502, body: '<html>Bad Gateway</html>' });
  assert.ok(html.type === 'error' && html.error === undefined);
});

test('parseInviteResponse refuses what is no response with a TypeError', () => {
  for (const response of [null, 'HTTP/1.1 200 OK', { status: '200' }, { status: 42 }, {}]) {
    assert.throws(() => parseInviteResponse(response as never), (error: unknown) => error instanceof TypeError, JSON.stringify(response));
  }
});

test.run();
