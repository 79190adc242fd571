/**
 * Runs a built script of the project (the generator, the metadata refresh) as its command line would, in a
 * worker thread that stays loaded from run to run, instead of a process per run.
 *
 * A run imports the script's module afresh (a query on its URL makes it a new module), with process.argv
 * as the command line sets it; what it prints through console (formatted as util.format does: the scripts
 * print text, never coloured values) or process.stdout/stderr is kept; its exit status is what it leaves
 * in process.exitCode (the scripts set it last, as their only way out), and 1 with the stack for an
 * uncaught error, as Node exits. Its dependencies (ajv, the TypeScript generator,
 * prettier) load and warm up once: that is most of a process's cost. The scripts take every input from
 * their arguments and keep no state in those modules, so a run sees nothing of the one before.
 *
 * The call blocks until the run ends (Atomics.wait), so that callers stay synchronous, as with spawnSync;
 * a run that outlasts the limit throws. Runs are one at a time: process.argv belongs to the whole thread.
 */
import { workerData } from 'node:worker_threads';
import { format } from 'node:util';
import { pathToFileURL } from 'node:url';
import { isSyncWorker, serveSync, syncWorker, type SyncWorkerData } from './sync-worker.js';

export interface ScriptRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface Request {
  readonly script: string;
  readonly args: readonly string[];
}

const limitMs = 120_000;

// ---------------------------------------------------------------------------------------------------------
// The worker: runs one script at a time, and answers each run with its outcome.

function serve(data: SyncWorkerData): void {
  let current: { stdout: string; stderr: string; finish: (status: number) => void } | undefined;
  const toStdout = (...values: unknown[]): void => {
    if (current !== undefined) current.stdout += `${format(...values)}\n`;
  };
  const toStderr = (...values: unknown[]): void => {
    if (current !== undefined) current.stderr += `${format(...values)}\n`;
  };
  console.log = console.info = toStdout;
  console.error = console.warn = toStderr;
  const capture = (to: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      if (current !== undefined) current[to] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      rest.find((item): item is () => void => typeof item === 'function')?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  // What would end the process with status 1 ends the run with it.
  const crash = (error: unknown): void => {
    if (current === undefined) return;
    current.stderr += `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
    current.finish(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);

  let runs = 0;
  serveSync<Request, ScriptRun>(data, ({ script, args }, answer) => {
    runs += 1;
    process.argv = [process.execPath, script, ...args];
    process.exitCode = undefined;
    let finished = false;
    const run = {
      stdout: '',
      stderr: '',
      finish: (status: number): void => {
        if (finished) return;
        finished = true;
        current = undefined;
        process.exitCode = undefined;
        answer({ status, stdout: run.stdout, stderr: run.stderr });
      },
    };
    current = run;
    // The script ends when it sets its exit status (after its last await, for the generator).
    const settle = (): void => {
      if (finished) return;
      const status = process.exitCode;
      if (status !== undefined && status !== null) run.finish(Number(status));
      else setImmediate(settle);
    };
    import(`${pathToFileURL(script).href}?run=${runs}`).then(settle, crash);
  });
}

if (isSyncWorker(workerData, 'script-host')) serve(workerData);

// ---------------------------------------------------------------------------------------------------------
// The caller's side.

const scriptHost = syncWorker<Request, ScriptRun>(new URL(import.meta.url), 'script-host', { stdout: true, stderr: true });

/** Runs `node <script> ...args` in the loaded worker: its exit status and what it printed. */
export function runScript(script: string, args: readonly string[]): ScriptRun {
  const run = scriptHost({ script, args }, limitMs);
  if (run === undefined) throw new Error(`${script} ${args.join(' ')} did not finish within ${limitMs / 1000} s`);
  return run;
}
