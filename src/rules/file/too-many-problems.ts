import { byPosition, problemAt, type LocatedProblem, type Severity } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';
import { validationStopped } from './validation-stopped.js';

/** Default number of problems a file reports before the rest are counted instead of listed. */
export const defaultMaxProblems = 1000;

/**
 * Checks a problem cap given to the library: a positive whole number, or Infinity for none. Throws a
 * TypeError naming the option otherwise; a cap of 0 or NaN would silently hide every finding.
 */
export function checkMaxProblems(value: unknown, name = 'maxProblems'): number {
  if (value === undefined) return defaultMaxProblems;
  if (typeof value === 'number' && (value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value > 0))) return value;
  throw new TypeError(`${name} must be a positive integer or Infinity, not ${typeof value === 'number' ? String(value) : typeof value}`);
}

/** The closing problem of a file whose problems were cut; its severity is that of the worst problem cut. */
export const tooManyProblems = {
  id: 'too-many-problems',
  severity: 'error',
  description: 'A file with more problems than the cap (1,000 unless --max-problems or the maxProblems option says otherwise): the first ones in report order are listed, the rest are counted in this one closing problem. It is an error when any problem cut was an error, else a warning, so that the exit status is the one the whole list would give. A validation-stopped problem is never cut: it says the counts are short.',
  rationale: 'A file of a million wrong values would give a report too large to print or read; the first problems show what is wrong, and the counts say how much more there is.',
  params: {
    limit: 'the cap: how many problems are listed',
    omitted: 'how many problems were cut',
    omittedErrors: 'how many of them were errors',
    omittedWarnings: 'how many of them were warnings',
  },
  /**
   * Cuts problems, sorted in report order, to the first `limit`, and closes the list with one problem
   * counting the rest. A list already cut by an inner stage (a message's body, a page's block) carries
   * its own closing problem: its counts are added, and the list gets one closing problem in all.
   */
  cap(problems: readonly LocatedProblem[], limit: number): LocatedProblem[] {
    let omittedErrors = 0;
    let omittedWarnings = 0;
    let closingAt: LocatedProblem | undefined;
    const listed: LocatedProblem[] = [];
    for (const problem of problems) {
      if (problem.ruleId !== tooManyProblems.id) {
        listed.push(problem);
        continue;
      }
      omittedErrors += Number(problem.params['omittedErrors'] ?? 0);
      omittedWarnings += Number(problem.params['omittedWarnings'] ?? 0);
      if (closingAt === undefined || byPosition(problem, closingAt) < 0) closingAt = problem;
    }
    if (listed.length <= limit && closingAt === undefined) return listed;
    const cut = listed.length > limit ? listed.splice(limit) : [];
    // A validation that stopped says the counts are short of what the file holds: it is listed whatever the cap.
    const stopped: LocatedProblem[] = [];
    for (const problem of cut) {
      if (problem.ruleId === validationStopped.id) stopped.push(problem);
      else if (problem.severity === 'error') omittedErrors += 1;
      else omittedWarnings += 1;
    }
    // Placed where the cut starts, so that the closing problem also sorts after every problem listed: at the
    // earlier of the first problem cut here and the first an inner closing problem counts (a payload's
    // problems come cut, and the scanner's found past that cut are merged in after).
    if (omittedErrors + omittedWarnings === 0 && closingAt === undefined) return [...listed, ...stopped];
    const first = cut[0] !== undefined && (closingAt === undefined || byPosition(cut[0], closingAt) < 0) ? cut[0] : closingAt;
    const at = first ?? listed.at(-1);
    listed.push(tooManyProblems.closing(limit, omittedErrors, omittedWarnings, at), ...stopped);
    return listed;
  },
  /** The closing problem of a list cut at `limit`, at the place of the first problem cut. */
  closing(limit: number, omittedErrors: number, omittedWarnings: number, at: { readonly line: number; readonly column: number } | undefined): LocatedProblem {
    const omitted = omittedErrors + omittedWarnings;
    const severity: Severity = omittedErrors > 0 ? 'error' : 'warning';
    const message = `${omitted} more problems (${omittedErrors} errors, ${omittedWarnings} warnings) are not listed: a file lists at most ${limit} (--max-problems)`;
    return problemAt({ id: tooManyProblems.id, severity }, message, at === undefined ? undefined : { line: at.line, column: at.column }, '', { limit, omitted, omittedErrors, omittedWarnings });
  },
} as const satisfies RuleDefinition;
