/**
 * Files spread over worker threads: a parallel run writes, byte for byte, what a run on one thread writes,
 * in every format and with the options that shape a report; and a worker that cannot start, dies or
 * fails on a batch loses no file (the main thread lints what it held).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatNames } from '../src/cli/formatters/index.js';
import { lintJob, type FileJob, type FileJobOptions } from '../src/cli/read/lint-job.js';
import { batchFiles, batchesPerWorker, cleanWindow, lintInParallel, lintThreads, maxAutoThreads, maxThreads, parallelFiles, threadsVariable } from '../src/cli/read/parallel.js';
import { run } from '../src/cli/run.js';
import type { SourceType } from '../src/lint/lint.js';
import type { FileReport } from '../src/model/report.js';
import { packageRoot } from '../src/paths.js';
import { bin, bundleLoader, bundleLoaderFile, runCli, type LoadBundle } from './cli-harness.js';

/** Every run is bounded: a hang fails the test instead of stopping the suite. */
const timeout = 60_000;
const made: string[] = [];

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gic-parallel-'));
  made.push(dir);
  return dir;
}

/** The payload samples of one folder (expectations left out). */
function samples(folder: string): Array<{ name: string; text: string }> {
  const dir = join(packageRoot, 'samples', folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.expected.json'))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * A tree of `count` payload files in folders: valid, documented (warnings) and invalid (errors) samples in
 * turn, with, among them, a file over --max-bytes 40000, links that cannot be read (dangling, a loop), a
 * folder named like a payload, a FIFO (reported, never read), and the project's config (kinds by file name).
 */
function tree(count: number): string {
  const root = scratch();
  writeFileSync(join(root, 'graph-invite-contract.config.json'), readFileSync(join(packageRoot, 'graph-invite-contract.config.json')));
  const pool = [...samples('valid'), ...samples('documented'), ...samples('invalid')];
  for (let i = 0; i < count; i += 1) {
    const folder = join(root, 'files', `batch-${Math.floor(i / 150)}`);
    if (i % 150 === 0) mkdirSync(folder, { recursive: true });
    const sample = pool[i % pool.length] as { name: string; text: string };
    writeFileSync(join(folder, `${i}-${sample.name}`), sample.text);
  }
  const odd = join(root, 'files', 'batch-0');
  writeFileSync(join(odd, 'huge.request.json'), JSON.stringify({ participants: [], clientContext: 'x'.repeat(50_000) }));
  symlinkSync(join(odd, 'nowhere.json'), join(odd, 'dangling.request.json'));
  symlinkSync(join(odd, 'loop-b.json'), join(odd, 'loop-a.json'));
  symlinkSync(join(odd, 'loop-a.json'), join(odd, 'loop-b.json'));
  mkdirSync(join(odd, 'folder.json'));
  writeFileSync(join(odd, 'folder.json', 'inside.request.json'), '{"participants":[]}');
  spawnSync('mkfifo', [join(odd, 'pipe.json')], { timeout });
  return root;
}

/**
 * One tree of each size, made on first use and shared by the tests that take that size: a test writes
 * only its own files at the tree's root (reports, worker entries, logs), never under files/, which is
 * all a run or a job list reads.
 */
const trees = new Map<number, string>();
function sharedTree(count: number): string {
  let root = trees.get(count);
  if (root === undefined) {
    root = tree(count);
    trees.set(count, root);
  }
  return root;
}

/** The environment of a run: no colour, a step summary, and the thread count when one is forced. */
function runEnv(threads: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: 'summary.md' };
  delete env[threadsVariable];
  if (threads !== undefined) env[threadsVariable] = threads;
  return env;
}

/** A run's exit status, signal, outputs and the files it wrote, as one text. */
function transcript(cwd: string, result: { status: number | null; signal: string | null; stdout: string; stderr: string }, written: readonly string[]): string {
  const files = ['summary.md', ...written].map((file) => {
    try {
      return `--- ${file}\n${readFileSync(join(cwd, file), 'utf8')}`;
    } catch {
      return `--- ${file}: none`;
    }
  });
  return [`exit ${String(result.status)} ${String(result.signal)}`, '--- stdout', result.stdout, '--- stderr', result.stderr, ...files].join('\n');
}

function clearWritten(cwd: string, written: readonly string[]): void {
  for (const file of ['summary.md', ...written]) rmSync(join(cwd, file), { force: true });
}

/** One run of the installed command (the bundle, and so bundled workers): exit status, output, error, and the files it wrote. */
function runBin(cwd: string, argv: readonly string[], threads: string | undefined, written: readonly string[] = []): string {
  clearWritten(cwd, written);
  const result = spawnSync(process.execPath, [bin, ...argv], { cwd, env: runEnv(threads), encoding: 'utf8', timeout, maxBuffer: 256 * 1024 * 1024 });
  return transcript(cwd, result, written);
}

let loaded: { readonly bundle: ReturnType<LoadBundle> } | undefined;

/** The bundled CLI, loaded once; undefined when it is not current (a build by tsc alone), as the installed command finds it. */
function currentBundle(): ReturnType<LoadBundle> {
  loaded ??= { bundle: bundleLoader()() };
  return loaded.bundle;
}

/**
 * The same run in this process, through the entry the installed command calls; with the bundle, its workers
 * load the bundle from its code cache as the command's do (a worker that loads the ES modules costs twice
 * as much to start; the test through the ES modules below keeps that path). No signal can end it.
 */
async function runHere(cwd: string, argv: readonly string[], threads: string | undefined, written: readonly string[] = []): Promise<string> {
  clearWritten(cwd, written);
  // The bundle's run(), or the ES modules' run() without a current bundle, as the command falls back to.
  const result = await runCli(argv, { cwd, env: runEnv(threads) }, currentBundle()?.run ?? run);
  return transcript(cwd, { ...result, signal: null }, written);
}

test('the thread count: forced by the variable, else every core from the threshold on, never more than the batches', () => {
  assert.is(lintThreads(parallelFiles - 1, {}), 1);
  assert.ok(lintThreads(parallelFiles, {}) >= 1);
  assert.is(lintThreads(10_000, { [threadsVariable]: '1' }), 1);
  assert.is(lintThreads(10_000, { [threadsVariable]: '3' }), 3);
  assert.is(lintThreads(batchFiles * 2, { [threadsVariable]: '8' }), 2);
  assert.is(lintThreads(1, { [threadsVariable]: '4' }), 1);
  assert.is(lintThreads(1_000_000, { [threadsVariable]: '1000' }), maxThreads);
  assert.ok(lintThreads(1_000_000, {}) <= maxAutoThreads);
  // Not a whole number of at least 1: as if unset.
  assert.is(lintThreads(10, { [threadsVariable]: '0' }), 1);
  assert.is(lintThreads(10, { [threadsVariable]: 'two' }), 1);
});

test('every format, and the options that shape a report: parallel output is byte for byte the single-threaded one', async () => {
  const root = tree(320);
  const shaping: ReadonlyArray<readonly string[]> = [['--max-problems', '1', '--max-warnings', '3'], ['--strict', '--output', 'report.out']];
  // Every format as it is; the options in the formats that stream (the others gather every report first).
  const runs = [
    ...formatNames.map((format) => [format, [] as readonly string[]] as const),
    ...(['json', 'stylish'] as const).flatMap((format) => shaping.map((variant) => [format, variant] as const)),
  ];
  for (const [index, [format, variant]] of runs.entries()) {
    const argv = ['validate', 'files', '--format', format, '--max-bytes', '40000', ...variant];
    const written = variant.includes('--output') ? ['report.out'] : [];
    // One thread in this process through the command's entry; the parallel run of the first as the installed
    // command itself, the rest through its entry too: the output is the same.
    const single = await runHere(root, argv, '1', written);
    assert.ok(/file-too-large/.test(single) && /file-unreadable/.test(single) && /ELOOP/.test(single), `${argv.join(' ')}: the tree's odd files are reported`);
    assert.ok(/^exit 1 null/.test(single), `${argv.join(' ')}: ${single.slice(0, 200)}`);
    const threads = format === 'json' ? '3' : '2';
    assert.fixture(index === 0 ? runBin(root, argv, threads, written) : await runHere(root, argv, threads, written), single, argv.join(' '));
  }
});

test('over the threshold, a run without a thread count writes what one thread writes', async () => {
  const root = tree(parallelFiles + 150);
  const argv = ['validate', 'files', '--format', 'json', '--max-bytes', '40000'];
  // The reference needs no process of its own: one thread, in this process, through the command's entry.
  const single = await runHere(root, argv, '1');
  // The odd files besides the payloads: the one too large, three links, the FIFO and the file in the folder named .json.
  assert.ok(single.includes(`"files": ${parallelFiles + 150 + 6}`), single.slice(-300));
  assert.match(single, /"path": "files\/batch-0\/pipe\.json",\s*"kind": [^,]*,\s*"problems": \[\s*\{\s*"ruleId": "file-unreadable"/);
  assert.fixture(runBin(root, argv, undefined), single);
});

test('through the ES modules (no bundle): workers load them, and the report is the same', async () => {
  const root = sharedTree(300);
  const transcript = async (threads: string): Promise<string> => {
    const { status, stdout, stderr } = await runCli(['validate', 'files', '--format', 'json'], { cwd: root, env: { NO_COLOR: '1', [threadsVariable]: threads } }, run);
    return `exit ${status}\n${stdout}\n${stderr}`;
  };
  assert.fixture(await transcript('2'), await transcript('1'));
});

/** Jobs over a tree, and what linting them one by one on this thread gives. */
function jobsOf(root: string): { jobs: FileJob[]; options: FileJobOptions; expected: FileReport[] } {
  const known = jobLists.get(root);
  if (known !== undefined) return known;
  const jobs: FileJob[] = [];
  for (const folder of readdirSync(join(root, 'files')).sort()) {
    for (const name of readdirSync(join(root, 'files', folder)).sort()) {
      jobs.push({ path: join(root, 'files', folder, name), shown: `${folder}/${name}`, type: 'payload', kind: undefined });
    }
  }
  const options: FileJobOptions = { maxBytes: 40_000, maxProblems: 1000, keepSource: true };
  const list = { jobs, options, expected: jobs.map((job) => lintJob(job, options)) };
  jobLists.set(root, list);
  return list;
}

/** The job lists of the shared trees: their files never change, so neither does what linting them gives. */
const jobLists = new Map<string, ReturnType<typeof jobsOf>>();

/**
 * A worker entry of the test's own: the real worker, made to fail as `script` says (it sees `count`, the
 * batches it was sent). The real worker is the bundle's, as the command's workers run it (it starts from the
 * code cache, in half the time the ES modules take), or the ES modules' when there is no current bundle.
 */
function failingWorker(dir: string, name: string, script: string): string {
  const file = join(dir, `${name}.mjs`);
  const jobModule = pathToFileURL(join(packageRoot, 'dist', 'src', 'cli', 'read', 'lint-job.js')).href;
  // Loaded before the module's body runs, either way, so that both listeners are there for the first batch.
  const serve =
    currentBundle()?.serveLintJobs === undefined
      ? `import { serveLintJobs } from ${JSON.stringify(jobModule)};`
      : `import { createRequire } from 'node:module';\nconst { serveLintJobs } = createRequire(import.meta.url)(${JSON.stringify(bundleLoaderFile)})();`;
  writeFileSync(
    file,
    // Its listener is added first, so that it sees each batch before the real worker does.
    `import { parentPort } from 'node:worker_threads';
import { appendFileSync, existsSync } from 'node:fs';
${serve}
let count = 0;
parentPort.on('message', (message) => { count += 1; ${script} });
serveLintJobs();
`,
  );
  return file;
}

async function parallel(jobs: readonly FileJob[], options: FileJobOptions, file: string, threads = 2): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  await lintInParallel(jobs, (job) => job, { threads, options, add: (report) => reports.push(report), entry: { file, bundled: false } });
  return reports;
}

test('a worker that lints: the reports come in the jobs\' order, and the worker did lint some', async () => {
  const root = sharedTree(600);
  const { jobs, options, expected } = jobsOf(root);
  const log = join(root, 'worker.log');
  const file = failingWorker(root, 'counting', `appendFileSync(${JSON.stringify(log)}, 'batch\\n');`);
  assert.equal(await parallel(jobs, options, file), expected);
  assert.ok(readFileSync(log, 'utf8').length > 0);
});

test('a worker that cannot start, or dies, or fails on a batch: no file is lost, the order holds', async () => {
  const root = sharedTree(600);
  const { jobs, options, expected } = jobsOf(root);
  assert.equal(await parallel(jobs, options, join(root, 'no-such-worker.mjs')), expected, 'cannot start');
  assert.equal(await parallel(jobs, options, failingWorker(root, 'dies', "if (count === 2) throw new Error('worker dies');")), expected, 'dies');
  assert.equal(await parallel(jobs, options, failingWorker(root, 'exits', 'if (count === 3) process.exit(3);'), 3), expected, 'exits');
  // Answers a batch as failed (a file it could not lint): the main thread lints that batch again.
  const failed = failingWorker(root, 'fails', 'if (count % 2 === 1) { parentPort.postMessage({ id: message.id, failed: true }); message.paths.length = 0; }');
  assert.equal(await parallel(jobs, options, failed), expected, 'fails a batch');
});

test('a file whose lint throws on every thread: the files before it are reported in order, then the error, as on one thread', async () => {
  const root = sharedTree(600);
  const { jobs, options, expected } = jobsOf(root);
  // In the second batch, which the worker is sent before the main thread lints anything: a type no linter
  // knows, so that lintJob throws there, and again on the main thread that lints the batch once more.
  const at = batchFiles + 10;
  const broken = jobs.map((job, index) => (index === at ? { ...job, type: 'unknown' as SourceType } : job));
  assert.throws(() => lintJob(broken[at] as FileJob, options));
  const log = join(root, 'broken.log');
  rmSync(log, { force: true });
  for (const file of [failingWorker(root, 'broken', `appendFileSync(${JSON.stringify(log)}, message.id + '\\n');`), join(root, 'no-such-worker.mjs')]) {
    const reports: FileReport[] = [];
    let thrown: unknown;
    await lintInParallel(broken, (job) => job, { threads: 2, options, add: (report) => reports.push(report), entry: { file, bundled: false } }).catch((error: unknown) => {
      thrown = error;
    });
    assert.instance(thrown, TypeError, file);
    assert.equal(reports, expected.slice(0, at), file);
  }
  assert.ok(readFileSync(log, 'utf8').split('\n').includes('1'), 'the worker was sent the batch that throws');
});

const cleanSample = 'valid/participant-details.notification-roster.json';
const invalidSample = 'invalid/change-type-null.notification-completed.json';

/** What a run over a held-back worker saw (withHeldWorker). */
interface HeldRun {
  /** Batches handed out when the first report was taken. */
  readonly handedOut: number;
  readonly reports: FileReport[];
  /** The worker held a batch back. */
  readonly held: boolean;
  /** It let the batch go because `waitMs` had passed, not because the test's marker was there. */
  readonly timedOut: boolean;
}

/**
 * Lints jobs of the samples given, batch by batch, over the main thread and a worker that holds back the first
 * batch it is sent from `holdFrom` on, until `marker` exists or `waitMs` has passed; the test's job function
 * writes the marker once `release` says so of the batches handed out.
 */
async function withHeldWorker(root: string, samples: readonly string[], holdFrom: number, release: (batches: number) => boolean, waitMs: number): Promise<HeldRun> {
  const marker = join(root, 'go');
  const heldFile = join(root, 'held');
  const timedOutFile = join(root, 'timed-out');
  for (const file of [marker, heldFile, timedOutFile]) rmSync(file, { force: true });
  const hold = `if (!globalThis.held && message.id >= ${holdFrom}) {
  globalThis.held = true;
  appendFileSync(${JSON.stringify(heldFile)}, '');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + ${waitMs};
  while (Date.now() < until && !existsSync(${JSON.stringify(marker)})) Atomics.wait(pause, 0, 0, 5);
  if (!existsSync(${JSON.stringify(marker)})) appendFileSync(${JSON.stringify(timedOutFile)}, '');
}`;
  const file = failingWorker(root, 'held', hold);
  const options: FileJobOptions = { maxBytes: 40_000, maxProblems: 1000, keepSource: true };
  const jobs = samples.flatMap((sample): FileJob[] => Array.from({ length: batchFiles }, () => ({ path: join(packageRoot, 'samples', sample), shown: sample, type: 'payload', kind: undefined })));
  let made = 0;
  let handedOut = -1;
  const reports: FileReport[] = [];
  const toJob = (job: FileJob): FileJob => {
    made += 1;
    if (made % batchFiles === 0 && release(made / batchFiles)) writeFileSync(marker, '');
    return job;
  };
  const add = (report: FileReport): void => {
    if (handedOut === -1) handedOut = Math.ceil(made / batchFiles);
    reports.push(report);
  };
  await lintInParallel(jobs, toJob, { threads: 2, options, add, entry: { file, bundled: false } });
  return { handedOut, reports, held: existsSync(heldFile), timedOut: existsSync(timedOutFile) };
}

test('a worker slow to start: the main thread lints on past the window while its reports are clean, not while they have problems', async () => {
  const root = scratch();
  // Two threads: the window is the worker's batches and one more, for each thread.
  const window = 2 * (batchesPerWorker + 1);
  const batches = window + 14;
  assert.ok(batches <= cleanWindow);
  // Clean: every batch is handed out before the worker answers its first (it waits for that, or 10 s).
  const clean = await withHeldWorker(root, Array<string>(batches).fill(cleanSample), 0, (made) => made === batches, 10_000);
  assert.ok(clean.held && !clean.timedOut, 'the main thread went on past the window');
  assert.is(clean.handedOut, batches);
  assert.is(clean.reports.length, batches * batchFiles);
  assert.ok(clean.reports.every((report) => report.problems.length === 0));
  // With problems: no further than the window, as the batches the worker holds might have problems too
  // (the worker waits 0.3 s, far longer than the main thread takes for the window's batches).
  const invalid = await withHeldWorker(root, Array<string>(batches).fill(invalidSample), 0, () => false, 300);
  assert.ok(invalid.held);
  assert.is(invalid.reports.length, batches * batchFiles);
  assert.ok(invalid.reports.every((report) => report.problems.length > 0));
  assert.ok(invalid.handedOut <= window, `${invalid.handedOut} batches handed out`);
  // Reports with problems that went out no longer count: past them, clean batches go ahead again.
  const mixed = [...Array<string>(2 * window).fill(invalidSample), ...Array<string>(batches).fill(cleanSample)];
  const after = await withHeldWorker(root, mixed, 2 * window, (made) => made === mixed.length, 10_000);
  assert.ok(after.held && !after.timedOut, 'the main thread went on past the window after the reports with problems');
  assert.is(after.reports.length, mixed.length * batchFiles);
});

test('the guard still holds: --output onto an input refuses the run, parallel or not', () => {
  const root = sharedTree(300);
  chmodSync(root, 0o755);
  const target = 'files/batch-0/0-acs-user-invite.request.json';
  const before = readFileSync(join(root, target), 'utf8');
  for (const threads of ['1', '2']) {
    const out = runBin(root, ['validate', 'files', '--format', 'json', '--output', target], threads);
    assert.ok(/^exit 2 null/.test(out), out.slice(0, 300));
    assert.is(readFileSync(join(root, target), 'utf8'), before);
  }
});

test.after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

test.run();
