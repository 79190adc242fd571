import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { FileReport } from '../../model/report.js';
import { packageRoot } from '../../paths.js';
import { tuneForThreads } from '../start/long-run.js';
import { batchMessage, lintJob, type BatchResult, type FileJob, type FileJobOptions } from './lint-job.js';

/**
 * From this many files on, a run without a thread count given spreads its files over worker threads. A
 * worker costs its start (a thread, a V8 isolate, the bundle from its code cache: about 30 to 60 ms here)
 * and a copy of each report back to the main thread; at about 50 µs a small file, the second core pays
 * for that from some 1,000 files on, and clearly from 2,000 (see docs/performance.md).
 */
export const parallelFiles = 2000;

/** Files a worker is sent at a time: enough that a message costs little next to linting them, few enough to balance the threads. */
export const batchFiles = 64;

/**
 * Batches a worker holds at once: one it lints, the rest waiting, so that it never waits for the main
 * thread, which hands out batches only between its own (a CPU profile of 50,000 files with 2 had the
 * worker idle a fifth of the run; with 4, interleaved runs were some 5% faster).
 */
export const batchesPerWorker = 4;

/**
 * Batches the main thread may run ahead of the first one not reported while the reports it holds are
 * clean. A worker starts slower than the main thread (it compiles what the main thread's code cache
 * holds, and warms up later): held to the window that bounds reports with problems, the main thread
 * waited for the worker's first batches a twentieth of a 50,000-file run (a CPU profile); a clean report
 * is a path and a kind, so 64 batches of them are some 600 kB.
 */
export const cleanWindow = 64;

/**
 * A worker's young generation, in MB. Left to grow, it doubled to 16 MB semi-spaces and its old generation
 * kept what the scavenges promoted: the worker's heap grew from 16 MB at 10,000 files to 25 MB at 50,000.
 * Held at 4 MB (more scavenges, each cheap: what a file allocates dies with the file), it stays near
 * 12 to 15 MB, and peak RSS at 50,000 files fell from 131 to 119 MB.
 */
const workerYoungMb = 4;

/**
 * Most threads a run takes by itself, however many cores there are: each worker costs its start and some
 * 30 MB of memory (an isolate, the bundle), and beyond a few the main thread, which orders and writes
 * every report, is what the run waits for.
 */
export const maxAutoThreads = 4;

/** Most threads the variable may ask for: a typo of 1000 must not start a thousand isolates. */
export const maxThreads = 64;

/** The environment variable that sets the number of threads that lint (1: the main thread alone). */
export const threadsVariable = 'GRAPH_INVITE_CONTRACT_THREADS';

/**
 * How many threads lint a run of `files` files: GRAPH_INVITE_CONTRACT_THREADS when it is a whole number of
 * at least 1 (tests compare runs with 1 and more; at most maxThreads), else every core up to maxAutoThreads
 * for a long run and the main thread alone for a short one. A run never has more threads than batches.
 */
export function lintThreads(files: number, env: Readonly<Record<string, string | undefined>>): number {
  const given = env[threadsVariable];
  const batches = Math.ceil(files / batchFiles);
  if (given !== undefined && /^[1-9][0-9]*$/.test(given)) return Math.max(1, Math.min(Number(given), maxThreads, batches));
  if (files < parallelFiles) return 1;
  const { availableParallelism } = createRequire(import.meta.url)('node:os') as typeof import('node:os');
  return Math.max(1, Math.min(availableParallelism(), maxAutoThreads, batches));
}

/** How to start a lint worker: its entry file, and whether it should load the bundle (as its parent does). */
export interface WorkerEntry {
  readonly file: string;
  readonly bundled: boolean;
}

/**
 * The worker entry for this build: src/cli/start/lint-worker.cts, which loads the bundle when this code is
 * the bundle (there, as CommonJS, __filename is defined; an ES module has none).
 */
function defaultWorkerEntry(): WorkerEntry {
  return { file: join(packageRoot, 'dist', 'src', 'cli', 'start', 'lint-worker.cjs'), bundled: typeof __filename === 'string' };
}

/** What a parallel run needs besides its jobs. */
export interface ParallelPlan {
  /** Threads that lint, the main thread included (at least 2). */
  readonly threads: number;
  readonly options: FileJobOptions;
  /** Takes each report, in the order of the jobs. */
  readonly add: (report: FileReport) => void;
  readonly entry?: WorkerEntry;
  /** Workers started while the arguments were still being expanded (startLintWorkers), used before any others. */
  readonly started?: LintWorkers;
}

interface LintWorker {
  readonly worker: Worker;
  /** Batches sent and not answered yet. */
  readonly pending: Set<number>;
  alive: boolean;
}

/** What a run does with what its workers say: set by lintInParallel once it runs. */
interface WorkerEvents {
  result(lintWorker: LintWorker, result: BatchResult): void;
  lost(lintWorker: LintWorker): void;
}

/**
 * Worker threads that lint, started as soon as a run is known to be long: while the main thread still walks
 * the folders, each loads the bundle on another core, instead of after the walk (some 60 ms: V8 refuses
 * the code caches once tuneForThreads has changed its settings). Until a run listens to them they do
 * not keep the process alive, so a run that ends before using them (an error, a usage refusal) is not held
 * up by them; close() ends them.
 */
export class LintWorkers {
  readonly workers: LintWorker[] = [];
  #events: WorkerEvents | undefined;
  /** What a worker said before a run took them: only a failure can come then, and it is kept. */
  readonly #lostEarly = new Set<LintWorker>();

  constructor(count: number, options: FileJobOptions, entry: WorkerEntry = defaultWorkerEntry()) {
    const { Worker: WorkerThread } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    // Before any worker loads: every thread of a run this long runs under tuneForThreads. After the
    // require: a changed flag makes V8 refuse Node.js's own code cache, and node:worker_threads then took
    // 1.4 ms to load instead of 0.4 ms.
    if (count > 0) tuneForThreads();
    for (let i = 0; i < count; i += 1) {
      let worker: Worker;
      try {
        // Its own standard streams, never read: a worker writes nothing, and the main thread's stay unbuilt.
        worker = new WorkerThread(entry.file, {
          workerData: { bundled: entry.bundled, options },
          stdout: true,
          stderr: true,
          resourceLimits: { maxYoungGenerationSizeMb: workerYoungMb },
        });
      } catch {
        continue;
      }
      const lintWorker: LintWorker = { worker, pending: new Set(), alive: true };
      worker.on('message', (result: BatchResult) => this.#events?.result(lintWorker, result));
      const lost = (): void => {
        if (this.#events === undefined) this.#lostEarly.add(lintWorker);
        else this.#events.lost(lintWorker);
      };
      worker.on('error', lost);
      worker.on('exit', lost);
      // After the listeners: adding a 'message' listener refs the worker again.
      worker.unref();
      this.workers.push(lintWorker);
    }
  }

  /** Hands the workers' events to a run, which waits on them (so they now keep the process alive); a worker lost before is told at once. */
  listen(events: WorkerEvents): void {
    this.#events = events;
    for (const lintWorker of this.workers) lintWorker.worker.ref();
    for (const lintWorker of this.#lostEarly) events.lost(lintWorker);
    this.#lostEarly.clear();
  }

  /** Ends every worker. */
  close(): void {
    for (const lintWorker of this.workers) {
      lintWorker.alive = false;
      void lintWorker.worker.terminate();
    }
  }
}

/** Starts the workers of a long run early (see LintWorkers), or none when the run lints on one thread. */
export function startLintWorkers(env: Readonly<Record<string, string | undefined>>, options: FileJobOptions): LintWorkers | undefined {
  const threads = lintThreads(parallelFiles, env);
  return threads > 1 ? new LintWorkers(threads - 1, options) : undefined;
}

/** How many of a batch's reports list problems. */
function withProblems(reports: readonly FileReport[]): number {
  let count = 0;
  for (const report of reports) if (report.problems.length > 0) count += 1;
  return count;
}

/** Lets the event loop deliver what the workers sent (a message is handled only when the main thread yields). */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Lints the units' jobs over worker threads and the main thread, and hands each report to plan.add in the
 * units' order, as a run on one thread does: the reports of a batch that comes back early wait for the batches
 * before it. Memory stays bounded: no batch is handed out more than a few batches ahead of the first one not
 * reported yet. A worker that cannot start, dies, or meets an error in a file never loses a file: its
 * batches are linted again on the main thread, which then meets any error a single-threaded run would,
 * and throws it as that run does: once every file before the one that threw is reported.
 */
export async function lintInParallel<Unit>(units: readonly Unit[], job: (unit: Unit) => FileJob, plan: ParallelPlan): Promise<void> {
  const batchCount = Math.ceil(units.length / batchFiles);
  const batchOf = (id: number): FileJob[] => units.slice(id * batchFiles, (id + 1) * batchFiles).map(job);
  // Batches end at the first one whose lint threw on this thread; what it threw waits for its turn, as
  // the batches before it may still be out with the workers.
  let end = batchCount;
  const thrown = new Map<number, unknown>();
  const lintHere = (id: number): FileReport[] => {
    const reports: FileReport[] = [];
    try {
      for (const job of batchOf(id)) reports.push(lintJob(job, plan.options));
    } catch (error) {
      thrown.set(id, error);
      end = Math.min(end, id + 1);
    }
    return reports;
  };
  // Reports of batches done and not handed on yet, by batch; batches to lint again on this thread.
  const done = new Map<number, readonly FileReport[]>();
  const redo = new Set<number>();
  // Reports with problems among those held in done: what may be large (problems, a source text).
  let heldWithProblems = 0;
  const hold = (id: number, reports: readonly FileReport[]): void => {
    done.set(id, reports);
    heldWithProblems += withProblems(reports);
  };
  let next = 0;
  let reported = 0;
  let wake: (() => void) | undefined;
  const woken = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  // The workers started early first, then as many more as the plan's threads ask for.
  const pools = plan.started === undefined ? [] : [plan.started];
  const more = plan.threads - 1 - (plan.started?.workers.length ?? 0);
  if (more > 0) pools.push(new LintWorkers(more, plan.options, plan.entry));
  const workers = pools.flatMap((pool) => pool.workers);
  const lost = (lintWorker: LintWorker): void => {
    if (!lintWorker.alive) return;
    lintWorker.alive = false;
    for (const id of lintWorker.pending) redo.add(id);
    lintWorker.pending.clear();
    void lintWorker.worker.terminate();
    woken();
  };
  const result = (lintWorker: LintWorker, message: BatchResult): void => {
    if (!lintWorker.pending.delete(message.id)) return;
    if ('failed' in message) redo.add(message.id);
    else hold(message.id, message.reports);
    woken();
  };
  for (const pool of pools) pool.listen({ result, lost });

  // How far ahead of the first batch not reported the run may go: what bounds the reports held.
  const window = (workers.length + 1) * (batchesPerWorker + 1);
  const mayHandOut = (): boolean => next < end && next - reported < window;
  // The main thread alone goes past the window, up to cleanWindow, and only while the reports with problems
  // it may then hold (those held, every batch out with a worker, and this one) are no more than the window
  // holds: the bound on them stays what it was, and only clean reports are held beyond it.
  const mayLintAhead = (): boolean => {
    if (next >= end || next - reported >= cleanWindow) return false;
    let out = 0;
    for (const lintWorker of workers) out += lintWorker.pending.size;
    return heldWithProblems + (out + 1) * batchFiles <= window * batchFiles;
  };
  try {
    while (reported < batchCount) {
      const ready = done.get(reported);
      if (ready !== undefined) {
        done.delete(reported);
        heldWithProblems -= withProblems(ready);
        for (const report of ready) plan.add(report);
        if (thrown.has(reported)) throw thrown.get(reported);
        reported += 1;
        continue;
      }
      for (const lintWorker of workers) {
        while (lintWorker.alive && lintWorker.pending.size < batchesPerWorker && mayHandOut()) {
          lintWorker.pending.add(next);
          lintWorker.worker.postMessage(batchMessage(next, batchOf(next)));
          next += 1;
        }
      }
      // The main thread lints too: first what a worker lost (the earliest first), else the next batch.
      let mine: number | undefined;
      if (redo.size > 0) {
        mine = Math.min(...redo);
        redo.delete(mine);
      } else if (mayHandOut() || mayLintAhead()) {
        mine = next;
        next += 1;
      }
      if (mine !== undefined) {
        hold(mine, lintHere(mine));
        await yieldToEvents();
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    for (const pool of pools) pool.close();
  }
}
