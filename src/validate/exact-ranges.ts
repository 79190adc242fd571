import { denotedInteger } from '../json/number-precision.js';
import { placePointer } from '../json/placer.js';
import { contentStart } from '../json/positions.js';
import { CR, LF } from '../json/chars.js';
import type { ApiVersion } from '../model/api-version.js';
import type { Kind } from '../model/kind.js';
import { escapeToken, pointerTokens, resolvePointer } from '../model/pointer.js';
import { problemOf, type Problem } from '../model/problem.js';
import { int64Limit, valueRange } from '../rules/schema/value-range.js';
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

/** The offset of a 1-based line and UTF-16 column, lines ended as positionAt ends them. */
function offsetOf(text: string, line: number, column: number): number {
  let at = contentStart(text);
  for (let seen = 1; seen < line; seen += 1) {
    while (at < text.length && text.charCodeAt(at) !== LF && text.charCodeAt(at) !== CR) at += 1;
    at += text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? 2 : 1;
  }
  return at + column - 1;
}

const numberToken = /-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** The number literal at a pointer of the text, as written. */
function literalAt(text: string, pointer: string): string | undefined {
  const { line, column } = placePointer(text, pointer);
  numberToken.lastIndex = offsetOf(text, line, column);
  return numberToken.exec(text)?.[0];
}

/**
 * A value-range problem whose message quotes the number as written; its params stay what validate()
 * gives (found: the number JSON.parse read, here `found`), so that they keep one type for every reader.
 */
function quoted(problem: Problem, literal: string, found: number): Problem {
  const comparison = String(problem.params['comparison']);
  const name = pointerTokens(problem.pointer).at(-1) ?? 'the payload';
  const limit = problem.params['limit'] as number;
  return problemOf(valueRange, problem.pointer, `${name} ${literal} is out of range: must be ${comparison} ${Math.abs(limit) === edge ? int64Limit(comparison) : String(limit)}`, { ...problem.params, found });
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
  let told: Problem[] | undefined;
  problems.forEach((problem, index) => {
    if (problem.ruleId !== valueRange.id) return;
    const found = resolvePointer(value, problem.pointer);
    if (typeof found !== 'number' || Math.abs(found) < 2 ** 53) return;
    const literal = literalAt(text, problem.pointer);
    if (literal === undefined) return;
    told ??= [...problems];
    told[index] = quoted(problem, literal, found);
  });
  const past = new Map<string, string>();
  for (const pointer of edgePointers(value)) {
    const literal = literalAt(text, pointer);
    const exact = literal === undefined ? undefined : denotedInteger(literal);
    if (literal !== undefined && exact !== undefined && (exact > int64Max || exact < int64Min)) past.set(pointer, literal);
  }
  if (past.size === 0) return told ?? problems;
  const probe = structuredClone(value);
  for (const pointer of past.keys()) {
    const tokens = pointerTokens(pointer);
    let parent = probe as Record<string, unknown>;
    for (const token of tokens.slice(0, -1)) parent = parent[token] as Record<string, unknown>;
    const last = tokens.at(-1) as string;
    parent[last] = Math.sign(parent[last] as number) * 2 ** 64;
  }
  const edges = validateAs(probe, kind, apiVersion).problems.filter((problem) => problem.ruleId === valueRange.id && past.has(problem.pointer));
  return [...(told ?? problems), ...edges.map((problem) => quoted(problem, past.get(problem.pointer) as string, resolvePointer(value, problem.pointer) as number))];
}
