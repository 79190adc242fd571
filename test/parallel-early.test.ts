/**
 * Workers started while the arguments are still being expanded (read/parallel.ts, LintWorkers): the run
 * uses them and gives the reports of one thread; one that died before the run took it loses no file; and
 * workers a run never took do not keep the process alive.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lintJob, type FileJob, type FileJobOptions } from '../src/cli/read/lint-job.js';
import { LintWorkers, lintInParallel } from '../src/cli/read/parallel.js';
import type { FileReport } from '../src/model/report.js';
import { packageRoot } from '../src/paths.js';

const made: string[] = [];
const options: FileJobOptions = { maxBytes: 40_000, maxProblems: 1000, keepSource: false };

/** 400 payload files (valid and invalid samples in turn), their jobs, and what one thread makes of them. */
function jobs(): { root: string; jobs: FileJob[]; expected: FileReport[] } {
  const root = mkdtempSync(join(tmpdir(), 'gic-early-'));
  made.push(root);
  const texts = ['{"participants":[]}', readFileSync(join(packageRoot, 'samples', 'documented', 'example-1.request.json'), 'utf8'), '{"participants": "none"}'];
  mkdirSync(join(root, 'files'));
  const list: FileJob[] = [];
  for (let i = 0; i < 400; i += 1) {
    const path = join(root, 'files', `${String(i).padStart(3, '0')}.request.json`);
    writeFileSync(path, texts[i % texts.length] as string);
    list.push({ path, shown: `files/${i}.request.json`, type: 'payload', kind: 'invite-request', listed: i % 2 === 0 });
  }
  return { root, jobs: list, expected: list.map((job) => lintJob(job, options)) };
}

/** The real worker, logging each batch it is sent to `log`. */
function countingWorker(root: string, log: string): string {
  const file = join(root, 'counting.mjs');
  const jobModule = pathToFileURL(join(packageRoot, 'dist', 'src', 'cli', 'read', 'lint-job.js')).href;
  writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
import { appendFileSync } from 'node:fs';
import { serveLintJobs } from ${JSON.stringify(jobModule)};
parentPort.on('message', () => appendFileSync(${JSON.stringify(log)}, 'batch\\n'));
serveLintJobs();
`,
  );
  return file;
}

async function run(list: readonly FileJob[], started: LintWorkers): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  // No other worker can start (its entry is missing): whatever a worker linted, the early one did.
  await lintInParallel(list, (job) => job, { threads: 2, options, add: (report) => reports.push(report), started, entry: { file: join(tmpdir(), 'no-such-worker.mjs'), bundled: false } });
  return reports;
}

test('a run takes the workers started early: the reports of one thread, and the early worker linted', async () => {
  const { root, jobs: list, expected } = jobs();
  const log = join(root, 'worker.log');
  appendFileSync(log, '');
  const started = new LintWorkers(1, options, { file: countingWorker(root, log), bundled: false });
  assert.equal(await run(list, started), expected);
  assert.ok(readFileSync(log, 'utf8').split('\n').filter(Boolean).length > 0, 'the early worker was sent batches');
});

test('a worker started early that dies before the run takes it loses no file', async () => {
  const { root, jobs: list, expected } = jobs();
  const started = new LintWorkers(1, options, { file: join(root, 'missing-worker.mjs'), bundled: false });
  // Its error comes before the run listens: wait for its end (a timer holds the process meanwhile, since
  // the workers do not until a run listens).
  const [early] = started.workers;
  assert.ok(early !== undefined);
  let hold: ReturnType<typeof setTimeout> | undefined;
  const ended = await Promise.race([
    new Promise<boolean>((resolve) => early.worker.once('exit', () => resolve(true))),
    new Promise<boolean>((resolve) => (hold = setTimeout(() => resolve(false), 20_000))),
  ]);
  clearTimeout(hold);
  assert.ok(ended, 'the worker with no entry ended');
  assert.equal(await run(list, started), expected);
});

test('workers started early and never taken do not keep the process alive', () => {
  const parallel = pathToFileURL(join(packageRoot, 'dist', 'src', 'cli', 'read', 'parallel.js')).href;
  const script = `import { LintWorkers } from ${JSON.stringify(parallel)};
const workers = new LintWorkers(2, { maxBytes: 1000, maxProblems: 10, keepSource: false });
process.stdout.write(String(workers.workers.length));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.is(child.signal, null, 'the process ended by itself');
  assert.is(child.status, 0);
  assert.is(child.stdout, '2');
});

test.after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

test.run();
