/**
 * The hooks as a team installs them: real pre-commit (Debian's package; .ci/run installs it) takes this
 * repository at a tag from a local clone, as it would from its URL, into a scratch repository, and runs
 * on commits there. No network: the hooks run the committed bundle, nothing is installed or built.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';

const tag = 'v0.4.0';
const scratch = mkdtempSync(join(tmpdir(), 'gic-pre-commit-'));
const hookRepo = join(scratch, 'hook-repo');
const work = join(scratch, 'work');

// A git and a pre-commit of their own: no user or system config, no variables of a git hook this suite
// may run under (GIT_DIR, GIT_INDEX_FILE), and the node that runs the suite first on PATH.
const gitConfig = join(scratch, 'gitconfig');
writeFileSync(gitConfig, '[user]\n\tname = Hook Test\n\temail = hooks@example.invalid\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[tag]\n\tgpgsign = false\n');
const env: Record<string, string> = {
  ...Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !/^(GIT_|PRE_COMMIT|npm_)/i.test(entry[0]))),
  GIT_CONFIG_GLOBAL: gitConfig,
  GIT_CONFIG_NOSYSTEM: '1',
  PRE_COMMIT_HOME: join(scratch, 'pre-commit-home'),
  PATH: [dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter),
  NO_COLOR: '1',
};

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (result.error !== undefined) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  return result;
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  assert.is(result.status, 0, `${what} exited with ${String(result.status)}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const git = (args: readonly string[], cwd = work): string => ok(run('git', args, cwd), `git ${args.join(' ')}`);

/** The files a hook uses, as they stand in this checkout (committed or not). */
const hookFiles = ['.pre-commit-hooks.yaml', 'bin/graph-invite-contract.cjs', 'package.json', 'LICENSE'];

/**
 * The hook repository at `tag`: a clone of this repository (or a new one when this checkout is not a git
 * repository), with the hook's files as they stand here committed on top, so that what is tested is
 * what is on disk.
 */
function makeHookRepository(): void {
  const cloned = existsSync(join(packageRoot, '.git')) && run('git', ['clone', '--quiet', '--depth', '1', pathToFileURL(packageRoot).href, hookRepo], scratch).status === 0;
  if (!cloned) {
    rmSync(hookRepo, { recursive: true, force: true });
    mkdirSync(hookRepo);
    git(['init', '--quiet'], hookRepo);
  }
  for (const file of hookFiles) {
    mkdirSync(dirname(join(hookRepo, file)), { recursive: true });
    // copyFileSync keeps the mode: the bundle stays executable, as git records it.
    copyFileSync(join(packageRoot, file), join(hookRepo, file));
  }
  git(['add', '--', ...hookFiles], hookRepo);
  git(['commit', '--quiet', '--allow-empty', '--no-verify', '-m', 'the hook files of the working tree'], hookRepo);
  git(['tag', '--force', tag], hookRepo);
}

const config = `repos:
  - repo: ${JSON.stringify(hookRepo)}
    rev: ${tag}
    hooks:
      - id: graph-invite-contract
      - id: graph-invite-contract-docs
      - id: graph-invite-contract-exchanges
        files: ^captures/
        args: [captures/exchange]
`;

// Set up in a test, not in a before hook: uvu passes a suite whose before hook throws with no test run.
test('pre-commit is installed, and installs the hooks of this repository at a tag into a repository', () => {
  const version = spawnSync('pre-commit', ['--version'], { env, encoding: 'utf8', timeout: 30_000 });
  assert.is(version.status, 0, 'pre-commit is not on PATH: install it (apt-get install -y pre-commit; .ci/run does) to run these tests');
  makeHookRepository();
  mkdirSync(work);
  git(['init', '--quiet']);
  writeFileSync(join(work, '.pre-commit-config.yaml'), config);
  // The exchange the exchanges hook names, kept from the start: that hook runs at every commit.
  cpSync(join(packageRoot, 'test/fixtures/exchanges/clean'), join(work, 'captures/exchange'), { recursive: true });
  git(['add', '.pre-commit-config.yaml', 'captures/exchange']);
  git(['commit', '--quiet', '--no-verify', '-m', 'config']);
  ok(run('pre-commit', ['validate-manifest', join(hookRepo, '.pre-commit-hooks.yaml')], work), 'pre-commit validate-manifest');
  ok(run('pre-commit', ['install'], work), 'pre-commit install');
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

/** Stages the files (from this repository, to a path in the scratch one) and tries to commit them. */
function commit(files: Record<string, string>): SpawnSyncReturns<string> {
  for (const [to, from] of Object.entries(files)) {
    mkdirSync(dirname(join(work, to)), { recursive: true });
    cpSync(join(packageRoot, from), join(work, to), { recursive: true });
    git(['add', '--', to]);
  }
  return run('git', ['commit', '--quiet', '-m', 'a change'], work);
}

/** Unstages and removes what a blocked commit left, so the next case starts clean. */
function reset(): void {
  git(['reset', '--quiet', '--hard', 'HEAD']);
  git(['clean', '--quiet', '-fdx']);
}

const out = (result: SpawnSyncReturns<string>): string => `${result.stdout}${result.stderr}`;

test('a bad payload blocks the commit, and the problem is shown', () => {
  const result = commit({ 'payloads/completed.json': 'samples/invalid/change-type-null.notification-completed.json' });
  assert.is.not(result.status, 0, out(result));
  assert.match(out(result), 'payloads/completed.json');
  assert.match(out(result), 'not-nullable');
  assert.is(run('git', ['diff', '--cached', '--quiet'], work).status, 1, 'the change is still staged, not committed');
  reset();
});

test('a good payload is committed', () => {
  const head = git(['rev-parse', 'HEAD']);
  const result = commit({ 'payloads/established.json': 'samples/valid/call-established.notification.json' });
  assert.is(result.status, 0, out(result));
  assert.is.not(git(['rev-parse', 'HEAD']), head);
});

test('the payload hook\'s own filter takes HTTP messages', () => {
  const result = commit({ 'payloads/invite.http': 'test/fixtures/exchanges/mismatched/request.http' });
  assert.is.not(result.status, 0, out(result));
  assert.match(out(result), 'http-authorization');
  reset();
});

test('the docs hook lints a reference page under api-reference/', () => {
  const result = commit({ 'docs/api-reference/participant-invite.md': 'test/fixtures/pages/broken.md' });
  assert.is.not(result.status, 0, out(result));
  assert.match(out(result), 'docs-unpaired-response');
  reset();
  const clean = commit({ 'docs/api-reference/participant-invite.md': 'test/fixtures/pages/clean.md' });
  assert.is(clean.status, 0, out(clean));
});

test('the exchanges hook lints the folders its args name, at every commit: a deletion alone stages no file it would see', () => {
  git(['rm', '-r', '--quiet', 'captures/exchange']);
  const result = commit({ 'captures/exchange': 'test/fixtures/exchanges/mismatched' });
  assert.is.not(result.status, 0, out(result));
  assert.match(out(result), 'exchange-client-context');
  reset();
  // The clean exchange committed at the start passed every commit since (the good payload's among them).
  git(['rm', '--quiet', 'captures/exchange/request.http']);
  const deleted = run('git', ['commit', '--quiet', '-m', 'drop the request'], work);
  assert.is.not(deleted.status, 0, out(deleted));
  assert.match(out(deleted), 'the folder has no request file');
  reset();
});

test("the payload hook leaves out the repository's manifests and this tool's config", () => {
  const head = git(['rev-parse', 'HEAD']);
  writeFileSync(join(work, 'package.json'), '{"name": "bot", "version": "1.0.0"}\n');
  writeFileSync(join(work, 'tsconfig.build.json'), '{"extends": "./tsconfig.json"}\n');
  writeFileSync(join(work, 'graph-invite-contract.config.json'), '{"ignore": ["**/*.expected.json"]}\n');
  git(['add', 'package.json', 'tsconfig.build.json', 'graph-invite-contract.config.json']);
  const result = run('git', ['commit', '--quiet', '-m', 'manifests'], work);
  assert.is(result.status, 0, out(result));
  assert.is.not(git(['rev-parse', 'HEAD']), head);
});

test('require_serial: the files of a run make one report', () => {
  // pre-commit gives a process at least four files: eight make two batches on two cores.
  const files = [...Array.from({ length: 7 }, () => 'samples/valid/call-established.notification.json'), 'samples/invalid/change-type-null.notification-completed.json'];
  mkdirSync(join(work, 'payloads'), { recursive: true });
  const names = files.map((file, i) => {
    copyFileSync(join(packageRoot, file), join(work, 'payloads', `many-${i}.json`));
    return `payloads/many-${i}.json`;
  });
  // The same hook with a JSON report: without require_serial, pre-commit hands one batch per core to
  // processes of their own, and their reports follow one another.
  const jsonConfig = join(scratch, 'json-config.yaml');
  writeFileSync(jsonConfig, `repos:\n  - repo: ${JSON.stringify(hookRepo)}\n    rev: ${tag}\n    hooks:\n      - id: graph-invite-contract\n        args: [--format, json]\n`);
  const result = run('pre-commit', ['run', '--config', jsonConfig, 'graph-invite-contract', '--files', ...names], work);
  assert.is(result.status, 1, out(result));
  const text = result.stdout;
  const report = JSON.parse(text.slice(text.indexOf('\n{') + 1, text.lastIndexOf('\n}') + 2)) as { files: { path: string }[]; summary: { files: number; errors: number } };
  assert.equal(report.files.map((file) => file.path).sort(), names);
  assert.is(report.summary.errors, 1);
  reset();
});

test.run();
