import { maxDepth } from './limits.js';

/**
 * Numbers that might not survive as doubles: 16 or more digits, a decimal point among them or not
 * (9.007199254740993e15), or a number with an exponent (as a JSON number stands: after a colon, comma,
 * bracket or space, so that the hex digits of an id such as 6a3e4c do not count).
 */
const mayLosePrecision = /[0-9][0-9.]{15}|(?:^|[\s:,[])-?[0-9]+(?:\.[0-9]+)?[eE]/;

/** Where each key ends: a string token followed by a colon (string values can match too, never fewer). */
const keyMarks = /"\s*:/g;

/**
 * Whether the text may hold what JSON.parse hides, judged from the parsed value without a second parse:
 * fewer keys than key marks may mean a duplicate key, and the depth is measured here. Only then is the
 * scanner run, so clean files cost parse + validate and little more.
 */
export function needsScan(text: string, value: unknown): boolean {
  if (mayLosePrecision.test(text)) return true;
  let keys = 0;
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 1 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, depth } = item;
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) return true;
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    if (!Array.isArray(node)) keys += children.length;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push({ node: child, depth: depth + 1 });
  }
  return (text.match(keyMarks)?.length ?? 0) > keys;
}
