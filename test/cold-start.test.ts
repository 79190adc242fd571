import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { bin, bundleLoader } from './cli-harness.js';

// What the installed command's start-up leaves out, and what the bundle does in place of node's URL code.
// No timing here: speed is measured by npm run bench.

const loadBundle = bundleLoader();

const bundleFile = join(packageRoot, 'dist', 'bundle', 'cli.cjs');

/** After tsc alone (npm run test:unit) there is no current bundle, and the command runs the ES modules. */
function currentBundle(): boolean {
  return existsSync(bundleFile) && statSync(bundleFile).mtimeMs >= statSync(join(packageRoot, 'dist', 'src', 'cli', 'run.js')).mtimeMs;
}

/** Runs a script in a fresh node with the output on pipes; bounded in time. */
function node(script: string, args: readonly string[] = []) {
  return spawnSync(process.execPath, ['-e', script, ...args], { cwd: packageRoot, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
}

test('the installed command on the documented samples loads no argument parser (after a full build)', () => {
  // The ES module fallback imports node:util, whose namespace loads parseArgs: this is the bundle's saving.
  if (!currentBundle()) return;
  // The bin run in-process, so that the modules node loaded can be read when it exits.
  const script = `process.argv = [process.argv[0], ${JSON.stringify(bin)}, 'validate', 'samples/documented'];
process.on('exit', () => process.stderr.write('\\n' + JSON.stringify(process.moduleLoadList)));
require(${JSON.stringify(bin)});`;
  const run = node(script);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /48 problems \(0 errors, 48 warnings\)/);
  const loaded = JSON.parse(run.stderr.slice(run.stderr.lastIndexOf('\n') + 1)) as string[];
  assert.ok(loaded.includes('NativeModule vm'), 'the list is the one the bundle loader added to');
  assert.not.ok(loaded.some((name) => name.includes('parse_args')), 'node:util parseArgs is loaded only for a command line with options');
});

test('a command line with options still goes through the argument parser', () => {
  const run = spawnSync(process.execPath, [bin, 'validate', '--format', 'json', '--kind', 'nothing', 'samples/documented'], { cwd: packageRoot, encoding: 'utf8', timeout: 30_000 });
  assert.is(run.status, 2);
  const twice = spawnSync(process.execPath, [bin, 'validate', '--kind=invite-request', '--kind', 'comms-notifications', 'samples/documented'], { cwd: packageRoot, encoding: 'utf8', timeout: 30_000 });
  assert.is(twice.status, 2);
  assert.match(twice.stderr, /--kind is given twice/);
});

test('ajv-formats is loaded when a uri-reference is not a plain path, not before', () => {
  const formats = join(packageRoot, 'dist', 'src', 'validate', 'formats.js');
  const script = `const { createRequire } = require('node:module');
const cache = createRequire(${JSON.stringify(formats)}).cache;
const loaded = () => Object.keys(cache).some((file) => file.includes('ajv-formats'));
import(${JSON.stringify(formats)}).then(({ isUriReference }) => {
  const before = loaded();
  const plain = isUriReference('/communications/calls/abc/operations/def');
  const afterPlain = loaded();
  const other = isUriReference('urn:example:a%20b?q#f');
  process.stdout.write(JSON.stringify({ before, plain, afterPlain, other, after: loaded() }));
});`;
  const run = node(script);
  assert.is(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout), { before: false, plain: true, afterPlain: false, other: true, after: true });
});

test('the bundle is ASCII, as its loader reads it (after a full build)', () => {
  if (!currentBundle()) return;
  assert.ok(isAscii(readFileSync(bundleFile)));
});

test('the bundle finds the package without URLs: its version (after a full build)', async () => {
  if (!currentBundle()) return;
  const bundle = loadBundle();
  assert.ok(bundle !== undefined);
  let text = '';
  const io = { cwd: packageRoot, env: {}, stdout: { write: (chunk: string) => (text += chunk) }, stderr: { write: () => true } };
  assert.is(await bundle.run(['--version'], io), 0);
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  assert.ok(text.includes(pkg.version), text);
  text = '';
  assert.is(await bundle.run(['rules', '--format', 'json'], io), 0);
  assert.ok(text.length > 0);
});

test.run();
