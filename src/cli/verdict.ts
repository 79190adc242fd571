import type { Severity } from '../model/problem.js';
import { plural } from './plural.js';

/** Exit statuses: scripts rely on them. */
export const exitCodes = { ok: 0, problems: 1, unusable: 2 } as const;

/** What fails a run besides errors: any warning (--strict), or more warnings than --max-warnings. */
export interface WarningLimits {
  readonly strict: boolean;
  readonly max: number | undefined;
}

/** Problem counts of a run (or of one file of it). */
export interface Totals {
  readonly errors: number;
  readonly warnings: number;
}

/** Why a run fails: its errors, its warnings under --strict, or more warnings than --max-warnings allows. */
export type FailReason = 'errors' | 'strict' | 'max-warnings';

/** Whether a run passes and why not: the exit status and the JUnit report both read it, so they agree. */
export interface Verdict {
  readonly pass: boolean;
  /** The first reason that applies, in the order of FailReason; undefined when the run passes. */
  readonly reason: FailReason | undefined;
  /** Severities of which one problem fails the run by itself: errors, and under --strict warnings too. */
  readonly failsAlone: readonly Severity[];
  /** The warning budget, when there is one (--max-warnings; --strict leaves none to spend), and whether it is spent. */
  readonly budget: { readonly max: number; readonly exceeded: boolean } | undefined;
  readonly totals: Totals;
}

/** The one statement of the exit policy. */
export function verdict(totals: Totals, limits: WarningLimits): Verdict {
  const failsAlone: readonly Severity[] = limits.strict ? ['error', 'warning'] : ['error'];
  const budget = limits.strict || limits.max === undefined ? undefined : { max: limits.max, exceeded: totals.warnings > limits.max };
  const reason: FailReason | undefined =
    totals.errors > 0 ? 'errors' : limits.strict && totals.warnings > 0 ? 'strict' : budget?.exceeded === true ? 'max-warnings' : undefined;
  return { pass: reason === undefined, reason, failsAlone, budget, totals };
}

/**
 * The exit status a verdict gives. A run with no errors that fails says why on standard error, so that
 * nobody has to guess from the status alone.
 */
export function exitStatus(judged: Verdict, stderr: { write(text: string): unknown }): number {
  const { reason, budget } = judged;
  const warnings = plural(judged.totals.warnings, 'warning');
  if (reason === 'strict') stderr.write(`graph-invite-contract: ${warnings} with --strict\n`);
  if (reason === 'max-warnings' && budget !== undefined) stderr.write(`graph-invite-contract: ${warnings}, more than --max-warnings ${budget.max}\n`);
  return judged.pass ? exitCodes.ok : exitCodes.problems;
}
