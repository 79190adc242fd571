import type { LocatedProblem } from '../../model/problem.js';

/** A 1-based line and column (columns count UTF-16 code units, as every located problem does). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Maps a position inside a text taken out of a file (a code block, a message body) to the file. */
export type Place = (position: Position) => Position;

/** The place of a text that is the whole file. */
export const wholeFile: Place = (position) => position;

/** The place of a text that starts at column 1 of line `first` of an outer text. */
export function fromLine(outer: Place, first: number): Place {
  return ({ line, column }) => outer({ line: first + line - 1, column });
}

/**
 * The same problem at its position in the file. A problem that names a second place (duplicate-key: where
 * the first occurrence is; json-syntax: where the unclosed container or string opened), in params and in its
 * message, has that moved too.
 */
export function placed(problem: LocatedProblem, place: Place): LocatedProblem {
  const { line, column } = place(problem);
  const { firstLine, firstColumn } = problem.params;
  if (typeof firstLine !== 'number' || typeof firstColumn !== 'number') return { ...problem, line, column };
  const first = place({ line: firstLine, column: firstColumn });
  // The place is the last line:column of the message (what precedes it, a key say, may hold the same text).
  const written = `${firstLine}:${firstColumn}`;
  const at = problem.message.lastIndexOf(written);
  const message = at < 0 ? problem.message : `${problem.message.slice(0, at)}${first.line}:${first.column}${problem.message.slice(at + written.length)}`;
  return { ...problem, message, params: { ...problem.params, firstLine: first.line, firstColumn: first.column }, line, column };
}
