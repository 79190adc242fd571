/**
 * The blocking worker of test/sync-worker.ts, under the CLI and script hosts: an answer comes back to a
 * caller that waits synchronously, once per request; a request not answered within its limit gives
 * undefined, stops the worker, and the next call starts a fresh one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syncWorker } from './sync-worker.js';

const dir = mkdtempSync(join(tmpdir(), 'gic-sync-worker-'));
const worker = join(dir, 'echo.mjs');
// Answers { n, twice, starts }: twice is what a second answer to the same request would have said (it
// must be dropped); a request of -1 is never answered.
writeFileSync(
  worker,
  `import { workerData } from 'node:worker_threads';
import { isSyncWorker, serveSync } from ${JSON.stringify(new URL('./sync-worker.js', import.meta.url).href)};
const starts = Date.now() + Math.random();
if (isSyncWorker(workerData, 'echo')) serveSync(workerData, (n, answer) => {
  if (n === -1) return;
  answer({ n, starts });
  answer({ n, twice: true, starts });
});
`,
);
const call = syncWorker<number, { n: number; twice?: boolean; starts: number }>(pathToFileURL(worker), 'echo');

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('each request gets its own answer, once, from the same loaded worker', () => {
  const first = call(1, 10_000);
  const second = call(2, 10_000);
  assert.equal(first?.n, 1);
  assert.equal(second?.n, 2);
  assert.is(second?.twice, undefined, 'a second answer to a request was taken for the next one');
  assert.is(first?.starts, second?.starts, 'the worker was not kept loaded');
});

test('a request not answered within its limit gives undefined, and the next call starts another worker', () => {
  const before = call(3, 10_000);
  assert.is(call(-1, 200), undefined);
  const after = call(4, 10_000);
  assert.equal(after?.n, 4);
  assert.is.not(after?.starts, before?.starts, 'the worker that missed its limit was used again');
});

test.run();
