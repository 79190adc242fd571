import { maxDepth } from '../json/limits.js';
import { needsScan } from '../json/needs-scan.js';
import { scanSourceCapped } from '../json/scanner.js';
import { placePointers } from '../json/placer.js';
import { defaultApiVersion, type ApiVersion } from '../model/api-version.js';
import type { Kind } from '../model/kind.js';
import { append } from '../model/append.js';
import { byPosition, type LocatedProblem, type Problem } from '../model/problem.js';
import type { SourceReport } from '../model/report.js';
import { rules } from '../rules/index.js';
import { fileEmpty } from '../rules/file/file-empty.js';
import { jsonSyntax } from '../rules/file/json-syntax.js';
import { nestingTooDeep } from '../rules/file/nesting-too-deep.js';
import { problemOfScanIssue, scanProblems } from '../rules/file/scan-issues.js';
import { tooManyProblems } from '../rules/file/too-many-problems.js';
import { findingsCeiling, validationStopped } from '../rules/file/validation-stopped.js';
import { problemAt } from '../model/problem.js';
import { validateAs } from '../validate/validate.js';
import { decideKind } from '../contract/decide-kind.js';
import { exactRanges } from '../validate/exact-ranges.js';

/** Where a file position points for each rule: the value, or the key for rules about a property's presence. */
const locateByRule = new Map(rules.map((rule) => [rule.id, (Object.hasOwn(rule, 'locate') ? rule.locate : undefined) ?? 'value']));

/** A payload's text linted: its report, and the parsed value when the text is JSON. */
export interface LintedPayload {
  readonly report: SourceReport;
  readonly value?: unknown;
}

/** A problem at its line and column, its fields in the order of problemAt's (a spread costs more). */
function locatedAt(problem: Problem, line: number, column: number): LocatedProblem {
  return { ruleId: problem.ruleId, severity: problem.severity, message: problem.message, pointer: problem.pointer, params: problem.params, line, column };
}

/**
 * The problems of a payload placed at their lines and columns, sorted; past `limit`, only the first
 * `limit` in report order become located problems, and one closing too-many-problems counts the rest.
 * Positions are kept as numbers until the cut is known, so that a file of a million wrong values does not
 * make a million more objects.
 */
function placeProblems(text: string, problems: readonly Problem[], limit: number): LocatedProblem[] {
  const { lines, columns } = placePointers(
    text,
    problems.length,
    (index) => (problems[index] as Problem).pointer,
    (index) => locateByRule.get((problems[index] as Problem).ruleId) === 'key',
  );
  if (problems.length <= limit) return problems.map((problem, index) => locatedAt(problem, lines[index] as number, columns[index] as number)).sort(byPosition);
  const order = Array.from(problems.keys()).sort((a, b) => {
    const ruleA = (problems[a] as Problem).ruleId;
    const ruleB = (problems[b] as Problem).ruleId;
    return (lines[a] as number) - (lines[b] as number) || (columns[a] as number) - (columns[b] as number) || (ruleA < ruleB ? -1 : ruleA > ruleB ? 1 : 0);
  });
  const located: LocatedProblem[] = order.slice(0, limit).map((index) => locatedAt(problems[index] as Problem, lines[index] as number, columns[index] as number));
  let errors = 0;
  for (let at = limit; at < order.length; at += 1) if ((problems[order[at] as number] as Problem).severity === 'error') errors += 1;
  const first = order[limit] as number;
  located.push(tooManyProblems.closing(limit, errors, order.length - limit - errors, { line: lines[first] as number, column: columns[first] as number }));
  return located;
}

/**
 * Lints the JSON text of one payload: parse, look for what JSON.parse hides, validate, place the problems
 * at their lines and columns. `parsed` is the value of JSON.parse(text) when the caller already has it.
 * Past `maxProblems` (none unless given), the problems are cut as too-many-problems says. The payload is
 * checked against the `apiVersion` profile (beta unless given). Validation stops past `ceiling` findings
 * (validation-stopped), by default the one that goes with maxProblems.
 * Never throws for any text.
 */
export function lintPayload(
  text: string,
  kind: Kind | undefined,
  parsed?: { readonly value: unknown },
  maxProblems = Number.POSITIVE_INFINITY,
  apiVersion: ApiVersion = defaultApiVersion,
  ceiling = findingsCeiling(maxProblems),
): LintedPayload {
  return lintText(text, kind, parsed, maxProblems, apiVersion, true, ceiling);
}

/**
 * lintPayload's report alone, for a caller that has no use for the parsed value: the value is let go once
 * validated, before the problems are placed. Placing the 100,000 problems of a 51 MB roster then runs with
 * its 30 MB or so of objects no longer held: the full collection it meets marks that much less, and peak
 * memory was 200 MB rather than 240.
 */
export function lintPayloadReport(
  text: string,
  kind: Kind | undefined,
  maxProblems = Number.POSITIVE_INFINITY,
  apiVersion: ApiVersion = defaultApiVersion,
  ceiling = findingsCeiling(maxProblems),
  fallbackKind?: Kind,
): SourceReport {
  return lintText(text, kind, undefined, maxProblems, apiVersion, false, ceiling, fallbackKind).report;
}

/** fallbackKind: the kind assumed when neither kind nor the payload's @odata.type names one (decideKind's fallback). */
function lintText(text: string, given: Kind | undefined, parsed: { readonly value: unknown } | undefined, maxProblems: number, apiVersion: ApiVersion, keepValue: boolean, ceiling: number, fallbackKind?: Kind): LintedPayload {
  const empty = fileEmpty.check(text);
  if (empty !== undefined) return { report: { kind: null, problems: [empty], source: text } };
  let value: unknown;
  try {
    value = parsed === undefined ? JSON.parse(text) : parsed.value;
  } catch {
    // Only the syntax error (or the depth) is wanted: the duplicate keys and lossy numbers before it are counted, not made.
    const issues = scanSourceCapped(text, { maxDepth, maxIssues: 0 }).issues.filter((issue) => issue.kind === 'syntax' || issue.kind === 'too-deep');
    // The scanner and JSON.parse agree on what is JSON; the fallback only guards against a disagreement.
    const problems = issues.length > 0 ? issues.map(problemOfScanIssue) : [problemAt(jsonSyntax, 'the file is not valid JSON')];
    return { report: { kind: null, problems, source: text } };
  }
  const located: LocatedProblem[] = [];
  const scanned = needsScan(text, value);
  if (scanned) {
    append(located, scanProblems(text, maxDepth, maxProblems, ceiling));
    if (located.some((p) => p.ruleId === nestingTooDeep.id)) return { report: { kind: null, problems: tooManyProblems.cap(located.sort(byPosition), maxProblems), source: text }, value };
  }
  // The common path (no fallback) leaves the decision to validateAs, with no sources object.
  const kind = given ?? (fallbackKind === undefined ? undefined : decideKind({ value, fallback: fallbackKind }));
  const result = validateAs(value, kind, apiVersion, ceiling);
  // Numbers from 2^53 on are told by their literals (int64's edge, the numbers quoted): needsScan says whether there may be one.
  const found = scanned && !result.problems.some((p) => p.ruleId === validationStopped.id) ? exactRanges(text, value, kind, apiVersion, result.problems) : result.problems;
  if (found.length === 0 && located.length === 0) return { report: { kind: result.kind, problems: [] }, value };
  // What returns the value keeps it; otherwise this was the last reference the linting held.
  const kept = keepValue ? value : undefined;
  value = undefined;
  const placed = found.length === 0 ? [] : placeProblems(text, found, maxProblems);
  // Placed problems come sorted: only the scanner's need merging in (a copy and a sort of 100,000 problems spared).
  const problems = located.length === 0 ? placed : append(located, placed).sort(byPosition);
  return { report: { kind: result.kind, problems: tooManyProblems.cap(problems, maxProblems), source: text }, value: kept };
}
