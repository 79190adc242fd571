import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileReport } from '../../model/report.js';
import { loadConfig, type Config } from '../config/config.js';
import type { CliIo } from '../io.js';
import { reportTargets, stdinArgument, type LintOptions, type OutputFile } from '../options.js';
import type { Summary } from '../../model/report.js';
import { Baseline, BaselineWriter, readBaseline } from '../baseline/baseline.js';
import { codeSuffix } from '../failure.js';
import { UsageError } from '../usage.js';
import { forgetStandardInput, standardInputPath } from '../read/read-source.js';
import { expandPaths, standardInputShown, type ExpandedFile, type ManyFiles } from '../read/expand-paths.js';
import type { FileJob, FileJobOptions } from '../read/lint-job.js';
import { lintInParallel, lintThreads, parallelFiles, startLintWorkers, type LintWorkers } from '../read/parallel.js';
import { InputGuard, type WrittenFile } from '../report/output-guard.js';
import { openReportSink, replaceFile, stepSummaryFile, type ReportSink } from '../report/sink.js';
import { exitCodes, exitStatus, verdict } from '../verdict.js';
import { fixFiles, withFixes } from '../fix-files.js';
import { defaultMaxProblems, tooManyProblems } from '../../rules/file/too-many-problems.js';
import { oneLine } from '../one-line.js';

/** What a command's arguments expand to: the units it lints (files, folders). */
export interface Expanded<Unit> {
  readonly units: readonly Unit[];
}

/** Says why a part of the run cannot be done (on standard error), and marks the run failed (exit status 2). */
export type Fail = (cause: string) => void;

/** What sets one linting command apart: how its arguments expand, and how it lints one unit. */
export interface LintCommand<Unit> {
  /** Whether the report may be written while the command runs (see openReportSink). */
  readonly stream: boolean;
  /**
   * Expands the arguments; every file it will read is told to the guard, every argument it cannot use to
   * fail. `many`, when given, is to be called once a folder being walked has shown the run to be long.
   */
  expand(config: Config, guard: InputGuard, fail: Fail, many?: ManyFiles): Promise<Expanded<Unit>>;
  /** The reports of one unit, or undefined when it cannot be linted (told to fail). */
  lint(unit: Unit, config: Config, guard: InputGuard, fail: Fail): readonly FileReport[] | undefined;
  /**
   * For a command whose unit is one file and one report, made by lintJob: the unit as a job a worker thread
   * can run, and the options of every job. A long run then spreads its files over threads (read/parallel.ts).
   */
  readonly jobs?: { readonly job: (unit: Unit) => FileJob; readonly options: (config: Config) => FileJobOptions };
}

/** The files a run writes besides standard output: the reports' files, the step summary the github format appends to, the baseline to write. */
function writtenFiles(options: LintOptions, io: CliIo): WrittenFile[] {
  const written: WrittenFile[] = [];
  const several = options.report.more !== undefined;
  for (const { format, output } of reportTargets(options.report)) {
    if (output !== undefined) written.push({ what: several ? `the ${format} report` : '--output', ...output });
    const summary = stepSummaryFile(format, io.env);
    if (summary !== undefined) written.push({ what: 'GITHUB_STEP_SUMMARY', given: summary, path: resolve(io.cwd, summary) });
  }
  if (options.writeBaseline !== undefined) written.push({ what: '--write-baseline', ...options.writeBaseline });
  return written;
}

/** A thrown failure as the cause a report gives, on one line. */
function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * Whether the run lints every file whole and cuts its list itself: with a baseline, whose accepted problems
 * must leave the list before --max-problems cuts it (or they would fill it and be counted as omitted, and
 * entries beyond the cut would read as absent), and when writing one, which must list every problem.
 */
export function cutsAfterBaseline(options: LintOptions): boolean {
  return options.baseline !== undefined || options.writeBaseline !== undefined;
}

/**
 * The one shape of validate, docs and exchange: expand the arguments, lint each, report, give the exit
 * status. A run that cannot be done whole (exit status 2: a missing path, a pattern that matches nothing, a
 * config or baseline that cannot be read) still writes its reports, saying it failed and why, unless a report
 * would overwrite an input or the command line is refused (a usage error); a thrown error then goes on to
 * run(), which says it as before.
 */
export async function runLintCommand<Unit>(options: LintOptions, io: CliIo, command: LintCommand<Unit>): Promise<number> {
  const guard = new InputGuard(writtenFiles(options, io));
  const causes: string[] = [];
  const fail: Fail = (cause) => {
    io.stderr.write(`graph-invite-contract: ${oneLine(cause)}\n`);
    causes.push(cause);
  };
  let sink: ReportSink | undefined;
  let baseline: Baseline | undefined;
  let summary: Summary | undefined;
  const writer = options.writeBaseline === undefined ? undefined : new BaselineWriter();
  // Standard input is read once, by the main thread: such a run has no workers.
  const jobs = options.inputs.includes(stdinArgument) ? undefined : command.jobs;
  let started: LintWorkers | undefined;
  try {
    if (options.baseline !== undefined) {
      guard.add(options.baseline.path);
      baseline = readBaseline(options.baseline);
      if (baseline.refused.length > 0) {
        io.stderr.write(`graph-invite-contract: --baseline ${oneLine(options.baseline.given)}: its entries of ${baseline.refused.join(', ')} are left out: no baseline accepts a problem that says a file was not checked, or that stands for problems not listed; write the baseline again to drop them\n`);
      }
    }
    const config = loadConfig(io.cwd, options.config, (path) => guard.add(path));
    const many: ManyFiles | undefined = jobs === undefined ? undefined : { files: parallelFiles, then: () => (started ??= startLintWorkers(io.env, jobs.options(config))) };
    const expanded = await command.expand(config, guard, fail, many);
    const reports = await openReportSink(options.report, io, command.stream, guard, fail);
    // --fix: once the reports can be written, the certain fixes before the lint (a dry run prints them before
    // the report), so that the report shows what remains.
    const fixed = options.fix === undefined || command.jobs === undefined ? undefined : fixFiles(expanded.units.map(command.jobs.job), command.jobs.options(config), options.fix, io);
    // Each named, so that every format (json's failure.causes, SARIF's notifications) says which and why.
    for (const file of fixed?.notFixed ?? []) causes.push(`not fixed: ${file}`);
    sink = withFixes(reports, fixed);
    const opened = sink;
    // Reports come whole when a baseline is read or written (cutsAfterBaseline): cut here, after it.
    const cut = cutsAfterBaseline(options) ? options.maxProblems ?? defaultMaxProblems : undefined;
    const add = (report: FileReport): void => {
      writer?.add(report);
      const kept = baseline === undefined ? report : baseline.filter(report);
      opened.add(cut === undefined || kept.problems.length <= cut ? kept : { ...kept, problems: tooManyProblems.cap(kept.problems, cut) });
    };
    const threads = jobs === undefined ? 1 : lintThreads(expanded.units.length, io.env);
    if (jobs !== undefined && threads > 1) {
      await lintInParallel(expanded.units, jobs.job, { threads, options: jobs.options(config), add, ...(started === undefined ? {} : { started }) });
    } else {
      for (const unit of expanded.units) {
        const reports = command.lint(unit, config, guard, fail);
        if (reports !== undefined) for (const report of reports) add(report);
      }
    }
    // An entry of a file this run did not lint is absent only when the file is gone (the same path, from here).
    const exists = (path: string): boolean => path === standardInputShown || existsSync(resolve(io.cwd, path));
    summary = await sink.finish({ ...(causes.length === 0 ? {} : { failure: causes }), ...(baseline === undefined ? {} : { baseline: baseline.outcome(exists) }) });
  } catch (error) {
    // A command line the CLI refuses (a pattern over the limits) writes no report, as one that does not parse.
    if (summary === undefined && !(error instanceof UsageError)) await reportFailure(options, io, command.stream, guard, sink, [...causes, causeOf(error)]);
    throw error;
  } finally {
    started?.close();
    forgetStandardInput();
  }
  if (summary === undefined || causes.length > 0) return exitCodes.unusable;
  if (writer !== undefined && options.writeBaseline !== undefined) {
    if (!writeBaseline(options.writeBaseline, writer, io)) return exitCodes.unusable;
    // Every problem found is now accepted and the run passes (docs/adoption.md), but for those no baseline takes.
    if (writer.leftOut.size === 0) return exitCodes.ok;
    const counts = [...writer.leftOut].map(([ruleId, count]) => `${ruleId} ${count}`).join(', ');
    io.stderr.write(`graph-invite-contract: not written to the baseline (${counts}): these say a file was not checked, or stand for problems not listed; fix the files, ignore them in the config, or raise --max-problems\n`);
    return exitCodes.problems;
  }
  return exitStatus(verdict(summary, options.report.limits), io.stderr);
}

/** Writes the reports of a run that failed, saying why; gives up silently when even that cannot be done (the error says why). */
async function reportFailure(options: LintOptions, io: CliIo, stream: boolean, guard: InputGuard, opened: ReportSink | undefined, failure: readonly string[]): Promise<void> {
  try {
    const sink = opened ?? (await openReportSink(options.report, io, stream, guard));
    await sink.finish({ failure });
  } catch {
    // The guard refused a report's file, or a report could not be written: the run's own error is what is said.
  }
}

/** Writes a baseline atomically; false when it could not be written (said on standard error). */
function writeBaseline(file: OutputFile, writer: BaselineWriter, io: CliIo): boolean {
  try {
    replaceFile(file.path, writer.text());
    return true;
  } catch (error) {
    io.stderr.write(`graph-invite-contract: cannot write the baseline to ${oneLine(file.given)}${codeSuffix(error)}\n`);
    return false;
  }
}

/**
 * Expands file arguments (files, folders, patterns, - for standard input), tells fail which cannot be
 * used, and refuses a run that would write onto an input.
 */
export async function expandFiles(
  options: LintOptions,
  io: CliIo,
  config: Config,
  guard: InputGuard,
  fail: Fail,
  what: { readonly noun: string; readonly extensions?: readonly string[] },
  many?: ManyFiles,
): Promise<Expanded<ExpandedFile>> {
  const { allowEmpty } = options;
  const expansion = await expandPaths(options.inputs, { cwd: io.cwd, config, allowEmpty, stdinPath: options.stdinPath, many, ...(what.extensions === undefined ? {} : { extensions: what.extensions }) });
  for (const message of expansion.errors) fail(message);
  // Only when the run writes a file (the guard does nothing otherwise): a walked file's path is built anew
  // each time it is asked for. Standard input is guarded as the file it reads (- < file) and as the path
  // --stdin-path names, which the report shows as the file linted.
  if (guard.guarding) {
    for (const file of expansion.files) {
      if (file.path !== standardInputPath) guard.add(file.path);
      else {
        guard.addStandardInput();
        if (file.namedAs !== undefined) guard.add(file.namedAs);
      }
    }
  }
  if (expansion.files.length === 0 && expansion.errors.length === 0 && !allowEmpty) {
    // Not an error: a pre-commit hook or lint-staged may pass only files the config ignores (say, only
    // *.expected.json), and the commit must go through; so may a folder of legacy captures ignored whole.
    io.stderr.write(`graph-invite-contract: every ${what.noun} named, or found in the folders and patterns given, is ignored by the config; nothing to lint\n`);
  }
  const outside = expansion.outsideConfig;
  if (outside > 0) {
    // Their kind must then come from --kind or an @odata.type: without this, kind-unknown pointed at a
    // kinds entry the config already had.
    const files = outside === 1 ? `1 ${what.noun} lies` : `${outside} ${what.noun}s lie`;
    io.stderr.write(`graph-invite-contract: ${files} outside ${oneLine(config.root)}, the folder of ${oneLine(String(config.source))}: the config's kinds, ignore and overrides patterns are matched from that folder and never match ${outside === 1 ? 'it' : 'them'}\n`);
  }
  return { units: expansion.files };
}
