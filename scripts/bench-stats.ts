/**
 * How the benchmark measures: commands and functions run in interleaved rounds (A, B, A, B, ...), so that
 * whatever else the machine does falls on both alike, and each figure is a median with its range. A ratio
 * is taken within each round, then summarised the same way.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../src/paths.js';

/** The preload that reports a process's peak RSS on exit (CommonJS: -r costs less than an ES module --import). */
const rssHook = join(packageRoot, 'dist', 'scripts', 'bench-rss-hook.cjs');

/** A median and the range it sits in. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/**
 * A figure's target, as data (a figure's process hands its summary rows to the bench's own as JSON): the
 * median of the ratio is at most, or at least, the limit.
 */
export interface Target {
  readonly text: string;
  readonly limit: number;
  readonly at: 'most' | 'least';
}

/** A line of the bench's closing summary. The ratio is oriented as its target reads. */
export interface SummaryRow {
  readonly figure: string;
  readonly ours: string;
  readonly baseline: string;
  readonly ratio: Spread;
  readonly target?: Target;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('no values to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  // An even count takes the mean of the two middle values rather than favouring either.
  const median = sorted.length % 2 === 1 ? (sorted[Math.floor(middle)] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

/** Per-round values of a over b (or any combination of one round's samples). */
export function perRound<T>(rounds: readonly T[], of: (round: T) => number): Spread {
  return spread(rounds.map(of));
}

/**
 * Runs the steps in turn, round after round, and keeps each round's samples; the warm-up rounds (file
 * cache, JIT) are run the same way and dropped from the figures. Each step is told whether its round is a
 * warm-up, so that it can keep whole output there for checking (see runNode's files option).
 */
export function interleave<Name extends string, Sample>(
  counts: { readonly rounds: number; readonly warmups: number },
  steps: Readonly<Record<Name, (warmup: boolean) => Sample>>,
): { readonly rounds: Array<Record<Name, Sample>>; readonly warmup: Record<Name, Sample> } {
  if (counts.warmups < 1) throw new Error('at least one warm-up round: it is also the one whose output is checked');
  const kept: Array<Record<Name, Sample>> = [];
  let warmup: Record<Name, Sample> | undefined;
  const names = Object.keys(steps) as Name[];
  for (let round = 0; round < counts.warmups + counts.rounds; round += 1) {
    const samples = {} as Record<Name, Sample>;
    for (const name of names) samples[name] = steps[name](round < counts.warmups);
    if (round >= counts.warmups) kept.push(samples);
    else warmup ??= samples;
  }
  return { rounds: kept, warmup: warmup as Record<Name, Sample> };
}

/** One run of a command: wall time in ms, peak RSS in MB when asked for, and what it wrote. */
export interface Run {
  readonly time: number;
  readonly rss: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

/**
 * The environment commands are timed in: this process's, without NODE_EXTRA_CA_CERTS. Node.js 20 reads
 * that file as every process starts (some 40 ms when it names a system's whole bundle, as on the
 * development machine), which adds one constant to both sides of every figure that times processes and
 * hides the commands' own start: the cold start read 1.26x with it there, 1.75x without.
 */
export function timedEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'));
}

/**
 * Runs a Node.js script (process.execPath) with standard output and error on pipes read by this process,
 * as CI logs and hooks read them (or on files: options.files). With rss, the preload reports the peak RSS of the whole process, worker
 * threads included. Exit statuses 0 and 1 (problems found) are results; anything else stops the bench.
 * With asGiven, the command runs in this process's environment as it is, NODE_EXTRA_CA_CERTS included.
 */
export function runNode(args: readonly string[], options: { readonly cwd: string; readonly rss: boolean; readonly files?: boolean; readonly asGiven?: boolean }): Run {
  const argv = options.rss ? ['-r', rssHook, ...args] : [...args];
  // With files, output goes to files instead of pipes: a program that calls process.exit() while its
  // writes to a full pipe are queued (ajv-cli does) loses them, and its output could not be checked.
  const outputs = options.files === true ? mkdtempSync(join(tmpdir(), 'gic-bench-output-')) : undefined;
  const fds = outputs === undefined ? undefined : ([openSync(join(outputs, 'stdout'), 'w'), openSync(join(outputs, 'stderr'), 'w')] as const);
  const start = performance.now();
  // Bytes, decoded after the clock stops: decoding a report of tens of megabytes is the bench's own work,
  // done once the command has ended.
  const result = spawnSync(process.execPath, argv, { cwd: options.cwd, env: options.asGiven === true ? process.env : timedEnvironment(), stdio: ['ignore', fds?.[0] ?? 'pipe', fds?.[1] ?? 'pipe'], maxBuffer: 1024 * 1024 * 1024 });
  const time = performance.now() - start;
  let stdout = result.stdout?.toString('utf8') ?? '';
  let stderr = result.stderr?.toString('utf8') ?? '';
  if (outputs !== undefined && fds !== undefined) {
    for (const fd of fds) closeSync(fd);
    stdout = readFileSync(join(outputs, 'stdout'), 'utf8');
    stderr = readFileSync(join(outputs, 'stderr'), 'utf8');
    rmSync(outputs, { recursive: true, force: true });
  }
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0 && result.status !== 1) throw new Error(`node ${argv.join(' ')} exited ${String(result.status)}: ${stderr.slice(0, 500)}`);
  let rss = NaN;
  if (options.rss) {
    const match = /maxrss=(\d+)\n$/.exec(stderr);
    if (match === null) throw new Error(`node ${argv.join(' ')} reported no peak RSS: ${stderr.slice(-500)}`);
    rss = Number(match[1]) / 1024;
    stderr = stderr.slice(0, match.index);
  }
  return { time, rss, stdout, stderr, status: result.status };
}

export const ms = (value: number): string => (value >= 10_000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 100 ? 1 : 0)} ms`);
export const us = (value: number): string => `${value.toFixed(1)} µs`;
export const mb = (value: number): string => `${value.toFixed(0)} MB`;
export const times = (value: number): string => `${value.toFixed(2)}x`;

export const atMost = (limit: number, text = `at most ${times(limit)}`): Target => ({ text, limit, at: 'most' });
export const atLeast = (limit: number): Target => ({ text: `at least ${times(limit)}`, limit, at: 'least' });
/** Whether a ratio's median meets its target. */
export const met = (target: Target, median: number): boolean => (target.at === 'most' ? median <= target.limit : median >= target.limit);

export const perSecond = (value: number): string => `${(value / 1000).toFixed(0)}k/s`;

/** "median (min–max)" in a unit. */
export function shown(value: Spread, unit: (n: number) => string): string {
  return `${unit(value.median)} (${unit(value.min)}–${unit(value.max)})`;
}
