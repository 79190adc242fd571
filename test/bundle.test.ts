import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';

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

test.run();
