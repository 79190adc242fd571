import { createRequire } from 'node:module';
import type { SourceType } from '../../lint/lint.js';
import type { ApiVersion } from '../../model/api-version.js';
import type { Kind } from '../../model/kind.js';
import type { FileReport } from '../../model/report.js';
import type { FsPath } from '../paths/fs-path.js';
import { lintFile } from './lint-file.js';
import { pathText } from '../paths/fs-path.js';
import { settingsResolver, type SettingsPlan } from '../config/rule-settings.js';
import type { RuleSettings } from '../../validate/rule-settings.js';

/** One file to lint, as data a worker thread can be sent: everything about it that was worked out from its path. */
export interface FileJob {
  readonly path: FsPath;
  readonly shown: string;
  readonly type: SourceType;
  /** The kind the flag or the config gives it, if any. */
  readonly kind: Kind | undefined;
  /** Where the config's overrides look for the file, when not at path (standard input named by --stdin-path). */
  readonly namedAs?: string | undefined;
  /** The expansion saw a regular file at the path (see readSource). */
  readonly listed?: boolean | undefined;
}

/** What every file of a run is linted with. */
export interface FileJobOptions {
  readonly maxBytes: number;
  readonly maxProblems: number | undefined;
  readonly keepSource: boolean;
  /** The profile the flag or the config names; undefined: each HTTP request's path, else beta. */
  readonly apiVersion?: ApiVersion | undefined;
  /** The config's rule settings, as data a worker can be sent; undefined when it sets none. */
  readonly settings?: SettingsPlan | undefined;
  /** Reports hold every problem, not cut at maxProblems: the run cuts them after its baseline. */
  readonly uncut?: boolean | undefined;
}

/** The rule settings the config gives a file of the run: from its path, or the name standard input is given. */
export function jobRules(job: FileJob, options: FileJobOptions): RuleSettings | undefined {
  return options.settings === undefined ? undefined : settingsResolver(options.settings)(job.namedAs ?? pathText(job.path));
}

/**
 * Lints one file: the one function the main thread and the worker threads both run, so that their reports
 * are the same. Each works out the file's rule settings from its path and the plan.
 */
export function lintJob(job: FileJob, options: FileJobOptions): FileReport {
  const rules = jobRules(job, options);
  return lintFile(job.path, { type: job.type, kind: job.kind, maxBytes: options.maxBytes, maxProblems: options.maxProblems, keepSource: options.keepSource, apiVersion: options.apiVersion, rules, listed: job.listed, uncut: options.uncut }, job.shown).report;
}

/**
 * A batch of files sent to a worker, numbered in the run's order, column by column: arrays of strings
 * cost far less to copy between threads than as many small objects (a CPU profile of a parallel run had
 * postMessage at several µs a file with objects).
 */
export interface BatchMessage {
  readonly id: number;
  readonly paths: ReadonlyArray<FsPath | Uint8Array>;
  readonly shown: readonly string[];
  readonly types: readonly SourceType[];
  readonly kinds: ReadonlyArray<Kind | undefined>;
  readonly listed: readonly boolean[];
}

/** The message that sends a batch of jobs. */
export function batchMessage(id: number, jobs: readonly FileJob[]): BatchMessage {
  return { id, paths: jobs.map((job) => job.path), shown: jobs.map((job) => job.shown), types: jobs.map((job) => job.type), kinds: jobs.map((job) => job.kind), listed: jobs.map((job) => job.listed === true) };
}

/** A worker's answer: the batch's reports in its order, or that linting threw (the main thread lints it again, and meets the same error). */
export type BatchResult = { readonly id: number; readonly reports: readonly FileReport[] } | { readonly id: number; readonly failed: true };

/** A path as it arrives in a worker: a Buffer is cloned as a plain Uint8Array. */
function asFsPath(path: FsPath | Uint8Array): FsPath {
  return typeof path === 'string' || Buffer.isBuffer(path) ? path : Buffer.from(path.buffer, path.byteOffset, path.byteLength);
}

/**
 * The body of a lint worker thread: lints each batch it is sent with the options it was started with, and
 * answers with the reports. Loaded through src/cli/start/lint-worker.cts, from the bundle or the ES modules.
 */
export function serveLintJobs(): void {
  // require, not import: the bundled CLI runs in a vm.Script, where import() has no loader to call.
  const { parentPort, workerData } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  if (parentPort === null) throw new Error('serveLintJobs runs in a worker thread only');
  const port = parentPort;
  const options = (workerData as { readonly options: FileJobOptions }).options;
  port.on('message', (message: BatchMessage) => {
    let result: BatchResult;
    try {
      const reports: FileReport[] = [];
      for (let i = 0; i < message.paths.length; i += 1) {
        const job: FileJob = { path: asFsPath(message.paths[i] as FsPath | Uint8Array), shown: message.shown[i] as string, type: message.types[i] as SourceType, kind: message.kinds[i], listed: message.listed[i] === true };
        reports.push(lintJob(job, options));
      }
      result = { id: message.id, reports };
    } catch {
      result = { id: message.id, failed: true };
    }
    port.postMessage(result);
  });
}
