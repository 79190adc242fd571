/**
 * The CLI run two ways with one outcome: in this process through its own entry, run() (what the installed
 * command calls with the process's arguments, working folder, environment and outputs), and as the
 * installed command itself (dist/src/cli/start/bin.cjs: the bundle, fd output, the exit status of a real
 * process). In-process runs cost a few milliseconds instead of a process start; what only a process shows
 * (its exit status, the bundle, writes to file descriptors, signals, a hang bounded by a time limit) needs
 * the real command.
 *
 * A run whose point is the CLI's own logic but that must not hang the suite if that logic regresses goes
 * through run() in a worker thread kept loaded from run to run (runCliLimited): the caller waits for it
 * (Atomics.wait) up to a time limit, and a run that outlasts it is stopped with its thread, as spawnSync's
 * timeout stops a process. Only a thread blocked in a system call (opening a FIFO) escapes that: such runs
 * need the real command.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { workerData } from 'node:worker_threads';
import { run } from '../src/cli/run.js';
import { packageRoot } from '../src/paths.js';
import { isSyncWorker, serveSync, syncWorker } from './sync-worker.js';

/** The installed command. */
export const bin = join(packageRoot, 'dist', 'src', 'cli', 'start', 'bin.cjs');

/**
 * A shell step for the reading end of a pipe: it reads nothing until the pipe is full, and 50 ms more, so
 * that what reads after it starts once the command has met a full pipe, whatever the machine's speed. It
 * fails, saying so, when the writer closes the pipe before filling it. Linux; python3 (pre-commit needs it),
 * the system's own where there is one: a version manager's shim on PATH takes some 0.15 s to start it.
 */
export const waitUntilPipeFull = `${existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'} "${join(packageRoot, 'test', 'fixtures', 'pipe', 'wait-until-full.py')}"`;

/** The installed command's loader of the bundle: a CommonJS module, as the bin is, required from the build. */
export const bundleLoaderFile = join(packageRoot, 'dist', 'src', 'cli', 'start', 'bundle-loader.cjs');
export type LoadBundle = typeof import('../src/cli/start/bundle-loader.cjs');

/** The bundle loader itself, required when first asked for. */
export function bundleLoader(): LoadBundle {
  return createRequire(import.meta.url)(bundleLoaderFile) as LoadBundle;
}

export interface CliOptions {
  readonly cwd: string;
  /** The environment the command sees; the test process's own when left out. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Standard output says it is a terminal (runCli only): for the colour decisions a pipe never meets. */
  readonly tty?: boolean;
}

/** What a run of the CLI gives: its exit status and its two outputs, as text. */
export interface CliOutcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in this process, with outputs that are not terminals (as a spawned command's pipes are not).
 * `entry`: the ES modules' run() unless given (the bundle's, as the installed command loads it).
 */
export async function runCli(argv: readonly string[], options: CliOptions, entry: typeof run = run): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const status = await entry(argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty === true },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, stdout, stderr };
}

/** Runs the installed command in a process of its own. */
export function spawnCli(argv: readonly string[], options: CliOptions): CliOutcome {
  const result = spawnSync(process.execPath, [bin, ...argv], { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// ---------------------------------------------------------------------------------------------------------
// runCliLimited: run() in a loaded worker thread, under a time limit.

interface HostRequest {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

if (isSyncWorker(workerData, 'cli-host')) {
  // The answer of the run under way; answering twice, or after the run, does nothing.
  let answer: ((outcome: CliOutcome) => void) | undefined;
  // What would end a process of the command with a stack trace ends the run without a status, at once
  // rather than at the time limit.
  const crash = (error: unknown): void => answer?.({ status: null, stdout: '', stderr: `crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` });
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  serveSync<HostRequest, CliOutcome>(workerData, ({ argv, cwd, env }, reply) => {
    answer = reply;
    runCli(argv, { cwd, env }).then(reply, crash);
  });
}

const cliHost = syncWorker<HostRequest, CliOutcome>(new URL(import.meta.url), 'cli-host');

/**
 * Runs the CLI through run() in the loaded worker thread; status null, with what happened in stderr, when
 * the run does not end within limitMs or crashes the thread's event loop (an uncaught error).
 */
export function runCliLimited(argv: readonly string[], options: CliOptions, limitMs: number): CliOutcome {
  return cliHost({ argv, cwd: options.cwd, env: { ...(options.env ?? process.env) } }, limitMs) ?? { status: null, stdout: '', stderr: `stopped after ${limitMs} ms\n` };
}
