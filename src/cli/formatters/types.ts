import type { FileReport, Summary } from '../../model/report.js';
import type { RuleMeta } from '../../model/rule.js';
import type { Totals, Verdict } from '../verdict.js';
import type { BaselineOutcome } from '../baseline/baseline.js';

/** What is known of a run only at its end: whether it failed, and what its baseline accepted. */
export interface RunOutcome {
  /** Why the run failed (exit status 2), a cause each; absent when it did not fail. */
  readonly failure?: readonly string[];
  /** Present when a --baseline was given. */
  readonly baseline?: BaselineOutcome;
}

/** Everything a formatter needs: the files in a stable order and the totals. */
export interface Report {
  readonly files: readonly FileReport[];
  readonly summary: Summary;
}

/** Settings of one formatting run. */
export interface FormatOptions {
  /** Use ANSI colours (only on a TTY, never with NO_COLOR). */
  readonly color: boolean;
  /** Every rule, for formats that describe them (SARIF). */
  readonly rules: readonly RuleMeta[];
  /** Version of this tool, for formats that name it. */
  readonly toolVersion: string;
  /**
   * The run's verdict on a set of totals (the exit policy, with --strict and --max-warnings), for formats
   * that show passing and failing (JUnit), so that they fail exactly when the exit status does. Absent:
   * only errors fail.
   */
  readonly verdict?: (totals: Totals) => Verdict;
  /**
   * Where the paths of the report are relative to (cwd) and the repository root (root), for formats whose
   * readers resolve paths against the repository (SARIF, GitHub annotations). Absent: paths as they are.
   */
  readonly sourceRoot?: { readonly cwd: string; readonly root: string };
  /** The run's outcome: given to a whole-report formatter and to a stream's end, never to its start or files. */
  readonly outcome?: RunOutcome;
}

/** A formatter is a pure function: report in, text out. */
export type Formatter = (report: Report, options: FormatOptions) => string;

/**
 * A formatter that can write as the files come, so that a run keeps nothing of a file once its text is
 * out: the text before the files, the text of each file (index counts from 0), and the text after them,
 * given the totals. start, then every file, then end, put together are exactly the whole-report text.
 */
export interface StreamFormatter {
  start(options: FormatOptions): string;
  /** A file's text, or its parts in order: a file of 100,000 problems need not become one string. */
  file(file: FileReport, index: number, options: FormatOptions): string | Iterable<string>;
  end(summary: Summary, options: FormatOptions): string;
}

/** A file's text as one string, whichever form the formatter gave it in. */
export function fileText(text: string | Iterable<string>): string {
  if (typeof text === 'string') return text;
  let whole = '';
  for (const part of text) whole += part;
  return whole;
}

/** The whole-report form of a streaming formatter. */
export function wholeReport(stream: StreamFormatter): Formatter {
  return (report, options) => {
    let text = stream.start(options);
    for (let index = 0; index < report.files.length; index += 1) text += fileText(stream.file(report.files[index] as FileReport, index, options));
    return text + stream.end(report.summary, options);
  };
}

