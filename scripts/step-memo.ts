/**
 * The results of the generator's costliest steps (the types through json-schema-to-typescript and prettier,
 * ajv's standalone code, the overlay's shape check), kept by their whole input for the life of the process.
 *
 * `npm run generate` computes each once and gains nothing. A process that runs the generator again and again
 * (the tests' script host, which imports the script afresh for every run, so that its own module state
 * starts over) shares this module between runs: an edit of one description then recomputes the types it
 * changes and takes ajv's code and the other profile's types as they were. The steps are pure functions of
 * the key, so a kept result is the one the step would give again.
 */

/** Results kept per step: a few inputs each, the latest ones. */
const kept = new Map<string, Map<string, unknown>>();
const perStep = 4;

/** The result of a step for this input: kept from an earlier run, or computed now and kept. */
export function remembered<T>(step: string, input: string, compute: () => T): T {
  let results = kept.get(step);
  if (results === undefined) kept.set(step, (results = new Map()));
  if (results.has(input)) {
    const result = results.get(input) as T;
    // Latest use last, so that the oldest is dropped first.
    results.delete(input);
    results.set(input, result);
    return result;
  }
  const result = compute();
  results.set(input, result);
  if (results.size > perStep) results.delete(results.keys().next().value as string);
  // A step that fails is not kept: the next run tries again and reports its own failure. Only this very
  // result is let go: dropped meanwhile, its input may hold a later computation's.
  if (result instanceof Promise) result.catch(() => results.get(input) === result && results.delete(input));
  return result;
}
