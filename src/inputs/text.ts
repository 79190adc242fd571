/** A string helper shared by the readers of .http files and pages. */

/** Width of a line's leading white space, in UTF-16 code units. */
export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
