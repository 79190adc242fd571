/**
 * Reference pages of the calling API's other actions (transfer, create call, delete, playPrompt,
 * recordResponse on v1.0, list participants, mute) and an invite page whose request blocks are not read:
 * each page in test/fixtures/pages has its expectation beside it (<page>.expected.json: the counts, and
 * every problem with rule id, severity, line, column, pointer and params). Then the parts one at a time:
 * the table of actions, pairing, operations that name themselves, batch items of another type, casing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { callingActionOf, callingActions, parseCallsTarget } from '../src/contract/calling-actions.js';
import { lintPage } from '../src/inputs/docs/page.js';
import { parseInviteTarget } from '../src/inputs/http/invite-target.js';
import { lintMessage } from '../src/inputs/http/lint-message.js';
import { wholeFile } from '../src/inputs/http/position.js';
import { lint } from '../src/lint/lint.js';
import type { LocatedProblem, ProblemParams } from '../src/model/problem.js';
import { packageRoot } from '../src/paths.js';
import { tooManyProblems } from '../src/rules/file/too-many-problems.js';
import { validate } from '../src/validate/validate.js';
import { runCli } from './cli-harness.js';

const pages = join(packageRoot, 'test', 'fixtures', 'pages');
const readPage = (name: string): string => readFileSync(join(pages, `${name}.md`), 'utf8');

interface PageExpectation {
  readonly payloads: number;
  readonly exchanges: number;
  readonly outside: number;
  readonly problems: ReadonlyArray<{ ruleId: string; severity: string; line: number; column: number; pointer: string; params: ProblemParams }>;
}

const facts = (p: LocatedProblem) => ({ ruleId: p.ruleId, severity: p.severity, line: p.line, column: p.column, pointer: p.pointer, params: p.params });

/** The pages written for this suite, each with its expectation. */
const actionPages = [
  'action-transfer',
  'action-create-call',
  'action-delete-call',
  'action-play-prompt',
  'action-record-response-v1',
  'action-list-participants',
  'action-mute-participant',
  'invite-unread-requests',
  'other-api-user',
  'action-transfer-v1-notification',
];

/** What only an invite request or its response is checked for: never reported on another action's blocks. */
const inviteOnly = ['http-invite-path', 'http-method', 'http-status', 'http-location', 'http-content-type', 'participants-required'];

test('a page of another API, as the docs repository holds many, is the contract\'s nowhere: no invite check, no exchange, its profile from its requests', () => {
  const result = lintPage(readPage('other-api-user'));
  assert.equal(result.problems, []);
  assert.is(result.apiVersion, 'v1.0');
  // In a .http file the same request is still no invite: validate is given invites.
  assert.equal(lintMessage('DELETE https://graph.microsoft.com/v1.0/users/u1\nAuthorization: Bearer t\n', wholeFile, { onPage: false, truncated: false }).problems.map((p) => p.ruleId), ['http-invite-path']);
});

test('what follows a request outside the contract takes its profile: a v1.0 transfer\'s notification is checked against v1.0', () => {
  const page = readPage('action-transfer-v1-notification');
  assert.equal(lintPage(page).problems.map((p) => p.ruleId), ['beta-only']);
  assert.is(lintPage(page).apiVersion, 'v1.0');
  // The same page with the request on beta: nothing to say.
  assert.equal(lintPage(page.replace('https://graph.microsoft.com/v1.0/', 'https://graph.microsoft.com/beta/')).problems, []);
});

for (const name of actionPages) {
  test(`${name}.md: every problem at its line and column, with its params; the counts`, () => {
    const expected = JSON.parse(readFileSync(join(pages, `${name}.expected.json`), 'utf8')) as PageExpectation;
    const result = lintPage(readPage(name));
    assert.equal(result.problems.map(facts), expected.problems);
    assert.equal({ payloads: result.payloads, exchanges: result.exchanges.length, outside: result.outside }, { payloads: expected.payloads, exchanges: expected.exchanges, outside: expected.outside });
  });
}

test('pages of other actions: no invite checks, whatever their responses are (201, 202, 204, 200 with or without a body)', () => {
  for (const name of actionPages.filter((page) => page.startsWith('action-'))) {
    const found = lintPage(readPage(name)).problems.filter((p) => inviteOnly.includes(p.ruleId) || p.ruleId.startsWith('exchange-'));
    assert.equal(found.map(facts), [], name);
  }
});

test('other actions: their JSON text is still read, and their notifications are still comms-notifications', () => {
  const created = lintPage(readPage('action-create-call')).problems.map((p) => p.ruleId);
  assert.ok(created.includes('json-syntax'), 'the trailing comma of the create-call request');
  assert.ok(created.includes('enum-member'), 'the PascalCase changeType of a call-state notification');
  const muted = lintPage(readPage('action-mute-participant')).problems;
  assert.equal(muted.map((p) => p.ruleId), ['json-syntax'], 'the comment inside the roster notification');
});

// Pairing that follows the page

test('a response after an ignored, example or unannotated invite request joins no exchange, and says which block it lacks and why', () => {
  const text = readPage('invite-unread-requests');
  const result = lintPage(text);
  const lines = text.split('\n');
  const unpaired = result.problems.filter((p) => p.ruleId === 'docs-unpaired-response');
  assert.equal(
    unpaired.map((p) => p.params['reason']),
    ['request-ignored', 'request-example', 'request-not-annotated'],
  );
  for (const problem of unpaired) {
    const requestLine = problem.params['requestLine'] as number;
    assert.match(lines[requestLine - 1] ?? '', /^POST \S+\/participants\/invite$/, 'requestLine is the line of the request it lacks');
    assert.match(lines[problem.line - 1] ?? '', /^HTTP\/1\.1 200 OK$/);
  }
  // The notifications after the ignored request belong to no exchange: nothing is compared with Example 1.
  assert.is(result.exchanges.length, 1);
  assert.is(result.exchanges[0]?.notifications.length, 0);
  assert.equal(result.problems.filter((p) => p.ruleId.startsWith('exchange-')), []);
});

const block = (annotation: string, content: string): string => `<!-- ${annotation} -->\n\`\`\`http\n${content}\n\`\`\`\n`;
const transferRequest = block('{ "blockType": "request" }', 'POST /communications/calls/c-1/transfer\nContent-Type: application/json\n\n{ "transferTarget": { "identity": { "user": { "id": "u-1" } } } }');
const accepted = block('{ "blockType": "response", "truncated": true }', 'HTTP/1.1 202 Accepted');

test('a second response to another action is already answered, and still outside the contract', () => {
  const result = lintPage(transferRequest + accepted + accepted);
  assert.equal(result.problems.map((p) => [p.ruleId, p.params]), [['docs-unpaired-response', { reason: 'already-answered', requestLine: 3 }]]);
  assert.is(result.outside, 3);
});

test('another action\'s body past maxProblems: its findings are counted, not made, as cutting the whole list would', () => {
  // Duplicate keys on lines of their own, and lossy numbers, in the body of a transfer request.
  const body = `{ "transferTarget": { "identity": { "user": { "id": "u-1" } } }${',\n  "k": 9007199254740993'.repeat(40)} }`;
  const page = block('{ "blockType": "request" }', `POST /communications/calls/c-1/transfer\nContent-Type: application/json\n\n${body}`) + accepted;
  const whole = lintPage(page).problems;
  assert.ok(whole.length >= 79 && whole.every((p) => p.ruleId === 'duplicate-key' || p.ruleId === 'number-precision'), `${whole.length} problems`);
  for (const cap of [1, 3, 40, whole.length - 1, whole.length]) {
    assert.equal(lintPage(page, cap).problems, tooManyProblems.cap(whole, cap), `cap ${cap}`);
    // The message itself holds no more than the cap and one closing problem: the rest were never made.
    const message = lintMessage(`POST /communications/calls/c-1/transfer\nContent-Type: application/json\n\n${body}`, wholeFile, { onPage: true, truncated: false, maxProblems: cap });
    assert.ok(message.outside === true && message.problems.length <= cap + 1, `cap ${cap}: ${message.problems.length} problems made`);
  }
});

test('a response annotated as the invite operation after another action\'s request: request-outside-contract, with the action', () => {
  const operation = block(
    '{ "blockType": "response", "@odata.type": "microsoft.graph.inviteParticipantsOperation" }',
    'HTTP/1.1 200 OK\nLocation: /communications/calls/c-1/operations/o-1\nContent-Type: application/json\n\n{ "@odata.type": "#microsoft.graph.inviteParticipantsOperation", "id": "o-1", "status": "running", "participants": [] }',
  );
  const found = lintPage(transferRequest + operation).problems.filter((p) => p.ruleId === 'docs-unpaired-response');
  assert.equal(found.map((p) => p.params), [{ reason: 'request-outside-contract', requestLine: 3, action: 'transfer' }]);
});

test('notifications after another action\'s response join no exchange, even when an invite exchange came before', () => {
  const invite = block('{ "blockType": "request" }', 'POST /communications/calls/c-1/participants/invite\nContent-Type: application/json\n\n{ "participants": [ { "identity": { "user": { "id": "u-1" } } } ], "clientContext": "a" }');
  const ok = block('{ "blockType": "response", "truncated": true }', 'HTTP/1.1 200 OK\nLocation: /communications/calls/c-1/operations/o-1\nContent-Type: application/json\n\n{ "id": "o-1", "status": "running" }');
  const notification = '<!-- { "blockType": "example", "@odata.type": "microsoft.graph.commsNotifications" } -->\n```json\n{ "value": [ { "changeType": "deleted", "resourceUrl": "/communications/calls/c-9/operations/o-9", "resourceData": { "id": "o-9", "status": "completed", "clientContext": "b" } } ] }\n```\n';
  const result = lintPage(invite + ok + transferRequest + accepted + notification);
  assert.equal(result.problems, []);
  assert.is(result.exchanges[0]?.notifications.length, 0);
  // The same notification right after the invite's response belongs to it, and disagrees with it.
  const joined = lintPage(invite + ok + notification).problems.map((p) => p.ruleId);
  assert.ok(joined.includes('exchange-operation-id') && joined.includes('exchange-client-context'));
});

test('the bot\'s callback request before a notification is no request block: the notification stays in its exchange', () => {
  const invite = block('{ "blockType": "request" }', 'POST /communications/calls/c-1/participants/invite\nContent-Type: application/json\n\n{ "participants": [ { "identity": { "user": { "id": "u-1" } } } ] }');
  const ok = block('{ "blockType": "response", "truncated": true }', 'HTTP/1.1 200 OK\nLocation: /communications/calls/c-1/operations/o-1\nContent-Type: application/json\n\n{ "id": "o-1", "status": "running" }');
  const callback = '```http\nPOST https://bot.example.net/api/calls\nContent-Type: application/json\n```\n';
  const notification = '<!-- { "blockType": "example", "@odata.type": "microsoft.graph.commsNotifications" } -->\n```json\n{ "value": [ { "changeType": "deleted", "resourceUrl": "/communications/calls/c-1/operations/o-1", "resourceData": { "id": "o-1", "status": "completed" } } ] }\n```\n';
  assert.is(lintPage(invite + ok + callback + notification).exchanges[0]?.notifications.length, 1);
});

// The calling API's actions

test('every action of the table is recognised from its method and path, on both roots, relative or absolute', () => {
  for (const action of callingActions) {
    const path = action.path.replace(/\{[^}]+\}/g, '7f3e');
    for (const prefix of ['/communications/calls', 'https://graph.microsoft.com/v1.0/app/calls', '{{graph}}/beta/communications/calls']) {
      const target = path === '' ? prefix : `${prefix}/${path}`;
      assert.is(callingActionOf(action.method, target), action, `${action.method} ${target}`);
    }
  }
  assert.is(callingActionOf('POST', '/communications/calls/c/participants/muteAll')?.name, 'muteAll', 'a literal segment wins over a placeholder');
  assert.is(callingActionOf('POST', '/communications/calls/c/PLAYPROMPT')?.name, 'playPrompt', 'action names compare without case');
  assert.is(callingActionOf('POST', '/communications/calls/c/microsoft.graph.transfer')?.name, 'transfer', 'a qualified action name is the action');
  assert.is(callingActionOf('GET', '/communications/calls/c/transfer'), undefined, 'the method is part of the action');
  assert.is(callingActionOf('POST', '/communications/calls/c/participants/invite'), undefined, 'the invite is not in the table');
  assert.is(callingActionOf('POST', '/me/events'), undefined);
});

test('the invite is recognised on every path form', () => {
  const call = '5c1e';
  for (const target of [
    `/communications/calls/${call}/participants/invite`,
    `/beta/communications/calls/${call}/participants/invite`,
    `/v1.0/communications/calls/${call}/participants/invite/`,
    `https://graph.microsoft.com/beta/app/calls/${call}/participants/invite?x=1`,
    `{{baseUrl}}/v1.0/Communications/Calls/${call}/Participants/Invite`,
  ]) {
    assert.equal(parseInviteTarget(target)?.callId, call, target);
  }
  assert.equal(parseInviteTarget('/app/calls/{id}/participants/invite'), { root: 'app', callId: '{id}', concrete: false });
  assert.is(parseInviteTarget('/communications/calls//participants/invite'), undefined);
  assert.equal(parseCallsTarget('/communications/calls'), { root: 'communications', segments: [] });
});

test('outside pages, another action\'s request is still no invite: http-invite-path names the action', () => {
  const report = lint({ text: 'POST /communications/calls/c-1/transfer\nAuthorization: Bearer t\nContent-Type: application/json\n\n{}', type: 'http' });
  assert.equal(report.problems.map((p) => [p.ruleId, p.params]), [['http-invite-path', { found: '/communications/calls/c-1/transfer', action: 'transfer' }]]);
});

test('docs says how many blocks were outside the contract, beside the page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-pages-actions-'));
  try {
    writeFileSync(join(dir, 'transfer.md'), readPage('action-transfer'));
    writeFileSync(join(dir, 'invite.md'), readPage('invite-unread-requests'));
    const outcome = await runCli(['docs', '.'], { cwd: dir });
    assert.is(outcome.status, 1);
    assert.equal(outcome.stderr.split('\n').filter(Boolean).sort(), ['invite.md: 7 payloads, 1 exchange', 'transfer.md (3 blocks outside the contract): 3 payloads, 0 exchanges']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Operations of every kind

const notifications = (item: Record<string, unknown>) => ({ '@odata.type': '#microsoft.graph.commsNotifications', value: [item] });
const finished = (resourceData: Record<string, unknown>, resourceUrl = '/communications/calls/c-1/operations/o-1') => notifications({ changeType: 'deleted', resourceUrl, resourceData });
const ids = (problems: readonly { ruleId: string; pointer: string }[]) => problems.map((p) => `${p.ruleId} ${p.pointer}`);

test('an operation with no id that names itself (@odata.id, or its operation path) warns as a null id does', () => {
  const named = validate(finished({ '@odata.type': '#microsoft.graph.playPromptOperation', '@odata.id': '/communications/calls/c-1/operations/o-1', status: 'completed' }));
  assert.equal(ids(named.problems), ['entity-id-null /value/0/resourceData']);
  assert.is(named.valid, true);
  const byPath = validate(finished({ status: 'completed' }));
  assert.equal(ids(byPath.problems), ['entity-id-null /value/0/resourceData']);
  const root = validate({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', '@odata.id': '/communications/calls/c-1/operations/o-1', status: 'running', participants: [] });
  assert.equal(ids(root.problems), ['entity-id-null ']);
  // Named by nothing (a path without an operation id), the id is missing: an error as before.
  const unnamed = validate(finished({ status: 'completed' }, '/communications/calls/c-1/operations'));
  assert.ok(ids(unnamed.problems).includes('required-property /value/0/resourceData'));
  assert.is(unnamed.valid, false);
});

test('notification-type: a batch item typed as anything but a commsNotification is an error at its @odata.type', () => {
  const item = { changeType: 'updated', resourceUrl: '/communications/calls/c-1' };
  const wrong = validate(notifications({ '@odata.type': '#microsoft.graph.commsOperation', ...item }));
  assert.equal(
    wrong.problems.map((p) => [p.ruleId, p.severity, p.pointer, p.params]),
    [['notification-type', 'error', '/value/0/@odata.type', { expected: '#microsoft.graph.commsNotification', found: '#microsoft.graph.commsOperation' }]],
  );
  assert.equal(validate(notifications({ '@odata.type': 'microsoft.graph.commsNotification', ...item })).problems, [], 'without the #, as SDK logs write it');
  assert.equal(validate(notifications(item)).problems, []);
});

test('casing with a cause: the member and the likely cause in params; status-casing unchanged', () => {
  const changeType = (value: string) => validate(notifications({ changeType: value, resourceUrl: '/communications/calls/c-1' })).problems;
  const pascal = changeType('Updated');
  assert.equal(pascal.map((p) => [p.ruleId, p.pointer, p.params['near'], p.params['cause']]), [['enum-member', '/value/0/changeType', 'updated', 'sdk-pascal-case']]);
  assert.ok(pascal[0]?.message.includes('"updated"'), 'the message spells the member');
  assert.equal(changeType('DELETED').map((p) => p.params['cause']), ['case-changed']);
  assert.equal(changeType('removed').map((p) => [p.params['near'], p.params['cause']]), [[null, undefined]], 'no member in any case: no cause');
  const status = validate({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'o', status: 'Completed', participants: [] }).problems;
  assert.equal(status.map((p) => [p.ruleId, p.params]), [['status-casing', { found: 'Completed', expected: 'completed' }]]);
});

/** A page of annotated blocks: each an annotation (or none) and an http or json fence. */
function pageOf(...blocks: ReadonlyArray<readonly [string | undefined, string, string]>): string {
  return blocks.map(([annotation, language, content]) => `${annotation === undefined ? '' : `<!-- ${annotation} -->\n`}\`\`\`${language}\n${content}\n\`\`\`\n`).join('\n');
}

const invitePost = 'POST https://graph.microsoft.com/beta/communications/calls/7d7d7d7d-1111-4222-8333-444455556666/participants/invite\nContent-Type: application/json\n\n{"participants":[{"@odata.type":"#microsoft.graph.invitationParticipantInfo","identity":{"@odata.type":"#microsoft.graph.identitySet","user":{"@odata.type":"#microsoft.graph.identity","id":"u-1"}}}],"clientContext":"c-1"}';
const operationBody = (status: string) => `{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"0a0a0a0a-1111-4222-8333-444455556666","status":"${status}","clientContext":"c-1"}`;
const response = (status: string, location = 'https://graph.microsoft.com/beta/communications/calls/7d7d7d7d-1111-4222-8333-444455556666/operations/0a0a0a0a-1111-4222-8333-444455556666') => `HTTP/1.1 200 OK\nContent-Type: application/json\nLocation: ${location}\n\n${operationBody(status)}`;
const ruleLines = (page: string): string[] => lintPage(page).problems.map((problem) => `${problem.ruleId} ${problem.severity}`);

test("pages as Microsoft writes them: Graph's callback annotated as a request, the operation's base type, a GET of the operation, a broken annotation", () => {
  const request = '{ "blockType": "request", "name": "invite" }';
  // The callback POST to the bot, annotated as a request, is a notification as delivered: checked, and compared.
  const callback = `POST https://bot.example.org/api/calls\nContent-Type: application/json\n\n{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"removed","resourceUrl":"/communications/calls/7d7d7d7d-1111-4222-8333-444455556666/operations/0a0a0a0a-1111-4222-8333-444455556666","resourceData":${operationBody('completed')}}]}`;
  const withCallback = lintPage(pageOf([request, 'http', invitePost], ['{ "blockType": "response", "@odata.type": "microsoft.graph.inviteParticipantsOperation" }', 'http', response('running')], ['{ "blockType": "request", "name": "callback" }', 'http', callback]));
  assert.equal([withCallback.payloads, withCallback.exchanges.length, withCallback.outside], [3, 1, 0]);
  assert.equal(withCallback.problems.map((problem) => problem.ruleId), ['enum-member']);
  // The invite's response annotated with commsOperation is the invite's operation: its body is checked.
  assert.equal(ruleLines(pageOf([request, 'http', invitePost], ['{ "blockType": "response", "@odata.type": "microsoft.graph.commsOperation" }', 'http', response('pending')])), ['enum-member error']);
  // A GET of the operation answered with the invite's operation: no pairing error, no invite Location asked for.
  const get = 'GET https://graph.microsoft.com/v1.0/communications/calls/7d7d7d7d-1111-4222-8333-444455556666/operations/0a0a0a0a-1111-4222-8333-444455556666';
  const read = `HTTP/1.1 200 OK\nContent-Type: application/json\n\n${operationBody('completed')}`;
  assert.equal(ruleLines(pageOf(['{ "blockType": "request", "name": "get-operation" }', 'http', get], ['{ "blockType": "response", "@odata.type": "microsoft.graph.inviteParticipantsOperation" }', 'http', read])), []);
  assert.equal(ruleLines(pageOf(['{ "blockType": "request", "name": "get-operation" }', 'http', get], ['{ "blockType": "response", "@odata.type": "microsoft.graph.inviteParticipantsOperation" }', 'http', read.replace('completed', 'done')])), ['enum-member error']);
  // Another action's request whose annotation cannot be read: that one error, no cascade on its 202 response.
  const reject = 'POST https://graph.microsoft.com/beta/communications/calls/{id}/reject\nContent-Type: application/json\n\n{"reason":"busy"}';
  assert.equal(ruleLines(pageOf(['{ "blockType": "request", "name": "reject", }', 'http', reject], ['{ "blockType": "response" }', 'http', 'HTTP/1.1 202 Accepted'])), ['docs-annotation error']);
  // A Location naming an operation of another call than the invite's, or a participant rather than the operation.
  assert.equal(ruleLines(pageOf([request, 'http', invitePost], ['{ "blockType": "response", "@odata.type": "microsoft.graph.inviteParticipantsOperation" }', 'http', response('running', 'https://graph.microsoft.com/beta/communications/calls/deadbeef-1111-4222-8333-444455556666/operations/0a0a0a0a-1111-4222-8333-444455556666')])), ['http-location warning']);
  assert.equal(ruleLines(pageOf([request, 'http', invitePost], ['{ "blockType": "response", "@odata.type": "microsoft.graph.inviteParticipantsOperation" }', 'http', response('running', 'https://graph.microsoft.com/beta/communications/calls/7d7d7d7d-1111-4222-8333-444455556666/participants/p-1')])), ['http-location warning']);
});

test.run();
