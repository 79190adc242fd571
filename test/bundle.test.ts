import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { outputsNewer } from '../scripts/bundle.js';

type LoadBundle = typeof import('../src/cli/start/bundle-loader.cjs');
// The loader is a CommonJS module (the bin is one); require it from the build, as the bin does.
const loadBundle = createRequire(import.meta.url)(join(packageRoot, 'dist', 'src', 'cli', 'start', 'bundle-loader.cjs')) as LoadBundle;

function capture() {
  let text = '';
  return { stream: { write: (chunk: string) => (text += chunk) }, text: () => text };
}

test('the installed command runs the bundle, and V8 accepts its code cache', async () => {
  const bundle = loadBundle();
  assert.ok(bundle !== undefined, 'dist/bundle/cli.cjs is built by npm run build');
  assert.ok(bundle.cacheUsed, 'dist/bundle/cli.cache is recorded by npm run build');
  assert.not.ok(bundle.cacheRejected, 'the code cache was made by this Node.js and must be accepted');
  const out = capture();
  const err = capture();
  const status = await bundle.run(['validate', '--format', 'json', join(packageRoot, 'samples', 'documented')], {
    cwd: packageRoot,
    env: {},
    stdout: out.stream,
    stderr: err.stream,
  });
  assert.is(status, 0, err.text());
  const report = JSON.parse(out.text()) as { files: unknown[]; summary: { errors: number } };
  assert.is(report.files.length, 16);
  assert.is(report.summary.errors, 0);
});

test('the build skips bundling only when every output is newer than every input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graph-invite-contract-bundle-'));
  try {
    const at = (name: string, seconds: number): string => {
      const file = join(dir, name);
      writeFileSync(file, '');
      utimesSync(file, seconds, seconds);
      return file;
    };
    const input = at('input.js', 1000);
    const bundle = at('cli.cjs', 2000);
    const cache = at('cli.cache', 2001);
    assert.ok(outputsNewer([bundle, cache], [input]));
    assert.not.ok(outputsNewer([bundle, cache], [at('input.js', 2000)]), 'an input as new as the oldest output');
    assert.not.ok(outputsNewer([bundle, cache], [at('input.js', 3000)]));
    assert.not.ok(outputsNewer([bundle, cache, join(dir, 'hook.cjs')], [at('input.js', 1000)]), 'an output missing');
    assert.not.ok(outputsNewer([bundle, cache], [input, join(dir, 'gone.js')]), 'an input missing counts as new');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
