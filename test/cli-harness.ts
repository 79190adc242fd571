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
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { run } from '../src/cli/run.js';
import { packageRoot } from '../src/paths.js';

/** The installed command. */
export const bin = join(packageRoot, 'dist', 'src', 'cli', 'start', 'bin.cjs');

export interface CliOptions {
  readonly cwd: string;
  /** The environment the command sees; the test process's own when left out. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What a run of the CLI gives: its exit status and its two outputs, as text. */
export interface CliOutcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process, with outputs that are not terminals (as a spawned command's pipes are not). */
export async function runCli(argv: readonly string[], options: CliOptions): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const status = await run(argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
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

interface HostData {
  readonly role: 'cli-host';
  readonly port: MessagePort;
  readonly done: SharedArrayBuffer;
}

interface HostRequest {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

function isHostData(data: unknown): data is HostData {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === 'cli-host';
}

if (isHostData(workerData)) {
  const { port, done } = workerData;
  const flag = new Int32Array(done);
  let answered = true;
  const answer = (outcome: CliOutcome): void => {
    if (answered) return;
    answered = true;
    port.postMessage(outcome);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  // What would end a process of the command with a stack trace ends the run without a status, at once
  // rather than at the time limit.
  const crash = (error: unknown): void => answer({ status: null, stdout: '', stderr: `crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` });
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  port.on('message', ({ argv, cwd, env }: HostRequest) => {
    answered = false;
    runCli(argv, { cwd, env }).then(answer, crash);
  });
}

let host: { worker: Worker; port: MessagePort; flag: Int32Array } | undefined;

function startHost(): NonNullable<typeof host> {
  const { port1, port2 } = new MessageChannel();
  const done = new SharedArrayBuffer(4);
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: 'cli-host', port: port2, done } satisfies HostData, transferList: [port2] });
  // Idle, it must not keep the test process alive.
  worker.unref();
  port1.unref();
  return { worker, port: port1, flag: new Int32Array(done) };
}

/**
 * Runs the CLI through run() in the loaded worker thread; status null, with what happened in stderr, when
 * the run does not end within limitMs or crashes the thread's event loop (an uncaught error).
 */
export function runCliLimited(argv: readonly string[], options: CliOptions, limitMs: number): CliOutcome {
  host ??= startHost();
  const { worker, port, flag } = host;
  Atomics.store(flag, 0, 0);
  port.postMessage({ argv, cwd: options.cwd, env: { ...(options.env ?? process.env) } } satisfies HostRequest);
  if (Atomics.wait(flag, 0, 0, limitMs) === 'timed-out') {
    void worker.terminate();
    host = undefined;
    return { status: null, stdout: '', stderr: `stopped after ${limitMs} ms\n` };
  }
  const reply = receiveMessageOnPort(port);
  if (reply === undefined) throw new Error('the CLI host answered nothing');
  return reply.message as CliOutcome;
}
