import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readAnnotation } from '../src/inputs/docs/annotation.js';
import { codeBlocks, type HtmlComment } from '../src/inputs/docs/markdown.js';
import { lintPage } from '../src/inputs/docs/page.js';
import { lintFile } from '../src/cli/read/lint-file.js';
import { packageRoot } from '../src/paths.js';
import { listSamples, readExpectation } from './samples.js';

const pages = join(packageRoot, 'test', 'fixtures', 'pages');
const readPage = (name: string): string => readFileSync(join(pages, name), 'utf8');

/** "line:column" of a needle's first character, searching from the end of the first `after` in the text. */
function at(text: string, needle: string, after = ''): string {
  const from = text.indexOf(after);
  assert.ok(from >= 0, `marker ${JSON.stringify(after)} is in the page`);
  const offset = text.indexOf(needle, from + after.length);
  assert.ok(offset >= 0, `needle ${JSON.stringify(needle)} is in the page`);
  const lines = text.slice(0, offset).split('\n');
  return `${lines.length}:${(lines[lines.length - 1] ?? '').length + 1}`;
}

async function located(text: string): Promise<string[]> {
  return (await lintPage(text)).problems.map((p) => `${p.ruleId} ${p.line}:${p.column}`);
}

const comment = (text: string, line = 3, column = 5): HtmlComment => ({ text, at: { line, column } });

// Code blocks

test('fences: backticks and tildes, a language with or without a space, indentation taken off', () => {
  const text = ['# t', '```http', 'POST /x', '```', '', '``` http', 'HTTP/1.1 200 OK', '```', '~~~json', '{}', '~~~', '1. item', '', '    ```json', '    {', '      "a": 1', '    }', '    ```', '````', '```', '````'].join('\n');
  const blocks = codeBlocks(text);
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
  const blocks = codeBlocks('```js `x` ```\ntext\n```json\n{\n');
  assert.equal(blocks.map((b) => [b.fenceLine, b.lines.length]), [[3, 2]]);
});

test('the comment right before a block, with blank lines between, is its annotation comment', () => {
  const text = '<!-- {\n  "blockType": "request"\n} -->\n\n\n```http\nPOST /x\n```\n<!-- x --> trailing text\n```json\n{}\n```\n<!-- { "blockType": "example" } -->\nprose\n```json\n{}\n```';
  const blocks = codeBlocks(text);
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
});

test('an annotation that is not valid JSON is located at the error, in the page', () => {
  const read = readAnnotation(comment('{\n  "blockType": "request",\n}', 10, 5));
  assert.ok(read !== undefined && 'problem' in read);
  if (read === undefined || !('problem' in read)) return;
  assert.is(read.problem.ruleId, 'docs-annotation');
  assert.is(read.problem.severity, 'error');
  assert.equal([read.problem.line, read.problem.column], [11, 25], 'the trailing comma');
  assert.match(read.problem.message, /not valid JSON/);
});

test('an annotation with a missing or unknown blockType, a bad truncated or a bad @odata.type', () => {
  const problem = (text: string) => {
    const read = readAnnotation(comment(text, 1, 5));
    return read !== undefined && 'problem' in read ? `${read.problem.ruleId} ${read.problem.line}:${read.problem.column} ${read.problem.message}` : 'none';
  };
  assert.match(problem('{ "name": "x" }'), /^docs-annotation 1:5 the annotation has no blockType/);
  assert.match(problem('{ "blockType": "snippet" }'), /^docs-annotation 1:20 blockType "snippet" is not one of/);
  assert.match(problem('{ "blockType": "example", "truncated": 1 }'), /^docs-annotation 1:44 truncated 1 is neither/);
  assert.match(problem('{ "blockType": "example", "@odata.type": null }'), /@odata.type null is not a string/);
  assert.match(problem('[1]'), /^none$/, 'not an object, so not an annotation');
});

// Pages

test('a page whose exchange agrees with itself: every payload checked, nothing reported', async () => {
  const result = await lintPage(readPage('clean.md'));
  assert.equal(result.problems, []);
  assert.is(result.payloads, 4);
  assert.is(result.exchanges.length, 1);
  const exchange = result.exchanges[0];
  assert.is(exchange?.response?.truncated, true);
  assert.is(exchange?.notifications.length, 2, 'the notification examples belong to the exchange of the latest response');
  assert.equal(exchange?.request.invite, { root: 'communications', callId: '5f2c81d1-0b6c-4f0e-9d5e-3a6f1c2b7e90', concrete: true });
});

test('a page whose exchanges disagree: every correlation rule at the offending value in the page', async () => {
  const text = readPage('deviations.md');
  const result = await lintPage(text);
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

test('blocks that cannot be read, responses without their request, and bad annotations are located problems', async () => {
  const text = readPage('broken.md');
  const result = await lintPage(text);
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

test('a truncated block may omit properties but may not contradict the schema', async () => {
  const block = (truncated: string, body: string) =>
    `<!-- { "blockType": "example", ${truncated} "@odata.type": "microsoft.graph.inviteParticipantsOperation" } -->\n\`\`\`json\n${body}\n\`\`\`\n`;
  assert.equal(await located(block('', '{ "id": "op" }')), ['required-property 3:1']);
  assert.equal(await located(block('"truncated": true,', '{ "id": "op" }')), []);
  assert.equal(await located(block('"truncated": "true",', '{ "id": "op", "status": 5 }')), ['type-mismatch 3:25']);
  // Omissions the rules report are left out too; an empty participants list still contradicts the contract.
  const notifications = (truncated: string, body: string) =>
    `<!-- { "blockType": "example", ${truncated} "@odata.type": "microsoft.graph.commsNotifications" } -->\n\`\`\`json\n${body}\n\`\`\`\n`;
  const bare = '{ "@odata.type": "#microsoft.graph.commsNotifications", "value": [ { "changeType": "deleted" } ] }';
  assert.equal(await located(notifications('', bare)), [`resource-missing 3:${bare.indexOf('{ "changeType"') + 1}`]);
  assert.equal(await located(notifications('"truncated": true,', bare)), []);
  const request = (truncated: string, body: string) => `<!-- { "blockType": "request", ${truncated} "name": "r" } -->\n\`\`\`http\nPOST /communications/calls/c/participants/invite\nContent-Type: application/json\n\n${body}\n\`\`\`\n`;
  assert.equal(await located(request('"truncated": true,', '{ "clientContext": "c" }')), []);
  assert.equal(await located(request('"truncated": true,', '{ "participants": [] }')), ['participants-required 6:19']);
});

test('positions inside indented blocks keep the indentation; positions after CRLF lines keep counting lines', async () => {
  const body = ['{', '  "participants": [ { "identity": { "phone": { "id": "555-0100" } } } ]', '}'];
  const indented = ['1. A list item:', '', '   <!-- { "blockType": "example", "@odata.type": "#microsoft.graph.inviteParticipantsOperation" } -->', '   ```json', ...body.map((l) => `   ${l}`), '   ```'].join('\n');
  const column = (body[1] ?? '').indexOf('"555-0100"') + 1 + 3;
  assert.ok((await located(indented)).includes(`phone-e164 6:${column}`));
  const crlf = indented.replace(/\n/g, '\r\n');
  assert.ok((await located(crlf)).includes(`phone-e164 6:${column}`));
});

test('an annotation naming a contract type decides the kind, whatever the body says', async () => {
  const text = '<!-- { "blockType": "example", "@odata.type": "microsoft.graph.commsNotifications" } -->\n```json\n{ "@odata.type": "#microsoft.graph.inviteParticipantsOperation", "id": "o", "status": "running", "participants": [] }\n```';
  assert.ok((await located(text)).includes('kind-mismatch 3:18'));
});

test('ignored, resource and unannotated blocks are not read', async () => {
  const text = '<!-- { "blockType": "ignored" } -->\n```http\nGET /nothing\n```\n<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.participant" } -->\n```json\n{ "id": "String" }\n```\n```json\n{ nope\n```';
  const result = await lintPage(text);
  assert.equal(result.problems, []);
  assert.is(result.payloads, 0);
});

test('a page file that cannot be read is a located problem of that file', async () => {
  const result = lintFile(pages, { type: 'page', kind: undefined, maxBytes: 1000, cwd: packageRoot, keepSource: true });
  assert.equal(result.report.problems.map((p) => p.ruleId), ['file-unreadable']);
  const big = lintFile(join(pages, 'clean.md'), { type: 'page', kind: undefined, maxBytes: 10, cwd: packageRoot, keepSource: true });
  assert.equal(big.report.problems.map((p) => p.ruleId), ['file-too-large']);
  assert.is(big.report.path, 'test/fixtures/pages/clean.md');
});

// The API page the project starts from, where it is checked out beside the project (as in CI).

const seed = join(packageRoot, '..', 'shared', 'seeds', '000_d06850b6bfb3747f.txt');

/** Line and rule of every problem docs reports on the seed page: the payload warnings, then the exchange's. */
const seedWarnings = [
  '81 http-content-length', '93 identity-provider-undeclared', '126 http-location', '132 status-casing', '138 invitation-participant-id',
  '143 identity-provider-undeclared', '173 deprecated-app-path', '185 identity-provider-undeclared', '186 identity-property-undeclared',
  '218 deprecated-app-path', '227 exchange-identity-kind', '230 identity-property-undeclared', '246 entity-id-null',
  '282 identity-provider-undeclared', '286 first-participant-only', '294 identity-provider-undeclared', '325 http-location',
  '331 status-casing', '337 invitation-participant-id', '342 identity-provider-undeclared', '352 invitation-participant-id',
  '357 identity-provider-undeclared', '386 operation-path-without-id', '387 operation-path-without-id', '397 identity-provider-undeclared',
  '408 identity-provider-undeclared', '416 entity-id-null', '442 deprecated-app-path', '442 operation-path-without-id',
  '443 operation-path-without-id', '451 exchange-identity-kind', '454 identity-property-undeclared', '470 entity-id-null',
  '480 identity-provider-undeclared', '497 entity-id-null', '538 identity-provider-undeclared', '570 http-location', '576 status-casing',
  '582 invitation-participant-id', '588 identity-provider-undeclared', '619 deprecated-app-path', '631 identity-provider-undeclared',
  '632 identity-property-undeclared', '666 exchange-call-id', '677 identity-provider-undeclared', '678 identity-property-undeclared',
  '694 entity-id-null', '720 http-content-length', '728 identity-set-type', '759 http-location', '765 status-casing',
  '771 invitation-participant-id', '809 deprecated-app-path', '818 identity-set-type', '852 deprecated-app-path', '861 identity-set-type',
  '879 entity-id-null',
];

/** What the page adds to the payload warnings: HTTP details and the exchanges' disagreements. */
const seedExchangeRules = new Set(['http-content-length', 'http-location', 'exchange-identity-kind', 'exchange-call-id']);

if (existsSync(seed)) {
  test('the seed page: 16 payloads, 4 exchanges, no errors, its deviations as warnings at their lines', async () => {
    const result = await lintPage(readFileSync(seed, 'utf8'));
    assert.is(result.payloads, 16);
    assert.is(result.exchanges.length, 4);
    assert.is(result.problems.filter((p) => p.severity === 'error').length, 0);
    assert.equal(result.problems.map((p) => `${p.line} ${p.ruleId}`), seedWarnings);
  });

  test('the seed page: its payload warnings are those of the documented samples, no more and no fewer', async () => {
    const result = await lintPage(readFileSync(seed, 'utf8'));
    const expected = listSamples('documented').flatMap((sample) => readExpectation(sample)?.problems.map((p) => p.ruleId) ?? []);
    const payloadRules = result.problems.map((p) => p.ruleId).filter((id) => !seedExchangeRules.has(id));
    assert.equal(payloadRules.sort(), expected.sort());
  });
}

test.run();
