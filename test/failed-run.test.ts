import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runLintCommand, type LintCommand } from '../src/cli/commands/lint-command.js';
import { RunFailure } from '../src/cli/failure.js';
import { parseOptions, type ValidateOptions } from '../src/cli/options.js';
import type { LocatedProblem } from '../src/model/problem.js';
import type { FileReport } from '../src/model/report.js';
import { packageRoot } from '../src/paths.js';
import { runCli, spawnCli } from './cli-harness.js';
import { inScratch, jsonReport, junitDocument, sarifDocument, type SarifDocument } from './report-checks.js';

const sample = join(packageRoot, 'samples', 'invalid', 'call-resource.json');

/** The one invocation of a SARIF log: whether it succeeded, and the messages of its notifications. */
function invocationOf(log: SarifDocument): { ok: boolean | undefined; causes: string[] } {
  const invocation = log.runs[0]?.invocations[0];
  return { ok: invocation?.executionSuccessful, causes: (invocation?.toolExecutionNotifications ?? []).map((notification) => notification.message.text) };
}

test('a mistyped path: the SARIF log says the run failed and why, beside the results of what was linted', async () => {
  await inScratch('gic-failed-', async (dir) => {
    copyFileSync(sample, join(dir, 'call.json'));
    // The exact scenario of the issue: exit 2, and a log that must not read as a clean scan.
    const result = spawnCli(['validate', '--format', 'sarif', '--output', 'results.sarif', 'payloadz'], { cwd: dir });
    assert.is(result.status, 2);
    const log = sarifDocument(readFileSync(join(dir, 'results.sarif'), 'utf8'));
    const failed = invocationOf(log);
    assert.is(failed.ok, false);
    assert.is(failed.causes.length, 1);
    assert.ok(failed.causes[0]?.includes('payloadz'));
    assert.is(log.runs[0]?.invocations[0]?.toolExecutionNotifications?.[0]?.level, 'error');
    assert.is(log.runs[0]?.results.length, 0);
    // With a file that could be linted, its results are there too.
    const partial = await runCli(['validate', '--format', 'sarif', 'call.json', 'missing.json'], { cwd: dir });
    assert.is(partial.status, 2);
    const partialLog = sarifDocument(partial.stdout);
    assert.is(invocationOf(partialLog).ok, false);
    assert.equal(partialLog.runs[0]?.results.map((r) => r.ruleId), ['kind-unknown']);
  });
});

test('a run that succeeds says so: executionSuccessful true, no failure in json', async () => {
  await inScratch('gic-failed-', async (dir) => {
    copyFileSync(sample, join(dir, 'call.json'));
    const result = await runCli(['validate', '--format', 'sarif', 'call.json'], { cwd: dir });
    assert.is(result.status, 1);
    assert.equal(invocationOf(sarifDocument(result.stdout)), { ok: true, causes: [] });
    const json = await runCli(['validate', '--format', 'json', 'call.json'], { cwd: dir });
    assert.is(jsonReport(json.stdout).failure, undefined);
  });
});

test('json and JUnit carry the cause; stylish never shows a failed run as clean', async () => {
  await inScratch('gic-failed-', async (dir) => {
    const result = await runCli(['validate', '--format', 'stylish', '--format', 'json=r.json', '--format', 'junit=r.xml', 'missing.json'], { cwd: dir });
    assert.is(result.status, 2);
    assert.ok(jsonReport(readFileSync(join(dir, 'r.json'), 'utf8')).failure?.causes[0]?.includes('missing.json'));
    const junit = junitDocument(readFileSync(join(dir, 'r.xml'), 'utf8'));
    assert.is(junit.testsuites.errors, '1');
    const errors = junit.testsuites.testsuite.testcase.flatMap((testcase) => testcase.error ?? []);
    assert.is(errors.length, 1);
    assert.is(errors[0]?.type, 'run-failed');
    assert.ok(errors[0]?.['#text'].includes('missing.json'));
    assert.not.ok(result.stdout.includes('✔'));
    assert.ok(result.stdout.includes('missing.json'));
    const github = await runCli(['validate', '--format', 'github', 'missing.json'], { cwd: dir, env: { ...process.env, GITHUB_STEP_SUMMARY: '' } });
    assert.match(github.stdout, /^::error title=graph-invite-contract::.*missing\.json/m);
  });
});

test('a config that cannot be read, a pattern that matches nothing, an exchange folder that is not one: each a failed report', async () => {
  await inScratch('gic-failed-', async (dir) => {
    copyFileSync(sample, join(dir, 'call.json'));
    writeFileSync(join(dir, 'bad.config.json'), '{"kinds":');
    const cases: ReadonlyArray<readonly [readonly string[], string]> = [
      [['validate', '--config', 'bad.config.json', 'call.json'], 'bad.config.json'],
      [['validate', 'call.json', 'nothing/*.json'], 'nothing/*.json'],
      [['validate', '--baseline', 'no-baseline.json', 'call.json'], 'no-baseline.json'],
      [['exchange', 'call.json'], 'call.json'],
      [['docs', 'missing.md'], 'missing.md'],
    ];
    for (const [argv, named] of cases) {
      const result = await runCli([...argv, '--format', 'sarif=r.sarif', '--format', 'json=r.json'], { cwd: dir });
      assert.is(result.status, 2, argv.join(' '));
      const failed = invocationOf(sarifDocument(readFileSync(join(dir, 'r.sarif'), 'utf8')));
      assert.is(failed.ok, false, argv.join(' '));
      assert.ok(failed.causes.some((cause) => cause.includes(named)), `${argv.join(' ')}: ${failed.causes.join('; ')}`);
      assert.equal(jsonReport(readFileSync(join(dir, 'r.json'), 'utf8')).failure?.causes, failed.causes);
    }
  });
});

test('a failed run whose report would overwrite an input writes nothing', async () => {
  await inScratch('gic-failed-', async (dir) => {
    copyFileSync(sample, join(dir, 'call.json'));
    const before = readFileSync(join(dir, 'call.json'));
    const result = await runCli(['validate', '--format', 'sarif', '--output', 'call.json', 'call.json', 'missing.json'], { cwd: dir });
    assert.is(result.status, 2);
    assert.equal(readFileSync(join(dir, 'call.json')), before);
    assert.not.ok(existsSync(join(dir, 'missing.json')));
  });
});

test('a command line the CLI refuses writes no report, as one that does not parse', async () => {
  await inScratch('gic-failed-', async (dir) => {
    const result = await runCli(['validate', '--format', 'json', '--format', 'sarif=r.sarif', `${'*a'.repeat(12)}.json`], { cwd: dir });
    assert.is(result.status, 2);
    assert.ok(result.stderr.includes('Usage:'));
    assert.is(result.stdout, '');
    assert.not.ok(existsSync(join(dir, 'r.sarif')));
  });
});

/** A problem of the reports below. */
function problem(message: string): LocatedProblem {
  return { ruleId: 'kind-unknown', severity: 'error', message, pointer: '', params: {}, line: 1, column: 1 };
}

/**
 * A problem whose message, once `armed` says so, cannot be read: it throws as V8 does when a text would
 * grow past its longest string (a report of 1,351 files of 1,000 problems), without making one.
 */
function tooLong(armed: () => boolean): LocatedProblem {
  return Object.defineProperty({ ...problem('') }, 'message', {
    enumerable: true,
    get: () => {
      if (armed()) throw new RangeError('Invalid string length');
      return 'a message';
    },
  });
}

/** The validate command line given, run over these reports as a linting command that lints nothing itself. */
async function runOver(dir: string, argv: readonly string[], reports: readonly FileReport[], linted: (report: FileReport) => void = () => {}): Promise<{ error: unknown; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { cwd: dir, env: {}, stdout: { write: (text: string) => (stdout += text), isTTY: false }, stderr: { write: (text: string) => (stderr += text) } };
  const command: LintCommand<FileReport> = {
    stream: true,
    expand: async () => ({ units: reports }),
    lint: (report) => {
      linted(report);
      return [report];
    },
  };
  const options = parseOptions(['validate', ...argv, 'unused.json'], dir) as ValidateOptions;
  try {
    await runLintCommand(options, io, command);
    return { error: undefined, stdout, stderr };
  } catch (error) {
    return { error, stdout, stderr };
  }
}

test('a report whose text an error cuts halfway through a file is never written; the other reports say why', async () => {
  await inScratch('gic-failed-', async (dir) => {
    writeFileSync(join(dir, 'out.json'), 'previous report');
    // Enough problems for the json report to write the file in parts: the error comes after the first.
    const cut: FileReport = { path: 'b.json', kind: null, problems: [...Array.from({ length: 300 }, () => problem('one')), tooLong(() => true)] };
    const reports: FileReport[] = [{ path: 'a.json', kind: null, problems: [problem('first')] }, cut];
    const { error, stdout } = await runOver(dir, ['--format', 'json=out.json', '--format', 'junit=r.xml', '--format', 'stylish'], reports);
    assert.instance(error, RunFailure);
    const message = (error as Error).message;
    assert.is(message, 'the json report cannot be made: a text of it would be longer than the longest Node.js can hold (Invalid string length)');
    // Replaced whole or not at all: the previous report stays, and no temporary file is left.
    assert.is(readFileSync(join(dir, 'out.json'), 'utf8'), 'previous report');
    assert.equal(readdirSync(dir).sort(), ['out.json', 'r.xml']);
    // The reports the error did not cut are whole, and say the run failed and why.
    const junit = junitDocument(readFileSync(join(dir, 'r.xml'), 'utf8'));
    assert.equal(junit.testsuites.testsuite.testcase.flatMap((testcase) => testcase.error ?? []).map((e) => e['#text']), [message]);
    assert.ok(stdout.includes('a.json') && stdout.includes(message), stdout);
  });
});

test('a whole-report format whose text cannot be made: a one-line failure naming it, no file, and the streamed report ends once', async () => {
  await inScratch('gic-failed-', async (dir) => {
    writeFileSync(join(dir, 'out.sarif'), 'previous log');
    let armed = false;
    const last: FileReport = { path: 'b.json', kind: null, problems: [] };
    const reports: FileReport[] = [{ path: 'a.json', kind: null, problems: [tooLong(() => armed)] }, last];
    // Armed once the first file is in the json report: only SARIF, made at the end, meets the error.
    const { error, stdout } = await runOver(dir, ['--format', 'json', '--format', 'sarif=out.sarif'], reports, (report) => (armed ||= report === last));
    assert.instance(error, RunFailure);
    const message = (error as Error).message;
    assert.is(message, 'the sarif report cannot be made: it is made as one text, which would be longer than the longest Node.js can hold (Invalid string length); --format json or stylish is written in parts');
    assert.is(readFileSync(join(dir, 'out.sarif'), 'utf8'), 'previous log');
    assert.equal(readdirSync(dir), ['out.sarif']);
    // The json report, ended once before SARIF failed, is ended again with the failure, not twice.
    const json = jsonReport(stdout);
    assert.equal(json.failure?.causes, [message]);
    assert.equal(json.summary, { files: 2, errors: 1, warnings: 0 });
  });
});

test('another error cutting a report is left as it is, and the report still not written', async () => {
  await inScratch('gic-failed-', async (dir) => {
    const broken = Object.defineProperty({ ...problem('') }, 'message', { enumerable: true, get: () => { throw new TypeError('not a message'); } }) as LocatedProblem;
    const { error } = await runOver(dir, ['--format', 'stylish', '--output', 'out.txt'], [{ path: 'a.json', kind: null, problems: [broken] }]);
    assert.instance(error, TypeError);
    assert.equal(readdirSync(dir), []);
  });
});

test.run();
