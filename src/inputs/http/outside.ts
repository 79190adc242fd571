import { maxDepth } from '../../json/limits.js';
import type { LocatedProblem } from '../../model/problem.js';
import { scanProblems } from '../../rules/file/scan-issues.js';
import { httpSyntax } from '../../rules/http/http-syntax.js';
import { headerOf, type HttpMessage } from './message.js';
import { fromLine, placed, type Place } from './position.js';

/**
 * A message outside the contract (another calling action's request or response): nothing of the invite
 * is asked of it, but its body is still read as JSON text, so that what the scanner finds there (syntax,
 * duplicate keys, lost precision, depth) is reported, placed in the file.
 */
export function lintOutsideMessage(message: HttpMessage, place: Place, maxProblems = Number.POSITIVE_INFINITY, ceiling = Number.POSITIVE_INFINITY): LocatedProblem[] {
  const chunked = httpSyntax.checkChunked(message, headerOf(message, 'Transfer-Encoding'));
  if (chunked !== undefined) return [placed(chunked, place)];
  if (message.body === undefined) return [];
  const bodyPlace = fromLine(place, message.body.line);
  return scanProblems(message.body.text, maxDepth, maxProblems, ceiling).map((problem) => placed(problem, bodyPlace));
}
