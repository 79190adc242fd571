/**
 * The script host (test/script-host.ts) stands in for `node <script>` in the generator and refresh tests:
 * it must give the exit status and the output a process gives, and each run must start afresh.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runScript } from './script-host.js';

const dir = mkdtempSync(join(tmpdir(), 'gic-script-host-'));
const script = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// A status set after an await, as the generator sets its own; a module-level counter shows a fresh module.
const late = script(
  'late.mjs',
  "let runs = 0;\nruns += 1;\nawait new Promise((resolve) => setTimeout(resolve, 5));\nconsole.log(`args ${process.argv.slice(2).join(' ')} runs ${runs}`);\nconsole.error('to stderr');\nprocess.stdout.write('no newline');\nprocess.exitCode = Number(process.argv[2]);\n",
);
const throws = script('throws.mjs', "console.log('before');\nthrow new Error('boom');\n");
const rejects = script('rejects.mjs', "console.log('before');\nPromise.reject(new Error('rejected'));\n");

function asProcess(path: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [path, ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a script that sets its status after an await: the status and both outputs a process gives', () => {
  for (const status of ['3', '0']) {
    const hosted = runScript(late, [status, 'x y']);
    assert.equal(hosted, asProcess(late, [status, 'x y']));
    assert.is(hosted.status, Number(status));
  }
});

test('each run evaluates the script afresh, with its own arguments', () => {
  assert.is(runScript(late, ['1', 'first']).stdout, 'args 1 first runs 1\nno newline');
  assert.is(runScript(late, ['2', 'second']).stdout, 'args 2 second runs 1\nno newline');
});

test('an uncaught error or rejection ends the run with status 1 and its message on stderr, as it ends a process', () => {
  for (const path of [throws, rejects]) {
    const hosted = runScript(path, []);
    const spawned = asProcess(path, []);
    assert.is(hosted.status, 1);
    assert.is(hosted.status, spawned.status);
    assert.is(hosted.stdout, spawned.stdout);
    const message = path === throws ? 'Error: boom' : 'Error: rejected';
    assert.ok(hosted.stderr.includes(message), hosted.stderr);
    assert.ok(spawned.stderr.includes(message), spawned.stderr);
  }
});

test('a run leaves no exit status behind in the process that asked for it', () => {
  runScript(late, ['5', 'z']);
  assert.is(process.exitCode === undefined || process.exitCode === 0, true, String(process.exitCode));
});

test.run();
