/** True when two ids name the same Graph object: GUIDs are compared without regard to case. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
