import { maxDepth } from '../json/limits.js';
import { mapSource, positionOf, scanSource } from '../json/source.js';
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

/**
 * Numbers that might not survive as doubles: 16 or more digits, a decimal point among them or not
 * (9.007199254740993e15), or a number with an exponent (as a JSON number stands: after a colon, comma,
 * bracket or space, so that the hex digits of an id such as 6a3e4c do not count).
 */
const mayLosePrecision = /[0-9][0-9.]{15}|(?:^|[\s:,[])-?[0-9]+(?:\.[0-9]+)?[eE]/;

/** Where each key ends: a string token followed by a colon (string values can match too, never fewer). */
const keyMarks = /"\s*:/g;

/**
 * Whether the text may hold what JSON.parse hides, judged from the parsed value without a second parse:
 * fewer keys than key marks may mean a duplicate key, and the depth is measured here. Only then is the
 * scanner run, so clean files cost parse + validate and little more.
 */
function needsScan(text: string, value: unknown): boolean {
  if (mayLosePrecision.test(text)) return true;
  let keys = 0;
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 1 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, depth } = item;
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) return true;
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    if (!Array.isArray(node)) keys += children.length;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push({ node: child, depth: depth + 1 });
  }
  return (text.match(keyMarks)?.length ?? 0) > keys;
}


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
