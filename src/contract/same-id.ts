/** True when two ids name the same Graph object: GUIDs are compared without regard to case. */
export function sameId(a: string, b: string): boolean {
  return idKey(a) === idKey(b);
}

/** What sameId compares of an id: equal keys, the same object. For sets and maps of ids. */
export function idKey(id: string): string {
  return id.toLowerCase();
}
