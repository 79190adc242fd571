/**
 * A function of a string, remembered for the strings seen lately. The payload strings rules look at (a
 * resource path, an @odata.type) recur on every notification or identity; the memory is bounded and
 * starts over past `limit` entries, so a hostile stream of distinct strings cannot grow it without end.
 * compute must never return undefined.
 */
export function memoize<T>(compute: (key: string) => T, limit = 1000): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    let value = seen.get(key);
    if (value === undefined) {
      if (seen.size >= limit) seen.clear();
      value = compute(key);
      seen.set(key, value);
    }
    return value;
  };
}
