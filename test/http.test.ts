import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseInviteTarget } from '../src/inputs/http/invite-target.js';
import { lintMessage, type MessageOptions } from '../src/inputs/http/lint-message.js';
import { lint } from '../src/index.js';
import { fixText } from '../src/fix/fix-text.js';
import { headerOf, parseHttpMessage, type HttpMessage, type ParseError } from '../src/inputs/http/message.js';
import { fromLine, wholeFile } from '../src/inputs/http/position.js';
import type { ProblemParams } from '../src/model/problem.js';
import { httpContentLength } from '../src/rules/http/http-content-length.js';
import { httpContentType } from '../src/rules/http/http-content-type.js';
import { httpRuleList } from '../src/rules/http/index.js';

function message(text: string): HttpMessage {
  const parsed = parseHttpMessage(text);
  if ('error' in parsed) throw new Error(`unexpected parse error: ${parsed.error.message}`);
  return parsed.message;
}

function parseError(text: string): ParseError {
  const parsed = parseHttpMessage(text);
  if (!('error' in parsed)) throw new Error('expected a parse error');
  return parsed.error;
}

/** "ruleId line:column" of every problem, body problems included. */
async function located(text: string, options: Parameters<typeof lintMessage>[2]): Promise<string[]> {
  const linted = await lintMessage(text, wholeFile, options);
  return [...linted.problems, ...(linted.body?.problems ?? [])].map((p) => `${p.ruleId} ${p.line}:${p.column}`).sort();
}

const body = '{\n  "participants": [ { "identity": { "user": { "id": "u-1" } } } ],\n  "clientContext": "c-1"\n}';
const invitePath = '/communications/calls/3d1c0e5a-7b2f-4c8d-9e0a-1b2c3d4e5f60/participants/invite';
const request = (head: string, content = body) => `${head}\n\n${content}`;

// Parsing: requests

test('a request with an absolute target, headers and a body', () => {
  const m = message(request(`POST https://graph.microsoft.com/beta${invitePath}\nContent-Type: application/json\nAuthorization: Bearer {token}`));
  assert.is(m.type, 'request');
  if (m.type !== 'request') return;
  assert.is(m.method, 'POST');
  assert.is(m.target, `https://graph.microsoft.com/beta${invitePath}`);
  assert.equal(m.targetAt, { line: 1, column: 6 });
  assert.equal(m.headers.map((h) => [h.name, h.value]), [['Content-Type', 'application/json'], ['Authorization', 'Bearer {token}']]);
  assert.equal(headerOf(m, 'content-type')?.valueAt, { line: 2, column: 15 });
  assert.equal(m.body, { text: body, line: 5, lineCount: 4, lineBreakAfter: 0 });
});

test('a request with a relative target, an HTTP version and CRLF line ends', () => {
  const m = message(`POST ${invitePath} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{}\r\n`);
  assert.is(m.type === 'request' ? m.target : '', invitePath);
  assert.equal(m.body, { text: '{}', line: 4, lineCount: 1, lineBreakAfter: 2 });
});

test('a request without body: headers end at the end of the text', () => {
  const m = message(`POST ${invitePath}\nContent-Type: application/json\n`);
  assert.is(m.body, undefined);
  assert.is(m.headers.length, 1);
});

test('REST client comments, ### separators and variables before the request line are skipped', () => {
  const m = message(`### invite\n# a comment\n// another\n@host = https://graph.microsoft.com\n\nPOST {{host}}${invitePath}\nContent-Type: application/json\n\n{}`);
  assert.equal(m.at, { line: 6, column: 1 });
  assert.equal(parseInviteTarget(m.type === 'request' ? m.target : '')?.root, 'communications');
});

test('trailing blank lines are not part of the body; a header without a value is kept', () => {
  const m = message(`POST ${invitePath}\nX-Empty:\n\n{}\n\n   \n`);
  assert.equal(m.headers[0], { name: 'X-Empty', value: '', at: { line: 2, column: 1 }, valueAt: { line: 2, column: 9 }, resolved: '' });
  assert.equal(m.body, { text: '{}', line: 4, lineCount: 1, lineBreakAfter: 1 });
});

test("REST Client's file variables are put into the target and header values, which stay as written beside them", () => {
  const m = message(`@graph = https://graph.microsoft.com/{{version}}\n@version = v1.0\n@graph2 = https://graph.microsoft.com/{{version}}\n@type = application/json\n\nPOST {{graph2}}${invitePath}\nContent-Type:{{type}}\nAuthorization: Bearer {{token}}\n\n{}`);
  assert.is(m.type, 'request');
  if (m.type !== 'request') return;
  assert.is(m.target, `{{graph2}}${invitePath}`);
  // A variable is read with those defined before it, as REST Client reads it; {{token}} is not the file's.
  assert.is(m.resolvedTarget, `https://graph.microsoft.com/v1.0${invitePath}`);
  assert.equal(m.headers.map((h) => [h.value, h.resolved]), [['{{type}}', 'application/json'], ['Bearer {{token}}', 'Bearer {{token}}']]);
});

test("JetBrains' handlers, redirects and response references after the body end it; a separator may follow", () => {
  for (const trailer of ['> {%\n  client.global.set("op", response.body.id);\n%}', '> scripts/save.js', '>> responses/invite.json', '>>! responses/invite.json', '<> 2024-06-01T101500.200.json']) {
    const m = message(`POST ${invitePath}\nContent-Type: application/json\n\n{}\n\n${trailer}\n\n###\n`);
    assert.equal(m.body, { text: '{}', line: 4, lineCount: 1, lineBreakAfter: 1 }, trailer);
  }
  // Without a body, straight after the headers.
  assert.is(message(`POST ${invitePath}\nContent-Type: application/json\n> {% client.log(1) %}`).body, undefined);
  // A second message after the handler is still one too many.
  assert.is(parseError(`POST ${invitePath}\n\n{}\n> save.js\n###\nPOST ${invitePath}\n\n{}`).reason, 'second-message');
});

test("JetBrains' pre-request scripts, imports and runs before the request line, and a path continued on indented lines", () => {
  const m = message(`import ./auth.http\nrun #token\n< {%\n  request.variables.set("callId", "c1");\n%}\n< ./before.js\nPOST https://graph.microsoft.com/v1.0\n    /communications/calls/c1\n    /participants/invite\nContent-Type: application/json\n\n{}`);
  assert.equal(m.at, { line: 7, column: 1 });
  assert.is(m.type === 'request' ? m.target : '', 'https://graph.microsoft.com/v1.0/communications/calls/c1/participants/invite');
  assert.equal(m.headers.map((h) => h.name), ['Content-Type']);
});

test('a start line that is neither a request nor a status line is the error, at its place, before any header', () => {
  const error = parseError('> POST /v1.0/communications/calls/c1/participants/invite HTTP/2\n> Host: graph.microsoft.com\n');
  assert.is(error.reason, 'start-line');
  assert.equal(error.at, { line: 1, column: 1 });
  assert.match(error.message, /curl -v output/);
  assert.not.match(parseError('GARBAGE LINE HERE\nX-A: 1\nnot a header').message, /curl/);
});

test("a response's folded header line goes on with the value before it; a request's is still refused", () => {
  const m = message('HTTP/1.1 200 OK\nContent-Type: application/json;\n    charset=utf-8\nLocation: /x\n\n{}');
  assert.equal(m.headers.map((h) => [h.name, h.value]), [['Content-Type', 'application/json; charset=utf-8'], ['Location', '/x']]);
  assert.is(parseError(`POST ${invitePath}\nContent-Type: application/json;\n    charset=utf-8\n\n{}`).reason, 'header');
});

// Parsing: responses

test('a response: status line, headers, body', () => {
  const m = message('HTTP/1.1 200 OK\nContent-Type: application/json\nLocation: /communications/calls/c/operations/o\n\n{"id":"o"}');
  assert.is(m.type, 'response');
  if (m.type !== 'response') return;
  assert.is(m.status, 200);
  assert.equal(m.statusAt, { line: 1, column: 10 });
  assert.is(headerOf(m, 'location')?.value, '/communications/calls/c/operations/o');
  assert.equal(m.body, { text: '{"id":"o"}', line: 5, lineCount: 1, lineBreakAfter: 0 });
});

test('a response without a reason phrase, on HTTP/2', () => {
  const m = message('HTTP/2 403\n');
  assert.is(m.type === 'response' ? m.status : 0, 403);
});

// Parsing: what is not a message

test('an empty text, a start line that is neither, a broken header, a body without blank line, a second message', () => {
  const failure = (text: string) => {
    const { reason, at } = parseError(text);
    return { reason, at };
  };
  assert.equal(failure('\n\n'), { reason: 'empty', at: { line: 1, column: 1 } });
  assert.equal(failure('\nhello\n'), { reason: 'start-line', at: { line: 2, column: 1 } });
  assert.equal(failure('HTTP/1.1 OK\n'), { reason: 'start-line', at: { line: 1, column: 1 } });
  assert.equal(failure(`POST ${invitePath}\nContent-Type application/json\n`), { reason: 'header', at: { line: 2, column: 1 } });
  assert.equal(failure(`POST ${invitePath}\nContent-Type: application/json\n  {}`), { reason: 'body-separator', at: { line: 3, column: 3 } });
  assert.equal(failure(`POST ${invitePath}\n\n{}\n###\nPOST ${invitePath}\n`), { reason: 'second-message', at: { line: 4, column: 1 } });
});

// Invite targets

test('invite targets: absolute, relative, /beta and /v1.0, /app, placeholders, variables', () => {
  assert.equal(parseInviteTarget(`https://graph.microsoft.com/v1.0${invitePath}`), { root: 'communications', callId: '3d1c0e5a-7b2f-4c8d-9e0a-1b2c3d4e5f60', concrete: true });
  assert.equal(parseInviteTarget('/app/calls/{id}/participants/invite'), { root: 'app', callId: '{id}', concrete: false });
  assert.equal(parseInviteTarget('{{graph}}/beta/communications/calls/{{callId}}/participants/invite?x=1')?.concrete, false);
  assert.is(parseInviteTarget('/communications/calls/c1/participants'), undefined);
  assert.is(parseInviteTarget('/communications/calls/c1/participants/invite/more'), undefined);
  assert.is(parseInviteTarget('https://bot.example.org/api/calling'), undefined);
  // The SDKs' URL templates name the bound action by its qualified name; OData also keys a call in parentheses.
  assert.equal(parseInviteTarget('https://graph.microsoft.com/v1.0/communications/calls/c1/participants/microsoft.graph.invite'), { root: 'communications', callId: 'c1', concrete: true });
  assert.equal(parseInviteTarget("/beta/communications/calls('c1')/participants/Microsoft.Graph.invite"), { root: 'communications', callId: 'c1', concrete: true });
  assert.is(parseInviteTarget("/communications/calls('')/participants/invite"), undefined);
  assert.is(parseInviteTarget('/communications/calls/c1/participants/microsoft.graph.inviteX'), undefined);
});

test('validate checks the body of an invite sent to the qualified action path, as exchange does', () => {
  const linted = lint({ text: 'POST /v1.0/communications/calls/c1/participants/microsoft.graph.invite HTTP/1.1\nAuthorization: Bearer x\nContent-Type: application/json\n\n{"participants":[{"identity":{"user":{"id":"u"}}}],"clientContxt":"x"}\n', type: 'http' });
  assert.equal(linted.problems.map((problem) => problem.ruleId), ['request-parameter-unknown']);
});

test('a .http file as REST Client and JetBrains users keep it: variables, handlers, placeholders', () => {
  const rules = (text: string) => lint({ text, type: 'http' }).problems.map((problem) => `${problem.ruleId} ${problem.line}:${problem.column}`);
  const v1Body = '{"participants":[{"endpointType":"default","identity":{"user":{"id":"u1"}}}]}';
  // The version comes from a file variable: endpointType is beta only, an error under v1.0.
  assert.equal(rules(`@graph = https://graph.microsoft.com/v1.0\nPOST {{graph}}/communications/calls/c1/participants/invite\nAuthorization: Bearer {{token}}\nContent-Type: application/json\n\n${v1Body}\n`), ['beta-only 6:19']);
  assert.equal(rules(`@version = v1.0\nPOST https://graph.microsoft.com/{{version}}/communications/calls/c1/participants/invite\nAuthorization: Bearer t\nContent-Type: application/json\n\n${v1Body}\n`), ['beta-only 6:19']);
  // A JetBrains handler after the body: the body is still checked, and nothing else is reported.
  assert.equal(rules(`POST ${invitePath}\nAuthorization: Bearer t\nContent-Type: application/json\n\n{"participants":[{"identity":{"user":{"id":"u1"}}}],"clientContext":7}\n\n> {%\n  client.global.set("op", response.body.id);\n%}\n<> 2024-06-01T101500.200.json\n`), ['type-mismatch 5:69']);
  // Content-Type from a variable, the file's or the environment's.
  assert.equal(rules(`@type = application/json\nPOST ${invitePath}\nAuthorization: Bearer t\nContent-Type:{{type}}\n\n{"participants":[{"identity":{"user":{"id":"u1"}}}]}`), []);
  assert.equal(rules(`@type = text/plain\nPOST ${invitePath}\nAuthorization: Bearer t\nContent-Type:{{type}}\n\n{"participants":[{"identity":{"user":{"id":"u1"}}}]}`), ['http-content-type 4:14']);
  assert.equal(rules(`POST ${invitePath}\nAuthorization: Bearer t\nContent-Type: {{contentType}}\n\n{"participants":[{"identity":{"user":{"id":"u1"}}}]}`), []);
  // Authorization: a scheme other than Bearer, or Bearer without a token.
  assert.equal(rules(`POST ${invitePath}\nAuthorization: Basic dXNlcjpwYXNz\nContent-Type: application/json\n\n{"participants":[{"identity":{"user":{"id":"u1"}}}]}`), ['http-authorization 2:16']);
  assert.equal(rules(`POST ${invitePath}\nAuthorization: Bearer   \nContent-Type: application/json\n\n{"participants":[{"identity":{"user":{"id":"u1"}}}]}`), ['http-authorization 2:16']);
  assert.equal(rules(`POST ${invitePath}\nAuthorization: {{auth}}\nContent-Type: application/json\n\n{"participants":[{"identity":{"user":{"id":"u1"}}}]}`), []);
  // A Location written with placeholders names whatever operation the body is.
  const response = (location: string) => rules(`HTTP/1.1 200 OK\nContent-Type: application/json\nLocation: ${location}\n\n{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"eec3","status":"running"}`);
  assert.equal(response('https://graph.microsoft.com/v1.0/communications/calls/{id}/operations/{id}'), []);
  assert.equal(response('https://graph.microsoft.com/v1.0/communications/calls/c1/operations/other'), ['http-location 3:11']);
});

test('Content-Length: a body with variables is not measured nor fixed; a line break after the body may be counted', () => {
  const body = '{"participants":[{"identity":{"user":{"id":"u1"}}}],"clientContext":"{{$guid}}"}';
  const withVariables = `POST ${invitePath}\nAuthorization: Bearer t\nContent-Type: application/json\nContent-Length: 107\n\n${body}\n`;
  assert.equal(lint({ text: withVariables, type: 'http' }).problems, []);
  assert.is(fixText(withVariables, { type: 'http' }).text, withVariables);
  const plain = '{"participants":[{"identity":{"user":{"id":"u1"}}}]}';
  const length = Buffer.byteLength(plain);
  const withLength = (n: number, end: string) => lint({ text: `POST ${invitePath}\nAuthorization: Bearer t\nContent-Type: application/json\nContent-Length: ${n}\n\n${plain}${end}`, type: 'http' }).problems.map((problem) => problem.ruleId);
  assert.equal(withLength(length + 1, '\n'), []);
  assert.equal(withLength(length, '\n'), []);
  // No line break after the body in the file: only the body's own length.
  assert.equal(withLength(length + 1, ''), ['http-content-length']);
  assert.equal(withLength(length + 2, '\n'), ['http-content-length']);
});

test("Graph's POST to the bot's callback URL is no failed invite: its body is checked as the notifications it is", () => {
  const rules = (text: string, kind?: 'comms-notifications') => lint({ text, type: 'http', ...(kind === undefined ? {} : { kind }) }).problems.map((problem) => problem.ruleId);
  const batch = (typed: boolean) => `{${typed ? '"@odata.type":"#microsoft.graph.commsNotifications",' : ''}"value":[{"changeType":"updated","resourceUrl":"/communications/calls/c1/participants","resourceData":[{"id":"p1","info":{"identity":{"user":{"id":"u1"}}},"isMuted":"no","isInLobby":false,"mediaStreams":[]}]}]}`;
  const post = (body: string) => `POST https://bot.contoso.com/api/calling HTTP/1.1\nAuthorization: Bearer eyJ0\nContent-Type: application/json; charset=utf-8\n\n${body}`;
  assert.equal(rules(post(batch(true))), ['type-mismatch']);
  assert.equal(rules(post(batch(false)), 'comms-notifications'), ['type-mismatch']);
  // An invite's body posted there is still no invite.
  assert.equal(rules(post('{"participants":[{"identity":{"user":{"id":"u1"}}}]}')), ['http-invite-path']);
});

test('a REST client variable written as a value is said as such, at its first brace', () => {
  const linted = lint({ text: `POST ${invitePath}\nAuthorization: Bearer t\nContent-Type: application/json\n\n{"participants":[{"identity":{"user":{"id":"u1"}},"hidden": {{hidden}}}]}`, type: 'http' });
  assert.equal(linted.problems.map((problem) => [problem.ruleId, problem.line, problem.column]), [['json-syntax', 5, 61]]);
  assert.match(linted.problems[0]?.message ?? '', /^\{\{hidden\}\} is a REST client variable outside a string/);
  // Any other syntax error keeps its own message.
  assert.not.match(lint({ text: `POST ${invitePath}\nAuthorization: Bearer t\nContent-Type: application/json\n\n{"participants": [}`, type: 'http' }).problems[0]?.message ?? '', /REST client/);
});

// Content checks

test('Content-Length counts UTF-8 bytes, with line breaks as LF or CRLF', () => {
  const text = '{\n  "displayName": "Zoë"\n}';
  const lf = Buffer.byteLength(text);
  const check = (n: number | string) => {
    const m = message(`POST ${invitePath}\nContent-Type: application/json\nContent-Length: ${n}\n\n${text}`);
    const problem = httpContentLength.check(m, headerOf(m, 'Content-Length'));
    return problem === undefined ? undefined : { ruleId: problem.ruleId, at: `${problem.line}:${problem.column}`, params: problem.params };
  };
  assert.is(check(lf), undefined);
  assert.is(check(lf + 2), undefined, 'the same body with CRLF line breaks');
  assert.equal(check(text.length), { ruleId: 'http-content-length', at: '3:17', params: { declared: text.length, actual: [lf, lf + 2] } });
  assert.equal(check('12 bytes'), { ruleId: 'http-content-length', at: '3:17', params: { declared: '12 bytes', actual: [lf, lf + 2] } });
  const oneLine = message('HTTP/1.1 200 OK\nContent-Length: 9\n\n{"a":"ë"}');
  assert.equal(httpContentLength.check(oneLine, headerOf(oneLine, 'Content-Length'))?.params, { declared: 9, actual: [10] }, 'one line: one length');
});

test('Content-Type: application/json with parameters passes; another type or none is an error', () => {
  const withType = (header: string) => {
    const m = message(`HTTP/1.1 200 OK\n${header}\n\n{}`);
    const problem = httpContentType.check(m, headerOf(m, 'Content-Type'));
    return problem === undefined ? undefined : { at: `${problem.line}:${problem.column}`, params: problem.params };
  };
  assert.is(withType('Content-Type: application/json; odata.metadata=minimal; charset=utf-8'), undefined);
  assert.is(withType('content-type: Application/JSON'), undefined);
  assert.equal(withType('Content-Type: text/plain'), { at: '2:15', params: { expected: 'application/json', found: 'text/plain' } });
  assert.equal(withType('X-Other: 1'), { at: '1:1', params: { expected: 'application/json', found: null } });
  assert.is(httpContentType.check(message('HTTP/1.1 200 OK\n'), undefined), undefined, 'no body, nothing to type');
});

// Whole messages

test('an invite request outside a page needs Authorization; on a page it does not', async () => {
  const text = request(`POST ${invitePath}\nContent-Type: application/json`);
  assert.equal(await located(text, { onPage: false, truncated: false }), ['http-authorization 1:1']);
  assert.equal(await located(text, { onPage: true, truncated: false }), []);
});

test('the method and the path of the invite action; /app warns as deprecated', async () => {
  const on = { onPage: true, truncated: false };
  assert.equal(await located(request('GET /app/calls/{id}/participants/invite\nContent-Type: application/json'), on), ['deprecated-app-path 1:5', 'http-method 1:1']);
  assert.equal(await located(request('post /communications/calls/{id}/participants/invite\nContent-Type: application/json'), on), ['http-method 1:1']);
  const other = await lintMessage(request('POST /communications/calls/{id}/participants\nContent-Type: application/json'), wholeFile, on);
  assert.equal(other.problems.map((p) => `${p.ruleId} ${p.line}:${p.column}`), ['http-invite-path 1:6']);
  assert.is(other.body, undefined, 'the body of another request is not checked as an invite');
});

test('an invite request without a body has no participants', async () => {
  assert.equal(await located(`POST ${invitePath}\nContent-Type: application/json\n`, { onPage: true, truncated: false }), ['participants-required 1:1']);
});

test('body problems are placed in the file: below the headers, and below the place of the text', async () => {
  const text = request(`POST ${invitePath}\nContent-Type: application/json`, '{\n  "participants": [ { "identity": { "phone": { "id": "555" } } } ]\n}');
  const column = (text.split('\n')[4] ?? '').indexOf('"555"') + 1;
  assert.equal(await located(text, { onPage: true, truncated: false }), [`phone-e164 5:${column}`]);
  const linted = await lintMessage(text, fromLine(wholeFile, 10), { onPage: true, truncated: false });
  assert.equal(linted.body?.problems.map((p) => `${p.ruleId} ${p.line}:${p.column}`), [`phone-e164 14:${column}`]);
  assert.equal(linted.body?.position('/participants/0/identity/phone/id'), { line: 14, column });
});

test('a response: the 200 status, the Location header, the operation as body', async () => {
  const op = '{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"op-1","status":"running","participants":[{"identity":{"user":{"id":"u-1"}}}]}';
  const on = { onPage: true, truncated: false };
  assert.equal(await located(`HTTP/1.1 200 OK\nContent-Type: application/json\nLocation: /communications/calls/c/operations/op-1\n\n${op}`, on), []);
  assert.equal(await located(`HTTP/1.1 200 OK\nContent-Type: application/json\n\n${op}`, on), ['http-location 1:1']);
  assert.equal(await located(`HTTP/1.1 200 OK\nContent-Type: application/json\nLocation: /communications/calls/c/operations/op-2\n\n${op}`, on), ['http-location 3:11']);
  // Ids are GUIDs: the same operation in another case is the same operation.
  assert.equal(await located(`HTTP/1.1 200 OK\nContent-Type: application/json\nLocation: /communications/calls/c/operations/OP-1\n\n${op}`, on), []);
  assert.equal(await located(`HTTP/1.1 202 Accepted\nContent-Type: application/json\n\n${op}`, on), ['http-status 1:10']);
  assert.equal(await located('HTTP/1.1 500 Internal Server Error\nContent-Type: application/json\n\n{"error":{"code":"x"}}', on), ['http-status 1:10'], 'the error body is not read as an operation');
});

test('a response body without @odata.type is checked as the operation the invite returns', async () => {
  const head = 'HTTP/1.1 200 OK\nContent-Type: application/json\nLocation: /x\n\n';
  const text = `${head}{"id":"op","status":1}`;
  const linted = await lintMessage(`${head}{"id":"op"}`, wholeFile, { onPage: true, truncated: false });
  assert.is(linted.body?.kind, 'invite-operation');
  assert.equal(linted.body?.problems.map((p) => `${p.ruleId} ${p.line}:${p.column}`), ['required-property 5:1']);
  const truncated = await lintMessage(`${head}{"id":"op"}`, wholeFile, { onPage: true, truncated: true });
  assert.equal(truncated.body?.problems, [], 'a truncated body may omit properties');
  const contradicting = await lintMessage(text, wholeFile, { onPage: true, truncated: true });
  assert.equal(contradicting.body?.problems.map((p) => p.ruleId), ['type-mismatch'], 'but may not contradict the schema');
});

test('the role a message must have', async () => {
  const linted = await lintMessage('HTTP/1.1 200 OK\n', wholeFile, { onPage: true, truncated: false, expect: 'request' });
  assert.equal(linted.problems.map((p) => [p.ruleId, p.params]), [['http-syntax', { reason: 'role', expected: 'request', found: 'response' }]]);
  assert.is(linted.body, undefined, 'a message of the other role is not checked further');
});

// Each rule's problem as data: rule id, pointer, position and params

interface Want {
  readonly ruleId: string;
  readonly pointer: string;
  readonly at: string;
  readonly params: ProblemParams;
}

const onPage: MessageOptions = { onPage: true, truncated: false };
const kept: MessageOptions = { onPage: false, truncated: false };
const json = 'Content-Type: application/json';
const auth = 'Authorization: Bearer t';
const operation = '{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"op-1","status":"running"}';

const problemCases: [string, { given: { text: string; options: MessageOptions }; want: Want[] }][] = [
  ['http-syntax: empty', { given: { text: '\n', options: onPage }, want: [{ ruleId: 'http-syntax', pointer: '', at: '1:1', params: { reason: 'empty' } }] }],
  ['http-syntax: start line', { given: { text: 'hello\n', options: onPage }, want: [{ ruleId: 'http-syntax', pointer: '', at: '1:1', params: { reason: 'start-line' } }] }],
  ['http-syntax: header', { given: { text: `POST ${invitePath}\nContent-Type application/json\n`, options: onPage }, want: [{ ruleId: 'http-syntax', pointer: '', at: '2:1', params: { reason: 'header' } }] }],
  ['http-syntax: body separator', { given: { text: `POST ${invitePath}\n${json}\n${body}`, options: onPage }, want: [{ ruleId: 'http-syntax', pointer: '', at: '3:1', params: { reason: 'body-separator' } }] }],
  ['http-syntax: second message', { given: { text: `POST ${invitePath}\n\n{}\n###\nPOST ${invitePath}\n`, options: onPage }, want: [{ ruleId: 'http-syntax', pointer: '', at: '4:1', params: { reason: 'second-message' } }] }],
  ['http-syntax: role', { given: { text: `POST ${invitePath}\n${json}\n\n${body}`, options: { ...onPage, expect: 'response' } }, want: [{ ruleId: 'http-syntax', pointer: '', at: '1:1', params: { reason: 'role', expected: 'response', found: 'request' } }] }],
  ['http-method', { given: { text: request(`Post ${invitePath}\n${json}`), options: onPage }, want: [{ ruleId: 'http-method', pointer: '', at: '1:1', params: { expected: 'POST', found: 'Post' } }] }],
  ['http-invite-path', { given: { text: request(`POST /communications/calls/c1/participants\n${json}`), options: onPage }, want: [{ ruleId: 'http-invite-path', pointer: '', at: '1:6', params: { found: '/communications/calls/c1/participants' } }] }],
  ['http-content-type: none', { given: { text: request(`POST ${invitePath}`), options: onPage }, want: [{ ruleId: 'http-content-type', pointer: '', at: '1:1', params: { expected: 'application/json', found: null } }] }],
  ['http-content-type: another', { given: { text: request(`POST ${invitePath}\nContent-Type: text/json`), options: onPage }, want: [{ ruleId: 'http-content-type', pointer: '', at: '2:15', params: { expected: 'application/json', found: 'text/json' } }] }],
  ['http-content-length', { given: { text: `HTTP/1.1 200 OK\n${json}\nLocation: /communications/calls/c/operations/op-1\nContent-Length: 12\n\n${operation}`, options: onPage }, want: [{ ruleId: 'http-content-length', pointer: '', at: '4:17', params: { declared: 12, actual: [operation.length] } }] }],
  ['http-status', { given: { text: `HTTP/1.1 202 Accepted\n${json}\n\n${operation}`, options: onPage }, want: [{ ruleId: 'http-status', pointer: '', at: '1:10', params: { expected: 200, found: 202 } }] }],
  ['http-location: missing', { given: { text: `HTTP/1.1 200 OK\n${json}\n\n${operation}`, options: onPage }, want: [{ ruleId: 'http-location', pointer: '', at: '1:1', params: { reason: 'missing' } }] }],
  ['http-location: another operation', { given: { text: `HTTP/1.1 200 OK\n${json}\nLocation: https://graph.microsoft.com/beta/communications/calls/c/operations/op-2\n\n${operation}`, options: onPage }, want: [{ ruleId: 'http-location', pointer: '', at: '3:11', params: { reason: 'other-operation', found: 'op-2', expected: 'op-1' } }] }],
  ['http-authorization: none', { given: { text: request(`POST ${invitePath}\n${json}`), options: kept }, want: [{ ruleId: 'http-authorization', pointer: '', at: '1:1', params: {} }] }],
  // Placed at the header's empty value, not at the start line as a missing header is.
  ['http-authorization: empty', { given: { text: request(`POST ${invitePath}\n${json}\nAuthorization:`), options: kept }, want: [{ ruleId: 'http-authorization', pointer: '', at: '3:15', params: {} }] }],
  ['http-status: a 200 OK without a body', { given: { text: `HTTP/1.1 200 OK\n${json}\nLocation: /communications/calls/c/operations/op-1\nContent-Length: 0\n`, options: onPage }, want: [{ ruleId: 'http-status', pointer: '', at: '1:10', params: { expected: 200, found: 200, body: 'missing' } }] }],
  ['http-syntax: a file include as the body', { given: { text: `POST ${invitePath}\n${json}\n${auth}\n\n< ./body.json\n`, options: kept }, want: [{ ruleId: 'http-syntax', pointer: '', at: '5:1', params: { reason: 'file-include' } }] }],
  ['deprecated-app-path on the target', { given: { text: request(`POST /beta/app/calls/{id}/participants/invite\n${json}`), options: onPage }, want: [{ ruleId: 'deprecated-app-path', pointer: '', at: '1:6', params: { key: 'target', found: '/beta/app/calls/{id}/participants/invite' } }] }],
  ['participants-required without a body', { given: { text: `POST ${invitePath}\n${json}\n${auth}\n`, options: kept }, want: [{ ruleId: 'participants-required', pointer: '', at: '1:1', params: { found: 'missing' } }] }],
  ['a clean request', { given: { text: request(`POST ${invitePath}\n${json}\n${auth}`), options: kept }, want: [] }],
];

const documented = new Map(httpRuleList.map((rule) => [rule.id, Object.keys(rule.params)]));

test("a body's duplicate key is placed in the file, and so is its first occurrence, in the message and in params", () => {
  const text = `POST ${invitePath}\n${json}\n${auth}\n\n{"participants":[{"identity":{"user":{"id":"u1"}}}],\n "clientContext": "a", "clientContext": "a"}\n`;
  const problems = lintMessage(text, wholeFile, kept).body?.problems ?? [];
  assert.equal(
    problems.map((p) => [p.ruleId, `${p.line}:${p.column}`, p.params, p.message.slice(p.message.lastIndexOf(' is at '))]),
    [['duplicate-key', '6:24', { key: 'clientContext', firstLine: 6, firstColumn: 2 }, ' is at 6:2']],
  );
});

test("a body's unclosed object or string is said to open where it opens in the file, not in the body", () => {
  const open = (body: string) => lintMessage(`POST ${invitePath}\n${json}\n${auth}\n\n${body}\n`, wholeFile, kept).body?.problems.map((p) => [p.ruleId, `${p.line}:${p.column}`, p.message.replace(/^.*opened at ([0-9]+:[0-9]+).*$/, '$1'), p.params]);
  assert.equal(open('{"participants":[{"identity":{"user":{"id":"u1"}}}]'), [['json-syntax', '5:52', '5:1', { firstLine: 5, firstColumn: 1 }]]);
  assert.equal(open('{"participants":[{"identity":{"user":{"id":"u1}}}]}'), [['json-syntax', '5:52', '5:44', { firstLine: 5, firstColumn: 44 }]]);
});

test('a capture holding interim responses is checked at its final one: 100 Continue, a proxy\'s CONNECT, redirects', () => {
  const final = `HTTP/1.1 200 OK\r\n${json}\r\nLocation: /communications/calls/c/operations/op-1\r\n\r\n${operation}\r\n`;
  for (const before of ['HTTP/1.1 100 Continue\r\n\r\n', 'HTTP/1.1 200 Connection established\r\n\r\n', 'HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n']) {
    const linted = lintMessage(before + final, wholeFile, kept);
    assert.equal(linted.problems, [], before);
    assert.equal(linted.body?.problems, [], before);
    assert.is(linted.message?.type === 'response' ? linted.message.status : undefined, 200);
    assert.is(linted.message?.at.line, before.split('\r\n').length, `${before}: the final response's start line`);
  }
  // A 100 Continue with nothing after it is the response, and is no success.
  assert.equal(lintMessage('HTTP/1.1 100 Continue\n', wholeFile, kept).problems.map((p) => [p.ruleId, p.params['found']]), [['http-status', 100]]);
});

test('a ### that closes the file, or comments a request out, ends the message: only one followed by a message is a second one', () => {
  const message = `POST ${invitePath}\n${json}\n${auth}\n\n{"participants":[{"identity":{"user":{"id":"u1"}}}]}\n`;
  for (const after of ['\n###\n', '###', '\n### (disabled)\n# POST /v1.0/communications/calls/c2/participants/invite\n// and a note\n']) {
    const linted = lintMessage(message + after, wholeFile, kept);
    assert.equal([...linted.problems, ...(linted.body?.problems ?? [])], [], JSON.stringify(after));
    assert.is(linted.body?.value !== undefined, true, 'the body before the separator is checked');
  }
  // Directly after the headers: a message without a body, then nothing.
  assert.equal(lintMessage(`POST ${invitePath}\n${json}\n${auth}\n###\n`, wholeFile, kept).problems.map((p) => p.ruleId), ['participants-required']);
  const second = lintMessage(`${message}\n###\n# the next one\nPOST ${invitePath}\n`, wholeFile, kept);
  assert.equal(second.problems.map((p) => [p.ruleId, `${p.line}:${p.column}`, p.params]), [['http-syntax', '7:1', { reason: 'second-message' }]]);
});

test('REST client syntax among the headers: comment lines, and a query continued on lines of its own', () => {
  const invite = `{"participants":[{"identity":{"user":{"id":"u1"}}}]}`;
  const commented = lintMessage(`POST ${invitePath}\n${json}\n# X-Debug: 1\n// Prefer: respond-async\n${auth}\n\n${invite}\n`, wholeFile, kept);
  assert.equal([...commented.problems, ...(commented.body?.problems ?? [])], []);
  assert.equal(commented.message?.headers.map((header) => header.name), ['Content-Type', 'Authorization']);
  const continued = lintMessage(`POST https://graph.microsoft.com/v1.0/communications/calls/c1/participants/invite\n    ?debug=1\n    &trace=2\n${json}\n${auth}\n\n${invite}\n`, wholeFile, kept);
  assert.equal(continued.problems, []);
  assert.is(continued.message?.type === 'request' ? continued.message.target : '', 'https://graph.microsoft.com/v1.0/communications/calls/c1/participants/invite?debug=1&trace=2');
  assert.is(continued.apiVersion, 'v1.0');
  // A ### among the headers still ends the message, though it starts as a comment does.
  assert.equal(lintMessage(`POST ${invitePath}\n${json}\n${auth}\n###\nPOST ${invitePath}\n`, wholeFile, kept).problems.map((p) => p.params['reason'] ?? p.ruleId), ['second-message']);
});

test('under a content coding the Content-Length counts encoded bytes: neither checked nor fixed against the decoded body', () => {
  const response = (encoding: string) => `HTTP/1.1 200 OK\n${json}\n${encoding}Content-Length: 12\nLocation: /communications/calls/c/operations/op-1\n\n${operation}\n`;
  assert.equal(lintMessage(response('Content-Encoding: gzip\n'), wholeFile, kept).problems, []);
  assert.equal(lintMessage(response('Content-Encoding: identity\n'), wholeFile, kept).problems.map((p) => p.ruleId), ['http-content-length']);
  assert.equal(lintMessage(response(''), wholeFile, kept).problems.map((p) => p.ruleId), ['http-content-length']);
});

for (const [name, { given, want }] of problemCases) {
  test(`problem as data: ${name}`, () => {
    const linted = lintMessage(given.text, wholeFile, given.options);
    const got = linted.problems.map((p): Want => ({ ruleId: p.ruleId, pointer: p.pointer, at: `${p.line}:${p.column}`, params: p.params }));
    assert.equal(got, want);
    for (const problem of linted.problems) {
      const names = documented.get(problem.ruleId);
      if (names === undefined) continue;
      for (const key of Object.keys(problem.params)) assert.ok(names.includes(key), `${problem.ruleId} reports ${key}, which its params do not document`);
    }
  });
}

test('every HTTP rule has a case above, and the rules list keeps its order', () => {
  const covered = new Set(problemCases.flatMap(([, { want }]) => want.map((w) => w.ruleId)));
  const ids = httpRuleList.map((rule) => rule.id);
  assert.equal(ids.filter((id) => !covered.has(id)), []);
  assert.equal(ids, ['http-syntax', 'http-method', 'http-invite-path', 'http-content-type', 'http-content-length', 'http-status', 'http-location', 'http-authorization']);
});

test.run();
