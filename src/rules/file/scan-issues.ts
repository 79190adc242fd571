import type { ParseIssue } from '../../json/scanner.js';
import { problemAt, type LocatedProblem } from '../../model/problem.js';
import { duplicateKey } from './duplicate-key.js';
import { jsonSyntax } from './json-syntax.js';
import { nestingTooDeep } from './nesting-too-deep.js';
import { numberPrecision } from './number-precision.js';

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
