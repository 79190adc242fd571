/**
 * Adversarial I/O: each case replays one hostile situation and checks the exit status, that no stack trace
 * and no "internal error" is printed, that the report is valid in the format asked, and that every input is
 * byte for byte what it was. What needs a process of its own runs the built command: a shell around it
 * (redirections, closed or full outputs, a file size limit, a removed working folder), another user, and
 * a config that could block or never end (a FIFO, /dev/zero). The other cases are about the CLI's own
 * logic (what it refuses to write, how it reads links, folders and names) and run its entry, run(), in a
 * loaded worker thread under the same time limit (test/cli-harness.ts: runCliLimited).
 *
 * Unreadable folders cannot be made so for root: those runs are made as another user (setpriv, as nobody)
 * when the tests run as root, and directly otherwise. When neither can be done here, the test names say
 * so and check what still can be checked.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeBytes } from '../src/cli/paths/fs-path.js';
import { packageRoot } from '../src/paths.js';
import { bin, runCliLimited, type CliOutcome } from './cli-harness.js';

const exchanges = join(packageRoot, 'test', 'fixtures', 'exchanges');
const clean = '{"participants":[{"identity":{"user":{"id":"u1"}}}]}';
const broken = '{"participants":[]}';
/** Every run is bounded: a hang fails the test instead of stopping the suite. */
const timeout = 20_000;

/** How a run is made as a user that permissions stop, or undefined when it cannot be here. */
const otherUser: readonly string[] | undefined = (() => {
  if (process.getuid?.() !== 0) return [];
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true'], { timeout });
  return probe.status === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : undefined;
})();
const asOther = otherUser === undefined ? ' (cannot run here: no other user to run as; the run is made as root)' : '';

/** Scratch folders made by the tests, removed when they are over. */
const made: string[] = [];

/** A scratch folder that another user may enter and read. */
function scratch(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'gic-io-'));
  made.push(dir);
  chmodSync(dir, 0o755);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, name), text, { mode: 0o644 });
  }
  return dir;
}

/** A copy of a fixture exchange folder, readable by anyone. */
function exchangeCopy(dir: string, fixture: string, as: string): string {
  const target = join(dir, as);
  cpSync(join(exchanges, fixture), target, { recursive: true });
  chmodSync(target, 0o755);
  return target;
}

/** The hash of every file below a folder, keyed by its path (names read as bytes: some are not UTF-8). */
function hashes(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (folder: Buffer): void => {
    let names: Buffer[];
    try {
      names = readdirSync(folder, { encoding: 'buffer' });
    } catch {
      return;
    }
    for (const name of names) {
      const path = Buffer.concat([folder, Buffer.from('/'), name]);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) found.set(path.toString('latin1'), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(Buffer.from(dir));
  return found;
}

interface Run {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Record<string, string>;
  /** Run as a user that permissions stop. */
  readonly other?: boolean;
  /** A shell line run with $BIN set to the command (redirections, ulimit). */
  readonly shell?: string;
  /** Run as the built command even without a shell or another user (a read that could block or never end). */
  readonly process?: boolean;
  /** Files the run is meant to write. */
  readonly writes?: readonly string[];
}

/** Runs the command (or the CLI's entry); checks that it ended, printed no stack trace and changed no input. */
function run(r: Run): CliOutcome {
  const before = hashes(r.cwd);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', BIN: bin, ...r.env };
  if (r.env?.['GITHUB_STEP_SUMMARY'] === undefined) delete env['GITHUB_STEP_SUMMARY'];
  let result: CliOutcome;
  if (r.shell === undefined && r.other !== true && r.process !== true) {
    result = runCliLimited(r.args, { cwd: r.cwd, env }, timeout);
    assert.is.not(result.status, null, `the run ended (${result.stderr})`);
  } else {
    const command = r.shell === undefined ? [process.execPath, bin, ...r.args] : ['bash', '-c', r.shell];
    const prefix = r.other === true ? (otherUser ?? []) : [];
    const [file, ...args] = [...prefix, ...command] as [string, ...string[]];
    const spawned = spawnSync(file, args, { cwd: r.cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
    assert.is(spawned.error, undefined, `the run ended (${String(spawned.error)})`);
    result = spawned;
  }
  assert.not.match(result.stderr, /^\s+at /m, 'no stack trace');
  assert.not.match(result.stderr, /internal error/, 'no internal error');
  const after = hashes(r.cwd);
  for (const [path, hash] of before) {
    if (!(r.writes ?? []).some((written) => Buffer.from(join(r.cwd, written)).toString('latin1') === path)) assert.is(after.get(path), hash, `${path} is unchanged`);
  }
  return result;
}

/** Standard error holds exactly one line. */
function oneLine(stderr: string): void {
  assert.is(stderr.trimEnd().split('\n').length, 1, stderr);
}

// -------------------------------------------------------------------------------------------------------
// 1. Nothing the run reads is ever written.

test('--output that is a hard link to an input is refused, exit 2 in one line', () => {
  const dir = scratch({ 'a.json': clean });
  linkSync(join(dir, 'a.json'), join(dir, 'report.txt'));
  const result = run({ args: ['validate', '--kind', 'invite-request', '--output', 'report.txt', 'a.json'], cwd: dir });
  assert.is(result.status, 2);
  oneLine(result.stderr);
  assert.is(readFileSync(join(dir, 'report.txt'), 'utf8'), clean);
});

test('--output onto the config file is refused', () => {
  const dir = scratch({ 'a.json': clean, 'graph-invite-contract.config.json': '{"ignore":[]}' });
  const result = run({ args: ['validate', '--kind', 'invite-request', '--output', 'graph-invite-contract.config.json', 'a.json'], cwd: dir });
  assert.is(result.status, 2);
  oneLine(result.stderr);
});

test('--output onto the config named by --config, through a symbolic link, is refused', () => {
  const dir = scratch({ 'a.json': clean, 'settings/gic.json': '{}' });
  symlinkSync(join(dir, 'settings', 'gic.json'), join(dir, 'out.txt'));
  const result = run({ args: ['validate', '--kind', 'invite-request', '--config', 'settings/gic.json', '--output', 'out.txt', 'a.json'], cwd: dir });
  assert.is(result.status, 2);
  oneLine(result.stderr);
});

test('--output onto a file of an exchange folder that is only listed (no role, not read) is refused', () => {
  const dir = scratch();
  exchangeCopy(dir, 'incomplete', 'ex');
  const result = run({ args: ['exchange', '--output', 'ex/notes.json', 'ex'], cwd: dir });
  assert.is(result.status, 2);
  oneLine(result.stderr.split('\n').filter((line) => line.startsWith('graph-invite-contract:')).join('\n'));
});

test('--output that is a hard link to a role file of an exchange is refused', () => {
  const dir = scratch();
  exchangeCopy(dir, 'clean', 'ex');
  linkSync(join(dir, 'ex', 'request.http'), join(dir, 'report.txt'));
  const result = run({ args: ['exchange', '--format', 'json', '--output', 'report.txt', 'ex'], cwd: dir });
  assert.is(result.status, 2);
  assert.is(readFileSync(join(dir, 'report.txt'), 'utf8'), readFileSync(join(exchanges, 'clean', 'request.http'), 'utf8'));
});

test('GITHUB_STEP_SUMMARY naming an input (by a hard link) is refused, exit 2 in one line', () => {
  const dir = scratch({ 'a.json': broken });
  linkSync(join(dir, 'a.json'), join(dir, 'summary.md'));
  const result = run({ args: ['validate', '--format', 'github', '--kind', 'invite-request', 'a.json'], cwd: dir, env: { GITHUB_STEP_SUMMARY: join(dir, 'summary.md') } });
  assert.is(result.status, 2);
  oneLine(result.stderr);
  assert.is(readFileSync(join(dir, 'summary.md'), 'utf8'), broken);
});

test('GITHUB_STEP_SUMMARY naming the config is refused', () => {
  const dir = scratch({ 'a.json': broken, 'graph-invite-contract.config.json': '{}' });
  const result = run({ args: ['validate', '--format', 'github', '--kind', 'invite-request', 'a.json'], cwd: dir, env: { GITHUB_STEP_SUMMARY: join(dir, 'graph-invite-contract.config.json') } });
  assert.is(result.status, 2);
  oneLine(result.stderr);
});

test('standard input redirected from a file the run writes is refused, whatever path names it, exit 2 in one line', () => {
  const dir = scratch({ 'victim.request.json': broken });
  linkSync(join(dir, 'victim.request.json'), join(dir, 'link.json'));
  for (const [flags, env] of [
    ['--format json --output victim.request.json --stdin-path victim.request.json', {}],
    // Nothing but fd 0 says what is read: no path names the file.
    ['--format json --output victim.request.json', {}],
    ['--format json --output link.json', {}],
    ['--write-baseline victim.request.json', {}],
    ['--format github', { GITHUB_STEP_SUMMARY: join(dir, 'victim.request.json') }],
  ] as const) {
    const result = run({ shell: `exec node "$BIN" validate --kind invite-request ${flags} - < victim.request.json`, args: [], cwd: dir, env });
    assert.is(result.status, 2, flags);
    oneLine(result.stderr);
    assert.match(result.stderr, /is a file this run reads; the linter never writes to its inputs/, flags);
  }
  assert.is(readFileSync(join(dir, 'victim.request.json'), 'utf8'), broken);
});

test('--output onto the file --stdin-path names is refused, though standard input is a pipe', () => {
  const dir = scratch({ 'a.json': broken });
  const result = run({ shell: `printf '%s' '${clean}' | exec node "$BIN" validate --kind invite-request --output a.json --stdin-path ./a.json -`, args: [], cwd: dir });
  assert.is(result.status, 2);
  oneLine(result.stderr);
  assert.match(result.stderr, /^graph-invite-contract: --output a\.json is a file this run reads/);
});

test('standard input read from a file the run does not write: the report is written', () => {
  const dir = scratch({ 'a.json': broken });
  const result = run({ shell: 'exec node "$BIN" validate --format json --kind invite-request --output report.json --stdin-path a.json - < a.json', args: [], cwd: dir, writes: ['report.json'] });
  assert.is(result.status, 1, result.stderr);
  assert.match(readFileSync(join(dir, 'report.json'), 'utf8'), /"path": ?"a\.json"/);
});

test('an --output that cannot be written whole (a file size limit) leaves the previous report whole, and no temporary file', () => {
  const inputs = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`in/${i}.json`, broken]));
  const dir = scratch({ ...inputs, 'report.json': 'previous report' });
  // ulimit -f counts blocks of 1024 bytes: the report of 20 files is larger.
  const result = run({ shell: 'ulimit -f 1; exec node "$BIN" validate --format json --kind invite-request --output report.json in', args: [], cwd: dir });
  assert.is(result.status, 2);
  oneLine(result.stderr);
  assert.match(result.stderr, /EFBIG/);
  assert.is(readFileSync(join(dir, 'report.json'), 'utf8'), 'previous report');
  assert.equal(readdirSync(dir).sort(), ['in', 'report.json']);
});

test(`an --output in a folder the user cannot write leaves the previous report whole${asOther}`, () => {
  const dir = scratch({ 'a.json': broken });
  const out = join(dir, 'out');
  mkdirSync(out, { mode: 0o755 });
  writeFileSync(join(out, 'report.json'), 'previous report', { mode: 0o666 });
  chmodSync(join(out, 'report.json'), 0o666);
  chmodSync(out, 0o555);
  const result = run({ args: ['validate', '--format', 'json', '--kind', 'invite-request', '--output', 'out/report.json', 'a.json'], cwd: dir, other: true });
  chmodSync(out, 0o755);
  if (otherUser !== undefined) {
    assert.is(result.status, 2);
    oneLine(result.stderr);
    assert.is(readFileSync(join(out, 'report.json'), 'utf8'), 'previous report');
    assert.equal(readdirSync(out), ['report.json']);
  } else {
    assert.is(result.status, 1);
  }
});

test('a written --output replaces the file whole and keeps its mode', () => {
  const dir = scratch({ 'a.json': broken, 'report.json': 'previous report' });
  chmodSync(join(dir, 'report.json'), 0o640);
  const result = run({ args: ['validate', '--format', 'json', '--kind', 'invite-request', '--output', 'report.json', 'a.json'], cwd: dir, writes: ['report.json'] });
  assert.is(result.status, 1);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { files: { problems: { ruleId: string }[] }[] };
  assert.is(report.files.length, 1);
  assert.is(lstatSync(join(dir, 'report.json')).mode & 0o777, 0o640);
  assert.equal(readdirSync(dir).sort(), ['a.json', 'report.json']);
});

test('--output /dev/null and /dev/stdout are written to, never replaced by a file', () => {
  const dir = scratch({ 'a.json': broken });
  const toNull = run({ args: ['validate', '--format', 'json', '--kind', 'invite-request', '--output', '/dev/null', 'a.json'], cwd: dir });
  assert.is(toNull.status, 1, toNull.stderr);
  assert.ok(lstatSync('/dev/null').isCharacterDevice());
  // Through a pipe: the test's own standard output is a socket, which /dev/stdout cannot open (ENXIO).
  const toStdout = run({ shell: 'set -o pipefail; node "$BIN" validate --format json --kind invite-request --output /dev/stdout a.json | cat', args: [], cwd: dir });
  assert.is(toStdout.status, 1, toStdout.stderr);
  assert.is((JSON.parse(toStdout.stdout) as { files: unknown[] }).files.length, 1);
  assert.ok(lstatSync('/dev/stdout').isSymbolicLink());
  assert.equal(readdirSync('/dev').filter((name) => name.endsWith('.tmp')), []);
});

test('--output onto a folder is one line, exit 2, and leaves nothing behind', () => {
  const dir = scratch({ 'a.json': broken, 'out/keep.txt': 'kept' });
  const result = run({ args: ['validate', '--kind', 'invite-request', '--output', 'out', 'a.json'], cwd: dir });
  assert.is(result.status, 2);
  oneLine(result.stderr);
  assert.equal(readdirSync(dir).sort(), ['a.json', 'out']);
  assert.equal(readdirSync(join(dir, 'out')), ['keep.txt']);
});

// -------------------------------------------------------------------------------------------------------
// 2. The config is a regular file under a size limit.

test('--config /dev/zero is a config error, not a hang', () => {
  const dir = scratch({ 'a.json': clean });
  const result = run({ args: ['validate', '--config', '/dev/zero', 'a.json'], cwd: dir, process: true });
  assert.is(result.status, 2);
  oneLine(result.stderr);
});

test('a config that is a FIFO is a config error, not a hang', () => {
  const dir = scratch({ 'a.json': clean });
  assert.is(spawnSync('mkfifo', [join(dir, 'graph-invite-contract.config.json')], { timeout }).status, 0);
  const found = run({ args: ['validate', '--kind', 'invite-request', 'a.json'], cwd: dir, process: true });
  assert.is(found.status, 2);
  oneLine(found.stderr);
  const named = run({ args: ['validate', '--kind', 'invite-request', '--config', 'graph-invite-contract.config.json', 'a.json'], cwd: dir, process: true });
  assert.is(named.status, 2);
  oneLine(named.stderr);
});

test('a config over 1 MiB is a config error', () => {
  const dir = scratch({ 'a.json': clean, 'big.json': `{"ignore":[${'"x",'.repeat(300_000)}"x"]}` });
  const result = run({ args: ['validate', '--kind', 'invite-request', '--config', 'big.json', 'a.json'], cwd: dir });
  assert.is(result.status, 2);
  oneLine(result.stderr);
});

// -------------------------------------------------------------------------------------------------------
// 3. Failures are one line with the right exit status.

test('a run started in a removed folder says so in one line, exit 2', () => {
  const dir = scratch({ 'a.json': clean });
  const result = run({ shell: 'mkdir gone && cd gone && rmdir ../gone && exec node "$BIN" validate --kind invite-request ../a.json', args: [], cwd: dir });
  assert.is(result.status, 2);
  oneLine(result.stderr);
  assert.match(result.stderr, /ENOENT/);
});

for (const [name, redirect] of [
  ['closed', '2>&-'],
  ['full (/dev/full)', '2>/dev/full'],
] as const) {
  test(`standard error ${name}: clean exchange and docs runs still end with exit 0`, () => {
    const dir = scratch();
    exchangeCopy(dir, 'clean', 'ex');
    const exchange = run({ shell: `node "$BIN" exchange ex ${redirect}`, args: [], cwd: dir });
    assert.is(exchange.status, 0, exchange.stdout);
    const page = '<!-- { "blockType": "request" } -->\n```http\nPOST /communications/calls/c1/participants/invite\nContent-Type: application/json\n\n' + clean + '\n```\n';
    writeFileSync(join(dir, 'page.md'), page, { mode: 0o644 });
    const docs = run({ shell: `node "$BIN" docs page.md ${redirect}`, args: [], cwd: dir });
    assert.is(docs.status, 0, docs.stdout);
  });
}

test('standard error to a pipe whose reader has gone (EPIPE): a clean exchange run still ends with exit 0', () => {
  const dir = scratch();
  exchangeCopy(dir, 'clean', 'ex');
  // The status is said on a descriptor of its own: the pipe's reader (true) is gone before the run writes.
  const result = run({ shell: 'exec 3>&1; ( node "$BIN" exchange ex 2>&1 >/dev/null; echo "status=$?" >&3 ) | true', args: [], cwd: dir });
  assert.is(result.stdout.trim(), 'status=0');
});

test('a broken exchange run with standard error full still ends with exit 1', () => {
  const dir = scratch();
  exchangeCopy(dir, 'mismatched', 'ex');
  const result = run({ shell: 'node "$BIN" exchange --format json ex 2>/dev/full', args: [], cwd: dir });
  assert.is(result.status, 1);
  JSON.parse(result.stdout);
});

test('standard output full (ENOSPC) is named for what it is, exit 2', () => {
  const dir = scratch({ 'a.json': clean });
  const result = run({ shell: 'node "$BIN" validate --kind invite-request --format json a.json >/dev/full', args: [], cwd: dir });
  assert.is(result.status, 2);
  oneLine(result.stderr);
  assert.match(result.stderr, /ENOSPC/);
});

test('a step summary that cannot be appended to (ENOSPC) is named for what it is, exit 2', () => {
  const dir = scratch({ 'a.json': broken });
  const result = run({ args: ['validate', '--format', 'github', '--kind', 'invite-request', 'a.json'], cwd: dir, env: { GITHUB_STEP_SUMMARY: '/dev/full' } });
  assert.is(result.status, 2);
  assert.match(result.stderr, /ENOSPC/);
});

test(`a folder argument the user cannot read is an error naming EACCES, exit 2; the other folders are still reported${asOther}`, () => {
  const dir = scratch({ 'locked/a.json': broken, 'open/b.json': clean });
  chmodSync(join(dir, 'locked'), 0o000);
  const result = run({ args: ['validate', '--format', 'json', '--kind', 'invite-request', 'locked', 'open'], cwd: dir, other: true });
  chmodSync(join(dir, 'locked'), 0o755);
  const report = JSON.parse(result.stdout) as { files: { path: string }[] };
  if (otherUser === undefined) {
    assert.is(result.status, 1);
    return;
  }
  assert.is(result.status, 2);
  oneLine(result.stderr);
  assert.match(result.stderr, /EACCES/);
  assert.not.match(result.stderr, /holds no/);
  assert.equal(report.files.map((file) => file.path), ['open/b.json']);
});

test(`a folder the user cannot read is exit 2 even with --allow-empty${asOther}`, () => {
  const dir = scratch({ 'locked/a.json': broken });
  chmodSync(join(dir, 'locked'), 0o000);
  const result = run({ args: ['validate', '--allow-empty', '--kind', 'invite-request', 'locked'], cwd: dir, other: true });
  chmodSync(join(dir, 'locked'), 0o755);
  assert.is(result.status, otherUser === undefined ? 1 : 2);
});

test(`a file the user cannot read is a file-unreadable problem with EACCES; the others are still checked${asOther}`, () => {
  const dir = scratch({ 'secret.json': clean, 'open.json': broken });
  chmodSync(join(dir, 'secret.json'), 0o000);
  const result = run({ args: ['validate', '--format', 'json', '--kind', 'invite-request', 'secret.json', 'open.json'], cwd: dir, other: true });
  chmodSync(join(dir, 'secret.json'), 0o644);
  assert.is(result.status, 1);
  const report = JSON.parse(result.stdout) as { files: { path: string; problems: { ruleId: string; params: Record<string, unknown> }[] }[] };
  const secret = report.files.find((file) => file.path === 'secret.json')?.problems ?? [];
  assert.equal(secret.map((p) => [p.ruleId, p.params['code']]), otherUser === undefined ? [] : [['file-unreadable', 'EACCES']]);
  assert.equal(report.files.find((file) => file.path === 'open.json')?.problems.length, 1);
});

test(`an unreadable subfolder of a named folder does not vanish silently${asOther}`, () => {
  const dir = scratch({ 'tree/a.json': clean, 'tree/locked/b.json': broken });
  chmodSync(join(dir, 'tree', 'locked'), 0o000);
  const result = run({ args: ['validate', '--format', 'json', '--kind', 'invite-request', 'tree'], cwd: dir, other: true });
  chmodSync(join(dir, 'tree', 'locked'), 0o755);
  const report = JSON.parse(result.stdout) as { files: { path: string }[] };
  if (otherUser === undefined) {
    assert.is(result.status, 1);
    return;
  }
  assert.is(result.status, 2);
  assert.match(result.stderr, /tree\/locked.*EACCES/);
  assert.equal(report.files.map((file) => file.path), ['tree/a.json']);
});

test(`an unreadable exchange folder is that folder's failure, exit 2, after the other folders' reports${asOther}`, () => {
  const dir = scratch();
  exchangeCopy(dir, 'clean', 'locked');
  exchangeCopy(dir, 'clean', 'open');
  chmodSync(join(dir, 'locked'), 0o000);
  const result = run({ args: ['exchange', '--format', 'json', 'locked', 'open'], cwd: dir, other: true });
  chmodSync(join(dir, 'locked'), 0o755);
  const report = JSON.parse(result.stdout) as { files: { path: string }[] };
  if (otherUser === undefined) {
    assert.is(result.status, 0);
    return;
  }
  assert.is(result.status, 2);
  assert.match(result.stderr, /locked.*EACCES/);
  assert.ok(report.files.length > 0 && report.files.every((file) => file.path.startsWith('open/')));
});

test('a role file of an exchange that is a symbolic link is followed, as validate follows links', () => {
  const dir = scratch();
  const ex = exchangeCopy(dir, 'clean', 'ex');
  cpSync(join(ex, 'request.http'), join(dir, 'kept-request.http'));
  rmSync(join(ex, 'request.http'));
  symlinkSync(join(dir, 'kept-request.http'), join(ex, 'request.http'));
  const result = run({ args: ['exchange', '--format', 'json', 'ex'], cwd: dir });
  assert.is(result.status, 0, result.stdout);
  const report = JSON.parse(result.stdout) as { files: { path: string; kind: string | null; problems: { ruleId: string }[] }[] };
  assert.equal(report.files.find((file) => file.path === 'ex/request.http')?.kind, 'invite-request');
  assert.equal(report.files.flatMap((file) => file.problems.map((p) => p.ruleId)), []);
});

test('a role file of an exchange that is a loop of links is a file-unreadable problem with ELOOP, not missing', () => {
  const dir = scratch();
  const ex = exchangeCopy(dir, 'clean', 'ex');
  rmSync(join(ex, 'request.http'));
  symlinkSync('request.http', join(ex, 'request.http'));
  const result = run({ args: ['exchange', '--format', 'json', 'ex'], cwd: dir });
  assert.is(result.status, 1);
  const report = JSON.parse(result.stdout) as { files: { path: string; problems: { ruleId: string; params: Record<string, unknown> }[] }[] };
  const problems = report.files.find((file) => file.path === 'ex/request.http')?.problems ?? [];
  assert.equal(problems.map((p) => [p.ruleId, p.params['code']]), [['file-unreadable', 'ELOOP']]);
});

test('a loop of symbolic links given as an argument says ELOOP, not "no such file", exit 2', () => {
  const dir = scratch({ 'a.json': clean });
  symlinkSync('loop-b.json', join(dir, 'loop-a.json'));
  symlinkSync('loop-a.json', join(dir, 'loop-b.json'));
  for (const args of [['validate', '--kind', 'invite-request', 'loop-a.json', 'a.json'], ['exchange', 'loop-a.json']]) {
    const result = run({ args, cwd: dir });
    assert.is(result.status, 2);
    oneLine(result.stderr.split('\n').filter((line) => line.startsWith('graph-invite-contract:')).join('\n'));
    assert.match(result.stderr, /ELOOP/);
    assert.not.match(result.stderr, /no such/);
  }
});

test('a dangling link or a link loop named for linting inside a walked folder is reported, not dropped', () => {
  const dir = scratch({ 'payloads/a.json': clean });
  symlinkSync('gone.json', join(dir, 'payloads', 'dangling.json'));
  symlinkSync('loop-y.json', join(dir, 'payloads', 'loop-x.json'));
  symlinkSync('loop-x.json', join(dir, 'payloads', 'loop-y.json'));
  const result = run({ args: ['validate', '--kind', 'invite-request', '--format', 'json', 'payloads'], cwd: dir });
  assert.is(result.status, 1);
  const report = JSON.parse(result.stdout) as { files: Array<{ path: string; problems: Array<{ ruleId: string; params: Record<string, unknown> }> }> };
  const unreadable = report.files.filter((file) => file.problems.some((p) => p.ruleId === 'file-unreadable')).map((file) => [file.path, file.problems[0]?.params['code']]);
  assert.equal(unreadable, [['payloads/dangling.json', 'ENOENT'], ['payloads/loop-x.json', 'ELOOP'], ['payloads/loop-y.json', 'ELOOP']]);
});

test('a FIFO, a link to one and a socket named for linting inside a walked folder are reported as not regular files, without blocking', () => {
  const dir = scratch({ 'payloads/a.json': clean, 'elsewhere/inner.json': clean });
  const payloads = join(dir, 'payloads');
  assert.is(spawnSync('mkfifo', [join(payloads, 'fifo.json'), join(dir, 'elsewhere', 'pipe')], { timeout }).status, 0);
  symlinkSync(join(dir, 'elsewhere', 'pipe'), join(payloads, 'to-pipe.json'));
  // A socket left behind by a process that ended without closing it.
  const socket = spawnSync(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(join(payloads, 'socket.json'))}, () => process.exit(0))`], { timeout });
  assert.is(socket.status, 0);
  assert.ok(lstatSync(join(payloads, 'socket.json')).isSocket());
  // A link to a folder is still not entered, nor reported.
  symlinkSync(join(dir, 'elsewhere'), join(payloads, 'folder.json'));
  // Its own process: a FIFO opened blocking would hang it, which the time limit would catch.
  const result = run({ args: ['validate', '--kind', 'invite-request', '--format', 'json', 'payloads'], cwd: dir, process: true });
  assert.is(result.status, 1);
  const report = JSON.parse(result.stdout) as { files: Array<{ path: string; problems: Array<{ ruleId: string; params: Record<string, unknown> }> }> };
  const reported = report.files.map((file) => [file.path, file.problems.map((p) => `${p.ruleId} ${String(p.params['reason'])}`)]);
  assert.equal(reported, [
    ['payloads/a.json', []],
    ['payloads/fifo.json', ['file-unreadable special']],
    ['payloads/socket.json', ['file-unreadable special']],
    ['payloads/to-pipe.json', ['file-unreadable special']],
  ]);
});

test('a pattern made only of an extglob group is a pattern, as in the config', () => {
  const dir = scratch({ 'a.json': clean, 'b.json': clean, 'c.json': clean });
  const result = run({ args: ['validate', '--kind', 'invite-request', '--format', 'json', '@(a|b).json'], cwd: dir });
  assert.is(result.status, 0, result.stderr);
  assert.equal((JSON.parse(result.stdout) as { files: Array<{ path: string }> }).files.map((file) => file.path), ['a.json', 'b.json']);
});

/** A name of bytes that are not UTF-8. */
const badName = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('.json')]);

function validReport(format: string, text: string): void {
  if (format === 'json' || format === 'sarif') JSON.parse(text);
  else if (format === 'junit') assert.is(XMLValidator.validate(text), true);
  else if (format === 'github') for (const line of text.trim().split('\n')) assert.match(line, /^::(error|warning|notice) /);
}

test('a name that is not UTF-8 is escaped byte by byte, valid sequences kept', () => {
  const cases: [number[], string][] = [
    [[0x61, 0xc3, 0xa9], 'a\u00e9'],
    [[0xff, 0xfe, 0x2e], '\\xff\\xfe.'],
    // A surrogate, an overlong form, a cut sequence: none is UTF-8.
    [[0xed, 0xa0, 0x80], '\\xed\\xa0\\x80'],
    [[0xc0, 0xaf], '\\xc0\\xaf'],
    [[0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x98, 0x80], '\\xe2\\x82A\u{1f600}'],
  ];
  for (const [bytes, shown] of cases) assert.is(escapeBytes(Uint8Array.from(bytes)), shown);
});

for (const format of ['stylish', 'json', 'github', 'sarif', 'junit']) {
  test(`a file whose name is not UTF-8 is linted, its name escaped in ${format}`, () => {
    const dir = scratch();
    mkdirSync(join(dir, 'in'), { mode: 0o755 });
    writeFileSync(Buffer.concat([Buffer.from(join(dir, 'in') + '/'), badName]), broken);
    const result = run({ args: ['validate', '--kind', 'invite-request', '--format', format, 'in'], cwd: dir, env: { GITHUB_WORKSPACE: dir } });
    assert.is(result.status, 1, result.stderr);
    validReport(format, result.stdout);
    assert.ok(result.stdout.includes(format === 'sarif' ? '%5Cxff%5Cxfe.json' : format === 'json' ? '\\\\xff\\\\xfe.json' : '\\xff\\xfe.json'), result.stdout);
    assert.not.ok(result.stdout.includes('\uFFFD'));
  });
}

test('a glob pattern finds files whose names are not UTF-8, each once, though glob reads them the same', () => {
  const dir = scratch();
  mkdirSync(join(dir, 'in'), { mode: 0o755 });
  // caf\xe9 and caf\xe8: two files, one name to glob (caf\ufffd), neither of which opens as that string.
  for (const byte of [0xe9, 0xe8]) writeFileSync(Buffer.concat([Buffer.from(join(dir, 'in', 'caf')), Buffer.from([byte]), Buffer.from('.json')]), broken);
  const result = run({ args: ['validate', '--kind', 'invite-request', '--format', 'json', 'in/*.json'], cwd: dir });
  assert.is(result.status, 1, result.stderr);
  const report = JSON.parse(result.stdout) as { files: Array<{ path: string; problems: Array<{ ruleId: string }> }> };
  assert.equal(report.files.map((file) => file.path), ['in/caf\\xe8.json', 'in/caf\\xe9.json']);
  assert.ok(report.files.every((file) => file.problems.length > 0 && !file.problems.some((p) => p.ruleId === 'file-unreadable')), result.stdout);
});

test('an exchange file whose name is not UTF-8 is listed, and reported with its name escaped', () => {
  const dir = scratch();
  const ex = exchangeCopy(dir, 'clean', 'ex');
  // The library gives no role to a name holding a backslash: the escaped name is reported by the folder rule.
  const name = Buffer.concat([Buffer.from('notification-'), Buffer.from([0xff]), Buffer.from('.json')]);
  writeFileSync(Buffer.concat([Buffer.from(ex + '/'), name]), '{');
  const result = run({ args: ['exchange', '--format', 'json', 'ex'], cwd: dir });
  assert.is(result.status, 1);
  const report = JSON.parse(result.stdout) as { files: { path: string; problems: { ruleId: string; params: Record<string, unknown> }[] }[] };
  // Reported at the file, by its escaped name.
  const misnamed = report.files.find((f) => f.path === 'ex/notification-\\xff.json');
  assert.equal(misnamed?.problems.map((p) => [p.ruleId, p.params['files']]), [['exchange-folder', ['notification-\\xff.json']]]);
});

test('the refusals, like every failure, leave no file behind', () => {
  const dir = scratch({ 'a.json': clean });
  linkSync(join(dir, 'a.json'), join(dir, 'report.txt'));
  run({ args: ['validate', '--kind', 'invite-request', '--output', 'report.txt', 'a.json'], cwd: dir });
  assert.equal(readdirSync(dir).sort(), ['a.json', 'report.txt']);
  assert.ok(existsSync(join(dir, 'a.json')));
});

test('a file name that reads as a workflow command never starts a line: the Actions runner would obey it', () => {
  const page = readFileSync(join(packageRoot, 'test', 'fixtures', 'pages', 'action-create-call.md'), 'utf8');
  const dir = scratch({ '::stop-commands::tok.md': page, '::error title=Injected::hello.json': '{"participants": 3}', ' ::warning::spaced.json': '{"participants": 3}' });
  const starts = (text: string) => text.split('\n').filter((line) => /^\s*::/.test(line));
  for (const args of [['docs', '.'], ['validate', '--kind', 'invite-request', '.'], ['validate', '--kind', 'invite-request', '--fix-dry-run', '.']]) {
    const result = run({ args, cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
    assert.equal([...starts(result.stdout), ...starts(result.stderr)], [], args.join(' '));
  }
  // The same files are named, led by ./, so that the name can still be copied.
  const stylish = run({ args: ['validate', '--kind', 'invite-request', '.'], cwd: dir });
  assert.match(stylish.stdout, /^\.\/::error title=Injected::hello\.json$/m);
  assert.match(stylish.stdout, /^\.\/ ::warning::spaced\.json$/m);
});

test.after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

test.run();
