import { CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, CR, DOT, LF, LOWER_E, MINUS, NINE, OPEN_BRACKET, PLUS, QUOTE, SPACE, TAB, UPPER_E, ZERO, closingQuote } from './chars.js';
import { maxDepth } from './limits.js';

/** Whether a character may be part of a number token. */
function inNumber(code: number): boolean {
  return (code >= ZERO && code <= NINE) || code === DOT || code === MINUS || code === PLUS || code === LOWER_E || code === UPPER_E;
}

/**
 * Where a number might have been read as 0 although it is not: an exponent below 0 (1e-400), or a
 * decimal with hundreds of zeros before its first other digit (no double is smaller than about
 * 4.9e-324). Looking for any long digit run instead sent most real files through this walk: ids and
 * versions are full of them.
 */
const underflowCandidates = /[0-9][eE]-[0-9]|0\.0{300}/g;

/**
 * Whether a number token of a text JSON.parse accepted may have been read as 0 without being 0: all that
 * is left to ask of the text once the parsed numbers have answered the rest (needsScan). Outside strings
 * a digit only occurs in a number; inside strings (client versions such as 24215.1007.3082.1590, ACS ids,
 * GUIDs such as ...3e-4a...) the same characters mean nothing. A match is first judged from
 * the characters around its run of number characters: outside strings, a number is preceded by the start
 * of the text, whitespace, ':', ',' or '[' and followed by the end, whitespace, ',', ']' or '}'; when it
 * is not, the match is inside a string. Only a match that passes is placed exactly, by walking the
 * strings before it (each string once in all, since matches come in order).
 */
export function numbersMayUnderflow(text: string): boolean {
  const pattern = underflowCandidates;
  pattern.lastIndex = 0;
  // Everything before `outside` is classified and `outside` itself is not inside a string.
  let outside = 0;
  while (pattern.test(text)) {
    const last = pattern.lastIndex - 1;
    let end = last + 1;
    while (inNumber(text.charCodeAt(end))) end += 1;
    let start = last;
    while (start > 0 && inNumber(text.charCodeAt(start - 1))) start -= 1;
    // Every later match starts past this run, so no run is walked twice.
    pattern.lastIndex = end;
    const before = start === 0 ? SPACE : text.charCodeAt(start - 1);
    const after = end === text.length ? SPACE : text.charCodeAt(end);
    const delimitedBefore = before === SPACE || before === LF || before === CR || before === TAB || before === COLON || before === COMMA || before === OPEN_BRACKET;
    const delimitedAfter = after === SPACE || after === LF || after === CR || after === TAB || after === COMMA || after === CLOSE_BRACKET || after === CLOSE_BRACE;
    if (!delimitedBefore || !delimitedAfter) continue;
    let inString = false;
    for (let open = text.indexOf('"', outside); open !== -1 && open < last; open = text.indexOf('"', outside)) {
      const close = closingQuote(text, open);
      outside = close + 1;
      if (close > last) {
        inString = true;
        break;
      }
    }
    if (!inString) {
      pattern.lastIndex = 0;
      return true;
    }
    pattern.lastIndex = Math.max(end, outside);
  }
  return false;
}

/**
 * Whether the text holds more than `bound` key marks: a '"' then whitespace then ':' (every key ends so;
 * a string value can hold one too, which only ever counts more).
 */
function keyMarksOver(text: string, bound: number): boolean {
  let marks = 0;
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    let before = colon - 1;
    for (let code = text.charCodeAt(before); code === SPACE || code === LF || code === CR || code === TAB; code = text.charCodeAt(before)) before -= 1;
    if (text.charCodeAt(before) === QUOTE && ++marks > bound) return true;
  }
  return false;
}

/** Numbers from 2^53 up may have been rounded from the digits written; below, no literal loses any. */
const exactBelow = 2 ** 53;

/**
 * Whether the text may hold what JSON.parse hides, judged from the parsed value without a second parse:
 * a number that may have lost digits, fewer keys than key marks (which may mean a duplicate key), or a
 * nesting deeper than the limit. Only then is the scanner run, so clean files cost parse + validate and
 * little more.
 *
 * Numbers are judged from the values first: a literal loses digits only when it reads as a magnitude of
 * 2^53 or more, or as Infinity, or as 0 from a literal too small for a double (1e-400). A 0 cannot tell
 * which, so only then are the number tokens of the text looked at.
 */
export function needsScan(text: string, value: unknown): boolean {
  if (typeof value === 'number') return !(Math.abs(value) < exactBelow) || (value === 0 && numbersMayUnderflow(text));
  if (value === null || typeof value !== 'object') return false;
  // for-in is the cheapest way through an object's keys, but also lists what was made enumerable on
  // Object.prototype: then the own values are taken instead, so that no key is counted that is not there.
  const forIn = nothingInherited();
  let keys = 0;
  let zero = false;
  // Two parallel stacks instead of an object per entry: a big file has a million objects.
  const nodes: object[] = [value];
  const depths: number[] = [1];
  /** Takes in a child; true when it is a number that may have lost digits. */
  const lossy = (child: unknown, depth: number): boolean => {
    if (typeof child === 'number') {
      if (child === 0) zero = true;
      else if (!(Math.abs(child) < exactBelow)) return true;
    } else if (child !== null && typeof child === 'object') {
      nodes.push(child);
      depths.push(depth + 1);
    }
    return false;
  };
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    const depth = depths.pop() as number;
    if (depth > maxDepth) return true;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) if (lossy(node[i], depth)) return true;
    } else if (forIn) {
      for (const key in node) {
        keys += 1;
        if (lossy((node as Record<string, unknown>)[key], depth)) return true;
      }
    } else {
      const children = Object.values(node);
      keys += children.length;
      for (let i = 0; i < children.length; i += 1) if (lossy(children[i], depth)) return true;
    }
  }
  return (zero && numbersMayUnderflow(text)) || keyMarksOver(text, keys);
}

/** Whether a plain object inherits no enumerable property. */
function nothingInherited(): boolean {
  for (const key in {}) return key === undefined;
  return true;
}
