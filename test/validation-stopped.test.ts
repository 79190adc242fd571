/**
 * A validation stops past its ceiling of findings held (src/rules/file/validation-stopped.ts): past it,
 * one validation-stopped error where the ceiling was reached; up to it, nothing changes. Findings are
 * counted in ajv's standalone code, which takes back those it lets go (scripts/generate.ts writes both
 * in), and in the walker's reports.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/lint/lint.js';
import type { Kind } from '../src/model/kind.js';
import type { LocatedProblem, Result } from '../src/model/problem.js';
import { lintPage } from '../src/inputs/docs/page.js';
import { tooManyProblems } from '../src/rules/file/too-many-problems.js';
import { findingsCeiling } from '../src/rules/file/validation-stopped.js';
import { validate, validateAs } from '../src/validate/validate.js';
import { lintExchange } from '../src/index.js';
import { rosterText } from '../scripts/bench-trees.js';
import { runCli } from './cli-harness.js';
import { folderApiVersion, listSamples, readExpectation, readSample } from './samples.js';

/** An invite request whose participants are all the number 1: one finding each, and one for their count past 5. */
function wrongParticipants(count: number): string {
  return `{"participants":[${Array(count).fill(1).join(',')}]}`;
}

/** The column (from 1) of participant `index` in wrongParticipants' text, which is one line. */
const columnOfParticipant = (index: number): number => '{"participants":['.length + 2 * index + 1;

const ruleIdsOf = (result: Result): string[] => result.problems.map((problem) => problem.ruleId);

test('the ceiling: 500 findings for each problem listed, at least 100,000, none when every problem is listed', () => {
  assert.is(findingsCeiling(1000), 500_000);
  assert.is(findingsCeiling(1), 100_000);
  assert.is(findingsCeiling(200), 100_000);
  assert.is(findingsCeiling(201), 100_500);
  assert.is(findingsCeiling(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
});

test('past the ceiling, lint() gives one validation-stopped error at the finding that went past it', () => {
  // 100,001 wrong participants and their count: 100,002 findings, the 100,001st at the last but one.
  const text = wrongParticipants(100_001);
  const { problems } = lint({ text, type: 'payload', kind: 'invite-request', maxProblems: 1 });
  assert.equal(problems, [
    {
      ruleId: 'validation-stopped',
      severity: 'error',
      message: 'validation stopped here, after 100000 findings: too many problems to list or count',
      pointer: '/participants/99999',
      params: { limit: 100_000 },
      line: 1,
      column: columnOfParticipant(99_999),
    },
  ]);
});

test("an HTTP message's body stops as a payload does, placed in the message", () => {
  const head = 'POST https://graph.microsoft.com/v1.0/communications/calls/c1/participants/invite\nContent-Type: application/json\n\n';
  // The message's own problem (no Authorization header) and the body's, within a cap of two.
  const { problems } = lint({ text: `${head}${wrongParticipants(100_001)}\n`, type: 'http', kind: 'invite-request', maxProblems: 2 });
  assert.equal(
    problems.map((problem) => [problem.ruleId, problem.pointer, problem.line, problem.column]),
    [
      ['http-authorization', '', 1, 1],
      ['validation-stopped', '/participants/99999', 4, columnOfParticipant(99_999)],
    ],
  );
});

test('what is found before validation is still listed beside it, and the library without a cap never stops', () => {
  const text = wrongParticipants(100_001).replace('{"participants"', '{"clientContext":"a","clientContext":"b","participants"');
  const { problems } = lint({ text, type: 'payload', kind: 'invite-request', maxProblems: 200 });
  assert.equal(
    problems.map((problem) => problem.ruleId),
    ['duplicate-key', 'validation-stopped'],
  );
  // validate() lists every problem it finds: a caller that holds the value asked for all of them.
  const all = validate(JSON.parse(wrongParticipants(100_001)), { kind: 'invite-request' });
  assert.is(all.problems.length, 100_002);
  assert.not.ok(all.problems.some((problem) => problem.ruleId === 'validation-stopped'));
});

test('any ceiling either stops with one problem or changes nothing: every invalid sample, every ceiling up to its findings', () => {
  let stoppedSomewhere = 0;
  for (const folder of ['invalid', 'invalid/v1.0'] as const) {
    for (const sample of listSamples(folder)) {
      const kind = readExpectation(sample)?.kind;
      let value: unknown;
      try {
        value = readSample(sample);
      } catch {
        continue;
      }
      if (kind === undefined || kind === null) continue;
      const apiVersion = folderApiVersion(folder);
      const whole = validateAs(value, kind, apiVersion);
      for (let ceiling = 0; ; ceiling += 1) {
        const bounded = validateAs(value, kind, apiVersion, ceiling);
        const stop = bounded.problems.find((problem) => problem.ruleId === 'validation-stopped');
        if (stop !== undefined) {
          assert.is(bounded.valid, false, `${sample.name} at ${ceiling}`);
          assert.equal(stop.params, { limit: ceiling });
          // Beside it, only what was found before the validation: a kind mismatch.
          assert.equal(ruleIdsOf(bounded).filter((id) => id !== 'validation-stopped' && id !== 'kind-mismatch'), [], sample.name);
          stoppedSomewhere += 1;
          continue;
        }
        assert.equal(bounded, whole, `${sample.name}: the first ceiling that does not stop (${ceiling}) changes nothing`);
        break;
      }
    }
  }
  assert.ok(stoppedSomewhere > 100, `${stoppedSomewhere} stopped validations`);
});

test('a stopped validation keeps the kind mismatch found before it', () => {
  const value = { '@odata.type': '#microsoft.graph.commsNotifications', participants: [1, 1, 1] };
  assert.equal(ruleIdsOf(validateAs(value, 'invite-request', 'beta', 1)), ['kind-mismatch', 'validation-stopped']);
  assert.ok(validateAs(value, 'invite-request', 'beta').problems.filter((problem) => problem.ruleId === 'type-mismatch').length === 3);
});

test('findings let go are taken back: nulls in every nullable identity never add up', () => {
  const nulls = { applicationInstance: null, assertedIdentity: null, azureCommunicationServicesUser: null, encrypted: null, guest: null, onPremises: null, phone: null };
  const participant = { identity: { user: { id: 'u1' }, ...nulls } };
  const request = (count: number): unknown => ({ clientContext: 5, participants: Array.from({ length: count }, () => participant) });
  // Each null fails the identity branch of its anyOf, which the null branch then passes: its findings
  // are let go. The smallest ceiling that does not stop is the few held at once, for one participant's
  // 7 nulls as for five participants' 35.
  const smallest = (value: unknown): number => {
    let ceiling = 0;
    while (ruleIdsOf(validateAs(value, 'invite-request', 'beta', ceiling))[0] === 'validation-stopped') ceiling += 1;
    return ceiling;
  };
  assert.is(smallest(request(5)), smallest(request(1)));
  assert.ok(smallest(request(1)) < 7, `${smallest(request(1))}`);
  const whole = validateAs(request(5), 'invite-request', 'beta');
  assert.equal(
    whole.problems.map((problem) => `${problem.ruleId} ${problem.pointer}`),
    ['type-mismatch /clientContext'],
  );
  assert.equal(validateAs(request(5), 'invite-request', 'beta', smallest(request(5))), whole);
});

test("the rules' reports count: a roster the schema takes, past its ceiling in warnings, stops at the warning past it", () => {
  const kind: Kind = 'comms-notifications';
  const value = JSON.parse(rosterText(5, 'warning')) as unknown;
  const whole = validateAs(value, kind, 'beta');
  assert.is(whole.problems.length, 5);
  assert.ok(whole.valid);
  assert.equal(validateAs(value, kind, 'beta', 5), whole);
  const stopped = validateAs(value, kind, 'beta', 4);
  assert.equal(ruleIdsOf(stopped), ['validation-stopped']);
  assert.is(stopped.problems[0]?.pointer, whole.problems[4]?.pointer);
  assert.is(stopped.valid, false);
});

test('a getter that validates meanwhile leaves the outer count as it was', () => {
  const inner = JSON.parse(wrongParticipants(50)) as unknown;
  let calls = 0;
  const participants = [1, 2, 3];
  const outer = {
    get participants(): unknown[] {
      calls += 1;
      // Unbounded and far past the outer ceiling: its findings are its own.
      assert.is(validate(inner, { kind: 'invite-request' }).problems.length, 51);
      return participants;
    },
  };
  const plain = { participants };
  for (const ceiling of [0, 1, 2, 3, 4]) assert.equal(validateAs(outer, 'invite-request', 'beta', ceiling), validateAs(plain, 'invite-request', 'beta', ceiling), `ceiling ${ceiling}`);
  assert.ok(calls > 0);
});

test('rule settings, which need every problem found before the cut, leave the ceiling the cap gives', () => {
  const text = wrongParticipants(100_001);
  const rules = { 'phone-e164': 'warning' } as const;
  assert.equal(
    lint({ text, type: 'payload', kind: 'invite-request', maxProblems: 1, rules }).problems.map((problem) => problem.ruleId),
    ['validation-stopped'],
  );
  // The exchange library entry and its files, under settings too.
  const exchange = lintExchange([{ name: 'request.json', text }], { maxProblems: 1, rules });
  assert.equal(
    exchange.files.find((file) => file.name === 'request.json')?.report.problems.map((problem) => problem.ruleId),
    ['validation-stopped'],
  );
});

test("under rule settings the scanner's findings past the ceiling are counted, at their rules' own severities", () => {
  // 100,004 duplicate keys: the ceiling of a one-problem list is 100,000, so 4 are counted, not made.
  const text = `{"participants":[{"identity":{"user":{"id":"u1"}},${Array(100_005).fill('"hidden":true').join(',')}}]}`;
  const plain = lint({ text, type: 'payload', kind: 'invite-request', maxProblems: 1 }).problems;
  assert.equal(plain.map((problem) => [problem.ruleId, problem.severity]), [['duplicate-key', 'warning'], ['too-many-problems', 'warning']]);
  assert.equal(plain[1]?.params, { limit: 1, omitted: 100_003, omittedErrors: 0, omittedWarnings: 100_003 });
  const settled = lint({ text, type: 'payload', kind: 'invite-request', maxProblems: 1, rules: { 'duplicate-key': 'error' } }).problems;
  assert.equal(settled.map((problem) => [problem.ruleId, problem.severity]), [['duplicate-key', 'error'], ['too-many-problems', 'error']]);
  // The 99,999 made and cut after settling are errors; the 4 counted past the ceiling keep the rule's own severity.
  assert.equal(settled[1]?.params, { limit: 1, omitted: 100_003, omittedErrors: 99_999, omittedWarnings: 4 });
});

test("and so are those of a message outside the contract on a page", () => {
  const body = `{"clientContext":"c",${Array(100_005).fill('"prompts":[]').join(',')}}`;
  const page = `<!-- {\n  "blockType": "request",\n  "name": "call-play-prompt"\n}-->\n\`\`\`http\nPOST https://graph.microsoft.com/beta/communications/calls/c1/playPrompt\nContent-Type: application/json\n\n${body}\n\`\`\`\n`;
  const settled = lint({ text: page, type: 'page', maxProblems: 1, rules: { 'duplicate-key': 'error' } }).problems;
  assert.equal(settled.map((problem) => [problem.ruleId, problem.severity]), [['duplicate-key', 'error'], ['too-many-problems', 'error']]);
  assert.equal(settled[1]?.params, { limit: 1, omitted: 100_003, omittedErrors: 99_999, omittedWarnings: 4 });
  // The same request as an example block: outside the contract too, its body scanned as the page's.
  const example = page.replace('"blockType": "request",\n  "name": "call-play-prompt"', '"blockType": "example"');
  assert.ok(example !== page);
  const fromExample = lint({ text: example, type: 'page', maxProblems: 1, rules: { 'duplicate-key': 'error' } }).problems;
  // The same params but where the first occurrence is: the example's annotation is a line shorter.
  const withoutPlace = ({ firstLine: _line, firstColumn: _column, ...params }: Readonly<Record<string, unknown>>) => params;
  assert.equal(fromExample.map((problem) => withoutPlace(problem.params)), settled.map((problem) => withoutPlace(problem.params)));
  // Each duplicate's first occurrence is placed in its page: the body's one line, the page's 9th and 8th.
  assert.equal([settled[0]?.params['firstLine'], fromExample[0]?.params['firstLine']], [9, 8]);
});

test('a page stops at the block past its ceiling of problems held over its blocks, and the stop is listed whatever the cap', () => {
  const block = (n: number): string =>
    `<!-- {\n  "blockType": "example",\n  "@odata.type": "microsoft.graph.inviteParticipantsOperation"\n}-->\n\`\`\`json\n{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"op${n}","status":"running","participants":[1,1,1]}\n\`\`\`\n\n`;
  const text = `# Page\n\n${[0, 1, 2, 3].map(block).join('')}`;
  // Each block holds three problems: the third block is not read past a ceiling of five.
  const whole = lintPage(text, Number.POSITIVE_INFINITY, undefined, undefined, 12);
  assert.is(whole.problems.length, 12);
  const stopped = lintPage(text, 4, undefined, undefined, 5);
  assert.equal(
    stopped.problems.map((problem) => `${problem.ruleId} ${problem.line}`),
    ['type-mismatch 8', 'type-mismatch 8', 'type-mismatch 8', 'type-mismatch 16', 'too-many-problems 16', 'validation-stopped 24'],
  );
  assert.equal(stopped.problems[4]?.params, { limit: 4, omitted: 2, omittedErrors: 2, omittedWarnings: 0 });
  assert.is(stopped.payloads, 2);
});

test('a cut never takes the stop, and closes nothing when the stop alone is past the cap', () => {
  const at = (line: number, ruleId = 'type-mismatch'): LocatedProblem => ({ ruleId, severity: 'error', message: '', pointer: '', params: {}, line, column: 1 });
  assert.equal(
    tooManyProblems.cap([at(1), at(2), at(3, 'validation-stopped')], 2).map((problem) => problem.ruleId),
    ['type-mismatch', 'type-mismatch', 'validation-stopped'],
  );
  const cut = tooManyProblems.cap([at(1), at(2), at(3), at(4, 'validation-stopped')], 2);
  assert.equal(cut.map((problem) => `${problem.ruleId} ${problem.line}`), ['type-mismatch 1', 'type-mismatch 2', 'too-many-problems 3', 'validation-stopped 4']);
  assert.equal(cut[2]?.params, { limit: 2, omitted: 1, omittedErrors: 1, omittedWarnings: 0 });
});

test('the command: the stopped file fails, its problem located, and the run goes on with the next file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-stopped-'));
  try {
    // A config with rule settings: the command then lints with no cap and settles, the ceiling kept.
    writeFileSync(join(dir, 'graph-invite-contract.config.json'), JSON.stringify({ rules: { 'phone-e164': 'warning' } }));
    writeFileSync(join(dir, 'a.request.json'), wrongParticipants(100_001));
    writeFileSync(join(dir, 'b.request.json'), '{"participants":[{"identity":{"user":{"id":"u1"}}}]}');
    const run = await runCli(['validate', '--kind', 'invite-request', '--max-problems', '1', '--format', 'json', 'a.request.json', 'b.request.json'], { cwd: dir });
    assert.is(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { files: Array<{ path: string; problems: Array<{ ruleId: string; line: number; column: number }> }>; summary: unknown };
    assert.equal(
      report.files.map((file) => [file.path, file.problems.map((p) => `${p.ruleId} ${p.line}:${p.column}`)]),
      [
        ['a.request.json', [`validation-stopped 1:${columnOfParticipant(99_999)}`]],
        ['b.request.json', []],
      ],
    );
    assert.equal(report.summary, { files: 2, errors: 1, warnings: 0 });

    // An exchange folder's request, under the same settings.
    mkdirSync(join(dir, 'exchange'));
    writeFileSync(join(dir, 'exchange', 'request.json'), wrongParticipants(100_001));
    const exchange = await runCli(['exchange', '--max-problems', '1', '--format', 'json', 'exchange'], { cwd: dir });
    assert.is(exchange.status, 1, exchange.stderr);
    const files = (JSON.parse(exchange.stdout) as { files: Array<{ path: string; problems: Array<{ ruleId: string }> }> }).files;
    assert.ok(files.some((file) => file.path.endsWith('request.json') && file.problems.some((p) => p.ruleId === 'validation-stopped')), exchange.stdout.slice(0, 2000));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
