/** Small string helpers shared by the readers of .http files, pages and exchanges. */

/** Width of a line's leading white space, in UTF-16 code units. */
export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** True when two ids name the same Graph object: GUIDs are compared without regard to case. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
