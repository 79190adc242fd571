import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Config } from '../src/cli/config/config.js';
import { lintPage } from '../src/inputs/docs/page.js';
import { lintExchangeFolder } from '../src/cli/read/exchange-folder.js';
import { lintExchange, roleOf, type ExchangeFile } from '../src/lint/lint.js';
import { packageRoot } from '../src/paths.js';
import type { LocatedProblem, ProblemParams } from '../src/model/problem.js';
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

/** What the tests assert of a problem: rule, pointer, params and place; never the message. */
interface Found {
  readonly ruleId: string;
  readonly pointer: string;
  readonly params: ProblemParams;
  readonly at: string;
}

const facts = (p: LocatedProblem): Found => ({ ruleId: p.ruleId, pointer: p.pointer, params: p.params, at: `${p.line}:${p.column}` });

/** The problems of the exchange rules (and first-participant-only) on the exchange's page. */
function correlation(exchange: Exchange): Found[] {
  return lintPage(page(exchange))
    .problems.filter((p) => p.ruleId.startsWith('exchange-') || p.ruleId === 'first-participant-only')
    .map(facts);
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

/** "line:column" of the value of the n-th (0-based) property of that name on the exchange's page. */
function valueOf(exchange: Exchange, key: string, occurrence = 0): string {
  const text = page(exchange);
  const label = `"${key}": `;
  return position(text, find(text, label, occurrence) + label.length);
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

test("a request to another calling action is said once (http-invite-path): its body is that action's, not an invite with unknown parameters", () => {
  const request = 'POST /v1.0/communications/calls/c1/transfer HTTP/1.1\nAuthorization: Bearer x\nContent-Type: application/json\n\n{"transferTarget":{"endpointType":"default","identity":{"user":{"id":"u"}}},"clientContext":"x"}\n';
  const response = readFileSync(join(packageRoot, 'samples', 'documented', 'example-1.response.json'), 'utf8');
  const linted = lintExchange([{ name: 'request.http', text: request }, { name: 'response.json', text: response }]);
  const errors = linted.files.flatMap((file) => file.report.problems.filter((problem) => problem.severity === 'error').map((problem) => `${file.name} ${problem.ruleId}`));
  assert.equal(errors, ['request.http http-invite-path']);
});

test("a notification kept as Graph's POST to the bot (.http) is read by its body and compared with the exchange", () => {
  const notification = {
    name: 'notification-1.http',
    text: 'POST https://bot.contoso.com/api/calling HTTP/1.1\nAuthorization: Bearer eyJ0\nContent-Type: application/json; charset=utf-8\n\n{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification","changeType":"deleted","resourceUrl":"/communications/calls/other/operations/o","resourceData":{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"o","status":"completed","clientContext":"c"}}]}\n',
  };
  const linted = lintExchange([requestHttp, responseJson, notification]);
  const found = linted.files.flatMap((file) => file.report.problems.map((problem) => `${file.name} ${problem.ruleId} ${problem.line}`));
  // The call id of its resourceUrl is not the request's: said at the body's line of the message.
  assert.equal(found, ['notification-1.http exchange-call-id 5']);
});

test("a 4xx answering an invite with errors is Graph refusing it, as the simulator records it; answering a valid invite, it is still http-status", () => {
  const refusal: ExchangeFile = { name: 'response.http', text: 'HTTP/1.1 400 Bad Request\nContent-Type: application/json\n\n{"error":{"code":"BadRequest","message":"The invite breaks the contract"}}' };
  const invalid: ExchangeFile = { name: 'request.http', text: 'POST /communications/calls/c/participants/invite\nAuthorization: Bearer x\nContent-Type: application/json\n\n{"participants":[]}' };
  const rules = (files: ExchangeFile[]) => lintExchange(files).files.flatMap((file) => file.report.problems.map((problem) => `${file.name} ${problem.ruleId}`));
  assert.equal(rules([invalid, refusal]), ['request.http participants-required']);
  assert.equal(rules([requestHttp, refusal]), ['response.http http-status']);
  // A 5xx or a 201 is no refusal of a bad request: still said.
  assert.equal(rules([invalid, { ...refusal, text: refusal.text.replace('400 Bad Request', '500 Internal Server Error') }]), ['request.http participants-required', 'response.http http-status']);
});

test("the invite's Location names an operation of the call the invite was posted to", () => {
  const response = (location: string): ExchangeFile => ({ name: 'response.http', text: `HTTP/1.1 200 OK\nContent-Type: application/json\nLocation: ${location}\n\n${'text' in responseJson ? responseJson.text : ''}` });
  const rules = (files: ExchangeFile[]) => lintExchange(files).files.flatMap((file) => file.report.problems.map((problem) => `${file.name} ${problem.ruleId} ${String(problem.params['reason'] ?? '')}`));
  assert.equal(rules([requestHttp, response('https://graph.microsoft.com/beta/communications/calls/c/operations/o')]), []);
  assert.equal(rules([requestHttp, response('https://graph.microsoft.com/beta/communications/calls/C/operations/o')]), [], 'ids compare without regard to case');
  assert.equal(rules([requestHttp, response('https://graph.microsoft.com/beta/communications/calls/other/operations/o')]), ['response.http http-location other-call']);
  // A request to a placeholder call names none to compare with.
  const placeholder: ExchangeFile = { name: 'request.http', text: ('text' in requestHttp ? requestHttp.text : '').replace('/calls/c/', '/calls/{id}/') };
  assert.equal(rules([placeholder, response('https://graph.microsoft.com/beta/communications/calls/other/operations/o')]), []);
});

test('an exchange that agrees with itself: no correlation problem, and no problem at all', () => {
  assert.equal(lintPage(page(base())).problems, []);
});

// Each exchange rule: the exchange changed one way, and every problem it then reports (none for the
// changes it must let pass), with its pointer, params and place on the page.

interface Case {
  readonly rule: string;
  readonly name: string;
  readonly change: (exchange: Exchange) => void;
  /** The problems, of the case's rule unless they say otherwise. */
  readonly expected: (exchange: Exchange) => ReadonlyArray<Omit<Found, 'ruleId'> & { readonly ruleId?: string }>;
}

const otherOperation = 'ffffffff-f7a8-4b9c-8d0e-1f2a3b4c5d6e';
const phone = '+14255550188';
const replacedCall = '11112222-3333-4444-8555-666677778888';
const twoInvitees = (e: Exchange) => (e.request['participants'] = [invitation(), invitation(phone, 'phone')]);
const both = () => [invitation(), invitation(phone, 'phone')];
const ctx = 'ctx-1';

const cases: readonly Case[] = [
  // exchange-client-context: the response and every operation echo the request's clientContext
  {
    rule: 'exchange-client-context',
    name: 'another value in the response',
    change: (e) => (e.response['clientContext'] = 'ctx-2'),
    expected: (e) => [{ pointer: '/clientContext', params: { expected: ctx, found: 'ctx-2' }, at: at(e, '"ctx-2"') }],
  },
  {
    rule: 'exchange-client-context',
    name: 'null in the response',
    change: (e) => (e.response['clientContext'] = null),
    expected: (e) => [{ pointer: '/clientContext', params: { expected: ctx, found: null }, at: at(e, 'null') }],
  },
  {
    rule: 'exchange-client-context',
    name: 'a number in the response: found is left out',
    change: (e) => (e.response['clientContext'] = 7),
    expected: (e) => [{ pointer: '/clientContext', params: { expected: ctx }, at: valueOf(e, 'clientContext', 1) }],
  },
  {
    rule: 'exchange-client-context',
    name: 'none in a response that is not truncated: at the response',
    change: (e) => delete e.response['clientContext'],
    expected: (e) => [{ pointer: '', params: { expected: ctx }, at: objectAround(e, '"@odata.type": "#microsoft.graph.inviteParticipantsOperation"') }],
  },
  {
    rule: 'exchange-client-context',
    name: 'another value in a truncated response: truncating leaves out, it does not contradict',
    change: (e) => {
      e.response['clientContext'] = 'ctx-2';
      e.responseTruncated = true;
    },
    expected: (e) => [{ pointer: '/clientContext', params: { expected: ctx, found: 'ctx-2' }, at: at(e, '"ctx-2"') }],
  },
  {
    rule: 'exchange-client-context',
    name: 'another value in an operation',
    change: (e) => (e.notifications[0] = completed({ clientContext: 'ctx-9' })),
    expected: (e) => [{ pointer: '/value/0/resourceData/clientContext', params: { expected: ctx, found: 'ctx-9' }, at: at(e, '"ctx-9"') }],
  },
  {
    rule: 'exchange-client-context',
    name: 'none in an operation: at the operation',
    change: (e) => (e.notifications[0] = completed({ clientContext: undefined })),
    expected: (e) => [{ pointer: '/value/0/resourceData', params: { expected: ctx }, at: valueOf(e, 'resourceData') }],
  },
  { rule: 'exchange-client-context', name: 'none in a truncated response', change: (e) => {
    delete e.response['clientContext'];
    e.responseTruncated = true;
  }, expected: () => [] },
  { rule: 'exchange-client-context', name: 'anything when the request has none', change: (e) => {
    delete e.request['clientContext'];
    e.response['clientContext'] = 'anything';
  }, expected: () => [] },

  // exchange-operation-id: notifications about an operation name the one the response returned
  {
    rule: 'exchange-operation-id',
    name: 'another operation in resourceData.id',
    change: (e) => (e.notifications[0] = completed({ id: otherOperation })),
    expected: (e) => [{ pointer: '/value/0/resourceData/id', params: { expected: operationId, found: otherOperation }, at: at(e, `"${otherOperation}"`) }],
  },
  {
    rule: 'exchange-operation-id',
    name: 'another operation in the resource path',
    change: (e) => (e.notifications[0] = completed({}, { resourceUrl: `/communications/calls/${callId}/operations/${otherOperation}` })),
    expected: (e) => [{ pointer: '/value/0/resourceUrl', params: { expected: operationId, found: otherOperation }, at: valueOf(e, 'resourceUrl') }],
  },
  {
    rule: 'exchange-operation-id',
    name: 'another operation in both: two problems',
    change: (e) => (e.notifications[0] = completed({ id: otherOperation.toUpperCase() }, { resourceUrl: `/communications/calls/${callId}/operations/${otherOperation}` })),
    expected: (e) => [
      { pointer: '/value/0/resourceUrl', params: { expected: operationId, found: otherOperation }, at: valueOf(e, 'resourceUrl') },
      { pointer: '/value/0/resourceData/id', params: { expected: operationId, found: otherOperation.toUpperCase() }, at: at(e, `"${otherOperation.toUpperCase()}"`) },
    ],
  },
  { rule: 'exchange-operation-id', name: 'the same id in another case', change: (e) => (e.notifications[0] = completed({ id: operationId.toUpperCase() })), expected: () => [] },
  { rule: 'exchange-operation-id', name: 'a null id (entity-id-null says it)', change: (e) => (e.notifications[0] = completed({ id: null })), expected: () => [] },

  // exchange-invitee-missing: the response, each operation and the roster updates list every invitee
  {
    rule: 'exchange-invitee-missing',
    name: 'missing from the response',
    change: (e) => {
      twoInvitees(e);
      e.notifications = [completed({ participants: both() }), roster([rosterEntry(), rosterEntry(phone, 'phone')])];
    },
    expected: (e) => [{ pointer: '/participants', params: { identityKind: 'phone', id: phone, among: 'response' }, at: valueOf(e, 'participants', 1) }],
  },
  {
    rule: 'exchange-invitee-missing',
    name: 'missing from an operation',
    change: (e) => {
      twoInvitees(e);
      e.response['participants'] = both();
      e.notifications = [completed(), roster([rosterEntry(), rosterEntry(phone, 'phone')])];
    },
    expected: (e) => [{ pointer: '/value/0/resourceData/participants', params: { identityKind: 'phone', id: phone, among: 'operation' }, at: valueOf(e, 'participants', 2) }],
  },
  {
    rule: 'exchange-invitee-missing',
    name: 'missing from every roster update: said once, at the first',
    change: (e) => {
      twoInvitees(e);
      e.response['participants'] = both();
      e.notifications = [completed({ participants: both() }), roster(), roster([])];
    },
    expected: (e) => [{ pointer: '/value/0/resourceData', params: { identityKind: 'phone', id: phone, among: 'roster' }, at: valueOf(e, 'resourceData', 1) }],
  },
  { rule: 'exchange-invitee-missing', name: 'in one of several roster updates', change: (e) => (e.notifications = [completed(), roster([]), roster()]), expected: () => [] },
  {
    rule: 'exchange-invitee-missing',
    name: 'participants never read (replacesCallId reads the first only) are not looked for',
    change: (e) => (e.request['participants'] = [invitation(userId, 'user', { replacesCallId: 'r-1' }), invitation('ignored-user', 'user', { replacesCallId: 'r-1' })]),
    expected: (e) => [{ ruleId: 'first-participant-only', pointer: '/participants/1', params: { field: 'replacesCallId', ignored: 1 }, at: objectAround(e, '"replacesCallId"', 1) }],
  },

  // exchange-identity-kind: an invitee keeps the identity kind it was invited under
  {
    rule: 'exchange-identity-kind',
    name: 'an application in a roster update',
    change: (e) => (e.notifications[1] = roster([rosterEntry(userId, 'application')])),
    expected: (e) => [{ pointer: '/value/0/resourceData/0/info/identity/application', params: { id: userId, expected: 'user', found: 'application' }, at: at(e, '"application"') }],
  },
  {
    rule: 'exchange-identity-kind',
    name: 'a guest in the response',
    change: (e) => (e.response['participants'] = [invitation(userId, 'guest')]),
    expected: (e) => [{ pointer: '/participants/0/identity/guest', params: { id: userId, expected: 'user', found: 'guest' }, at: at(e, '"guest"') }],
  },
  {
    rule: 'exchange-identity-kind',
    name: 'an application in an operation, its id in another case',
    change: (e) => (e.notifications[0] = completed({ participants: [invitation(userId.toUpperCase(), 'application')] })),
    expected: (e) => [{ pointer: '/value/0/resourceData/participants/0/identity/application', params: { id: userId, expected: 'user', found: 'application' }, at: at(e, '"application"') }],
  },
  { rule: 'exchange-identity-kind', name: 'the same kind, the id in another case', change: (e) => (e.notifications[1] = roster([rosterEntry(userId.toUpperCase())])), expected: () => [] },
  {
    rule: 'exchange-identity-kind',
    name: 'its own kind beside another one',
    change: (e) => (e.notifications[1] = roster([{ ...rosterEntry(), info: { identity: { user: { id: userId }, application: { id: userId } } } }])),
    expected: () => [],
  },

  // exchange-call-id: notifications are about the call the invite was posted to
  {
    rule: 'exchange-call-id',
    name: 'the call the invite replaces',
    change: (e) => {
      e.request['participants'] = [invitation(userId, 'user', { replacesCallId: replacedCall })];
      e.notifications[1] = roster([rosterEntry()], { resourceUrl: `/communications/calls/${replacedCall}/participants` });
    },
    expected: (e) => [{ pointer: '/value/0/resourceUrl', params: { expected: callId, found: replacedCall, replaced: true }, at: at(e, `"/communications/calls/${replacedCall}/participants"`) }],
  },
  {
    rule: 'exchange-call-id',
    name: 'another call, named by resource alone',
    change: (e) => (e.notifications[1] = { changeType: 'updated', resource: '/app/calls/another/participants', resourceData: [rosterEntry()] }),
    expected: (e) => [{ pointer: '/value/0/resource', params: { expected: callId, found: 'another', replaced: false }, at: at(e, '"/app/calls/another/participants"') }],
  },
  {
    rule: 'exchange-call-id',
    name: 'the same call under /app, in another case',
    change: (e) => (e.notifications[1] = roster([rosterEntry()], { resource: `/app/calls/${callId.toUpperCase()}/participants` })),
    expected: () => [],
  },
  {
    rule: 'exchange-call-id',
    name: 'any call when the request names none ({id})',
    change: (e) => {
      e.target = 'https://graph.microsoft.com/beta/communications/calls/{id}/participants/invite';
      e.notifications[1] = roster([rosterEntry()], { resourceUrl: '/communications/calls/any-call/participants' });
    },
    expected: () => [],
  },
];

for (const c of cases) {
  test(`${c.rule}: ${c.name}`, () => {
    const exchange = variant(c.change);
    assert.equal(correlation(exchange), c.expected(exchange).map((p) => ({ ruleId: c.rule, ...p })));
  });
}

test('every exchange rule but exchange-folder has cases that report and cases that do not', () => {
  for (const rule of ['exchange-client-context', 'exchange-operation-id', 'exchange-invitee-missing', 'exchange-identity-kind', 'exchange-call-id']) {
    const mine = cases.filter((c) => c.rule === rule).map((c) => c.expected(variant(c.change)).length);
    assert.ok(mine.some((n) => n > 0) && mine.some((n) => n === 0), rule);
  }
});

test('exchange-operation-id leaves a null id to entity-id-null', () => {
  const nulled = lintPage(page(variant((e) => (e.notifications[0] = completed({ id: null })))));
  assert.equal(nulled.problems.map((p) => p.ruleId), ['entity-id-null']);
});

// first-participant-only, told once per exchange

test('first-participant-only is said once in an exchange, at the second participant of the request', () => {
  const twice = [invitation(userId, 'user', { replacesCallId: 'r-1' }), invitation('second', 'user', { replacesCallId: 'r-1' })];
  const exchange = variant((e) => {
    e.request['participants'] = twice;
    e.response['participants'] = twice;
    e.notifications[0] = completed({ participants: twice });
  });
  assert.equal(correlation(exchange), [{ ruleId: 'first-participant-only', pointer: '/participants/1', params: { field: 'replacesCallId', ignored: 1 }, at: objectAround(exchange, '"replacesCallId"', 1) }]);
  // Outside an exchange, each payload still says it.
  const alone = '<!-- { "blockType": "example" } -->\n```json\n' + json({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'o', status: 'running', participants: twice }) + '\n```';
  assert.is(lintPage(alone).problems.filter((p) => p.ruleId === 'first-participant-only').length, 1);
});

test('notifications before any response belong to no exchange', () => {
  const text = '<!-- { "blockType": "request" } -->\n```http\nPOST /communications/calls/c-1/participants/invite\nContent-Type: application/json\n\n{"participants":[{"identity":{"user":{"id":"u"}}}]}\n```\n<!-- { "blockType": "example" } -->\n```json\n' + json({ '@odata.type': '#microsoft.graph.commsNotifications', value: [roster([rosterEntry('u', 'application')], { resourceUrl: '/communications/calls/c-2/participants' })] }) + '\n```';
  const result = lintPage(text);
  assert.equal(result.problems, []);
  assert.is(result.exchanges[0]?.notifications.length, 0);
});

// Exchanges kept as named files

test('roles by file name', () => {
  assert.equal(
    ['request.http', 'Request.json', 'response.http', 'response.json', 'notification.json', 'notification-1.json', 'notification-completed.json', 'notification-1.http', 'request.txt', 'requests.json'].map(roleOf),
    ['request', 'request', 'response', 'response', 'notification', 'notification', 'notification', 'notification', undefined, undefined],
  );
});

const requestJson: ExchangeFile = { name: 'request.json', text: '{"participants":[{"identity":{"user":{"id":"u-1"}}}],"clientContext":"c"}' };
const requestHttp: ExchangeFile = { name: 'request.http', text: `POST /communications/calls/c/participants/invite\nAuthorization: Bearer x\nContent-Type: application/json\n\n${requestJson.text}` };
const responseJson: ExchangeFile = { name: 'response.json', text: '{"id":"o","status":"running","clientContext":"c","participants":[{"identity":{"user":{"id":"u-1"}}}]}' };

// exchange-folder: the file names say which part of the exchange each file holds

const folderCases: ReadonlyArray<{ name: string; files: readonly ExchangeFile[]; params: readonly ProblemParams[] }> = [
  { name: 'one request, one response', files: [requestJson, responseJson], params: [] },
  { name: 'a .json file named for no role', files: [requestJson, responseJson, { name: 'notes.json', text: '{}' }], params: [{ fault: 'unknown-name', files: ['notes.json'] }] },
  { name: 'a notification kept as .http (Graph\'s POST to the bot) has its role', files: [requestJson, responseJson, { name: 'notification-1.http', text: '' }], params: [] },
  { name: 'files that are neither .json nor .http are left alone', files: [requestJson, responseJson, { name: 'README.md', text: '' }, { name: 'request.txt', text: '' }], params: [] },
  { name: 'no request', files: [responseJson], params: [{ fault: 'missing-role', role: 'request' }] },
  { name: 'nothing at all', files: [], params: [{ fault: 'missing-role', role: 'request' }, { fault: 'missing-role', role: 'response' }] },
  { name: 'two requests', files: [requestJson, requestHttp, responseJson], params: [{ fault: 'duplicate-role', role: 'request', files: ['request.http', 'request.json'] }] },
  {
    name: 'every fault at once, in order: names for no role, then the request, then the response',
    files: [{ name: 'Response.json', text: '{}' }, { name: 'response.http', text: '' }, { name: 'notes.http', text: '' }],
    params: [{ fault: 'unknown-name', files: ['notes.http'] }, { fault: 'missing-role', role: 'request' }, { fault: 'duplicate-role', role: 'response', files: ['response.http', 'Response.json'] }],
  },
];

for (const { name, files, params } of folderCases) {
  test(`exchange-folder: ${name}`, () => {
    const found = lintExchange(files).folderProblems.map(facts);
    assert.equal(found, params.map((p) => ({ ruleId: 'exchange-folder', pointer: '', params: p, at: '1:1' })));
  });
}

test('a request kept as JSON is read as the request; with two requests, neither is', () => {
  const single = lintExchange([requestJson, { ...responseJson, text: responseJson.text.replace('"c"', '"other"') }]);
  assert.equal(single.files.map((f) => [f.name, f.role, f.report.problems.map(facts)]), [
    ['request.json', 'request', []],
    ['response.json', 'response', [{ ruleId: 'exchange-client-context', pointer: '/clientContext', params: { expected: 'c', found: 'other' }, at: `1:${responseJson.text.indexOf('"c"') + 1}` }]],
  ]);
  assert.equal(lintExchange([requestJson, requestHttp, responseJson]).files.map((f) => f.name), ['response.json']);
});

test('first-participant-only is dropped from the later payloads of an exchange without overflowing the stack', () => {
  // 150,000 problems kept beside the dropped one: spreading them as arguments used to throw RangeError.
  const twice = [invitation(userId, 'user', { replacesCallId: 'r-1' }), invitation('second', 'user', { replacesCallId: 'r-1' })];
  const many = [...twice, ...Array.from({ length: 150_000 }, () => ({ identity: {} }))];
  const linted = lintExchange([
    { name: 'request.json', text: json({ participants: twice, clientContext: 'ctx-1' }) },
    { name: 'response.json', text: json({ '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: operationId, status: 'running', clientContext: 'ctx-1', participants: many }) },
  ], { maxProblems: Number.POSITIVE_INFINITY });
  const response = linted.files.find((file) => file.name === 'response.json')?.report;
  assert.ok(response);
  assert.is(response.problems.filter((p) => p.ruleId === 'first-participant-only').length, 0);
  assert.ok(response.problems.filter((p) => p.ruleId === 'identity-set-empty').length >= 150_000);
});

// Exchange folders, as the CLI reads them

const exchanges = join(packageRoot, 'test', 'fixtures', 'exchanges');
const noConfig: Config = { root: packageRoot, kinds: [], ignore: [], source: null };
const options = { config: noConfig, maxBytes: 1024 * 1024, cwd: packageRoot };
const locatedIn = (reports: readonly FileReport[]) => reports.flatMap((r) => r.problems.map((p) => `${r.path.replace('test/fixtures/exchanges/', '')} ${p.ruleId} ${p.line}:${p.column}`));

test('a folder whose exchange agrees with itself: every file checked, nothing reported', () => {
  const reports = lintExchangeFolder(join(exchanges, 'clean'), options);
  assert.equal(reports.map((r) => [r.path, r.kind]), [
    ['test/fixtures/exchanges/clean/request.http', 'invite-request'],
    ['test/fixtures/exchanges/clean/response.http', 'invite-operation'],
    ['test/fixtures/exchanges/clean/notification-1.json', 'comms-notifications'],
    ['test/fixtures/exchanges/clean/notification-2.json', 'comms-notifications'],
  ]);
  assert.equal(locatedIn(reports), []);
});

test('a REST client variable in the kept request is compared with nothing: the value sent was another', () => {
  const fixture = (name: string): string => readFileSync(join(exchanges, 'clean', name), 'utf8');
  const request = fixture('request.http').replace('"bot-ctx-0042"', '"{{ctx}}"').replace('"d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6"', '"{{userId}}"');
  assert.ok(request.includes('{{ctx}}') && request.includes('{{userId}}'));
  const files: ExchangeFile[] = ['response.http', 'notification-1.json', 'notification-2.json'].map((name) => ({ name, text: fixture(name) }));
  const linted = lintExchange([{ name: 'request.http', text: request }, ...files]);
  assert.equal(linted.files.flatMap((file) => file.report.problems.map((p) => `${file.name} ${p.ruleId}`)), []);
  // The same request with another literal clientContext still disagrees with the response.
  const other = lintExchange([{ name: 'request.http', text: request.replace('"{{ctx}}"', '"bot-ctx-9999"') }, ...files]);
  assert.ok(other.files.some((file) => file.report.problems.some((p) => p.ruleId === 'exchange-client-context')));
});

test('a folder whose files disagree: each problem in the file holding the offending value; notifications in number order', () => {
  const reports = lintExchangeFolder(join(exchanges, 'mismatched'), options);
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

test('a folder without a request, with a file named for no role: folder problems, and the rest still checked', () => {
  const reports = lintExchangeFolder(join(exchanges, 'incomplete'), options);
  // The file named for no role is the place of its problem: annotations and code scanning need a file.
  assert.equal(locatedIn(reports), ['incomplete exchange-folder 1:1', 'incomplete/notes.json exchange-folder 1:1']);
  assert.equal(reports[0]?.problems.map((p) => p.params), [{ fault: 'missing-role', role: 'request' }]);
  assert.equal(reports[1]?.problems.map((p) => p.params), [{ fault: 'unknown-name', files: ['notes.json'] }]);
  assert.is(reports[1]?.kind, null);
  assert.is(reports[2]?.kind, 'invite-operation');
});

test('a folder leaves out the files the config ignores', () => {
  const ignoring: Config = { ...noConfig, ignore: [/notes\.json$/] };
  const reports = lintExchangeFolder(join(exchanges, 'incomplete'), { ...options, config: ignoring });
  assert.equal(reports[0]?.problems.map((p) => p.params), [{ fault: 'missing-role', role: 'request' }]);
});

test.run();
