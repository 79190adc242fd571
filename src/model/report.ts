import type { ApiVersion } from './api-version.js';
import type { Kind } from './kind.js';
import type { LocatedProblem, Problem } from './problem.js';

/** What the linter found in one source (a file, standard input, a page). */
export interface FileReport {
  /** Path as shown to the user (relative to the working folder when inside it, with / separators). */
  readonly path: string;
  /** The kind the file was checked as; null when it could not be told or the file could not be read. */
  readonly kind: Kind | null;
  /**
   * The profile the file's payloads were checked against; absent when the file could not be read, or
   * when a page's exchanges were checked against different ones.
   */
  readonly apiVersion?: ApiVersion;
  /** Problems sorted by line, then column. */
  readonly problems: readonly LocatedProblem[];
  /** --fix: the fixes made in the file before it was linted (with --fix-dry-run, those it would make), by rule id. */
  readonly fixes?: Readonly<Record<string, number>>;
  /** The file's text, kept only when it has problems (for code frames). */
  readonly source?: string;
}

/** What linting a text gives before it is named: a FileReport without its path. */
export type SourceReport = Omit<FileReport, 'path'>;

/** Totals of a run: every problem found, listed or not, as countProblems counts them. */
export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
}

/**
 * Counts every problem found, listed or not. A problem that closes a cut list (too-many-problems, the
 * simulator's too-many-findings) carries the counts of what was cut in its params omittedErrors and
 * omittedWarnings: it adds those instead of itself, so that the totals, and the verdict drawn from them,
 * are the ones the whole list would give.
 */
export function countProblems(problems: readonly Problem[]): Pick<Summary, 'errors' | 'warnings'> {
  let errors = 0;
  let warnings = 0;
  for (const problem of problems) {
    const { omittedErrors, omittedWarnings } = problem.params;
    if (typeof omittedErrors === 'number' && typeof omittedWarnings === 'number') {
      errors += omittedErrors;
      warnings += omittedWarnings;
    } else if (problem.severity === 'error') {
      errors += 1;
    } else {
      warnings += 1;
    }
  }
  return { errors, warnings };
}

/** Counts errors and warnings over the files, as countProblems does. */
export function summarize(files: readonly FileReport[]): Summary {
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const counts = countProblems(file.problems);
    errors += counts.errors;
    warnings += counts.warnings;
  }
  return { files: files.length, errors, warnings };
}
