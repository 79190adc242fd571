import { denotedInteger } from '../json/number-precision.js';
import { placePointers } from '../json/placer.js';
import { contentStart } from '../json/positions.js';
import { CR, LF } from '../json/chars.js';
import type { ApiVersion } from '../model/api-version.js';
import type { Kind } from '../model/kind.js';
import { escapeToken, pointerTokens, resolvePointer } from '../model/pointer.js';
import { problemOf, type Problem } from '../model/problem.js';
import { outOfRange, valueRange } from '../rules/schema/value-range.js';
import { validateAs } from './validate.js';

/**
 * ±2^63: the double JSON.parse reads for every integer written from 2^63 − 512 up to 2^63 + 1024, and the
 * same below 0. int64's bounds (−2^63 and 2^63 − 1) are among them, so a validator comparing doubles
 * passes 9223372036854775808 or -9223372036854775809 as within int64. Only a number read as exactly this
 * can be out of int64 and still pass; its literal, read in the text, tells.
 */
const edge = 2 ** 63;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** Pointers of the numbers read as ±2^63, in a value JSON.parse made (plain objects and arrays). */
function edgePointers(value: unknown): string[] {
  const found: string[] = [];
  const nodes: unknown[] = [value];
  const pointers: string[] = [''];
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    const pointer = pointers.pop() as string;
    if (typeof node === 'number') {
      if (Math.abs(node) === edge) found.push(pointer);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (typeof child === 'number' ? Math.abs(child) !== edge : child === null || typeof child !== 'object') continue;
        nodes.push(child);
        pointers.push(`${pointer}/${escapeToken(Array.isArray(node) ? Number(key) : key)}`);
      }
    }
  }
  return found;
}

/** Where each line starts (0-based offsets, a BOM skipped), lines ended as positionAt ends them. */
function lineStarts(text: string): number[] {
  const starts = [contentStart(text)];
  for (let at = starts[0] as number; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code === LF || (code === CR && text.charCodeAt(at + 1) !== LF)) starts.push(at + 1);
  }
  return starts;
}

const numberToken = /-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * The number literals at the pointers, as written: every pointer placed in one pass of the placer, and the
 * lines' starts found once (a pass a pointer made 5,000 big numbers of a 1.4 MB roster take 18 s).
 */
function literalsAt(text: string, pointers: readonly string[]): Array<string | undefined> {
  if (pointers.length === 0) return [];
  const { lines, columns } = placePointers(text, pointers.length, (index) => pointers[index] as string, () => false);
  const starts = lineStarts(text);
  return pointers.map((_, index) => {
    numberToken.lastIndex = (starts[(lines[index] as number) - 1] as number) + (columns[index] as number) - 1;
    return numberToken.exec(text)?.[0];
  });
}

/** A value-range problem whose message quotes the number as written; its params stay validate()'s. */
function quoted(problem: Problem, literal: string, found: number): Problem {
  const comparison = String(problem.params['comparison']);
  const name = pointerTokens(problem.pointer).at(-1) ?? 'the payload';
  return problemOf(valueRange, problem.pointer, outOfRange(name, literal, comparison, problem.params['limit'] as number), { ...problem.params, found });
}

/**
 * The problems of a text's validation with its ranges told from the numbers as written, for a text whose
 * numbers reach 2^53 (needsScan sent it to the scanner; no other needs this):
 * - a value-range error quotes its number's literal, not the double's print (18446744073709551616, not
 *   18446744073709552000);
 * - a number read as ±2^63 whose literal is past int64 gets the value-range error a double cannot give,
 *   where the kind's schema bounds it as int64. Which places do is asked of the validator itself: the
 *   value is checked again with each such number moved to ±2^64, past any reading of the bound, and the
 *   value-range errors at those places are the answer.
 */
export function exactRanges(text: string, value: unknown, kind: Kind | undefined, apiVersion: ApiVersion, problems: readonly Problem[]): readonly Problem[] {
  // The numbers to quote: those of value-range problems from 2^53 up, then those read as ±2^63.
  const big = problems.flatMap((problem, index) => {
    const found = problem.ruleId === valueRange.id ? resolvePointer(value, problem.pointer) : undefined;
    return typeof found === 'number' && Math.abs(found) >= 2 ** 53 ? [index] : [];
  });
  const edges = edgePointers(value);
  const literals = literalsAt(text, [...big.map((index) => (problems[index] as Problem).pointer), ...edges]);
  let told: Problem[] | undefined;
  big.forEach((index, at) => {
    const literal = literals[at];
    if (literal === undefined) return;
    const problem = problems[index] as Problem;
    told ??= [...problems];
    told[index] = quoted(problem, literal, resolvePointer(value, problem.pointer) as number);
  });
  const past = new Map<string, string>();
  edges.forEach((pointer, at) => {
    const literal = literals[big.length + at];
    const exact = literal === undefined ? undefined : denotedInteger(literal);
    if (literal !== undefined && exact !== undefined && (exact > int64Max || exact < int64Min)) past.set(pointer, literal);
  });
  if (past.size === 0) return told ?? problems;
  const probe = structuredClone(value);
  for (const pointer of past.keys()) {
    const tokens = pointerTokens(pointer);
    let parent = probe as Record<string, unknown>;
    for (const token of tokens.slice(0, -1)) parent = parent[token] as Record<string, unknown>;
    const last = tokens.at(-1) as string;
    parent[last] = Math.sign(parent[last] as number) * 2 ** 64;
  }
  const found = validateAs(probe, kind, apiVersion).problems.filter((problem) => problem.ruleId === valueRange.id && past.has(problem.pointer));
  return [...(told ?? problems), ...found.map((problem) => quoted(problem, past.get(problem.pointer) as string, resolvePointer(value, problem.pointer) as number))];
}
