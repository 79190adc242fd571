/**
 * Every run is bounded: hostile inputs and command lines, replayed through the CLI's entry (run(), in a
 * worker thread stopped after a time limit: a case that hangs fails on its status instead of stalling the
 * suite) or through the library. Each command-line case checks the exit status, that no stack trace or
 * internal error is printed, that the report is valid in the format asked, and that no input file changed.
 * Their point is the CLI's logic, which is the same in the built command (test/cli.test.ts compares the
 * two), so none needs a process of its own.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compilePattern } from '../src/cli/config/path-pattern.js';
import { githubStepSummary } from '../src/cli/formatters/github.js';
import { maxAlternatives, maxGroups, maxPatternLength, maxWildcards, maxWildcardsPerSegment, patternOverLimit } from '../src/cli/paths/pattern-limits.js';
import { parseHttpMessage } from '../src/inputs/http/message.js';
import { lostPrecision } from '../src/json/number-precision.js';
import { lint, lintExchange } from '../src/lint/lint.js';
import type { LocatedProblem } from '../src/model/problem.js';
import { summarize, type FileReport } from '../src/model/report.js';
import { packageRoot } from '../src/paths.js';
import { rules } from '../src/rules/index.js';
import { defaultMaxProblems } from '../src/rules/file/too-many-problems.js';
import { runCliLimited } from './cli-harness.js';

/** Generous: each case takes well under a second when bounded; a hang is stopped here and fails. */
const hangLimit = 30_000;

const formats = ['stylish', 'json', 'github', 'sarif', 'junit'] as const;
type Format = (typeof formats)[number];

/** Hashes of every file below a folder, to show that a run changed none. */
function snapshot(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) pending.push(path);
      else hashes.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  }
  return hashes;
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in a scratch folder holding `files`, and checks what every case must hold. */
function runIn(files: Readonly<Record<string, string>>, args: readonly string[], build?: (dir: string) => void): Run {
  const dir = mkdtempSync(join(tmpdir(), 'gic-bounds-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    build?.(dir);
    const before = snapshot(dir);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env['GITHUB_STEP_SUMMARY'];
    delete env['GITHUB_WORKSPACE'];
    const result = runCliLimited(args, { cwd: dir, env }, hangLimit);
    assert.is.not(result.status, null, `${args.join(' ').slice(0, 200)}: ${result.stderr}`);
    assert.not.match(result.stdout + result.stderr, /^ {4}at /m, 'a stack trace');
    assert.not.match(result.stderr, /internal error/);
    const after = snapshot(dir);
    assert.equal([...after], [...before], 'an input changed');
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks that a report is valid in its format, and returns its problems as [ruleId, severity] when the format says them. */
function checkFormat(format: Format, out: string): void {
  switch (format) {
    case 'json':
      JSON.parse(out);
      return;
    case 'sarif': {
      const sarif = JSON.parse(out) as { version: string; runs: unknown[] };
      assert.is(sarif.version, '2.1.0');
      return;
    }
    case 'junit':
      assert.is(XMLValidator.validate(out), true);
      return;
    case 'github':
      for (const line of out.split('\n').filter((l) => l !== '')) assert.match(line, /^::(error|warning|notice)[ :]/);
      return;
    case 'stylish':
      assert.match(out, /✖ \d+ problems?/);
  }
}

interface JsonFile {
  readonly path: string;
  readonly problems: readonly LocatedProblem[];
}

const notificationsOf = (count: number, value: string): string => `{"@odata.type":"#microsoft.graph.commsNotifications","value":[${Array(count).fill(value).join(',')}]}`;

// ---------------------------------------------------------------------------------------------------------
// 1. A cap on problems per file

test('a file of many small wrong values lists the first maxProblems problems and one closing too-many-problems, in every format', () => {
  const text = notificationsOf(5000, '1');
  for (const format of formats) {
    const run = runIn({ 'many.json': text }, ['validate', '--format', format, 'many.json']);
    assert.is(run.status, 1, format);
    checkFormat(format, run.stdout);
    if (format === 'json') {
      const [file] = (JSON.parse(run.stdout) as { files: JsonFile[] }).files;
      assert.is(file?.problems.length, defaultMaxProblems + 1);
      const closing = file?.problems.at(-1);
      assert.is(closing?.ruleId, 'too-many-problems');
      assert.is(closing?.severity, 'error');
      assert.equal(closing?.params, { limit: defaultMaxProblems, omitted: 4000, omittedErrors: 4000, omittedWarnings: 0 });
      // The first problems in report order are kept: /value/0 to /value/999.
      assert.is(file?.problems[0]?.pointer, '/value/0');
      assert.is(file?.problems[defaultMaxProblems - 1]?.pointer, `/value/${defaultMaxProblems - 1}`);
    }
  }
});

test('--max-problems sets the cap; 0 and non-numbers are usage errors', () => {
  const run = runIn({ 'many.json': notificationsOf(50, '1') }, ['validate', '--format', 'json', '--max-problems', '7', 'many.json']);
  assert.is(run.status, 1);
  const [file] = (JSON.parse(run.stdout) as { files: JsonFile[] }).files;
  assert.equal(file?.problems.map((p) => p.ruleId), [...Array(7).fill('type-mismatch'), 'too-many-problems']);
  assert.equal(file?.problems.at(-1)?.params, { limit: 7, omitted: 43, omittedErrors: 43, omittedWarnings: 0 });
  for (const value of ['0', '-1', 'many', '2.5']) {
    const refused = runIn({ 'a.json': '{}' }, ['validate', '--max-problems', value, 'a.json']);
    assert.is(refused.status, 2, value);
    assert.match(refused.stderr.split('\n')[0] ?? '', /--max-problems/);
  }
});

test('totals count every problem found, listed or not, so --max-warnings and every format judge the whole list', () => {
  // 40 duplicate keys, warnings all; 5 are listed and the closing too-many-problems counts the other 35.
  const text = `{"@odata.type":"#microsoft.graph.commsNotifications",${Array(41).fill('"x":1').join(',')},"value":[]}`;
  for (const format of formats) {
    const run = runIn({ 'many.json': text }, ['validate', '--format', format, '--max-problems', '5', '--max-warnings', '20', 'many.json']);
    assert.is(run.status, 1, format);
    assert.is(run.stderr, 'graph-invite-contract: 40 warnings, more than --max-warnings 20\n', format);
    checkFormat(format, run.stdout);
    if (format === 'stylish') assert.match(run.stdout, /✖ 40 problems \(0 errors, 40 warnings\)\n/);
    if (format === 'json') assert.equal((JSON.parse(run.stdout) as { summary: unknown }).summary, { files: 1, errors: 0, warnings: 40 });
    if (format === 'junit') assert.match(run.stdout, /<failure message="40 warnings, more than --max-warnings 20" type="max-warnings">/);
  }
  assert.is(runIn({ 'many.json': text }, ['validate', '--max-problems', '5', '--max-warnings', '40', 'many.json']).status, 0);
  // The step summary reads the same totals.
  const files: FileReport[] = [{ path: 'many.json', ...lint({ text, type: 'payload', maxProblems: 5 }) }];
  assert.match(githubStepSummary({ files, summary: summarize(files) }), /⚠ 40 problems \(0 errors, 40 warnings\) in 1 checked file\./);
});

test('exchanges and pages are capped per file', () => {
  const exchange = runIn(
    {
      'ex/request.http': readFileSync(join(packageRoot, 'test/fixtures/exchanges/clean/request.http'), 'utf8'),
      'ex/notification-1.json': notificationsOf(30, '1'),
      'ex/notification-2.json': notificationsOf(3, '1'),
    },
    ['exchange', '--format', 'json', '--max-problems', '5', 'ex'],
  );
  assert.is(exchange.status, 1);
  const files = (JSON.parse(exchange.stdout) as { files: JsonFile[] }).files;
  const first = files.find((f) => f.path.endsWith('notification-1.json'));
  assert.is(first?.problems.length, 6);
  assert.equal(first?.problems.at(-1)?.params, { limit: 5, omitted: 25, omittedErrors: 25, omittedWarnings: 0 });
  const second = files.find((f) => f.path.endsWith('notification-2.json'));
  assert.ok(second?.problems.every((p) => p.ruleId !== 'too-many-problems'));

  const page = ['# page', '', '<!-- {', '  "blockType": "example",', '  "@odata.type": "microsoft.graph.commsNotifications"', '} -->', '```json', notificationsOf(40, '1'), '```', ''].join('\n');
  const docs = runIn({ 'page.md': page }, ['docs', '--format', 'json', '--max-problems', '10', 'page.md']);
  assert.is(docs.status, 1);
  const [pageFile] = (JSON.parse(docs.stdout) as { files: JsonFile[] }).files;
  assert.is(pageFile?.problems.length, 11);
  assert.equal(pageFile?.problems.at(-1)?.params, { limit: 10, omitted: 30, omittedErrors: 30, omittedWarnings: 0 });
});

test('lint() caps a file at maxProblems (1,000 by default), with the closing severity of the worst problem cut', () => {
  assert.is(lint({ text: notificationsOf(1500, '1'), type: 'payload' }).problems.length, defaultMaxProblems + 1);
  assert.is(lint({ text: notificationsOf(1500, '1'), type: 'payload', maxProblems: Number.POSITIVE_INFINITY }).problems.length, 1500);
  // Only warnings cut (duplicate keys): the closing problem is a warning, and the exit status stays 0.
  const duplicates = `{"@odata.type":"#microsoft.graph.commsNotifications",${Array(9).fill('"x":1').join(',')},"value":[]}`;
  const warned = lint({ text: duplicates, type: 'payload', maxProblems: 3 });
  const closing = warned.problems.at(-1);
  assert.is(warned.problems.length, 4);
  assert.is(closing?.ruleId, 'too-many-problems');
  assert.is(closing?.severity, 'warning');
  assert.is(closing?.params['omittedWarnings'], (closing?.params['omitted'] as number) - (closing?.params['omittedErrors'] as number));
  assert.is(closing?.params['omittedErrors'], 0);
  // A duplicate key after the cut: the closing problem stands at the first problem cut (line 3), not at it.
  const late = `{"@odata.type":"#microsoft.graph.commsNotifications","value":[\n${Array(3).fill('{"changeType":5,"resourceUrl":7}').join(',\n')}\n],"x":1,"x":2}`;
  const cutEarly = lint({ text: late, type: 'payload', maxProblems: 2 }).problems;
  assert.equal(cutEarly.map((p) => [p.ruleId, p.line, p.column]), [['type-mismatch', 2, 15], ['type-mismatch', 2, 31], ['too-many-problems', 3, 15]]);
  assert.equal(cutEarly[2]?.params, { limit: 2, omitted: 5, omittedErrors: 4, omittedWarnings: 1 });
  // An HTTP message: its own problems and its body's share one cap.
  const http = `POST https://graph.microsoft.com/v1.0/communications/calls/c1/participants/invite\nContent-Type: application/json\n\n{"participants":[${Array(20).fill('1').join(',')}]}\n`;
  const linted = lint({ text: http, type: 'http', kind: 'invite-request', maxProblems: 4 });
  assert.is(linted.problems.length, 5);
  assert.is(linted.problems.filter((p) => p.ruleId === 'too-many-problems').length, 1);
  assert.is(linted.problems.at(-1)?.ruleId, 'too-many-problems');
});

test('text that is not JSON is one json-syntax at its error, whatever duplicate keys come before it, in a payload or an annotation', () => {
  const keys = Array(50_000).fill('"a":1').join(',');
  const text = `{"participants":[{${keys}}]}x`;
  assert.equal(
    lint({ text, type: 'payload', kind: 'invite-request' }).problems.map((p) => [p.ruleId, p.line, p.column]),
    [['json-syntax', 1, text.length]],
  );
  const page = `<!-- {"blockType": "example", ${keys} x -->\n\`\`\`json\n{}\n\`\`\`\n`;
  const annotation = lint({ text: page, type: 'page' }).problems.filter((p) => p.ruleId === 'docs-annotation');
  assert.equal(annotation.map((p) => [p.params['reason'], p.line]), [['not-json', 1]]);
  assert.match(annotation[0]?.message ?? '', /not valid JSON/);
});

test('maxProblems must be a positive integer or Infinity', () => {
  for (const bad of [0, -1, 1.5, Number.NaN, '10', null]) {
    assert.throws(() => lint({ text: '{}', type: 'payload', maxProblems: bad as number }), (error: unknown) => error instanceof TypeError && /maxProblems/.test(error.message), String(bad));
    assert.throws(() => lintExchange([], { maxProblems: bad as number }), (error: unknown) => error instanceof TypeError && /maxProblems/.test(error.message), String(bad));
  }
  assert.is(lintExchange([{ name: 'notification-1.json', text: notificationsOf(12, '1') }], { maxProblems: 2 }).files[0]?.report.problems.length, 3);
});

test('only the closing problem carries omittedErrors and omittedWarnings, the params the totals count in its stead', () => {
  assert.equal(rules.filter((rule) => 'omittedErrors' in rule.params || 'omittedWarnings' in rule.params).map((rule) => rule.id), ['too-many-problems']);
});

test('too-many-problems is listed after the other file rules', () => {
  const ids = rules.map((rule) => rule.id);
  assert.is(ids.indexOf('too-many-problems'), ids.indexOf('number-precision') + 1);
});

// ---------------------------------------------------------------------------------------------------------
// 2. Command-line patterns get the limits of config patterns

/** A tree of files with long names of one letter, on which backtracking wildcards take minutes. */
function longNames(dir: string): void {
  for (let folder = 0; folder < 3; folder += 1) {
    mkdirSync(join(dir, `d${folder}`), { recursive: true });
    for (let file = 0; file < 20; file += 1) writeFileSync(join(dir, `d${folder}`, `${'a'.repeat(200)}${file}.json`), '{}');
  }
}

const hostilePatterns: ReadonlyArray<readonly [name: string, pattern: string, limit: RegExp]> = [
  ['backtracking wildcards', '**/*a*a*a*a*a*a*a*a*a*b', new RegExp(`limit is ${maxWildcardsPerSegment} a segment`)],
  ['wildcards over the whole pattern', '*a*/*a*/*a*/*a*/*a*/x.json', new RegExp(`limit is ${maxWildcards}$`)],
  ['a repeated group of alternatives', '**/+(a|aa)b', /group \+\(a\|aa\) can match a name in more than one way/],
  // Not repeated, but each ambiguous group multiplies what the stars beside it try (about 30 s a name).
  ['ambiguous groups between wildcards', `d0/${'@(a|aa|aaa|aaaa|aaaaa|aaaaaa|aaaaaaa|aaaaaaaa)*'.repeat(3)}@(a|aa)b`, /group @\(a\|aa\|aaa.*can match a name in more than one way/],
  ['a chain of optional groups', `${'?(a|b)'.repeat(maxGroups + 1)}c.json`, new RegExp(`limit is ${maxGroups}$`)],
  ['forty brace pairs', '{a,b}'.repeat(40), new RegExp(`more than ${maxAlternatives} alternatives`)],
  ['a huge brace range', 'x{1..100000000}.json', new RegExp(`more than ${maxAlternatives} alternatives`)],
  ['a very long pattern', `${'a'.repeat(100_000)}*.json`, new RegExp(`limit is ${maxPatternLength}$`)],
];

for (const [name, pattern, limit] of hostilePatterns) {
  test(`a command-line pattern with ${name} is a usage error, not a hang`, () => {
    const run = runIn({}, ['validate', '--format', 'json', pattern], longNames);
    assert.is(run.status, 2);
    assert.is(run.stdout, '');
    const [first = ''] = run.stderr.split('\n');
    assert.match(first, /^graph-invite-contract: pattern ".*? is refused: /);
    assert.match(first, limit);
    assert.ok(first.length < 300, 'one short line, however long the pattern');
    // The config's patterns are held to the same limits.
    assert.throws(() => compilePattern(pattern), (error: unknown) => error instanceof RangeError && limit.test(error.message));
  });
}

test('patterns within the limits still match', () => {
  const run = runIn({}, ['validate', '--format', 'json', '--allow-empty', 'd*/*a*0.json', '{d0,d1}/**/*.json'], longNames);
  // Every file is {} (kind-unknown): exit 1, with a report of each file matched.
  assert.is(run.status, 1);
  // All of d0 and d1, and from d2 the two files *a*0.json matches (named ...0 and ...10).
  assert.is((JSON.parse(run.stdout) as { files: JsonFile[] }).files.length, 20 * 2 + 2);
  for (const pattern of ['**/*.json', 'src/**/*.request.*', 'a*b*c/{x,y}/*.json', '\\*\\*\\*\\*.json', '@(d0|d1)/*.json', '+(a)*.json', '+(json|http)', '\\+(a|aa)']) assert.is(patternOverLimit(pattern), undefined, pattern);
});

// ---------------------------------------------------------------------------------------------------------
// 3. HTTP parsing is linear

test('a header line with a long run of blanks inside its value is parsed in linear time', () => {
  // The old header expression backtracked over every blank for every character of the value: some 25 s
  // for 200,000 blanks, and 25 times that for these; the run is stopped long before.
  for (const blanks of [' '.repeat(1_000_000), ' \t'.repeat(500_000)]) {
    const http = `POST https://graph.microsoft.com/v1.0/communications/calls/c1/participants/invite\nAuthorization: Bearer x\nX-A: a${blanks}b\nContent-Type: application/json\n\n${readFileSync(join(packageRoot, 'samples/valid/acs-user-invite.request.json'), 'utf8')}\n`;
    const run = runIn({ 'long.http': http }, ['validate', '--format', 'json', 'long.http']);
    assert.is(run.status, 0, run.stdout.slice(0, 500));
    assert.equal((JSON.parse(run.stdout) as { files: JsonFile[] }).files[0]?.problems, []);
  }
  const parsed = parseHttpMessage(`GET /x\nX-A: \t a  b \t\n\n`);
  assert.ok('message' in parsed);
  const header = 'message' in parsed ? parsed.message.headers[0] : undefined;
  assert.equal(header, { name: 'X-A', value: 'a  b', at: { line: 2, column: 1 }, valueAt: { line: 2, column: 8 }, resolved: 'a  b' });
});

// ---------------------------------------------------------------------------------------------------------
// 4. Misleading messages

test('a chunked body is an http-syntax chunked-body problem, not a bare json-syntax error', () => {
  const http = 'HTTP/1.1 200 OK\nContent-Type: application/json\nTransfer-Encoding: chunked\nLocation: https://graph.microsoft.com/v1.0/communications/calls/c1/operations/o1\n\n1d\n{"id":"o1","status":"running"}\n0\n\n';
  const linted = lint({ text: http, type: 'http' });
  assert.equal(
    linted.problems.map((p) => [p.ruleId, p.line, p.params]),
    [['http-syntax', 6, { reason: 'chunked-body' }]],
  );
  // The same message with its payload decoded is checked as usual.
  const decoded = lint({ text: http.replace('1d\n', '').replace('\n0\n', '\n'), type: 'http' });
  assert.ok(decoded.problems.every((p) => p.ruleId !== 'http-syntax' && p.ruleId !== 'json-syntax'));
  const run = runIn({ 'chunked.http': http }, ['validate', '--format', 'json', 'chunked.http']);
  assert.is(run.status, 1);
  assert.equal((JSON.parse(run.stdout) as { files: JsonFile[] }).files[0]?.problems.map((p) => p.params['reason']), ['chunked-body']);
});

test('a non-zero number that JSON.parse reads as 0 gets a number-precision warning', () => {
  const text = '{"@odata.type":"#microsoft.graph.commsNotifications","value":[],"a":1e-400,"b":-2.5E-999,"c":0e-400,"d":0.0,"e":5e-324}';
  const linted = lint({ text, type: 'payload' });
  assert.equal(
    linted.problems.filter((p) => p.ruleId === 'number-precision').map((p) => [p.pointer, p.severity, p.params]),
    [
      ['/a', 'warning', { literal: '1e-400', read: '0' }],
      ['/b', 'warning', { literal: '-2.5E-999', read: '-0' }],
    ],
  );
  assert.equal(lostPrecision('0.000001e-330', false), { read: '0', loss: 'underflow' });
  assert.is(lostPrecision('0.0e-400', false), undefined);
});

test.run();
