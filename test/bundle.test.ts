import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { outputsNewer } from '../scripts/bundle.js';
import { bundleLoader, bundleLoaderFile } from './cli-harness.js';

const loadBundle = bundleLoader();

/**
 * Whether the bundle's code cache was there and V8 refused it, loaded in a process of its own (V8 checks a
 * cache against the process's flags, which a test run before may have changed here), after `before`.
 */
function cacheInFreshProcess(before: string): { cacheUsed: boolean; cacheRejected: boolean } {
  const script = `import { createRequire } from 'node:module';
${before}
const bundle = createRequire(import.meta.url)(${JSON.stringify(bundleLoaderFile)})();
process.stdout.write(JSON.stringify({ cacheUsed: bundle.cacheUsed, cacheRejected: bundle.cacheRejected }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.is(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { cacheUsed: boolean; cacheRejected: boolean };
}

function capture() {
  let text = '';
  return { stream: { write: (chunk: string) => (text += chunk) }, text: () => text };
}

test('the installed command runs the bundle, and V8 accepts its code cache', async () => {
  const fresh = cacheInFreshProcess('');
  assert.ok(fresh.cacheUsed, 'dist/bundle/cli.cache is recorded by npm run build');
  assert.not.ok(fresh.cacheRejected, 'the code cache was made by this Node.js and must be accepted');
  const bundle = loadBundle();
  assert.ok(bundle !== undefined, 'dist/bundle/cli.cjs is built by npm run build');
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

test('a run over threads changes V8\'s settings for the whole process: V8 then refuses the cache made under its defaults', () => {
  const inlining = pathToFileURL(join(packageRoot, 'dist', 'src', 'cli', 'start', 'long-run.js')).href;
  // Twice, as a run that starts workers twice would: the second call changes nothing more.
  const limited = cacheInFreshProcess(`const { tuneForThreads } = await import(${JSON.stringify(inlining)});\ntuneForThreads();\ntuneForThreads();`);
  assert.equal(limited, { cacheUsed: true, cacheRejected: true });
  // What lowers it in a run: starting its lint workers (none for a run on one thread).
  const parallel = pathToFileURL(join(packageRoot, 'dist', 'src', 'cli', 'read', 'parallel.js')).href;
  const start = (count: number) => `const { LintWorkers } = await import(${JSON.stringify(parallel)});\nnew LintWorkers(${count}, { maxBytes: 1000, maxProblems: 10, keepSource: false }).close();`;
  assert.equal(cacheInFreshProcess(start(1)), { cacheUsed: true, cacheRejected: true });
  assert.equal(cacheInFreshProcess(start(0)), { cacheUsed: true, cacheRejected: false });
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
