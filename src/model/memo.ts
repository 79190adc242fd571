/**
 * A function of a string, remembered for the strings seen lately. The payload strings rules look at (a
 * resource path, an @odata.type) recur on every notification or identity; the memory is bounded and
 * starts over past `limit` entries, so a hostile stream of distinct strings cannot grow it without end,
 * and strings longer than `longest` are computed each time, so it never holds more than limit × longest
 * characters. compute must never return undefined.
 */
export function memoize<T>(compute: (key: string) => T, limit = 1000, longest = 512): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (key.length > longest) return compute(key);
    let value = seen.get(key);
    if (value === undefined) {
      if (seen.size >= limit) seen.clear();
      value = compute(key);
      seen.set(key, value);
    }
    return value;
  };
}
