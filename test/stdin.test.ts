import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { bin, runCli, type CliOutcome } from './cli-harness.js';
import { inScratch, jsonReport, sarifDocument } from './report-checks.js';

const documented = join(packageRoot, 'samples', 'documented');
const response = readFileSync(join(documented, 'example-1.response.json'));
const request = readFileSync(join(documented, 'example-1.request.json'));

/** The system's python3 where there is one (test/cli-harness.ts says why). */
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
/** Runs a command with a non-blocking standard input that a file's bytes reach in two halves. */
const nonBlockingStdin = join(packageRoot, 'test', 'fixtures', 'pipe', 'nonblocking-stdin.py');

/** The installed command with bytes on its standard input. */
function withInput(argv: readonly string[], input: Uint8Array, cwd: string): CliOutcome {
  const result = spawnSync(process.execPath, [bin, ...argv], { cwd, input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Rule id and pointer of every problem of the report's one file. */
const problemsOf = (text: string): string[][] => (jsonReport(text).files[0]?.problems ?? []).map((problem) => [problem.ruleId, problem.pointer]);

test('- reads standard input: the same problems as the file, shown as <stdin>', async () => {
  await inScratch('gic-stdin-', async (dir) => {
    writeFileSync(join(dir, 'response.json'), response);
    const fromFile = await runCli(['validate', '--format', 'json', 'response.json'], { cwd: dir });
    const fromStdin = withInput(['validate', '--format', 'json', '-'], response, dir);
    assert.is(fromStdin.status, fromFile.status, fromStdin.stderr);
    const report = jsonReport(fromStdin.stdout);
    assert.equal(report.files.map((file) => [file.path, file.kind]), [['<stdin>', 'invite-operation']]);
    assert.ok(problemsOf(fromStdin.stdout).length > 0);
    assert.equal(problemsOf(fromStdin.stdout), problemsOf(fromFile.stdout));
    // Beside files, in the order of the paths shown.
    const both = withInput(['validate', '--format', 'sarif', 'response.json', '-'], response, dir);
    const log = sarifDocument(both.stdout);
    assert.is(log.runs[0]?.invocations[0]?.executionSuccessful, true);
    assert.is(log.runs[0]?.results.length, 2 * problemsOf(fromFile.stdout).length);
  });
});

test('--stdin-path names standard input for the report, the config kinds and ignore, and the .http type', async () => {
  await inScratch('gic-stdin-', async (dir) => {
    // The request payload has no @odata.type at its root: only the config can give its kind.
    writeFileSync(join(dir, 'graph-invite-contract.config.json'), JSON.stringify({ kinds: { 'requests/**': 'invite-request' }, ignore: ['vendor/**'] }));
    const unnamed = withInput(['validate', '--format', 'json', '-'], request, dir);
    assert.equal(problemsOf(unnamed.stdout).map(([ruleId]) => ruleId), ['kind-unknown']);
    const named = withInput(['validate', '--format', 'json', '--stdin-path', 'requests/a.json', '-'], request, dir);
    assert.is(named.status, 0, named.stderr);
    assert.equal(jsonReport(named.stdout).files.map((file) => [file.path, file.kind]), [['requests/a.json', 'invite-request']]);
    const ignored = withInput(['validate', '--format', 'json', '--stdin-path', 'vendor/a.json', '-'], request, dir);
    assert.is(ignored.status, 0);
    assert.equal(jsonReport(ignored.stdout).summary.files, 0);
    // An HTTP message, by --stdin-path's extension.
    const http = Buffer.concat([Buffer.from('POST https://graph.microsoft.com/v1.0/communications/calls/1/participants/invite HTTP/1.1\r\nContent-Type: application/json\r\n\r\n'), request]);
    const message = withInput(['validate', '--format', 'json', '--stdin-path', 'msgs/invite.http', '-'], http, dir);
    const file = jsonReport(message.stdout).files[0];
    assert.equal([file?.path, file?.kind], ['msgs/invite.http', 'invite-request']);
    assert.not.ok(file?.problems.some((problem) => problem.ruleId === 'kind-unknown'));
    // --kind names it as well.
    const kinded = withInput(['validate', '--format', 'json', '--kind', 'invite-request', '-'], request, dir);
    assert.is(jsonReport(kinded.stdout).files[0]?.kind, 'invite-request');
  });
});

test('a non-blocking pipe or socket on standard input, its bytes coming in two halves, is read whole', async () => {
  await inScratch('gic-stdin-', async (dir) => {
    writeFileSync(join(dir, 'response.json'), response);
    const fromFile = await runCli(['validate', '--format', 'json', 'response.json'], { cwd: dir });
    for (const kind of ['pipe', 'socket']) {
      const result = spawnSync(python, [nonBlockingStdin, kind, 'response.json', process.execPath, bin, 'validate', '--format', 'json', '-'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      assert.is(result.status, fromFile.status, `${kind}: ${result.stderr}`);
      assert.equal(problemsOf(result.stdout), problemsOf(fromFile.stdout), kind);
    }
  });
});

test('standard input over --max-bytes is read no further: a stream that never ends is file-too-large at once', async () => {
  await inScratch('gic-stdin-', async (dir) => {
    const large = `{"padding":"${'x'.repeat(1000)}"}`;
    writeFileSync(join(dir, 'large.json'), large);
    const fromFile = await runCli(['validate', '--format', 'json', '--max-bytes', '100', 'large.json'], { cwd: dir });
    const tooLarge = (text: string): unknown[] => (jsonReport(text).files[0]?.problems ?? []).map((problem) => [problem.ruleId, problem.message, problem.params]);
    const limited = 'exec node "$BIN" validate --format json --max-bytes 100 -';
    const asStream = ['file-too-large', 'standard input holds more than 100 bytes, the limit (--max-bytes); it was read no further', { size: 101, limit: 100, reason: 'stream' }];
    // A file's own size, as when it is named.
    const asFile = ['file-too-large', `the file is ${large.length} bytes; the limit is 100 (--max-bytes)`, { size: large.length, limit: 100 }];
    for (const [shell, expected] of [
      [`cat /dev/zero | ${limited}`, asStream],
      [`${limited} < /dev/zero`, asStream],
      [`${limited} < large.json`, asFile],
    ] as const) {
      // Reading the stream to its end would outlast the time limit, and take gigabytes meanwhile.
      const result = spawnSync('bash', ['-c', shell], { cwd: dir, env: { ...process.env, BIN: bin }, encoding: 'utf8', timeout: 10_000 });
      assert.is(result.error, undefined, `${shell} ended`);
      assert.is(result.status, 1, `${shell}: ${result.stderr}`);
      assert.equal(tooLarge(result.stdout), [expected], shell);
    }
    assert.equal(tooLarge(fromFile.stdout), [asFile]);
  });
});

test('docs reads a page from standard input', async () => {
  await inScratch('gic-stdin-', async (dir) => {
    const page = readFileSync(join(packageRoot, 'test', 'fixtures', 'pages', 'documented-examples.md'));
    writeFileSync(join(dir, 'page.md'), page);
    const fromFile = await runCli(['docs', '--format', 'json', 'page.md'], { cwd: dir });
    const fromStdin = withInput(['docs', '--format', 'json', '--stdin-path', 'page.md', '-'], page, dir);
    assert.is(fromStdin.status, fromFile.status, fromStdin.stderr);
    assert.equal(jsonReport(fromStdin.stdout), jsonReport(fromFile.stdout));
  });
});

test('standard input is never written: the file --stdin-path names is left as it is, and nothing is added', async () => {
  await inScratch('gic-stdin-', async (dir) => {
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'a.json'), '{}');
    const result = withInput(['validate', '--format', 'json', '--stdin-path', 'p/a.json', '-'], response, dir);
    assert.is(jsonReport(result.stdout).files[0]?.kind, 'invite-operation', 'what is linted is standard input, not the file');
    assert.is(readFileSync(join(dir, 'p', 'a.json'), 'utf8'), '{}');
    assert.equal(readdirSync(dir).sort(), ['p']);
    assert.equal(readdirSync(join(dir, 'p')), ['a.json']);
  });
});

test('- twice, --stdin-path without -, and - for exchange are usage errors', async () => {
  await inScratch('gic-stdin-', async (dir) => {
    for (const argv of [
      ['validate', '-', '-'],
      ['validate', '--stdin-path', 'a.json', 'a.json'],
      ['exchange', '-'],
    ]) {
      const result = await runCli(argv, { cwd: dir });
      assert.is(result.status, 2, argv.join(' '));
      assert.ok(result.stderr.includes('Usage:'), argv.join(' '));
    }
  });
});

test.run();
