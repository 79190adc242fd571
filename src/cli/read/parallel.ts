import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { FileReport } from '../../model/report.js';
import { packageRoot } from '../../paths.js';
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
const batchesPerWorker = 4;

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
}

interface LintWorker {
  readonly worker: Worker;
  /** Batches sent and not answered yet. */
  readonly pending: Set<number>;
  alive: boolean;
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
 * batches are linted again on the main thread, which then meets any error a single-threaded run would.
 */
export async function lintInParallel<Unit>(units: readonly Unit[], job: (unit: Unit) => FileJob, plan: ParallelPlan): Promise<void> {
  const batchCount = Math.ceil(units.length / batchFiles);
  const batchOf = (id: number): FileJob[] => units.slice(id * batchFiles, (id + 1) * batchFiles).map(job);
  const lintHere = (id: number): FileReport[] => batchOf(id).map((job) => lintJob(job, plan.options));
  // Reports of batches done and not handed on yet, by batch; batches to lint again on this thread.
  const done = new Map<number, readonly FileReport[]>();
  const redo = new Set<number>();
  let next = 0;
  let reported = 0;
  let wake: (() => void) | undefined;
  const woken = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  const { Worker: WorkerThread } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const entry = plan.entry ?? defaultWorkerEntry();
  const workers: LintWorker[] = [];
  const lost = (lintWorker: LintWorker): void => {
    if (!lintWorker.alive) return;
    lintWorker.alive = false;
    for (const id of lintWorker.pending) redo.add(id);
    lintWorker.pending.clear();
    void lintWorker.worker.terminate();
    woken();
  };
  for (let i = 1; i < plan.threads; i += 1) {
    let worker: Worker;
    try {
      // Its own standard streams, never read: a worker writes nothing, and the main thread's stay unbuilt.
      worker = new WorkerThread(entry.file, {
        workerData: { bundled: entry.bundled, options: plan.options },
        stdout: true,
        stderr: true,
        resourceLimits: { maxYoungGenerationSizeMb: workerYoungMb },
      });
    } catch {
      continue;
    }
    const lintWorker: LintWorker = { worker, pending: new Set(), alive: true };
    worker.on('message', (result: BatchResult) => {
      if (!lintWorker.pending.delete(result.id)) return;
      if ('failed' in result) redo.add(result.id);
      else done.set(result.id, result.reports);
      woken();
    });
    worker.on('error', () => lost(lintWorker));
    worker.on('exit', () => lost(lintWorker));
    workers.push(lintWorker);
  }

  // How far ahead of the first batch not reported the run may go: what bounds the reports held.
  const window = (workers.length + 1) * (batchesPerWorker + 1);
  const mayHandOut = (): boolean => next < batchCount && next - reported < window;
  try {
    while (reported < batchCount) {
      const ready = done.get(reported);
      if (ready !== undefined) {
        done.delete(reported);
        for (const report of ready) plan.add(report);
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
      } else if (mayHandOut()) {
        mine = next;
        next += 1;
      }
      if (mine !== undefined) {
        done.set(mine, lintHere(mine));
        await yieldToEvents();
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    for (const lintWorker of workers) {
      lintWorker.alive = false;
      void lintWorker.worker.terminate();
    }
  }
}
