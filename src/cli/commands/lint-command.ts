import { resolve } from 'node:path';
import type { FileReport } from '../../model/report.js';
import { loadConfig, type Config } from '../config/config.js';
import type { CliIo } from '../io.js';
import type { LintOptions } from '../options.js';
import { expandPaths, type ExpandedFile } from '../read/expand-paths.js';
import type { FileJob, FileJobOptions } from '../read/lint-job.js';
import { lintInParallel, lintThreads } from '../read/parallel.js';
import { InputGuard, type WrittenFile } from '../report/output-guard.js';
import { openReportSink, stepSummaryFile } from '../report/sink.js';
import { exitCodes, exitStatus, verdict } from '../verdict.js';
import { fixFiles, withFixes } from '../fix-files.js';

/** What a command's arguments expand to: the units it lints (files, folders), and whether any argument was unusable. */
export interface Expanded<Unit> {
  readonly units: readonly Unit[];
  readonly unusable: boolean;
}

/** What sets one linting command apart: how its arguments expand, and how it lints one unit. */
export interface LintCommand<Unit> {
  /** Whether the report may be written while the command runs (see openReportSink). */
  readonly stream: boolean;
  /** Expands the arguments; every file it will read is told to the guard. */
  expand(config: Config, guard: InputGuard): Promise<Expanded<Unit>>;
  /** The reports of one unit, or undefined when it cannot be linted (said on standard error; exit status 2). */
  lint(unit: Unit, config: Config, guard: InputGuard): readonly FileReport[] | undefined;
  /**
   * For a command whose unit is one file and one report, made by lintJob: the unit as a job a worker thread
   * can run, and the options of every job. A long run then spreads its files over threads (read/parallel.ts).
   */
  readonly jobs?: { readonly job: (unit: Unit) => FileJob; readonly options: (config: Config) => FileJobOptions };
}

/** The files a run writes besides standard output: --output, and the step summary the github format appends to. */
function writtenFiles(options: LintOptions, io: CliIo): WrittenFile[] {
  const written: WrittenFile[] = [];
  const { output, format } = options.report;
  if (output !== undefined) written.push({ what: '--output', ...output });
  const summary = stepSummaryFile(format, io.env);
  if (summary !== undefined) written.push({ what: 'GITHUB_STEP_SUMMARY', given: summary, path: resolve(io.cwd, summary) });
  return written;
}

/** The one shape of validate, docs and exchange: expand the arguments, lint each, report, give the exit status. */
export async function runLintCommand<Unit>(options: LintOptions, io: CliIo, command: LintCommand<Unit>): Promise<number> {
  const guard = new InputGuard(writtenFiles(options, io));
  const config = loadConfig(io.cwd, options.config, (path) => guard.add(path));
  const expanded = await command.expand(config, guard);
  const opened = await openReportSink(options.report, io, command.stream, guard);
  // --fix: once the report can be written, the certain fixes before the lint (a dry run prints them before
  // the report), so that the report shows what remains.
  const fixed = options.fix === undefined || command.jobs === undefined ? undefined : fixFiles(expanded.units.map(command.jobs.job), command.jobs.options(config), options.fix, io);
  const sink = withFixes(opened, fixed);
  let unusable = expanded.unusable || fixed?.failed === true;
  const threads = command.jobs === undefined ? 1 : lintThreads(expanded.units.length, io.env);
  if (command.jobs !== undefined && threads > 1) {
    await lintInParallel(expanded.units, command.jobs.job, { threads, options: command.jobs.options(config), add: (report) => sink.add(report) });
  } else {
    for (const unit of expanded.units) {
      const reports = command.lint(unit, config, guard);
      if (reports === undefined) unusable = true;
      else for (const report of reports) sink.add(report);
    }
  }
  const summary = await sink.finish();
  if (summary === undefined || unusable) return exitCodes.unusable;
  return exitStatus(verdict(summary, options.report.limits), io.stderr);
}

/**
 * Expands file arguments (files, folders, patterns), says on standard error which cannot be used, and
 * refuses a run that would write onto an input.
 */
export async function expandFiles(
  options: LintOptions,
  io: CliIo,
  config: Config,
  guard: InputGuard,
  what: { readonly noun: string; readonly extensions?: readonly string[] },
): Promise<Expanded<ExpandedFile>> {
  const { allowEmpty } = options;
  const expansion = await expandPaths(options.inputs, { cwd: io.cwd, config, allowEmpty, ...(what.extensions === undefined ? {} : { extensions: what.extensions }) });
  for (const message of expansion.errors) io.stderr.write(`graph-invite-contract: ${message}\n`);
  for (const file of expansion.files) guard.add(file.path);
  if (expansion.files.length === 0 && expansion.errors.length === 0 && !allowEmpty) {
    // Not an error: a pre-commit hook or lint-staged may pass only files the config ignores (say, only
    // *.expected.json), and the commit must go through.
    io.stderr.write(`graph-invite-contract: every ${what.noun} named is ignored by the config; nothing to lint\n`);
  }
  return { units: expansion.files, unusable: expansion.errors.length > 0 };
}
