/**
 * Runs the uvu test files over several processes at once, and adds up their results.
 *
 *   node dist/scripts/run-tests.js <dir> [pattern] [-i ignore]... [--jobs N]
 *
 * The files are those `uvu <dir> [pattern] -i ignore` would run (uvu's own parse lists them). Each worker
 * process runs one file at a time with uvu's own runner and takes the next from a shared queue, longest
 * first by the durations in test/durations.json (a file not listed there counts as short), so that a slow
 * file never starts last. A file's output is printed whole, failures and all, once it is done; the end is
 * uvu's summary over every file: Total, Passed, Skipped (.ci/run reads the last Total and Passed).
 * A file that cannot be loaded, or whose worker dies before the file ends, counts as one failed test.
 * The exit status is 1 when anything failed. TEST_DURATIONS=1 prints each file's time, to keep in
 * test/durations.json.
 *
 * Files share a worker process as they share uvu's single process: modules load once per worker. The
 * workers run without NODE_EXTRA_CA_CERTS, kept aside for the tests that need it (scripts/test-environment.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, type Suite } from 'uvu/parse';
import { packageRoot } from '../src/paths.js';
import { withoutExtraCaCerts } from './test-environment.js';

/** What a worker sends back: output as it is written, then the end of a file. */
type WorkerMessage =
  | { readonly type: 'output'; readonly text: string }
  | { readonly type: 'done'; readonly failed: boolean; readonly error?: string };

/** What the parent sends a worker: a file to run. */
interface RunMessage {
  readonly name: string;
  readonly file: string;
}

interface Counts {
  total: number;
  passed: number;
  skipped: number;
}

const workerFlag = '--run-tests-worker';

// ---------------------------------------------------------------------------------------------------------
// Worker: runs the files it is handed, one after another, with uvu's runner.

async function worker(): Promise<void> {
  // As uvu's own runner does: tests are queued while a file loads, and run by exec().
  const globals = globalThis as unknown as { UVU_DEFER: number; UVU_QUEUE: unknown[][]; UVU_INDEX: number };
  globals.UVU_DEFER = 1;
  globals.UVU_QUEUE = [];
  const uvu = await import('uvu');
  // uvu's colours are settled when it loads (kleur reads FORCE_COLOR then); the tests and the commands they
  // run must not inherit it, since the CLI honours FORCE_COLOR as Node.js and chalk do.
  delete process.env['FORCE_COLOR'];
  const send = (message: WorkerMessage): void => {
    process.send?.(message);
  };
  // uvu writes through process.stdout.write: its output, and the tests' own, goes to the parent, file by file.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    send({ type: 'output', text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8') });
    const callback = rest.find((item): item is () => void => typeof item === 'function');
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  let chain = Promise.resolve();
  // While a file runs, the channel to the parent must not keep the process alive: a test that waits on
  // something that never comes ends the process, as it ends uvu's (which says "Exiting early"), instead of
  // hanging the run. Between files the channel holds it, waiting for the next one.
  const channel = (process as { channel?: { ref(): void; unref(): void } }).channel;
  process.on('message', (message: RunMessage) => {
    chain = chain.then(async () => {
      globals.UVU_QUEUE = [[message.name]];
      globals.UVU_INDEX = 0;
      process.exitCode = 0;
      channel?.unref();
      try {
        await import(pathToFileURL(message.file).href);
        await uvu.exec();
        send({ type: 'done', failed: process.exitCode !== 0 });
      } catch (error) {
        send({ type: 'done', failed: true, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
      channel?.ref();
      process.exitCode = 0;
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Parent: lists the files, hands them out, prints and adds up.

interface Arguments {
  readonly dir: string;
  readonly pattern: string | undefined;
  readonly ignore: readonly string[];
  readonly jobs: number;
}

function parseArguments(argv: readonly string[]): Arguments {
  const positional: string[] = [];
  const ignore: string[] = [];
  let jobs = availableParallelism();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === '-i' || argument === '--ignore') {
      ignore.push(argv[(index += 1)] ?? '');
    } else if (argument === '--jobs' || argument === '-j') {
      jobs = Number(argv[(index += 1)]);
      if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs takes a whole number of at least 1`);
    } else {
      positional.push(argument);
    }
  }
  const [dir = '.', pattern] = positional;
  return { dir, pattern, ignore, jobs };
}

/** Past durations of the test files, in seconds: only their order matters. */
function pastDurations(): Readonly<Record<string, number>> {
  try {
    return JSON.parse(readFileSync(join(packageRoot, 'test', 'durations.json'), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

/** The test counts at the end of one file's uvu output; the rest of the output is returned to print. */
function splitSummary(output: string): { body: string; counts: Counts | undefined } {
  const at = output.lastIndexOf('\n  Total:');
  if (at < 0) return { body: output, counts: undefined };
  const plain = output.slice(at).replace(/\x1B\[[0-9;]*[A-Za-z]/g, '');
  const number = (label: string): number | undefined => {
    const match = new RegExp(`${label}:\\s+(\\d+)`).exec(plain);
    return match === null ? undefined : Number(match[1]);
  };
  const total = number('Total');
  const passed = number('Passed');
  const skipped = number('Skipped');
  if (total === undefined || passed === undefined || skipped === undefined) return { body: output, counts: undefined };
  return { body: output.slice(0, at), counts: { total, passed, skipped } };
}

function format(milliseconds: number): string {
  return `${milliseconds.toFixed(2)}ms`;
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseArguments(argv);
  // As uvu's command does by default (-c): colour on, for the tests' processes as well as for the report.
  process.env['FORCE_COLOR'] = '1';
  const { suites } = await parse(options.dir, options.pattern, { ignore: [...options.ignore] });
  // A pattern that selects nothing must not pass as a clean run of no tests.
  if (suites.length === 0) throw new Error(`no test file in ${options.dir} matches ${String(options.pattern)}`);
  const durations = pastDurations();
  const queue = [...suites].sort((a, b) => (durations[b.name] ?? 0) - (durations[a.name] ?? 0) || a.name.localeCompare(b.name));
  const totals: Counts = { total: 0, passed: 0, skipped: 0 };
  const failedFiles: string[] = [];
  const fileTimes: Array<readonly [string, number]> = [];
  const start = performance.now();
  const script = new URL(import.meta.url);

  const finish = (suite: Suite, output: string, failed: boolean, began: number, error?: string): void => {
    const { body, counts } = splitSummary(output);
    let text = body.replace(/\n+$/, '');
    if (error !== undefined) text += `\n\n  ${suite.name} could not run:\n${error}`;
    process.stdout.write(`${text}\n\n`);
    fileTimes.push([suite.name, (performance.now() - began) / 1000]);
    if (counts === undefined) {
      // Loading the file, or its worker, failed before uvu counted: one failed test stands for it.
      totals.total += 1;
      failedFiles.push(suite.name);
      return;
    }
    totals.total += counts.total;
    totals.passed += counts.passed;
    totals.skipped += counts.skipped;
    if (failed || counts.passed + counts.skipped < counts.total) failedFiles.push(suite.name);
  };

  const runWorker = (): Promise<void> =>
    new Promise((resolve) => {
      const child: ChildProcess = fork(script, [workerFlag], { env: withoutExtraCaCerts(process.env), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current: { suite: Suite; output: string; began: number } | undefined;
      const next = (): void => {
        const suite = queue.shift();
        if (suite === undefined) {
          current = undefined;
          // Its IPC channel closed, the worker ends once the file's last handles do.
          child.disconnect();
          return;
        }
        current = { suite, output: '', began: performance.now() };
        child.send({ name: suite.name, file: suite.file } satisfies RunMessage);
      };
      child.on('message', (message: WorkerMessage) => {
        if (current === undefined) return;
        if (message.type === 'output') {
          current.output += message.text;
          return;
        }
        finish(current.suite, current.output, message.failed, current.began, message.error);
        next();
      });
      child.on('exit', (code, signal) => {
        if (current !== undefined) {
          finish(current.suite, current.output, true, current.began, `its worker process ended (${signal ?? `exit status ${code}`}) before the file did`);
          current = undefined;
          // The files still queued get a new worker.
          if (queue.length > 0) {
            void runWorker().then(resolve);
            return;
          }
        }
        resolve();
      });
      next();
    });

  await Promise.all(Array.from({ length: Math.min(options.jobs, Math.max(queue.length, 1)) }, runWorker));

  if (process.env['TEST_DURATIONS'] !== undefined) {
    const sorted = fileTimes.sort((a, b) => b[1] - a[1]);
    process.stdout.write(`${JSON.stringify(Object.fromEntries(sorted.map(([name, seconds]) => [name, Math.round(seconds * 10) / 10])), null, 2)}\n\n`);
  }
  if (failedFiles.length > 0) process.stdout.write(`  Failed files: ${failedFiles.sort().join(', ')}\n`);
  const failed = failedFiles.length > 0 || totals.passed + totals.skipped < totals.total;
  process.stdout.write(`\n  Total:     ${totals.total}`);
  process.stdout.write(`\n  Passed:    ${totals.passed}`);
  process.stdout.write(`\n  Skipped:   ${totals.skipped}`);
  process.stdout.write(`\n  Duration:  ${format(performance.now() - start)}\n\n`);
  return failed ? 1 : 0;
}

if (process.argv.includes(workerFlag)) {
  await worker();
} else {
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`run-tests: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
