import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readAnnotation } from '../src/inputs/docs/annotation.js';
import { codeBlocks, type CodeBlock, type HtmlComment } from '../src/inputs/docs/markdown.js';
import { lintPage } from '../src/inputs/docs/page.js';
import { lintFile } from '../src/cli/read/lint-file.js';
import { displayPath } from '../src/cli/paths/display-path.js';
import { packageRoot } from '../src/paths.js';
import type { LocatedProblem, ProblemParams } from '../src/model/problem.js';
import { canonical, listSamples, readExpectation } from './samples.js';

const pages = join(packageRoot, 'test', 'fixtures', 'pages');
const readPage = (name: string): string => readFileSync(join(pages, name), 'utf8');

/** "line:column" of an offset of a text. */
function position(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  return `${lines.length}:${(lines[lines.length - 1] ?? '').length + 1}`;
}

/** "line:column" of a needle's first character, searching from the end of the first `after` in the text. */
function at(text: string, needle: string, after = ''): string {
  const from = text.indexOf(after);
  assert.ok(from >= 0, `marker ${JSON.stringify(after)} is in the page`);
  const offset = text.indexOf(needle, from + after.length);
  assert.ok(offset >= 0, `needle ${JSON.stringify(needle)} is in the page`);
  return position(text, offset);
}

/** "line:column" of the n-th (0-based) occurrence of a needle. */
function nth(text: string, needle: string, occurrence: number): string {
  let offset = -1;
  for (let i = 0; i <= occurrence; i += 1) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} occurs ${occurrence + 1} times`);
  return position(text, offset);
}

function located(text: string): string[] {
  return lintPage(text).problems.map((p) => `${p.ruleId} ${p.line}:${p.column}`);
}

const comment = (text: string, line = 3, column = 5): HtmlComment => ({ text, at: { line, column } });

// Code blocks

test('fences: backticks and tildes, a language with or without a space, indentation taken off', () => {
  const text = ['# t', '```http', 'POST /x', '```', '', '``` http', 'HTTP/1.1 200 OK', '```', '~~~json', '{}', '~~~', '1. item', '', '    ```json', '    {', '      "a": 1', '    }', '    ```', '````', '```', '````'].join('\n');
  const blocks = [...codeBlocks(text)];
  assert.equal(blocks.map((b) => [b.fenceLine, b.language, b.lines.map((l) => l.text).join('|')]), [
    [2, 'http', 'POST /x'],
    [6, 'http', 'HTTP/1.1 200 OK'],
    [9, 'json', '{}'],
    [14, 'json', '{|  "a": 1|}'],
    [19, '', '```'],
  ]);
  assert.equal(blocks[3]?.lines.map((l) => [l.line, l.indent]), [[15, 4], [16, 4], [17, 4]]);
});

test('an unclosed fence runs to the end of the page; inline code with backticks is no fence', () => {
  const blocks = [...codeBlocks('```js `x` ```\ntext\n```json\n{\n')];
  assert.equal(blocks.map((b) => [b.fenceLine, b.lines.length]), [[3, 2]]);
});

test('the comment right before a block, with blank lines between, is its annotation comment', () => {
  const text = '<!-- {\n  "blockType": "request"\n} -->\n\n\n```http\nPOST /x\n```\n<!-- x --> trailing text\n```json\n{}\n```\n<!-- { "blockType": "example" } -->\nprose\n```json\n{}\n```';
  const blocks = [...codeBlocks(text)];
  assert.equal(blocks[0]?.comment, { text: ' {\n  "blockType": "request"\n} ', at: { line: 1, column: 5 } });
  assert.is(blocks[1]?.comment, undefined, 'a comment that does not end its line annotates nothing');
  assert.is(blocks[2]?.comment, undefined, 'prose between comment and block');
});

// Annotations

test('annotations: truncated as a boolean or a string, name and @odata.type', () => {
  assert.equal(readAnnotation(comment('{ "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.inviteParticipantsOperation" }')), {
    annotation: { blockType: 'response', truncated: true, odataType: 'microsoft.graph.inviteParticipantsOperation' },
  });
  assert.equal(readAnnotation(comment('{ "blockType": "response", "truncated": "true" }')), { annotation: { blockType: 'response', truncated: true } });
  assert.equal(readAnnotation(comment('{ "blockType": "example", "truncated": "false", "name": "n-1" }')), { annotation: { blockType: 'example', truncated: false, name: 'n-1' } });
  assert.equal(readAnnotation(comment('{ "blockType": "request" }')), { annotation: { blockType: 'request', truncated: false } });
});

test('comments that hold no JSON object are not annotations', () => {
  assert.is(readAnnotation(comment(' uuid: 8f0c2f6a-0000-4000-8000-000000000000 ')), undefined);
  assert.is(readAnnotation(comment('')), undefined);
  assert.is(readAnnotation(comment('[1]')), undefined, 'not an object, so not an annotation');
});

/** What the tests assert of a problem: rule, severity, pointer, params and place; never the message. */
const facts = (p: LocatedProblem) => ({ ruleId: p.ruleId, severity: p.severity, pointer: p.pointer, params: p.params, at: `${p.line}:${p.column}` });

/** "line:column" in the page of a needle of an annotation whose text starts at line 1, column 5 (just after <!--). */
function inComment(text: string, needle: string): string {
  const [line, column] = at(text, needle).split(':').map(Number) as [number, number];
  return line === 1 ? `1:${column + 4}` : `${line}:${column}`;
}

// docs-annotation: each fault with its pointer and params, at the offending value in the page

/** Each annotation, with the text its problem points at (the first occurrence), its pointer and its params. */
const annotationFaults: ReadonlyArray<{ text: string; at: string; pointer: string; params: ProblemParams }> = [
  { text: '{\n  "blockType": "request",\n}', at: ',\n', pointer: '', params: { reason: 'not-json' } },
  { text: '{ "name": "x" }', at: '{', pointer: '/blockType', params: { reason: 'block-type-missing' } },
  { text: '{ "blockType": "snippet" }', at: '"snippet"', pointer: '/blockType', params: { reason: 'block-type-unknown', found: 'snippet' } },
  { text: '{ "blockType": 2 }', at: '2 }', pointer: '/blockType', params: { reason: 'block-type-unknown', found: 2 } },
  { text: '{ "blockType": { "is": "request" } }', at: '{ "is"', pointer: '/blockType', params: { reason: 'block-type-unknown' } },
  { text: '{ "blockType": "Request", "truncated": 1 }', at: '"Request"', pointer: '/blockType', params: { reason: 'block-type-unknown', found: 'Request' } },
  { text: '{ "blockType": "example", "truncated": 1 }', at: '1 }', pointer: '/truncated', params: { reason: 'truncated-not-boolean', found: 1 } },
  { text: '{ "blockType": "example", "truncated": "yes" }', at: '"yes"', pointer: '/truncated', params: { reason: 'truncated-not-boolean', found: 'yes' } },
  { text: '{ "blockType": "example", "truncated": null }', at: 'null', pointer: '/truncated', params: { reason: 'truncated-not-boolean', found: null } },
  { text: '{ "blockType": "example", "@odata.type": null }', at: 'null', pointer: '/@odata.type', params: { reason: 'odata-type-not-string', found: null } },
  { text: '{ "blockType": "example", "@odata.type": ["a"] }', at: '["a"]', pointer: '/@odata.type', params: { reason: 'odata-type-not-string' } },
];

for (const fault of annotationFaults) {
  test(`docs-annotation ${JSON.stringify(fault.params)}: ${fault.text.replace(/\n/g, ' ')}`, () => {
    const read = readAnnotation(comment(fault.text, 1, 5));
    assert.ok(read !== undefined && 'problem' in read, 'a problem');
    assert.equal(facts(read.problem), { ruleId: 'docs-annotation', severity: 'error', pointer: fault.pointer, params: fault.params, at: inComment(fault.text, fault.at) });
  });
}

test('docs-annotation: a comment on a later line of the page keeps its line and column', () => {
  const read = readAnnotation(comment('{\n  "blockType": "request",\n}', 10, 5));
  assert.ok(read !== undefined && 'problem' in read);
  assert.equal(facts(read.problem).at, '11:25', 'the trailing comma');
  const single = readAnnotation(comment('{ "blockType": "snippet" }', 10, 5));
  assert.ok(single !== undefined && 'problem' in single);
  assert.equal(facts(single.problem).at, '10:20');
});

// docs-unpaired-response: a response with no request before it, or after a request already answered

const requestBlock = '<!-- { "blockType": "request" } -->\n```http\nPOST /communications/calls/{id}/participants/invite\nContent-Type: application/json\n\n{ "participants": [ { "identity": { "user": { "id": "u-1" } } } ] }\n```\n';
const responseBlock = '<!-- { "blockType": "response", "truncated": true } -->\n```http\nHTTP/1.1 202 Accepted\n```\n';

/** Each page, with the response its problem points at (the n-th status line) and the params; none when every response pairs. */
const unpairedCases: ReadonlyArray<{ name: string; page: string; expected?: { occurrence: number; params: ProblemParams } }> = [
  { name: 'a response first', page: responseBlock + requestBlock, expected: { occurrence: 0, params: { reason: 'no-request' } } },
  { name: 'two responses to one request', page: requestBlock + responseBlock + responseBlock, expected: { occurrence: 1, params: { reason: 'already-answered', requestLine: 3 } } },
  { name: 'a response to each request', page: requestBlock + responseBlock + requestBlock + responseBlock },
  { name: 'a response to a request that cannot be read, which still owns it', page: requestBlock.replace(/POST[^]*?(?=```)/, 'not an HTTP message\n') + responseBlock },
];

for (const { name, page, expected } of unpairedCases) {
  test(`docs-unpaired-response: ${name}`, () => {
    const found = lintPage(page).problems.filter((p) => p.ruleId === 'docs-unpaired-response').map(facts);
    const problem = expected && { ruleId: 'docs-unpaired-response', severity: 'error', pointer: '', params: expected.params, at: nth(page, 'HTTP/1.1 202', expected.occurrence) };
    assert.equal(found, problem === undefined ? [] : [problem]);
  });
}

test('docs-unpaired-response: the request that cannot be read is one (http-syntax), and counts as no exchange', () => {
  const result = lintPage(unpairedCases[3]?.page ?? '');
  assert.ok(result.problems.some((p) => p.ruleId === 'http-syntax'));
  assert.is(result.exchanges.length, 0);
});

// Pages

test('a page whose exchange agrees with itself: every payload checked, nothing reported', () => {
  const result = lintPage(readPage('clean.md'));
  assert.equal(result.problems, []);
  assert.is(result.payloads, 4);
  assert.is(result.exchanges.length, 1);
  const exchange = result.exchanges[0];
  assert.is(exchange?.response?.truncated, true);
  assert.is(exchange?.notifications.length, 2, 'the notification examples belong to the exchange of the latest response');
  assert.equal(exchange?.request.invite, { root: 'communications', callId: '5f2c81d1-0b6c-4f0e-9d5e-3a6f1c2b7e90', concrete: true });
});

test('a page whose exchanges disagree: every correlation rule at the offending value in the page', () => {
  const text = readPage('deviations.md');
  const result = lintPage(text);
  assert.is(result.payloads, 7);
  assert.is(result.exchanges.length, 2);
  const roster1 = '/31c5e7f9-1a2b-4c3d-9e4f-5a6b7c8d9e0f/participants",';
  assert.equal(
    result.problems.map((p) => `${p.ruleId} ${p.line}:${p.column}`),
    [
      `http-content-length ${at(text, '10', 'Content-Length: ')}`,
      `http-location ${at(text, 'HTTP/1.1 200 OK')}`,
      `exchange-client-context ${at(text, '"ctx-beta"')}`,
      `exchange-invitee-missing ${at(text, '[', '"clientContext": "ctx-beta",')}`,
      `exchange-operation-id ${at(text, '"/communications/calls/9d0c4b2a-5e6f-4a1b-8c7d-0e1f2a3b4c5d/operations/')}`,
      `exchange-client-context ${at(text, '{', '"resourceData": ')}`,
      `exchange-operation-id ${at(text, '"aa00bb11-cc22-4d33-8e44-ff5566778899"', '"id": ')}`,
      `exchange-call-id ${at(text, '"/communications/calls/31c5e7f9')}`,
      `exchange-invitee-missing ${at(text, '[', roster1)}`,
      `exchange-identity-kind ${at(text, '"application"')}`,
      `first-participant-only ${at(text, '{', '"identity": { "user": { "id": "1a2b3c4d-0000-4000-8000-00000000b002" } }\n    },\n')}`,
    ],
  );
  const severities = Object.fromEntries(result.problems.map((p) => [p.ruleId, p.severity]));
  assert.equal(severities, {
    'http-content-length': 'warning',
    'http-location': 'warning',
    'exchange-client-context': 'error',
    'exchange-invitee-missing': 'warning',
    'exchange-operation-id': 'error',
    'exchange-call-id': 'warning',
    'exchange-identity-kind': 'warning',
    'first-participant-only': 'warning',
  });
});

test('blocks that cannot be read, responses without their request, and bad annotations are located problems', () => {
  const text = readPage('broken.md');
  const result = lintPage(text);
  assert.equal(
    result.problems.map((p) => `${p.ruleId} ${p.line}:${p.column}`),
    [
      'docs-unpaired-response 7:1',
      `docs-annotation ${at(text, ',', '"blockType": "request"')}`,
      `docs-annotation ${at(text, '"snippet"')}`,
      `docs-annotation ${at(text, '"yes"')}`,
      `http-syntax ${at(text, 'Content-Type application/json')}`,
      `http-method ${at(text, 'GET /app')}`,
      `deprecated-app-path ${at(text, '/app/calls')}`,
      `http-content-type ${at(text, 'text/plain')}`,
      `json-syntax ${at(text, ',', '"user": { "id": "u-1" } } } ]')}`,
      `http-status ${at(text, '403')}`,
      `docs-unpaired-response ${at(text, 'HTTP/1.1 200 OK', '403 Forbidden')}`,
      `http-content-type ${at(text, 'HTTP/1.1 200 OK', '403 Forbidden')}`,
      `http-location ${at(text, 'HTTP/1.1 200 OK', '403 Forbidden')}`,
      `http-syntax ${at(text, 'HTTP/1.1 200 OK', 'holds a response')}`,
      `kind-unknown ${at(text, '{ "value": [] }')}`,
    ],
  );
  assert.is(result.payloads, 4, 'the failed response body and the example of a type outside the contract are not payloads');
  assert.is(result.exchanges.length, 1, 'only requests that parse count as exchanges');
  assert.match(result.problems.find((p) => p.ruleId === 'kind-unknown')?.message ?? '', /annotation/);
});

test('a truncated block may omit properties but may not contradict the schema', () => {
  const block = (truncated: string, body: string) =>
    `<!-- { "blockType": "example", ${truncated} "@odata.type": "microsoft.graph.inviteParticipantsOperation" } -->\n\`\`\`json\n${body}\n\`\`\`\n`;
  assert.equal(located(block('', '{ "id": "op" }')), ['required-property 3:1']);
  assert.equal(located(block('"truncated": true,', '{ "id": "op" }')), []);
  assert.equal(located(block('"truncated": "true",', '{ "id": "op", "status": 5 }')), ['type-mismatch 3:25']);
  // Omissions the rules report are left out too; an empty participants list still contradicts the contract.
  const notifications = (truncated: string, body: string) =>
    `<!-- { "blockType": "example", ${truncated} "@odata.type": "microsoft.graph.commsNotifications" } -->\n\`\`\`json\n${body}\n\`\`\`\n`;
  const bare = '{ "@odata.type": "#microsoft.graph.commsNotifications", "value": [ { "changeType": "deleted" } ] }';
  assert.equal(located(notifications('', bare)), [`resource-missing 3:${bare.indexOf('{ "changeType"') + 1}`]);
  assert.equal(located(notifications('"truncated": true,', bare)), []);
  const request = (truncated: string, body: string) => `<!-- { "blockType": "request", ${truncated} "name": "r" } -->\n\`\`\`http\nPOST /communications/calls/c/participants/invite\nContent-Type: application/json\n\n${body}\n\`\`\`\n`;
  assert.equal(located(request('"truncated": true,', '{ "clientContext": "c" }')), []);
  assert.equal(located(request('"truncated": true,', '{ "participants": [] }')), ['participants-required 6:19']);
});

test('positions inside indented blocks keep the indentation; positions after CRLF lines keep counting lines', () => {
  const body = ['{', '  "participants": [ { "identity": { "phone": { "id": "555-0100" } } } ]', '}'];
  const indented = ['1. A list item:', '', '   <!-- { "blockType": "example", "@odata.type": "#microsoft.graph.inviteParticipantsOperation" } -->', '   ```json', ...body.map((l) => `   ${l}`), '   ```'].join('\n');
  const column = (body[1] ?? '').indexOf('"555-0100"') + 1 + 3;
  assert.ok((located(indented)).includes(`phone-e164 6:${column}`));
  const crlf = indented.replace(/\n/g, '\r\n');
  assert.ok((located(crlf)).includes(`phone-e164 6:${column}`));
});

test('an annotation naming a contract type decides the kind, whatever the body says', () => {
  const text = '<!-- { "blockType": "example", "@odata.type": "microsoft.graph.commsNotifications" } -->\n```json\n{ "@odata.type": "#microsoft.graph.inviteParticipantsOperation", "id": "o", "status": "running", "participants": [] }\n```';
  assert.ok((located(text)).includes('kind-mismatch 3:18'));
});

test('ignored, resource and unannotated blocks are not read', () => {
  const text = '<!-- { "blockType": "ignored" } -->\n```http\nGET /nothing\n```\n<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.participant" } -->\n```json\n{ "id": "String" }\n```\n```json\n{ nope\n```';
  const result = lintPage(text);
  assert.equal(result.problems, []);
  assert.is(result.payloads, 0);
});

test('a page file that cannot be read is a located problem of that file', () => {
  const result = lintFile(pages, { type: 'page', kind: undefined, maxBytes: 1000, keepSource: true }, displayPath(pages, packageRoot));
  assert.equal(result.report.problems.map((p) => p.ruleId), ['file-unreadable']);
  const big = lintFile(join(pages, 'clean.md'), { type: 'page', kind: undefined, maxBytes: 10, keepSource: true }, displayPath(join(pages, 'clean.md'), packageRoot));
  assert.equal(big.report.problems.map((p) => p.ruleId), ['file-too-large']);
  assert.is(big.report.path, 'test/fixtures/pages/clean.md');
});

// The four documented examples on a page laid out as Graph's reference pages are: annotations, fenced
// http and json blocks, notifications as examples (test/fixtures/pages/documented-examples.md).

const documented = readPage('documented-examples.md');

/** The documented samples in the order the page carries them: per example, request, response, completed and roster notifications. */
const documentedSamples = [1, 2, 3, 4].flatMap((n) =>
  ['request', 'response', 'notification-completed', 'notification-roster'].map((part) => {
    const sample = listSamples('documented').find((s) => s.name === `example-${n}.${part}.json`);
    if (sample === undefined) throw new Error(`no sample example-${n}.${part}.json`);
    return sample;
  }),
);

/** The blocks of the page that carry payloads (annotated requests, responses and examples), in page order. */
const payloadBlocks = [...codeBlocks(documented)].filter((block) => {
  const read = block.comment === undefined ? undefined : readAnnotation(block.comment);
  return read !== undefined && 'annotation' in read && ['request', 'response', 'example'].includes(read.annotation.blockType);
});

/** The payload a block holds: its content, or the body of the HTTP message it holds. */
function payloadOf(block: CodeBlock): string {
  const content = block.lines.map((line) => line.text).join('\n');
  return block.language === 'http' ? content.slice(content.indexOf('\n\n') + 2) : content;
}

/** Rules only a page reports: the HTTP details of its messages and the disagreements between the parts of an exchange. */
const pageOnly = (ruleId: string): boolean => ruleId.startsWith('http-') || ruleId.startsWith('exchange-');

test('the documented examples page carries the payloads of samples/documented exactly, one block each', () => {
  assert.is(payloadBlocks.length, 16);
  payloadBlocks.forEach((block, index) => {
    const sample = documentedSamples[index];
    assert.ok(sample);
    assert.is(`${payloadOf(block)}\n`, readFileSync(sample.path, 'utf8'), sample.name);
  });
});

test('the documented examples page: 16 payloads, 4 exchanges each with its response and two notifications, no errors', () => {
  const result = lintPage(documented);
  assert.is(result.payloads, 16);
  assert.equal(
    result.exchanges.map((e) => [e.request.invite?.callId, e.request.invite?.concrete, e.response?.truncated, e.notifications.length]),
    [
      ['{id}', false, true, 2],
      ['7531d31f-d10d-44de-802f-c569dbca451c', true, true, 2],
      ['ab6233a5-20b7-4c5e-bea2-ce56c9776429', true, true, 2],
      ['{id}', false, true, 2],
    ],
  );
  assert.equal(result.problems.filter((p) => p.severity === 'error'), []);
  assert.is(result.problems.length, 57);
});

test('the documented examples page: each payload warns as its sample does, rule id and pointer, no more and no fewer', () => {
  const problems = lintPage(documented).problems.filter((p) => !pageOnly(p.ruleId));
  const inBlock = (block: CodeBlock) => problems.filter((p) => p.line > block.fenceLine && p.line <= (block.lines[block.lines.length - 1]?.line ?? block.fenceLine));
  payloadBlocks.forEach((block, index) => {
    const sample = documentedSamples[index];
    assert.ok(sample);
    assert.equal(canonical(inBlock(block)), canonical(readExpectation(sample)?.problems ?? []), sample.name);
  });
  assert.is(payloadBlocks.reduce((count, block) => count + inBlock(block).length, 0), problems.length, 'every payload warning is inside a payload block');
});

test('the documented examples page: the HTTP details and the exchanges\' disagreements, at their values', () => {
  const found = lintPage(documented).problems.filter((p) => pageOnly(p.ruleId)).map(facts);
  // Only the exchange rules' params are asserted here: the HTTP rules are tested in http.test.ts.
  const http = (ruleId: string, at: string) => ({ ruleId, severity: 'warning', pointer: '', at });
  const response = (n: number) => http('http-location', nth(documented, 'HTTP/1.1 200 OK', n));
  assert.equal(
    found.map((p) => (p.ruleId.startsWith('http-') ? { ruleId: p.ruleId, severity: p.severity, pointer: p.pointer, at: p.at } : p)),
    [
      http('http-content-length', at(documented, '464', '"participant-invite-1"')),
      response(0),
      {
        ruleId: 'exchange-identity-kind',
        severity: 'warning',
        pointer: '/value/0/resourceData/0/info/identity/application',
        params: { id: '278405a3-f568-4b3e-b684-009193463064', expected: 'user', found: 'application' },
        at: at(documented, '"application"', '#### Notification - roster updated with participant added'),
      },
      response(1),
      {
        ruleId: 'exchange-identity-kind',
        severity: 'warning',
        pointer: '/value/0/resourceData/0/info/identity/application',
        params: { id: '7e1b4346-85a6-4bdd-abe3-d11c5d420efe', expected: 'user', found: 'application' },
        at: at(documented, '"application"', '#### Notification - roster updated with participants added'),
      },
      response(2),
      {
        ruleId: 'exchange-call-id',
        severity: 'warning',
        pointer: '/value/0/resourceUrl', // resource names the same call: resourceUrl is the one read
        params: { expected: 'ab6233a5-20b7-4c5e-bea2-ce56c9776429', found: 'a7ebfb2d-871e-419c-87af-27290b22e8db', replaced: true },
        at: nth(documented, '"/communications/calls/a7ebfb2d-871e-419c-87af-27290b22e8db/participants"', 1),
      },
      http('http-content-length', at(documented, '464', '"participant-invite-2"')),
      response(3),
    ],
  );
});

test.run();
