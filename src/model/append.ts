/**
 * Appends items one by one. push(...items) passes every item as an argument and overflows the stack once
 * a payload yields some hundred thousand problems; this never does.
 */
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}
