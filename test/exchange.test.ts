import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Config } from '../src/cli/config/config.js';
import { lintPage } from '../src/inputs/docs/page.js';
import { lintExchangeFolder } from '../src/cli/read/exchange-folder.js';
import { roleOf } from '../src/lint/lint.js';
import { packageRoot } from '../src/paths.js';
import type { FileReport } from '../src/model/report.js';

// One exchange of our own: a user invited into a concrete call, and everything that follows agreeing with it.
const callId = '8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968';
const operationId = 'b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e';
const userId = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const invitation = (id = userId, kind = 'user', extra: Record<string, unknown> = {}) => ({ ...extra, identity: { [kind]: { id } } });
const rosterEntry = (id = userId, kind = 'user') => ({ id: `p-${id}`, info: { identity: { [kind]: { id } } }, isMuted: false, isInLobby: false });

interface Exchange {
  target: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  responseTruncated: boolean;
  notifications: Array<Record<string, unknown>>;
}

function base(): Exchange {
  return {
    target: `/communications/calls/${callId}/participants/invite`,
    request: { participants: [invitation()], clientContext: 'ctx-1' },
    response: { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: operationId, status: 'running', clientContext: 'ctx-1', participants: [invitation()] },
    responseTruncated: false,
    notifications: [completed(), roster()],
  };
}

function completed(operation: Record<string, unknown> = {}, notification: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    changeType: 'deleted',
    resourceUrl: `/communications/calls/${callId}/operations/${operationId}`,
    resourceData: { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: operationId, status: 'completed', clientContext: 'ctx-1', participants: [invitation()], ...operation },
    ...notification,
  };
}

function roster(entries = [rosterEntry()], notification: Record<string, unknown> = {}): Record<string, unknown> {
  return { changeType: 'updated', resourceUrl: `/communications/calls/${callId}/participants`, resourceData: entries, ...notification };
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The exchange as a reference page: a request block, a response block and one example block per notification. */
function page(exchange: Exchange): string {
  const notifications = exchange.notifications.map(
    (item) => `<!-- { "blockType": "example", "@odata.type": "microsoft.graph.commsNotifications" } -->\n\`\`\`json\n${json({ '@odata.type': '#microsoft.graph.commsNotifications', value: [item] })}\n\`\`\``,
  );
  return [
    '# participant: invite',
    '<!-- { "blockType": "request", "name": "test" } -->',
    '```http',
    `POST ${exchange.target}`,
    'Content-Type: application/json',
    '',
    json(exchange.request),
    '```',
    `<!-- { "blockType": "response", "truncated": ${exchange.responseTruncated} } -->`,
    '```http',
    'HTTP/1.1 200 OK',
    'Content-Type: application/json',
    `Location: /communications/calls/${callId}/operations/${operationId}`,
    '',
    json(exchange.response),
    '```',
    ...notifications,
    '',
  ].join('\n');
}

/** "ruleId line:column" of the problems of the exchange rules (and first-participant-only) on the page. */
async function correlation(exchange: Exchange): Promise<string[]> {
  const result = await lintPage(page(exchange));
  return result.problems.filter((p) => p.ruleId.startsWith('exchange-') || p.ruleId === 'first-participant-only').map((p) => `${p.ruleId} ${p.line}:${p.column}`);
}

function position(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  return `${lines.length}:${(lines[lines.length - 1] ?? '').length + 1}`;
}

/** Offset of the n-th (0-based) occurrence of a needle in a text. */
function find(text: string, needle: string, occurrence = 0): number {
  let offset = -1;
  for (let i = 0; i <= occurrence; i += 1) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} is on the page`);
  return offset;
}

/** "line:column" of the n-th (0-based) occurrence of a needle in the exchange's page. */
function at(exchange: Exchange, needle: string, occurrence = 0): string {
  const text = page(exchange);
  return position(text, find(text, needle, occurrence));
}

/** "line:column" of the opening brace of the object holding the n-th occurrence of a needle. */
function objectAround(exchange: Exchange, needle: string, occurrence = 0): string {
  const text = page(exchange);
  return position(text, text.lastIndexOf('{', find(text, needle, occurrence)));
}

function variant(change: (exchange: Exchange) => void): Exchange {
  const exchange = base();
  change(exchange);
  return exchange;
}

test('an exchange that agrees with itself: no correlation problem, and no problem at all', async () => {
  assert.equal((await lintPage(page(base()))).problems, []);
});

// exchange-client-context

test('exchange-client-context fires on another value, null, or none in a response that is not truncated', async () => {
  const other = variant((e) => (e.response['clientContext'] = 'ctx-2'));
  assert.equal(await correlation(other), [`exchange-client-context ${at(other, '"ctx-2"')}`]);
  const nulled = variant((e) => (e.response['clientContext'] = null));
  assert.equal(await correlation(nulled), [`exchange-client-context ${at(nulled, 'null')}`]);
  const none = variant((e) => delete e.response['clientContext']);
  assert.equal(await correlation(none), [`exchange-client-context ${objectAround(none, '"@odata.type": "#microsoft.graph.inviteParticipantsOperation"')}`]);
  const operation = variant((e) => (e.notifications[0] = completed({ clientContext: 'ctx-9' })));
  assert.equal(await correlation(operation), [`exchange-client-context ${at(operation, '"ctx-9"')}`]);
});

test('exchange-client-context does not fire on a truncated response that leaves it out, or when the request has none', async () => {
  assert.equal(await correlation(variant((e) => {
    delete e.response['clientContext'];
    e.responseTruncated = true;
  })), []);
  assert.equal(await correlation(variant((e) => {
    delete e.request['clientContext'];
    e.response['clientContext'] = 'anything';
  })), []);
});

// exchange-operation-id

test('exchange-operation-id fires on resourceData.id and on the operation in the resource path', async () => {
  const other = 'ffffffff-f7a8-4b9c-8d0e-1f2a3b4c5d6e';
  const byId = variant((e) => (e.notifications[0] = completed({ id: other })));
  assert.equal(await correlation(byId), [`exchange-operation-id ${at(byId, `"${other}"`)}`]);
  const byPath = variant((e) => (e.notifications[0] = completed({}, { resourceUrl: `/communications/calls/${callId}/operations/${other}` })));
  assert.equal(await correlation(byPath), [`exchange-operation-id ${at(byPath, `"/communications/calls/${callId}/operations/${other}"`)}`]);
});

test('exchange-operation-id does not fire on the same id in another case, or on a null id (entity-id-null says it)', async () => {
  assert.equal(await correlation(variant((e) => (e.notifications[0] = completed({ id: operationId.toUpperCase() })))), []);
  const nulled = await lintPage(page(variant((e) => (e.notifications[0] = completed({ id: null })))));
  assert.equal(nulled.problems.map((p) => p.ruleId), ['entity-id-null']);
});

// exchange-invitee-missing

test('exchange-invitee-missing fires where the response or the roster does not list an invitee', async () => {
  const phone = '+14255550188';
  const twoInvitees = (e: Exchange) => (e.request['participants'] = [invitation(), invitation(phone, 'phone')]);
  const response = variant(twoInvitees);
  response.notifications = [completed({ participants: [invitation(), invitation(phone, 'phone')] }), roster([rosterEntry(), rosterEntry(phone, 'phone')])];
  assert.equal(await correlation(response), [`exchange-invitee-missing ${at(response, '[', 1)}`]);
  const rosterMissing = variant(twoInvitees);
  rosterMissing.response['participants'] = [invitation(), invitation(phone, 'phone')];
  rosterMissing.notifications = [completed({ participants: [invitation(), invitation(phone, 'phone')] }), roster()];
  const rosterText = page(rosterMissing);
  const rosterList = position(rosterText, find(rosterText, '"resourceData": [') + '"resourceData": '.length);
  assert.equal(await correlation(rosterMissing), [`exchange-invitee-missing ${rosterList}`]);
});

test('exchange-invitee-missing does not fire when one of several roster updates lists the invitee, or for participants never read', async () => {
  assert.equal(await correlation(variant((e) => (e.notifications = [completed(), roster([]), roster()]))), []);
  const replacing = variant((e) => {
    e.request['participants'] = [invitation(userId, 'user', { replacesCallId: 'r-1' }), invitation('ignored-user', 'user', { replacesCallId: 'r-1' })];
  });
  assert.equal(await correlation(replacing), [`first-participant-only ${objectAround(replacing, '"replacesCallId"', 1)}`], 'only the first participant is read, so only it is looked for');
});

// exchange-identity-kind

test('exchange-identity-kind fires at the identity key when an invitee comes back under another kind', async () => {
  const application = variant((e) => (e.notifications[1] = roster([rosterEntry(userId, 'application')])));
  assert.equal(await correlation(application), [`exchange-identity-kind ${at(application, '"application"')}`]);
  const guest = variant((e) => (e.response['participants'] = [invitation(userId, 'guest')]));
  assert.equal(await correlation(guest), [`exchange-identity-kind ${at(guest, '"guest"')}`]);
});

test('exchange-identity-kind does not fire on the same kind with the id in another case', async () => {
  assert.equal(await correlation(variant((e) => (e.notifications[1] = roster([rosterEntry(userId.toUpperCase())])))), []);
});

// exchange-call-id

test('exchange-call-id fires on a resource path naming another call, and says when it is the replaced call', async () => {
  const replaced = '11112222-3333-4444-8555-666677778888';
  const other = variant((e) => {
    e.request['participants'] = [invitation(userId, 'user', { replacesCallId: replaced })];
    e.notifications[1] = roster([rosterEntry()], { resourceUrl: `/communications/calls/${replaced}/participants` });
  });
  const result = await lintPage(page(other));
  const problem = result.problems.find((p) => p.ruleId === 'exchange-call-id');
  assert.is(`${problem?.line}:${problem?.column}`, at(other, `"/communications/calls/${replaced}/participants"`));
  assert.match(problem?.message ?? '', /replacesCallId/);
  const resourceOnly = variant((e) => (e.notifications[1] = { changeType: 'updated', resource: '/app/calls/another/participants', resourceData: [rosterEntry()] }));
  assert.equal((await correlation(resourceOnly)), [`exchange-call-id ${at(resourceOnly, '"/app/calls/another/participants"')}`]);
});

test('exchange-call-id does not fire on the same call under /app, or when the request names no concrete call', async () => {
  assert.equal(await correlation(variant((e) => (e.notifications[1] = roster([rosterEntry()], { resource: `/app/calls/${callId.toUpperCase()}/participants` })))), []);
  assert.equal(await correlation(variant((e) => {
    e.target = 'https://graph.microsoft.com/beta/communications/calls/{id}/participants/invite';
    e.notifications[1] = roster([rosterEntry()], { resourceUrl: '/communications/calls/any-call/participants' });
  })), []);
});

// first-participant-only, told once per exchange

test('first-participant-only is said once in an exchange, at the second participant of the request', async () => {
  const twice = [invitation(userId, 'user', { replacesCallId: 'r-1' }), invitation('second', 'user', { replacesCallId: 'r-1' })];
  const exchange = variant((e) => {
    e.request['participants'] = twice;
    e.response['participants'] = twice;
    e.notifications[0] = completed({ participants: twice });
  });
  assert.equal(await correlation(exchange), [`first-participant-only ${objectAround(exchange, '"replacesCallId"', 1)}`]);
  // Outside an exchange, each payload still says it.
  const alone = '<!-- { "blockType": "example" } -->\n```json\n' + json({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'o', status: 'running', participants: twice }) + '\n```';
  assert.is((await lintPage(alone)).problems.filter((p) => p.ruleId === 'first-participant-only').length, 1);
});

test('notifications before any response belong to no exchange', async () => {
  const text = '<!-- { "blockType": "request" } -->\n```http\nPOST /communications/calls/c-1/participants/invite\nContent-Type: application/json\n\n{"participants":[{"identity":{"user":{"id":"u"}}}]}\n```\n<!-- { "blockType": "example" } -->\n```json\n' + json({ '@odata.type': '#microsoft.graph.commsNotifications', value: [roster([rosterEntry('u', 'application')], { resourceUrl: '/communications/calls/c-2/participants' })] }) + '\n```';
  const result = await lintPage(text);
  assert.equal(result.problems, []);
  assert.is(result.exchanges[0]?.notifications.length, 0);
});

// Exchange folders

const exchanges = join(packageRoot, 'test', 'fixtures', 'exchanges');
const noConfig: Config = { root: packageRoot, kinds: [], ignore: [], source: null };
const options = { config: noConfig, maxBytes: 1024 * 1024, cwd: packageRoot };
const locatedIn = (reports: readonly FileReport[]) => reports.flatMap((r) => r.problems.map((p) => `${r.path.replace('test/fixtures/exchanges/', '')} ${p.ruleId} ${p.line}:${p.column}`));

test('roles by file name', () => {
  assert.equal(
    ['request.http', 'Request.json', 'response.http', 'response.json', 'notification.json', 'notification-1.json', 'notification-completed.json', 'notification-1.http', 'request.txt', 'requests.json'].map(roleOf),
    ['request', 'request', 'response', 'response', 'notification', 'notification', 'notification', undefined, undefined, undefined],
  );
});

test('a folder whose exchange agrees with itself: every file checked, nothing reported', async () => {
  const reports = await lintExchangeFolder(join(exchanges, 'clean'), options);
  assert.equal(reports.map((r) => [r.path, r.kind]), [
    ['test/fixtures/exchanges/clean/request.http', 'invite-request'],
    ['test/fixtures/exchanges/clean/response.http', 'invite-operation'],
    ['test/fixtures/exchanges/clean/notification-1.json', 'comms-notifications'],
    ['test/fixtures/exchanges/clean/notification-2.json', 'comms-notifications'],
  ]);
  assert.equal(locatedIn(reports), []);
});

test('a folder whose files disagree: each problem in the file holding the offending value; notifications in number order', async () => {
  const reports = await lintExchangeFolder(join(exchanges, 'mismatched'), options);
  assert.equal(reports.map((r) => r.path.replace('test/fixtures/exchanges/mismatched/', '')), ['request.http', 'response.json', 'notification-1.json', 'notification-2.json', 'notification-10.json']);
  assert.equal(locatedIn(reports), [
    'mismatched/request.http http-authorization 1:1',
    'mismatched/response.json exchange-client-context 5:20',
    'mismatched/notification-1.json exchange-operation-id 9:15',
    'mismatched/notification-2.json exchange-identity-kind 10:35',
    'mismatched/notification-10.json exchange-call-id 6:22',
  ]);
  assert.ok(reports.every((r) => r.problems.length === 0 || r.source !== undefined), 'files with problems keep their text for code frames');
});

test('a folder without a request, with a file named for no role: folder problems, and the rest still checked', async () => {
  const reports = await lintExchangeFolder(join(exchanges, 'incomplete'), options);
  assert.equal(locatedIn(reports), ['incomplete exchange-folder 1:1', 'incomplete exchange-folder 1:1']);
  assert.match(reports[0]?.problems[0]?.message ?? '', /notes\.json is named for no role/);
  assert.match(reports[0]?.problems[1]?.message ?? '', /no request file/);
  assert.is(reports[1]?.kind, 'invite-operation');
});

test('a folder with two request files, a request kept as JSON, and config-ignored files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-exchange-'));
  try {
    const body = '{"participants":[{"identity":{"user":{"id":"u-1"}}}],"clientContext":"c"}';
    writeFileSync(join(dir, 'request.json'), body);
    writeFileSync(join(dir, 'request.http'), `POST /communications/calls/c/participants/invite\nAuthorization: Bearer x\nContent-Type: application/json\n\n${body}`);
    writeFileSync(join(dir, 'response.json'), '{"id":"o","status":"running","clientContext":"other","participants":[{"identity":{"user":{"id":"u-1"}}}]}');
    writeFileSync(join(dir, 'response.expected.json'), '{}');
    const ignoring: Config = { root: dir, kinds: [], ignore: [/\.expected\.json$/], source: null };
    const reports = await lintExchangeFolder(dir, { ...options, config: ignoring, cwd: dir });
    assert.equal(reports.map((r) => `${r.path} ${r.problems.map((p) => p.ruleId).join(',')}`), [`${dir.replace(/\\/g, '/')} exchange-folder`, 'response.json ']);
    assert.match(reports[0]?.problems[0]?.message ?? '', /request\.http and request\.json/);

    rmSync(join(dir, 'request.http'));
    const single = await lintExchangeFolder(dir, { ...options, config: ignoring, cwd: dir });
    assert.equal(single.map((r) => `${r.path} ${r.problems.map((p) => p.ruleId).join(',')}`), ['request.json ', 'response.json exchange-client-context']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('first-participant-only is dropped from the later payloads of an exchange without overflowing the stack', async () => {
  // 150,000 problems kept beside the dropped one: spreading them as arguments used to throw RangeError.
  const dir = mkdtempSync(join(tmpdir(), 'gic-exchange-'));
  try {
    const twice = [invitation(userId, 'user', { replacesCallId: 'r-1' }), invitation('second', 'user', { replacesCallId: 'r-1' })];
    const many = [...twice, ...Array.from({ length: 150_000 }, () => ({ identity: {} }))];
    writeFileSync(join(dir, 'request.json'), json({ participants: twice, clientContext: 'ctx-1' }));
    writeFileSync(join(dir, 'response.json'), json({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: operationId, status: 'running', clientContext: 'ctx-1', participants: many }));
    const reports = await lintExchangeFolder(dir, { ...options, maxBytes: 64 * 1024 * 1024 });
    const response = reports.find((report) => report.path.endsWith('response.json'));
    assert.ok(response);
    assert.is(response.problems.filter((p) => p.ruleId === 'first-participant-only').length, 0);
    assert.ok(response.problems.filter((p) => p.ruleId === 'identity-set-empty').length >= 150_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
