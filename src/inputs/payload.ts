import { maxDepth } from '../json/limits.js';
import { needsScan } from '../json/needs-scan.js';
import { scanSource } from '../json/scanner.js';
import { mapSource, positionOf } from '../json/source-map.js';
import type { Kind } from '../contract/kinds.js';
import { append } from '../model/append.js';
import { byPosition, type LocatedProblem } from '../model/problem.js';
import type { SourceReport } from '../model/report.js';
import { rules } from '../rules/index.js';
import { fileEmpty } from '../rules/file/file-empty.js';
import { jsonSyntax } from '../rules/file/json-syntax.js';
import { nestingTooDeep } from '../rules/file/nesting-too-deep.js';
import { problemOfScanIssue } from '../rules/file/scan-issues.js';
import { problemAt } from '../model/problem.js';
import { validate } from '../validate/validate.js';

/** Where a file position points for each rule: the value, or the key for rules about a property's presence. */
const locateByRule = new Map(rules.map((rule) => [rule.id, rule.locate ?? 'value']));

/** A payload's text linted: its report, and the parsed value when the text is JSON. */
export interface LintedPayload {
  readonly report: SourceReport;
  readonly value?: unknown;
}

/**
 * Lints the JSON text of one payload: parse, look for what JSON.parse hides, validate, place the problems
 * at their lines and columns. `parsed` is the value of JSON.parse(text) when the caller already has it.
 * Never throws for any text.
 */
export function lintPayload(text: string, kind: Kind | undefined, parsed?: { readonly value: unknown }): LintedPayload {
  const empty = fileEmpty.check(text);
  if (empty !== undefined) return { report: { kind: null, problems: [empty], source: text } };
  let value: unknown;
  try {
    value = parsed === undefined ? JSON.parse(text) : parsed.value;
  } catch {
    const issues = scanSource(text, { maxDepth }).filter((issue) => issue.kind === 'syntax' || issue.kind === 'too-deep');
    // The scanner and JSON.parse agree on what is JSON; the fallback only guards against a disagreement.
    const problems = issues.length > 0 ? issues.map(problemOfScanIssue) : [problemAt(jsonSyntax, 'the file is not valid JSON')];
    return { report: { kind: null, problems, source: text } };
  }
  const located: LocatedProblem[] = [];
  if (needsScan(text, value)) {
    append(located, scanSource(text, { maxDepth }).map(problemOfScanIssue));
    if (located.some((p) => p.ruleId === nestingTooDeep.id)) return { report: { kind: null, problems: located.sort(byPosition), source: text }, value };
  }
  const result = validate(value, kind === undefined ? {} : { kind });
  if (result.problems.length === 0 && located.length === 0) return { report: { kind: result.kind, problems: [] }, value };
  if (result.problems.length > 0) {
    const map = mapSource(text);
    for (const problem of result.problems) located.push({ ...problem, ...positionOf(map, problem.pointer, locateByRule.get(problem.ruleId)) });
  }
  return { report: { kind: result.kind, problems: located.sort(byPosition), source: text }, value };
}
