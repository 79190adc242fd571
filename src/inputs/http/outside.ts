import { maxDepth } from '../../json/limits.js';
import { scanSourceCapped } from '../../json/scanner.js';
import type { LocatedProblem } from '../../model/problem.js';
import { problemOfOmittedScanIssues, problemOfScanIssue } from '../../rules/file/scan-issues.js';
import { httpSyntax } from '../../rules/http/http-syntax.js';
import { headerOf, type HttpMessage } from './message.js';
import { fromLine, placed, type Place } from './position.js';

/**
 * A message outside the contract (another calling action's request or response): nothing of the invite
 * is asked of it, but its body is still read as JSON text, so that what the scanner finds there (syntax,
 * duplicate keys, lost precision, depth) is reported, placed in the file.
 */
export function lintOutsideMessage(message: HttpMessage, place: Place, maxProblems = Number.POSITIVE_INFINITY): LocatedProblem[] {
  const chunked = httpSyntax.checkChunked(message, headerOf(message, 'Transfer-Encoding'));
  if (chunked !== undefined) return [placed(chunked, place)];
  if (message.body === undefined) return [];
  const bodyPlace = fromLine(place, message.body.line);
  // Past maxProblems the findings are counted, not made, as for a payload (inputs/payload.ts).
  const scan = scanSourceCapped(message.body.text, { maxDepth, maxIssues: maxProblems });
  const problems = scan.issues.map((issue) => placed(problemOfScanIssue(issue), bodyPlace));
  if (scan.omitted !== undefined) problems.push(placed(problemOfOmittedScanIssues(scan.omitted, maxProblems), bodyPlace));
  return problems;
}
