/**
 * What pre-commit and the GitHub Action run: the committed bundle (bin/graph-invite-contract.cjs), kept
 * equal to the build's, self-contained, and the hook and action definitions that call it. Real pre-commit
 * runs the hooks in pre-commit.test.ts.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import spectralParsers from '@stoplight/spectral-parsers';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { bundleHook, committedHookBundle } from '../scripts/bundle.js';

const badSample = 'samples/invalid/change-type-null.notification-completed.json';
const goodSample = 'samples/valid/call-established.notification.json';
const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };

function yaml(file: string): unknown {
  const parsed = spectralParsers.parseYaml(readFileSync(join(packageRoot, file), 'utf8'));
  assert.equal(parsed.diagnostics, [], `${file} is valid YAML`);
  return parsed.data;
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'gic-hooks-'));
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (result.error !== undefined) throw result.error;
  return result;
}

test('bin/graph-invite-contract.cjs is the bundle of the compiled sources (refresh: npm run build && node dist/scripts/bundle.js --write-hook)', async () => {
  assert.ok(existsSync(committedHookBundle), 'bin/graph-invite-contract.cjs is committed');
  const fresh = await bundleHook();
  assert.ok(readFileSync(committedHookBundle, 'utf8') === fresh, 'bin/graph-invite-contract.cjs is stale: run npm run build && node dist/scripts/bundle.js --write-hook, and commit it');
});

test('the committed bundle is an executable script, and git records it so', () => {
  assert.ok(readFileSync(committedHookBundle, 'utf8').startsWith('#!/usr/bin/env node\n'));
  assert.ok((statSync(committedHookBundle).mode & 0o111) !== 0, 'bin/graph-invite-contract.cjs is executable');
  const staged = run('git', ['ls-files', '--stage', '--', 'bin/graph-invite-contract.cjs'], packageRoot);
  // Checked where this checkout is a git repository that tracks the file.
  if (staged.status === 0 && staged.stdout !== '') assert.match(staged.stdout, /^100755 /, 'git add --chmod=+x bin/graph-invite-contract.cjs');
});

test('the committed bundle runs with nothing beside it but package.json: no node_modules, no build', () => {
  const dir = scratch();
  try {
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'payloads'));
    copyFileSync(committedHookBundle, join(dir, 'bin', 'graph-invite-contract.cjs'));
    copyFileSync(join(packageRoot, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(packageRoot, badSample), join(dir, 'payloads', 'bad.json'));
    copyFileSync(join(packageRoot, goodSample), join(dir, 'payloads', 'good.json'));
    const script = join(dir, 'bin', 'graph-invite-contract.cjs');
    const version = run(process.execPath, [script, '--version'], dir);
    assert.is(version.stdout.trim(), pkg.version, version.stderr);
    // A pattern: glob is bundled too.
    const lint = run(process.execPath, [script, 'validate', '--format', 'json', 'payloads/*.json'], dir);
    assert.is(lint.status, 1, lint.stderr);
    const report = JSON.parse(lint.stdout) as { files: { path: string; problems: { ruleId: string; pointer: string }[] }[] };
    assert.equal(
      report.files.map((file) => [file.path, file.problems.map((p) => `${p.ruleId} ${p.pointer}`)]),
      [
        ['payloads/bad.json', ['not-nullable /value/0/changeType']],
        ['payloads/good.json', []],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
  require_serial: boolean;
}

test('each hook runs the committed bundle, one process per run, on the files of its input', () => {
  const hooks = yaml('.pre-commit-hooks.yaml') as Hook[];
  const byId = new Map(hooks.map((hook) => [hook.id, hook]));
  assert.equal([...byId.keys()], ['graph-invite-contract', 'graph-invite-contract-docs', 'graph-invite-contract-exchanges']);
  const commands = { 'graph-invite-contract': 'validate', 'graph-invite-contract-docs': 'docs', 'graph-invite-contract-exchanges': 'exchange' };
  for (const hook of hooks) {
    assert.is(hook.entry, `bin/graph-invite-contract.cjs ${commands[hook.id as keyof typeof commands]}`, hook.id);
    assert.is(hook.language, 'script', hook.id);
    assert.is(hook.require_serial, true, hook.id);
  }
  const matches = (id: string, path: string): boolean => new RegExp(byId.get(id)?.files ?? '(?!)').test(path);
  for (const path of ['webhook.json', 'captures/invite.http']) assert.ok(matches('graph-invite-contract', path), path);
  for (const path of ['README.md', 'invite.json.md']) assert.not.ok(matches('graph-invite-contract', path), path);
  for (const path of ['api-reference/beta/api/participant-invite.md', 'docs/api-reference/invite.md']) assert.ok(matches('graph-invite-contract-docs', path), path);
  for (const path of ['README.md', 'docs/guide.md', 'api-reference/invite.json']) assert.not.ok(matches('graph-invite-contract-docs', path), path);
  assert.is(byId.get('graph-invite-contract')?.pass_filenames, true);
  assert.is(byId.get('graph-invite-contract-docs')?.pass_filenames, true);
  // An exchange is a folder: its hook is given the folders in args, not the staged files.
  assert.is(byId.get('graph-invite-contract-exchanges')?.pass_filenames, false);
});

interface Action {
  inputs: Record<string, { description: string; default: string }>;
  runs: { using: string; steps: { shell: string; env: Record<string, string>; run: string }[] };
}

const action = yaml('action.yml') as Action;
const step = action.runs.steps[0];

test('action.yml: a composite step that runs the committed bundle with every input', () => {
  assert.is(action.runs.using, 'composite');
  assert.is(action.runs.steps.length, 1);
  assert.ok(step !== undefined);
  assert.is(step.shell, 'bash');
  assert.equal(Object.keys(action.inputs).sort(), ['args', 'command', 'format', 'paths', 'sarif-file']);
  // Each input reaches the script as a variable, and each variable is used there.
  const given = Object.entries(step.env).map(([name, value]) => [name, /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value)?.[1]]);
  assert.equal(given.map(([, input]) => input).sort(), Object.keys(action.inputs).sort());
  for (const [name] of given) assert.match(step.run, `"$${String(name)}"`);
  assert.not.match(step.run, '${{', 'no input is pasted into the script');
  const bin = /"\$GITHUB_ACTION_PATH\/([^"]+)"/.exec(step.run)?.[1];
  assert.is(bin, 'bin/graph-invite-contract.cjs');
  assert.ok(existsSync(join(packageRoot, bin ?? '')));
});

/** The action's script, run by bash in `cwd` with the inputs' defaults and these changes. */
function runAction(cwd: string, inputs: Record<string, string> = {}): SpawnSyncReturns<string> {
  assert.ok(step !== undefined);
  const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_ACTION_PATH: packageRoot, NO_COLOR: '1' };
  delete env['GITHUB_STEP_SUMMARY'];
  for (const [name, value] of Object.entries(step.env)) {
    const input = /inputs\.([a-z-]+)/.exec(value)?.[1] ?? '';
    env[name] = inputs[input] ?? action.inputs[input]?.default ?? '';
  }
  return run('bash', ['-e', '-c', step.run], cwd, env);
}

test('action.yml: with the defaults, it annotates the problems of the working folder and fails on errors', () => {
  const dir = scratch();
  try {
    copyFileSync(join(packageRoot, goodSample), join(dir, 'good.json'));
    const clean = runAction(dir);
    assert.is(clean.status, 0, clean.stdout + clean.stderr);
    copyFileSync(join(packageRoot, badSample), join(dir, 'bad.json'));
    const failed = runAction(dir);
    assert.is(failed.status, 1, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /^::error file=bad\.json,line=\d+,col=\d+,title=not-nullable::/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('action.yml: sarif-file writes a SARIF log beside the report, and a log it cannot write fails the step', () => {
  const dir = scratch();
  try {
    mkdirSync(join(dir, 'payloads'));
    copyFileSync(join(packageRoot, badSample), join(dir, 'payloads', 'bad.json'));
    const result = runAction(dir, { paths: 'payloads/\n', 'sarif-file': 'payloads.sarif', format: 'json', args: '--max-warnings 0' });
    assert.is(result.status, 1, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { summary: { errors: number } }).summary.errors, 1);
    const sarif = JSON.parse(readFileSync(join(dir, 'payloads.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.runs[0]?.results.map((r) => r.ruleId), ['not-nullable']);
    rmSync(join(dir, 'payloads', 'bad.json'));
    writeFileSync(join(dir, 'payloads', 'good.json'), readFileSync(join(packageRoot, goodSample)));
    const unwritable = runAction(dir, { paths: 'payloads', 'sarif-file': 'no-such-folder/payloads.sarif' });
    assert.is(unwritable.status, 2, unwritable.stdout + unwritable.stderr);
    assert.match(unwritable.stderr, 'no-such-folder');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('prepare: without devDependencies (npm ci --omit=dev) the build is skipped for the committed bundle; with them it builds', () => {
  assert.is(pkg.scripts['prepare'], 'node scripts/can-skip-build.cjs || npm run build');
  const dir = scratch();
  try {
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(packageRoot, 'scripts', 'can-skip-build.cjs'), join(dir, 'scripts', 'can-skip-build.cjs'));
    // No TypeScript beside it: skipped only while the bundle is there.
    assert.is(run(process.execPath, ['scripts/can-skip-build.cjs'], dir).status, 1);
    copyFileSync(committedHookBundle, join(dir, 'bin', 'graph-invite-contract.cjs'));
    assert.is(run(process.execPath, ['scripts/can-skip-build.cjs'], dir).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // In this checkout TypeScript is installed: the build runs.
  assert.is(run(process.execPath, ['scripts/can-skip-build.cjs'], packageRoot).status, 1);
});

test.run();
