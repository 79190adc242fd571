import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Baseline, BaselineWriter } from '../src/cli/baseline/baseline.js';
import type { FileReport } from '../src/model/report.js';
import { packageRoot } from '../src/paths.js';
import { runCli } from './cli-harness.js';
import { baselineDocument, inScratch, jsonReport, junitDocument, sarifDocument, type BaselineEntryData, type JsonReport } from './report-checks.js';

const documented = join(packageRoot, 'samples', 'documented');
const invalid = join(packageRoot, 'samples', 'invalid');

/** A repository with two documented payloads (warnings only) and one invalid operation (an error: resultInfo.code a string), under payloads/. */
function seed(dir: string): void {
  mkdirSync(join(dir, 'payloads'));
  copyFileSync(join(documented, 'example-1.response.json'), join(dir, 'payloads', 'response.json'));
  copyFileSync(join(documented, 'example-2.notification-roster.json'), join(dir, 'payloads', 'roster.json'));
  copyFileSync(join(invalid, 'code-as-string.response.json'), join(dir, 'payloads', 'call.json'));
}

/** The problems of a json report as baseline keys, counted: what a baseline of the run must hold. */
function keysOf(report: JsonReport): BaselineEntryData[] {
  const counts = new Map<string, number>();
  for (const file of report.files) for (const problem of file.problems) {
    const key = JSON.stringify([file.path, problem.ruleId, problem.pointer]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => {
    const [path, ruleId, pointer] = JSON.parse(key) as [string, string, string];
    return { path, ruleId, pointer, count };
  });
}

const sortedKeys = (entries: readonly BaselineEntryData[]): string[] => entries.map((entry) => JSON.stringify(entry)).sort();

test('--write-baseline writes every problem of the run, sorted and stable, and exits 0 though errors were found', async () => {
  await inScratch('gic-baseline-', async (dir) => {
    seed(dir);
    const all = await runCli(['validate', '--format', 'json', 'payloads'], { cwd: dir });
    assert.is(all.status, 1);
    const report = jsonReport(all.stdout);
    const written = await runCli(['validate', '--write-baseline', 'baseline.json', 'payloads'], { cwd: dir });
    assert.is(written.status, 0, written.stderr);
    const text = readFileSync(join(dir, 'baseline.json'), 'utf8');
    const document = baselineDocument(text);
    assert.is(document.version, 1);
    assert.equal(sortedKeys(document.entries), sortedKeys(keysOf(report)));
    // Sorted by path, rule id, pointer.
    const order = document.entries.map((entry) => [entry.path, entry.ruleId, entry.pointer]);
    const sorted = [...order].sort((a, b) => (a.join('\0') < b.join('\0') ? -1 : a.join('\0') > b.join('\0') ? 1 : 0));
    assert.equal(order, sorted);
    assert.ok(document.entries.every((entry) => !entry.path.includes('\\') && !entry.path.startsWith('/')));
    // Written again, byte for byte the same.
    await runCli(['validate', '--write-baseline', 'baseline.json', 'payloads'], { cwd: dir });
    assert.is(readFileSync(join(dir, 'baseline.json'), 'utf8'), text);
  });
});

test('--baseline accepts what it lists: nothing is reported or counted, and the run passes', async () => {
  await inScratch('gic-baseline-', async (dir) => {
    seed(dir);
    await runCli(['validate', '--write-baseline', 'baseline.json', 'payloads'], { cwd: dir });
    const total = baselineDocument(readFileSync(join(dir, 'baseline.json'), 'utf8')).entries.reduce((sum, entry) => sum + entry.count, 0);
    const result = await runCli(['validate', '--baseline', 'baseline.json', '--format', 'json', '--strict', 'payloads'], { cwd: dir });
    assert.is(result.status, 0, result.stderr);
    const report = jsonReport(result.stdout);
    assert.equal(report.summary, { files: 3, errors: 0, warnings: 0 });
    assert.ok(report.files.every((file) => file.problems.length === 0));
    assert.equal(report.baseline, { accepted: total, absent: [] });
  });
});

test('a new problem is reported alone, and counts for the exit status; lines moved by an edit keep the baseline valid', async () => {
  await inScratch('gic-baseline-', async (dir) => {
    seed(dir);
    await runCli(['validate', '--write-baseline', 'baseline.json', 'payloads'], { cwd: dir });
    // Lines added above every problem of a file: its pointers stay, its lines move.
    const roster = join(dir, 'payloads', 'roster.json');
    writeFileSync(roster, `\n\n\n${readFileSync(roster, 'utf8')}`);
    copyFileSync(join(invalid, 'code-as-string.response.json'), join(dir, 'payloads', 'new.json'));
    const result = await runCli(['validate', '--baseline', 'baseline.json', '--format', 'json', 'payloads'], { cwd: dir });
    assert.is(result.status, 1);
    const report = jsonReport(result.stdout);
    const reported = report.files.filter((file) => file.problems.length > 0);
    assert.equal(reported.map((file) => file.path), ['payloads/new.json']);
    const expected = JSON.parse(readFileSync(join(invalid, 'code-as-string.response.expected.json'), 'utf8')) as { problems: Array<{ ruleId: string; pointer: string }> };
    assert.equal(reported[0]?.problems.map((problem) => [problem.ruleId, problem.pointer]), expected.problems.map((problem) => [problem.ruleId, problem.pointer]));
    assert.equal(report.baseline?.absent, []);
  });
});

test('entries that no longer occur are listed in every format: stylish, json, SARIF (baselineState), JUnit, github', async () => {
  await inScratch('gic-baseline-', async (dir) => {
    seed(dir);
    await runCli(['validate', '--write-baseline', 'baseline.json', 'payloads'], { cwd: dir });
    // Fixed: the status casing of the response (one warning at /status).
    const response = join(dir, 'payloads', 'response.json');
    writeFileSync(response, readFileSync(response, 'utf8').replace('"Running"', '"running"'));
    const fixed = { path: 'payloads/response.json', ruleId: 'status-casing', pointer: '/status', count: 1 };
    const result = await runCli(
      ['validate', '--baseline', 'baseline.json', '--format', 'stylish', '--format', 'json=r.json', '--format', 'sarif=r.sarif', '--format', 'junit=r.xml', '--format', 'github=r.txt', 'payloads'],
      { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: '' } },
    );
    assert.is(result.status, 0, result.stderr);
    assert.ok(result.stdout.includes('payloads/response.json status-casing /status'), result.stdout);
    assert.ok(/\b1 baseline entry\b/.test(result.stdout));
    const report = jsonReport(readFileSync(join(dir, 'r.json'), 'utf8'));
    assert.equal(report.baseline?.absent, [fixed]);
    // Not a result: code scanning reads neither kind nor baselineState, and made each absent entry an alert.
    const log = JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')) as { runs: Array<{ results: unknown[]; properties?: { baselineAbsent?: unknown } }> };
    sarifDocument(JSON.stringify(log));
    assert.equal(log.runs[0]?.results, []);
    assert.equal(log.runs[0]?.properties?.baselineAbsent, [{ ruleId: 'status-casing', path: 'payloads/response.json', pointer: '/status', count: 1 }]);
    const junit = junitDocument(readFileSync(join(dir, 'r.xml'), 'utf8'));
    assert.ok(junit.testsuites.testsuite['system-out']?.includes('payloads/response.json status-casing /status'));
    assert.match(readFileSync(join(dir, 'r.txt'), 'utf8'), /^::notice file=payloads\/response\.json,title=baseline::.*status-casing \/status/m);
  });
});

test('in SARIF, the problems a baseline leaves are marked new', async () => {
  await inScratch('gic-baseline-', async (dir) => {
    seed(dir);
    writeFileSync(join(dir, 'empty.json'), '{"version":1,"entries":[]}');
    const result = await runCli(['validate', '--baseline', 'empty.json', '--format', 'sarif', 'payloads'], { cwd: dir });
    assert.is(result.status, 1);
    const results = sarifDocument(result.stdout).runs[0]?.results ?? [];
    assert.ok(results.length > 0);
    assert.ok(results.every((r) => r.baselineState === 'new'));
    // Without a baseline, results carry no baseline state.
    const plain = await runCli(['validate', '--format', 'sarif', 'payloads'], { cwd: dir });
    assert.ok((sarifDocument(plain.stdout).runs[0]?.results ?? []).every((r) => r.baselineState === undefined));
  });
});

test('the same key twice in a file is counted: a count accepts that many, a further one is new, one fewer found is absent', () => {
  const problem = { ruleId: 'phone-e164', severity: 'error', message: 'm', pointer: '/a', line: 1, column: 1, params: {} } as const;
  const report: FileReport = { path: 'x.json', kind: 'invite-request', problems: [problem, { ...problem, line: 2 }] };
  const writer = new BaselineWriter();
  writer.add(report);
  const written = baselineDocument(writer.text());
  assert.equal(written.entries, [{ path: 'x.json', ruleId: 'phone-e164', pointer: '/a', count: 2 }]);
  const key = JSON.stringify(['x.json', 'phone-e164', '/a']);
  for (const [count, left, absent] of [[1, 1, 0], [2, 0, 0], [3, 0, 1]] as const) {
    const baseline = new Baseline(new Map([[key, count]]));
    const filtered = baseline.filter(report);
    assert.is(filtered.problems.length, left, `count ${count}`);
    // The first ones in report order are the accepted ones.
    if (left === 1) assert.is(filtered.problems[0]?.line, 2);
    const outcome = baseline.outcome(() => true);
    assert.is(outcome.accepted, 2 - left);
    assert.equal(outcome.absent, absent === 0 ? [] : [{ path: 'x.json', ruleId: 'phone-e164', pointer: '/a', count: absent }]);
  }
});

test('a pointer holding NUL (a key "\\u0000nul") is written and matched whole', async () => {
  await inScratch('gic-baseline-', async (dir) => {
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'n.json'), '{"participants":[{"identity":{"user":{"id":"u1","\\u0000nul":1,"\\u0000nul":2}}}]}');
    assert.is((await runCli(['validate', 'p', '--kind', 'invite-request', '--write-baseline', 'b.json'], { cwd: dir })).status, 0);
    assert.equal(baselineDocument(readFileSync(join(dir, 'b.json'), 'utf8')).entries.map((entry) => entry.pointer), ['/participants/0/identity/user/\u0000nul']);
    const again = jsonReport((await runCli(['validate', 'p', '--kind', 'invite-request', '--baseline', 'b.json', '--format', 'json'], { cwd: dir })).stdout);
    assert.equal(again.baseline, { accepted: 1, absent: [] });
  });
});

test('a baseline file that is missing, not JSON or not a baseline stops the run with exit status 2', async () => {
  await inScratch('gic-baseline-', async (dir) => {
    seed(dir);
    const broken: Record<string, string> = {
      'not-json.json': '{"version":1,',
      'array.json': '[]',
      'version.json': '{"version":2,"entries":[]}',
      'entries.json': '{"version":1,"entries":{}}',
      'entry.json': '{"version":1,"entries":[{"path":"a","ruleId":"b"}]}',
      'count.json': '{"version":1,"entries":[{"path":"a","ruleId":"b","pointer":"","count":0}]}',
      'extra.json': '{"version":1,"entries":[],"ignore":[]}',
    };
    for (const [name, text] of Object.entries(broken)) writeFileSync(join(dir, name), text);
    for (const name of [...Object.keys(broken), 'missing.json']) {
      const result = await runCli(['validate', '--baseline', name, '--format', 'json', 'payloads'], { cwd: dir });
      assert.is(result.status, 2, name);
      assert.ok(result.stderr.includes(`--baseline ${name}`), result.stderr);
      assert.not.ok(result.stderr.includes('    at '), 'no stack trace');
      // The report says the run failed.
      assert.is(jsonReport(result.stdout).failure?.causes.length, 1, name);
    }
  });
});

/** A notification of n roster updates on the deprecated /app path: n deprecated-app-path warnings, one a value. */
const appPathUpdates = (n: number, extra = ''): string =>
  JSON.stringify({
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      ...Array.from({ length: n }, (_, i) => ({ '@odata.type': '#microsoft.graph.commsNotification', changeType: 'updated', resource: `/app/calls/${i}/participants`, resourceData: [] })),
      ...(extra === '' ? [] : [{ '@odata.type': '#microsoft.graph.commsNotification', changeType: extra, resource: '/communications/calls/9/participants', resourceData: [] }]),
    ],
  });

test('under --max-problems the baseline is taken out before the cut: what it accepts neither fills the list nor reads as absent', async () => {
  await inScratch('gic-baseline-', async (dir) => {
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'many.json'), appPathUpdates(4));
    // Written under a cap, the baseline still lists every problem, and holds no too-many-problems entry.
    const written = await runCli(['validate', 'p', '--kind', 'comms-notifications', '--max-problems', '2', '--write-baseline', 'b.json'], { cwd: dir });
    assert.is(written.status, 0, written.stderr);
    const entries = baselineDocument(readFileSync(join(dir, 'b.json'), 'utf8')).entries;
    assert.equal(entries.map((entry) => [entry.ruleId, entry.pointer]), [0, 1, 2, 3].map((i) => ['deprecated-app-path', `/value/${i}/resource`]));
    // Read under the same cap: all accepted, nothing cut or absent.
    const same = jsonReport((await runCli(['validate', 'p', '--kind', 'comms-notifications', '--max-problems', '2', '--baseline', 'b.json', '--format', 'json', '--strict'], { cwd: dir })).stdout);
    assert.equal(same.files[0]?.problems, []);
    assert.equal(same.baseline, { accepted: 4, absent: [] });
    // A new error past what the baseline accepts is listed, however low the cap.
    writeFileSync(join(dir, 'p', 'many.json'), appPathUpdates(4, 'Bogus'));
    const outcome = await runCli(['validate', 'p', '--kind', 'comms-notifications', '--max-problems', '1', '--baseline', 'b.json', '--format', 'json'], { cwd: dir });
    assert.is(outcome.status, 1);
    assert.equal(jsonReport(outcome.stdout).files[0]?.problems.map((problem) => [problem.ruleId, problem.pointer]), [['enum-member', '/value/4/changeType']]);
  });
});

test('no baseline accepts a file that was not checked: json-syntax and its like are not written, and not taken from one', async () => {
  await inScratch('gic-baseline-', async (dir) => {
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'op.json'), '{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"op1","status":"running",}');
    writeFileSync(join(dir, 'p', 'ok.json'), appPathUpdates(1));
    const written = await runCli(['validate', 'p', '--write-baseline', 'b.json'], { cwd: dir });
    assert.is(written.status, 1, 'the run still fails on what the baseline cannot take');
    assert.match(written.stderr, /not written to the baseline \(json-syntax 1\)/);
    assert.equal(baselineDocument(readFileSync(join(dir, 'b.json'), 'utf8')).entries.map((entry) => entry.ruleId), ['deprecated-app-path']);
    // An entry written by hand for it is no use either.
    writeFileSync(join(dir, 'hand.json'), JSON.stringify({ version: 1, entries: [{ path: 'p/op.json', ruleId: 'json-syntax', pointer: '' }] }));
    const read = await runCli(['validate', 'p/op.json', '--baseline', 'hand.json', '--format', 'json'], { cwd: dir });
    assert.is(read.status, 1);
    assert.equal(jsonReport(read.stdout).files[0]?.problems.map((problem) => problem.ruleId), ['json-syntax']);
    // The entry is not "no longer occurs" (the problem is there): it is left out as read, and said so.
    assert.equal(jsonReport(read.stdout).baseline?.absent, []);
    assert.match(read.stderr, /--baseline hand\.json: its entries of json-syntax are left out: no baseline accepts a problem that says a file was not checked/);
  });
});

test('a run over some files (pre-commit) leaves the entries of the others alone, but for files that are gone', async () => {
  await inScratch('gic-baseline-', async (dir) => {
    seed(dir);
    assert.is((await runCli(['validate', 'payloads', '--write-baseline', 'b.json'], { cwd: dir })).status, 0);
    const one = jsonReport((await runCli(['validate', 'payloads/call.json', '--baseline', 'b.json', '--format', 'json'], { cwd: dir })).stdout);
    assert.equal(one.baseline?.absent, [], 'the files not linted keep their entries');
    assert.ok((one.baseline?.accepted ?? 0) > 0);
    rmSync(join(dir, 'payloads', 'roster.json'));
    const gone = jsonReport((await runCli(['validate', 'payloads/call.json', '--baseline', 'b.json', '--format', 'json'], { cwd: dir })).stdout);
    assert.ok((gone.baseline?.absent.length ?? 0) > 0);
    assert.ok(gone.baseline?.absent.every((entry) => entry.path === 'payloads/roster.json'), 'only the gone file\'s entries are absent');
  });
});

test('a run that fails writes no baseline; a baseline is never written onto a report or an input', async () => {
  await inScratch('gic-baseline-', async (dir) => {
    seed(dir);
    const failed = await runCli(['validate', '--write-baseline', 'baseline.json', 'payloads', 'missing.json'], { cwd: dir });
    assert.is(failed.status, 2);
    assert.not.ok(existsSync(join(dir, 'baseline.json')));
    const same = await runCli(['validate', '--write-baseline', 'r.json', '--format', 'json=r.json', 'payloads'], { cwd: dir });
    assert.is(same.status, 2);
    assert.not.ok(existsSync(join(dir, 'r.json')));
    const input = join(dir, 'payloads', 'call.json');
    const before = readFileSync(input);
    const onInput = await runCli(['validate', '--write-baseline', 'payloads/call.json', 'payloads'], { cwd: dir });
    assert.is(onInput.status, 2);
    assert.equal(readFileSync(input), before);
  });
});

test.run();
