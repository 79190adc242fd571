import type { IdentityVisit, JsonObject, NodeVisit, RuleContext } from '../model/rule.js';

/**
 * Compiles a function that calls each visit with its context, in order, each from a call site of its own.
 * A loop over the visits would make one call site see every rule of every node type; the engine then
 * inlines none of them, and on small payloads that call cost as much as the checks themselves. The
 * source is built from the number of visits only: the visits themselves are passed in as values.
 */
function compile<F>(count: number, parameters: readonly string[], prologue: string, bind: (make: (...values: unknown[]) => F) => F, loop: () => F): F {
  const calls = Array.from({ length: count }, (_, i) => `visit${i}(${parameters.join(', ')}, context${i});`).join(' ');
  const names = Array.from({ length: count }, (_, i) => `visit${i}, context${i}`);
  let make: (...values: unknown[]) => F;
  try {
    // One new function per call of compile: each gets feedback of its own.
    make = new Function(...names, 'before', `return function (${parameters.join(', ')}, depth) { ${prologue} ${calls} };`) as (...values: unknown[]) => F;
  } catch {
    // A process that forbids code from strings (--disallow-code-generation-from-strings) gets the loop:
    // the same calls in the same order, only slower.
    return loop();
  }
  return bind(make);
}

/** (node, depth) => before(depth), then every node visit with its context. */
export function nodeDispatch(visits: readonly NodeVisit[], contexts: readonly RuleContext[], before: (depth: number) => void): (node: JsonObject, depth: number) => void {
  return compile(visits.length, ['node'], 'before(depth);', (make) => make(...visits.flatMap((visit, i) => [visit, contexts[i]]), before), () => (node, depth) => {
    before(depth);
    for (let i = 0; i < visits.length; i += 1) (visits[i] as NodeVisit)(node, contexts[i] as RuleContext);
  });
}

/** (node, key) => every identity visit with its context. */
export function identityDispatch(visits: readonly IdentityVisit[], contexts: readonly RuleContext[]): (node: JsonObject, key: string) => void {
  return compile(visits.length, ['node', 'key'], '', (make) => make(...visits.flatMap((visit, i) => [visit, contexts[i]]), undefined), () => (node, key) => {
    for (let i = 0; i < visits.length; i += 1) (visits[i] as IdentityVisit)(node, key, contexts[i] as RuleContext);
  });
}
