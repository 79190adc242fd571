import type { Kind } from '../contract/kinds.js';
import type { Problem } from './problem.js';
import type { RuleMeta } from './rule.js';

/** A problem placed in its file: 1-based line and column of the offending value or key. */
export interface LocatedProblem extends Problem {
  readonly line: number;
  readonly column: number;
}

/** A problem of a rule at a line and column (the start of the file unless given), with the rule's severity. */
export function problemAt(rule: RuleMeta, message: string, position: { readonly line: number; readonly column: number } = { line: 1, column: 1 }, pointer = ''): LocatedProblem {
  return { ruleId: rule.id, severity: rule.severity, message, pointer, line: position.line, column: position.column };
}

/** What the linter found in one file. */
export interface FileReport {
  /** Path as shown to the user (relative to the working folder when inside it, with / separators). */
  readonly path: string;
  /** The kind the file was checked as; null when it could not be told or the file could not be read. */
  readonly kind: Kind | null;
  /** Problems sorted by line, then column. */
  readonly problems: readonly LocatedProblem[];
  /** The file's text, kept only when it has problems (for code frames). */
  readonly source?: string;
}

/** Totals of a run. */
export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
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
   * When warnings fail the run too (--strict, --max-warnings), for formats that show passing and failing
   * (JUnit), so that they fail exactly when the exit status does. Absent: only errors fail.
   */
  readonly warnings?: { readonly strict: boolean; readonly max: number | undefined };
  /**
   * Where the paths of the report are relative to (cwd) and the repository root (root), for formats whose
   * readers resolve paths against the repository (SARIF, GitHub annotations). Absent: paths as they are.
   */
  readonly sourceRoot?: { readonly cwd: string; readonly root: string };
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
  file(file: FileReport, index: number, options: FormatOptions): string;
  end(summary: Summary, options: FormatOptions): string;
}

/** The whole-report form of a streaming formatter. */
export function wholeReport(stream: StreamFormatter): Formatter {
  return (report, options) => {
    let text = stream.start(options);
    for (let index = 0; index < report.files.length; index += 1) text += stream.file(report.files[index] as FileReport, index, options);
    return text + stream.end(report.summary, options);
  };
}

/** Counts errors and warnings over the files. */
export function summarize(files: readonly FileReport[]): Summary {
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    for (const problem of file.problems) {
      if (problem.severity === 'error') errors += 1;
      else warnings += 1;
    }
  }
  return { files: files.length, errors, warnings };
}

/** Orders problems as every report lists them: line, column, then rule id. */
export function byPosition(a: LocatedProblem, b: LocatedProblem): number {
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
