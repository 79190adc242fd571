import { scanSourceCapped, type CappedIssueKind, type CappedScan, type ParseIssue } from '../../json/scanner.js';
import { problemAt, type LocatedProblem, type Severity } from '../../model/problem.js';
import { duplicateKey } from './duplicate-key.js';
import { jsonSyntax } from './json-syntax.js';
import { nestingTooDeep } from './nesting-too-deep.js';
import { numberPrecision } from './number-precision.js';
import { tooManyProblems } from './too-many-problems.js';

/** The rule of each kind of finding of the JSON scanner. */
const ruleOfIssue = {
  syntax: jsonSyntax,
  'too-deep': nestingTooDeep,
  'duplicate-key': duplicateKey,
  'number-precision': numberPrecision,
} as const;

/** A finding of the JSON scanner as the problem of its rule. */
export function problemOfScanIssue(issue: ParseIssue): LocatedProblem {
  return problemAt(ruleOfIssue[issue.kind], issue.message, issue.position, issue.pointer ?? '', issue.params);
}

/** The severity of each kind of finding a capped scan may count: its rule's. */
const cappedSeverity: Readonly<Record<CappedIssueKind, Severity>> = { 'duplicate-key': duplicateKey.severity, 'number-precision': numberPrecision.severity };

/**
 * The findings a capped scan counted instead of keeping (scanSourceCapped), as the closing problem of a
 * list cut at `limit`, at the first of them: tooManyProblems.cap adds its counts to those of any other cut.
 */
function problemOfOmittedScanIssues(omitted: NonNullable<CappedScan['omitted']>, limit: number): LocatedProblem {
  let errors = 0;
  let warnings = 0;
  for (const kind of ['duplicate-key', 'number-precision'] as const) {
    if (cappedSeverity[kind] === 'error') errors += omitted.counts[kind];
    else warnings += omitted.counts[kind];
  }
  return tooManyProblems.closing(limit, errors, warnings, omitted.position);
}

/**
 * What scanning a text finds (scanSourceCapped), as problems: past maxProblems, the findings are counted in
 * one closing problem instead of each being made (the list is cut there anyway, and they come in the text's
 * order, so the ones kept are the ones a cut of all of them keeps). Past `ceiling` too: under rule settings
 * the list is cut only after settling (maxProblems Infinity), and the findings past the validation's
 * ceiling are then counted at their rules' own severities.
 */
export function scanProblems(text: string, maxDepth: number, maxProblems: number, ceiling = Number.POSITIVE_INFINITY): LocatedProblem[] {
  const limit = Math.min(maxProblems, ceiling);
  const scan = scanSourceCapped(text, { maxDepth, maxIssues: limit });
  const problems = scan.issues.map(problemOfScanIssue);
  if (scan.omitted !== undefined) problems.push(problemOfOmittedScanIssues(scan.omitted, limit));
  return problems;
}
