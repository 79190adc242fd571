import { accessSync, appendFileSync, chmodSync, closeSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, constants, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { countProblems, type FileReport, type Summary } from '../../model/report.js';
import { rules } from '../../rules/index.js';
import { loadFormatter, type FormatName } from '../formatters/index.js';
import type { FormatOptions, RunOutcome } from '../formatters/types.js';
import { codeSuffix, errorCode, RunFailure } from '../failure.js';
import type { CliIo } from '../io.js';
import { reportTargets, type ReportOptions, type ReportTarget } from '../options.js';
import { findSourceRoot } from '../paths/source-root.js';
import { toolVersion } from '../tool-version.js';
import { verdict } from '../verdict.js';
import type { InputGuard } from './output-guard.js';
import { oneLine } from '../one-line.js';

/** How much report text the CLI gathers before writing it out (UTF-16 code units). */
const outputBlock = 64 * 1024;

/** Where a linting command's file reports go, one at a time. */
export interface ReportSink {
  add(file: FileReport): void;
  /**
   * Writes what is left, given how the run ended; gives the totals, or undefined when a report could not be
   * written (said on standard error).
   */
  finish(outcome?: RunOutcome): Promise<Summary | undefined>;
}

/** Only stylish draws code frames; the other formats drop each file's text as soon as it is checked. */
export function keepsSource(format: FormatName): boolean {
  return format === 'stylish';
}

/** The report without the file's text. */
function withoutSource(report: FileReport): FileReport {
  if (report.source === undefined) return report;
  const { source: _source, ...rest } = report;
  return rest;
}

/**
 * Colour, on standard output only: the flag, else FORCE_COLOR as Node.js and chalk read it (0 or false
 * off, anything else on, empty included), else a terminal without NO_COLOR and not TERM=dumb.
 */
function colorOn(color: boolean | undefined, output: ReportTarget['output'], io: CliIo): boolean {
  // A report written to a file is never coloured: it is read by tools, or later, not by a terminal.
  if (output !== undefined) return false;
  if (color !== undefined) return color;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  const noColor = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
  // A terminal that says it shows no escapes (TERM=dumb, as Emacs' shell does) gets none, as from Node.js and chalk.
  return io.stdout.isTTY === true && !noColor && io.env['TERM'] !== 'dumb';
}

/** The file the github format appends its step summary to, if any. */
export function stepSummaryFile(format: FormatName, env: CliIo['env']): string | undefined {
  const file = env['GITHUB_STEP_SUMMARY'];
  return format === 'github' && file !== undefined && file !== '' ? file : undefined;
}

/** Writes text, or its parts in order, to a path (opened with flag) or to an open file. */
function writeParts(file: string | number, text: string | readonly string[], flag: string): void {
  if (typeof text === 'string') {
    writeFileSync(file, text, { flag });
    return;
  }
  const fd = typeof file === 'number' ? file : openSync(file, flag);
  try {
    // Through the open file, each part is written after the last (writeFileSync writes it all).
    for (const part of text) writeFileSync(fd, part);
  } finally {
    if (fd !== file) closeSync(fd);
  }
}

/** The longest target name a temporary name repeats: with its dot, pid, random part and .tmp, under 255 bytes. */
const longestStem = 200;

/**
 * Writes a whole file or leaves the previous one as it was: the text goes to a new file in the same folder
 * (same file system, so the rename is atomic), which then replaces the target. A write that fails halfway
 * (disk full, a file size limit) removes the new file. A link is followed: the file it names is replaced.
 * A target that is not a regular file (/dev/null, /dev/stdout, a FIFO) holds no report to keep and must
 * never be replaced by one: it is written to as it is. The text may come in parts, written in order: a
 * report can be longer than the longest string V8 can make (about 512 MiB).
 */
export function replaceFile(path: string, text: string | readonly string[]): void {
  let stat: Stats | undefined;
  try {
    stat = statSync(path);
  } catch (error) {
    // Not there yet (or a dangling link, which the new file replaces).
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  if (stat !== undefined && !stat.isFile() && !stat.isDirectory()) {
    writeParts(path, text, 'w');
    return;
  }
  const target = stat === undefined ? path : realpathSync(path);
  const mode = stat === undefined ? undefined : stat.mode & 0o7777;
  // node:crypto is loaded here only: with the stream stack it builds on, loading it cost every start some 5 ms.
  // (require, not import(): the bundled CLI runs in a vm.Script, where import() has no loader to call.)
  const { randomBytes } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  // Named after the target, unless that would pass the 255 bytes a name may have (the target may be near them).
  const stem = Buffer.byteLength(basename(target)) > longestStem ? 'report' : basename(target);
  const temporary = join(dirname(target), `.${stem}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeParts(temporary, text, 'wx');
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created, or already renamed.
    }
    throw error;
  }
}

/** One report of the run: fed each file, then rendered and written once at the end. */
interface TargetSink {
  add(file: FileReport): void;
  /**
   * Renders what is left of the report (nothing is written to a file yet). Called again (the run failed
   * after it), it renders that end anew, in place of the first.
   */
  render(summary: Summary, outcome: RunOutcome): Promise<void>;
  /** Writes it; false when it could not be written (said on standard error). */
  write(summary: Summary): Promise<boolean>;
}

/**
 * A limit of the engine met while a report's text was made (a string longer than V8's longest, about
 * 512 MiB, or a stack too deep) as the run's failure, naming the report: no program error, and no
 * "internal error". Any other error is left as it is.
 */
function unmadeReport(format: FormatName, error: unknown): unknown {
  if (!(error instanceof RangeError)) return error;
  if (!/invalid string length/i.test(error.message)) return new RunFailure(`the ${format} report cannot be made: ${error.message}`);
  // SARIF and JUnit build one text of the whole report; the others are written in parts, each far shorter.
  const whole = format === 'sarif' || format === 'junit';
  const what = whole ? 'it is made as one text, which would be' : 'a text of it would be';
  const instead = whole ? '; --format json or stylish is written in parts' : '';
  return new RunFailure(`the ${format} report cannot be made: ${what} longer than the longest Node.js can hold (${error.message})${instead}`);
}

/**
 * One report of a linting command. A format that can stream turns each file into text as the file comes
 * and keeps nothing else of it (memory stays flat however many files there are): to standard output the
 * text goes out in blocks as it grows; for a file it is gathered and the file written once at the end,
 * into a new file that replaces the old one, so that an interrupted or failed run leaves the previous report
 * whole. A format that cannot stream keeps the reports for the end. stream: false keeps them all the same,
 * for a command that writes progress to standard error as it goes (docs: the report must not cut into it)
 * or that learns only while it runs whether a report's file is one of its inputs (exchange).
 */
async function openTargetSink(target: ReportTarget, options: ReportOptions, io: CliIo, stream: boolean): Promise<TargetSink> {
  const { format, output } = target;
  const color = colorOn(options.color, output, io);
  const loaded = await loadFormatter(format);
  const streaming = stream ? loaded.stream : undefined;
  const keepSource = keepsSource(format);
  // Only the formats read against a repository look for its root.
  const sourceRoot = format === 'sarif' || format === 'github' ? { cwd: io.cwd, root: findSourceRoot(io.cwd, io.env) } : undefined;
  const formatOptions: FormatOptions = {
    color,
    rules,
    // Read from package.json only by a format that names the tool's version (SARIF).
    get toolVersion() {
      return toolVersion();
    },
    verdict: (totals) => verdict(totals, options.limits),
    ...(sourceRoot === undefined ? {} : { sourceRoot }),
  };
  const summaryFile = stepSummaryFile(format, io.env);
  const stepSummary = summaryFile !== undefined;

  // Kept to the end: every report for a format that needs the whole, else those the step summary lists.
  const keptFiles: FileReport[] = [];
  let files = 0;
  // Text not written yet: the block being filled, and, for a file, the blocks before it, in order (one
  // string for a whole report could be longer than V8's longest). To standard output each block goes out
  // when full: a write per file cost more time than the checks of a small file.
  let block = '';
  const blocks: string[] = [];
  const flush = (text: string): void => {
    if (output === undefined) io.stdout.write(text);
    else blocks.push(text);
  };
  const write = (text: string): void => {
    if (text.length >= outputBlock) {
      // A long text is a block of its own: added to another, the two could pass V8's longest string.
      if (block !== '') flush(block);
      flush(text);
      block = '';
      return;
    }
    block += text;
    if (block.length >= outputBlock) {
      flush(block);
      block = '';
    }
  };
  // What render made, kept apart from the files' text, so that a render made again replaces it.
  let ending: string[] = [];
  // A report whose text an error cut (halfway through a file, or its end): it is never written, so that
  // --output keeps the previous report whole rather than a report cut short.
  let cut = false;
  // The run's failure, known at render: the step summary says it too.
  let finalFailure: readonly string[] | undefined;

  return {
    add(file) {
      if (cut) return;
      try {
        if (streaming === undefined) {
          keptFiles.push(keepSource ? file : withoutSource(file));
        } else {
          if (files === 0) write(streaming.start(formatOptions));
          const text = streaming.file(file, files, formatOptions);
          if (typeof text === 'string') write(text);
          else for (const part of text) write(part);
          if (stepSummary && file.problems.length > 0) keptFiles.push(withoutSource(file));
        }
      } catch (error) {
        cut = true;
        throw unmadeReport(format, error);
      }
      files += 1;
    },
    async render(summary, outcome) {
      finalFailure = outcome.failure;
      if (cut) return;
      // The outcome is known only now: the end of the report, or the whole of it, is given it.
      const endOptions: FormatOptions = outcome.failure === undefined && outcome.baseline === undefined ? formatOptions : Object.assign(Object.create(formatOptions) as FormatOptions, { outcome });
      try {
        if (streaming === undefined) ending = [loaded.whole({ files: keptFiles, summary }, endOptions)];
        else ending = files === 0 ? [streaming.start(formatOptions), streaming.end(summary, endOptions)] : [streaming.end(summary, endOptions)];
      } catch (error) {
        cut = true;
        throw unmadeReport(format, error);
      }
    },
    async write(summary) {
      if (cut) return false;
      if (output === undefined) {
        const rest = block + ending.join('');
        if (rest !== '') io.stdout.write(rest);
      } else {
        try {
          replaceFile(output.path, [...blocks, block, ...ending]);
        } catch (error) {
          io.stderr.write(`graph-invite-contract: cannot write the report to ${oneLine(output.given)}${codeSuffix(error)}\n`);
          return false;
        }
      }
      block = '';
      blocks.length = 0;
      ending = [];
      if (summaryFile !== undefined) {
        const { githubStepSummary } = await import('../formatters/github.js');
        try {
          appendFileSync(resolve(io.cwd, summaryFile), githubStepSummary({ files: keptFiles, summary }, finalFailure));
        } catch (error) {
          io.stderr.write(`graph-invite-contract: cannot append the step summary to ${oneLine(summaryFile)}${codeSuffix(error)}\n`);
          return false;
        }
      }
      return true;
    },
  };
}

/** Why a report cannot be written into the folder of `path` (missing, not a folder, no permission), or undefined. */
function unwritableFolder(path: string): string | undefined {
  try {
    accessSync(dirname(path), constants.W_OK);
    return undefined;
  } catch (error) {
    return `its folder cannot be written to${codeSuffix(error)}`;
  }
}

/**
 * The sink of every linting command: each file goes to every report the run asks for (--format, once or
 * several times). At the end every report is rendered, the guard refuses a file the run has read before
 * any is written, and each is written once.
 */
export async function openReportSink(options: ReportOptions, io: CliIo, stream: boolean, guard: InputGuard, fail?: (cause: string) => void): Promise<ReportSink> {
  // A report file whose folder cannot be written to is said before the run, as a cause of its failure, so
  // that every other report says the run failed; found only at the end, they had been written as a success.
  const writable = reportTargets(options).filter(({ output }) => {
    const why = output === undefined || fail === undefined ? undefined : unwritableFolder(output.path);
    if (why !== undefined) fail?.(`cannot write the report to ${output?.given}: ${why}`);
    return why === undefined;
  });
  const targets = await Promise.all(writable.map((target) => openTargetSink(target, options, io, stream)));
  const totals = { files: 0, errors: 0, warnings: 0 };
  return {
    add(file) {
      const counts = countProblems(file.problems);
      totals.errors += counts.errors;
      totals.warnings += counts.warnings;
      for (const target of targets) target.add(file);
      totals.files += 1;
    },
    async finish(outcome = {}) {
      const summary: Summary = { ...totals };
      for (const target of targets) await target.render(summary, outcome);
      guard.check();
      let written = true;
      for (const target of targets) if (!(await target.write(summary))) written = false;
      return written ? summary : undefined;
    },
  };
}
