/**
 * The CLI run two ways with one outcome: in this process through its own entry, run() (what the installed
 * command calls with the process's arguments, working folder, environment and outputs), and as the
 * installed command itself (dist/src/cli/start/bin.cjs: the bundle, fd output, the exit status of a real
 * process). In-process runs cost a few milliseconds instead of a process start; what only a process shows
 * (its exit status, the bundle, writes to file descriptors, signals, a hang bounded by a time limit) needs
 * the real command.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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
