/**
 * Position-aware reading of JSON text.
 *
 * JSON.parse says nothing about where a value sits in the file, silently keeps the last of two duplicate
 * keys, silently rounds integers beyond 2^53 and reports syntax errors as a UTF-16 offset in an
 * engine-specific message. This module recovers that information so problems can be reported at a
 * 1-based line and column.
 *
 * Positions:
 * - `offset` is a UTF-16 index into the text exactly as given (a leading BOM included), so `text[offset]`
 *   is the character the position names.
 * - `line` is 1-based. CRLF, a lone CR and a lone LF each end one line. U+2028 and U+2029 do not: they
 *   are ordinary characters in JSON and most editors do not break lines on them either.
 * - `column` is 1-based and counts UTF-16 code units since the start of the line: a tab is one column and
 *   a character outside the BMP (an emoji, say) is two. This is the default unit of the Language Server
 *   Protocol and of JavaScript string indices, so positions can be handed to editors unchanged.
 * - A leading BOM (U+FEFF) is not counted in positions: line 1, column 1 is the character after it. But
 *   scanSource, like JSON.parse, takes the text as decoding left it, its byte order mark dropped: a U+FEFF
 *   there, at the start too, is an unexpected character.
 *
 * A syntax error is reported at the first character that cannot continue valid JSON (at the end of the
 * text when it ends too early), with one exception: a trailing comma is reported at the comma, because
 * that is the character to delete, not the bracket after it.
 *
 * The scanner is iterative (an explicit stack, no recursion) and linear in the size of the text, so
 * hostile nesting cannot overflow the call stack.
 */
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, CR, DOT, LF, LOWER_E, MINUS, NINE, OPEN_BRACE, OPEN_BRACKET, PLUS, QUOTE, SLASH, SPACE, TAB, UPPER_E, ZERO } from './chars.js';
import { maxDepth } from './limits.js';
import { lostPrecision } from './number-precision.js';
import { contentStart, positionsAt, type SourcePosition } from './positions.js';
import { childPointer } from '../model/pointer.js';

export type ParseIssueKind = 'syntax' | 'duplicate-key' | 'number-precision' | 'too-deep';

export interface ParseIssue {
  readonly kind: ParseIssueKind;
  readonly message: string;
  readonly position: SourcePosition;
  /** The JSON Pointer of the value concerned; absent for syntax errors, where no value exists yet. */
  readonly pointer?: string;
  /** What was found, as data: the key of a duplicate, the literal of a number, the depth limit. */
  readonly params: Readonly<Record<string, string | number>>;
}

export interface ScanOptions {
  /**
   * Most containers that may be open at once (the root object or array is level 1; scalars do not count).
   * The first one beyond it is reported once as 'too-deep' and ends the scan. Defaults to DEFAULT_MAX_DEPTH.
   */
  readonly maxDepth?: number;
  /**
   * Duplicate keys and lossy numbers kept, the first ones in the text; past this many the rest are counted,
   * not kept (scanSourceCapped says how many). A syntax error or the depth limit, which end the scan, is
   * always kept. Unbounded unless given.
   */
  readonly maxIssues?: number;
}

/** The kinds of finding past a cap: those that do not end the scan, and of which a text can hold millions. */
export type CappedIssueKind = 'duplicate-key' | 'number-precision';

/** What scanSourceCapped found: the findings kept, and, past the cap, how many more of each kind and where the first of them is. */
export interface CappedScan {
  readonly issues: ParseIssue[];
  readonly omitted?: { readonly counts: Readonly<Record<CappedIssueKind, number>>; readonly position: SourcePosition };
}

/** Default nesting limit of scanSource: the payload nesting limit (src/limits.ts). */
export const DEFAULT_MAX_DEPTH = maxDepth;

/** Finds what JSON.parse hides or throws on: the syntax error position, duplicate keys, numbers that lose precision, excessive depth. */
export function scanSource(text: string, options: ScanOptions = {}): ParseIssue[] {
  return scanSourceCapped(text, options).issues;
}

/**
 * scanSource with options.maxIssues: the findings past it are counted by kind, and the place of the first
 * of them kept, instead of each being made. A text of millions of duplicate keys made an object, a message
 * and a pointer for each (1.3 GB for 10 MB, the heap's limit for 40 MB) though a report lists 1,000.
 */
export function scanSourceCapped(text: string, options: ScanOptions = {}): CappedScan {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!(maxDepth >= 0)) throw new RangeError(`maxDepth must be a non-negative number, got ${maxDepth}`);
  const scanner = new Scanner(text, maxDepth, true, false, options.maxIssues);
  scanner.run();
  const { found, omitted } = scanner;
  if (found.length === 0 && omitted === undefined) return { issues: [] };
  // The offsets of the findings, then those of the first occurrences that duplicates name, then the first
  // finding cut, in one pass.
  const offsets = found.map((issue) => issue.offset);
  for (const issue of found) if (issue.first !== undefined) offsets.push(issue.first);
  if (omitted !== undefined) offsets.push(omitted.offset);
  const positions = positionsAt(text, offsets);
  let named = found.length;
  const issues = found.map(({ kind, message, pointer, params, first }, index): ParseIssue => {
    const position = positions[index] as SourcePosition;
    let full = message;
    let all = params;
    if (first !== undefined) {
      const at = positions[named++] as SourcePosition;
      full = message.replace(placeMark, where(at));
      // Also as data: a text taken out of a file (an HTTP body, a page's block) moves them with the problem.
      all = { ...params, firstLine: at.line, firstColumn: at.column };
    }
    return pointer === undefined ? { kind, message: full, position, params: all } : { kind, message: full, position, pointer, params: all };
  });
  return omitted === undefined ? { issues } : { issues, omitted: { counts: omitted.counts, position: positions[positions.length - 1] as SourcePosition } };
}

function where(position: SourcePosition): string {
  return `${position.line}:${position.column}`;
}

/**
 * One value of the mapped document. Children are kept in a Map (objects) or an array (arrays), never as
 * properties of a plain object, so keys such as "__proto__" stay ordinary data. Storing a tree instead
 * of one entry per full pointer string keeps construction linear even for very deep nesting, where the
 * pointers themselves would grow quadratically.
 */
export interface MapNode {
  readonly offset: number;
  readonly keyOffset: number;
  readonly children: Map<string, MapNode> | MapNode[] | undefined;
}

interface Frame {
  readonly isArray: boolean;
  readonly openOffset: number;
  /** This container's own reference token in its parent; unused for the root. */
  readonly token: string | number;
  readonly node: MapNode | undefined;
  /** Decoded key → offset of its first occurrence; only kept while checking for duplicates. */
  readonly keys: Map<string, number> | undefined;
  index: number;
  key: string;
  keyOffset: number;
  /** Built on demand so that documents without issues never pay for pointer strings. */
  pointer: string | undefined;
}

interface FoundIssue {
  readonly kind: ParseIssueKind;
  readonly message: string;
  readonly offset: number;
  readonly pointer: string | undefined;
  readonly params: Readonly<Record<string, string | number>>;
  /**
   * A second place the message names (a duplicate's first occurrence, where an unclosed container or
   * string opened): its offset, written into the message where `placeMark` stands.
   */
  readonly first?: number;
}

/** Where a message names its second place, until the scan's positions are known. */
const placeMark = '\u0000';

/** One pass over JSON text: checks what JSON.parse hides (check mode) or builds the tree of positions (map mode). */
export class Scanner {
  readonly found: FoundIssue[] = [];
  /** Past maxIssues: how many duplicate keys and lossy numbers were only counted, and the offset of the first. */
  omitted: { counts: Record<CappedIssueKind, number>; offset: number } | undefined;
  root: MapNode | undefined;
  readonly #maxIssues: number;
  #kept = 0;
  readonly #text: string;
  readonly #maxDepth: number;
  readonly #check: boolean;
  readonly #map: boolean;
  readonly #stack: Frame[] = [];
  /** Whether the last number read had neither fraction nor exponent. */
  #integer = true;

  constructor(text: string, maxDepth: number, check: boolean, map: boolean, maxIssues = Number.POSITIVE_INFINITY) {
    this.#text = text;
    this.#maxDepth = maxDepth;
    this.#maxIssues = maxIssues;
    this.#check = check;
    this.#map = map;
  }

  /** Reads the whole text, stopping at the first syntax error or depth violation. */
  run(): void {
    const text = this.#text;
    const length = text.length;
    const stack = this.#stack;
    // The check decides what is JSON, as JSON.parse does, on text decoding has already taken a byte order
    // mark from: a U+FEFF left at the start is a character JSON does not allow. The map, the placer's oracle,
    // passes over it as the placer and positions do.
    const start = this.#check ? 0 : contentStart(text);
    let pos = skipWhitespace(text, start);
    if (pos >= length) {
      const blank = length > start;
      this.#syntax(start, blank ? 'empty file (only whitespace): expected a JSON value' : 'empty file: expected a JSON value');
      return;
    }
    let expectValue = true;
    for (;;) {
      if (expectValue) {
        pos = skipWhitespace(text, pos);
        const code = text.charCodeAt(pos);
        if (code === OPEN_BRACE || code === OPEN_BRACKET) {
          if (!this.#open(pos, code === OPEN_BRACKET)) return;
          pos = skipWhitespace(text, pos + 1);
          const next = text.charCodeAt(pos);
          if (next === (code === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE)) {
            stack.pop();
            pos++;
            expectValue = false;
          } else if (code === OPEN_BRACE) {
            if (next !== QUOTE) {
              this.#syntax(pos, `${this.#unexpected(pos)}: expected a property name in double quotes or '}'`);
              return;
            }
            pos = this.#property(pos);
            if (pos < 0) return;
          }
        } else if (code === QUOTE) {
          const end = this.#string(pos);
          if (end < 0) return;
          this.#leaf(pos);
          pos = end;
          expectValue = false;
        } else if (code === MINUS || (code >= ZERO && code <= NINE)) {
          const end = this.#number(pos);
          if (end < 0) return;
          this.#leaf(pos);
          if (this.#check) this.#precision(pos, end, this.#integer);
          pos = end;
          expectValue = false;
        } else if (code === 0x74 || code === 0x66 || code === 0x6e) {
          const literal = code === 0x74 ? 'true' : code === 0x66 ? 'false' : 'null';
          for (let i = 1; i < literal.length; i++) {
            if (text.charCodeAt(pos + i) !== literal.charCodeAt(i)) {
              this.#syntax(pos + i, `${this.#unexpected(pos + i)}: expected '${literal}'`);
              return;
            }
          }
          this.#leaf(pos);
          pos += literal.length;
          expectValue = false;
        } else {
          this.#syntax(pos, `${this.#unexpected(pos)}: expected a value (object, array, string, number, true, false or null)${hint(code)}`);
          return;
        }
      } else {
        pos = skipWhitespace(text, pos);
        const top = stack[stack.length - 1];
        if (top === undefined) {
          if (pos < length) this.#syntax(pos, `${this.#unexpected(pos)} after the root value: expected end of file`);
          return;
        }
        const close = top.isArray ? CLOSE_BRACKET : CLOSE_BRACE;
        const code = text.charCodeAt(pos);
        if (code === COMMA) {
          const comma = pos;
          pos = skipWhitespace(text, pos + 1);
          const next = text.charCodeAt(pos);
          if (next === close) {
            const what = top.isArray ? 'item' : 'property';
            this.#syntax(comma, `trailing comma: JSON allows no ',' after the last ${what}; expected another ${what} or the ',' removed`);
            return;
          }
          if (top.isArray) {
            top.index++;
          } else {
            if (next !== QUOTE) {
              this.#syntax(pos, `${this.#unexpected(pos)}: expected a property name in double quotes after ','`);
              return;
            }
            pos = this.#property(pos);
            if (pos < 0) return;
          }
          expectValue = true;
        } else if (code === close) {
          stack.pop();
          pos++;
        } else {
          const bracket = top.isArray ? ']' : '}';
          this.#syntax(pos, `${this.#unexpected(pos)}: expected ',' or '${bracket}' (the ${top.isArray ? 'array' : 'object'} opened at ${placeMark} is still open)`, top.openOffset);
          return;
        }
      }
    }
  }

  /** Opens a container at `pos`; returns false when that would exceed the depth limit. */
  #open(pos: number, isArray: boolean): boolean {
    const stack = this.#stack;
    const parent = stack[stack.length - 1];
    if (stack.length >= this.#maxDepth) {
      const message = `nesting deeper than ${this.#maxDepth} levels: this ${isArray ? 'array' : 'object'} is at level ${stack.length + 1}; the rest of the file was not checked`;
      this.found.push({ kind: 'too-deep', message, offset: pos, pointer: this.#valuePointer(), params: { limit: this.#maxDepth } });
      return false;
    }
    const node = this.#map ? this.#attach(pos, isArray ? [] : new Map<string, MapNode>()) : undefined;
    stack.push({
      isArray,
      openOffset: pos,
      token: parent === undefined ? '' : parent.isArray ? parent.index : parent.key,
      node,
      keys: this.#check && !isArray ? new Map<string, number>() : undefined,
      index: 0,
      key: '',
      keyOffset: -1,
      pointer: parent === undefined ? '' : undefined,
    });
    return true;
  }

  #leaf(pos: number): void {
    if (this.#map) this.#attach(pos, undefined);
  }

  #attach(offset: number, children: MapNode['children']): MapNode {
    const parent = this.#stack[this.#stack.length - 1];
    if (parent === undefined) {
      const node: MapNode = { offset, keyOffset: -1, children };
      this.root = node;
      return node;
    }
    const node: MapNode = { offset, keyOffset: parent.isArray ? -1 : parent.keyOffset, children };
    const siblings = parent.node?.children;
    // A later duplicate replaces the earlier one, as JSON.parse keeps the last value.
    if (siblings instanceof Map) siblings.set(parent.key, node);
    else if (siblings !== undefined) siblings[parent.index] = node;
    return node;
  }

  /** Reads a property name and its ':' starting at the opening quote; returns the offset after ':' or -1. */
  #property(pos: number): number {
    const text = this.#text;
    const end = this.#string(pos);
    if (end < 0) return -1;
    const top = this.#stack[this.#stack.length - 1] as Frame;
    const raw = text.slice(pos + 1, end - 1);
    // The literal is already validated, so JSON.parse decodes escapes exactly as it will for the real value.
    const key = raw.includes('\\') ? (JSON.parse(text.slice(pos, end)) as string) : raw;
    top.key = key;
    top.keyOffset = pos;
    if (top.keys !== undefined) {
      const first = top.keys.get(key);
      if (first === undefined) {
        top.keys.set(key, pos);
      } else if (this.#keeps('duplicate-key', pos)) {
        this.found.push({
          kind: 'duplicate-key',
          message: `duplicate key ${JSON.stringify(key)}: JSON.parse keeps only the last value; the first ${JSON.stringify(key)} is at ${placeMark}`,
          first,
          offset: pos,
          pointer: this.#valuePointer(),
          params: { key },
        });
      }
    }
    const colon = skipWhitespace(text, end);
    if (text.charCodeAt(colon) !== COLON) {
      this.#syntax(colon, `${this.#unexpected(colon)} after property name ${JSON.stringify(key)}: expected ':'`);
      return -1;
    }
    return colon + 1;
  }

  /** Validates a string literal starting at its opening quote; returns the offset after the closing quote or -1. */
  #string(start: number): number {
    const text = this.#text;
    const length = text.length;
    let pos = start + 1;
    while (pos < length) {
      const code = text.charCodeAt(pos);
      if (code === QUOTE) return pos + 1;
      if (code === BACKSLASH) {
        const escape = text.charCodeAt(pos + 1);
        if (pos + 1 >= length) break;
        if (escape === 0x75) {
          for (let i = 2; i < 6; i++) {
            if (!isHexDigit(text.charCodeAt(pos + i))) {
              if (pos + i >= length) return this.#unterminated(start);
              this.#syntax(pos + i, `${this.#unexpected(pos + i)} in \\u escape: expected 4 hexadecimal digits`);
              return -1;
            }
          }
          pos += 6;
        } else if (
          escape === QUOTE || escape === BACKSLASH || escape === SLASH || escape === 0x62 ||
          escape === 0x66 || escape === 0x6e || escape === 0x72 || escape === 0x74
        ) {
          pos += 2;
        } else {
          this.#syntax(pos + 1, `invalid escape '\\${String.fromCodePoint(text.codePointAt(pos + 1) as number)}' in string: expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX`);
          return -1;
        }
      } else if (code < SPACE) {
        this.#syntax(pos, `control character ${codePoint(code)} is not allowed in a string: expected it escaped as ${escapeFor(code)} (or the string closed with '"')`);
        return -1;
      } else {
        pos++;
      }
    }
    return this.#unterminated(start);
  }

  #unterminated(start: number): number {
    this.#syntax(this.#text.length, `unterminated string (opened at ${placeMark}): expected '"' before end of file`, start);
    return -1;
  }

  /** Validates a number literal (RFC 8259 grammar); returns the offset after it or -1. */
  #number(start: number): number {
    const text = this.#text;
    let pos = start;
    this.#integer = true;
    if (text.charCodeAt(pos) === MINUS) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        this.#syntax(pos, `${this.#unexpected(pos)} after '-': expected a digit`);
        return -1;
      }
    }
    if (text.charCodeAt(pos) === ZERO) {
      pos++;
      if (isDigit(text.charCodeAt(pos))) {
        this.#syntax(pos, `leading zero: a number that starts with 0 cannot continue with another digit; expected '.', 'e', or the end of the number`);
        return -1;
      }
    } else {
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    if (text.charCodeAt(pos) === DOT) {
      this.#integer = false;
      pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        this.#syntax(pos, `${this.#unexpected(pos)} after '.': expected a digit`);
        return -1;
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === LOWER_E || e === UPPER_E) {
      this.#integer = false;
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === PLUS || sign === MINUS) pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        this.#syntax(pos, `${this.#unexpected(pos)} in exponent: expected a digit`);
        return -1;
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    return pos;
  }

  #precision(start: number, end: number, integer: boolean): void {
    const literal = this.#text.slice(start, end);
    const lost = lostPrecision(literal, integer);
    if (lost === undefined || !this.#keeps('number-precision', start)) return;
    const range = lost.loss === 'integer' ? `an integer within ±${Number.MAX_SAFE_INTEGER}` : lost.loss === 'overflow' ? 'a finite double' : `a magnitude of at least ${Number.MIN_VALUE} or exactly 0`;
    this.found.push({
      kind: 'number-precision',
      message: `number ${literal} cannot be represented exactly as a JavaScript number: JSON.parse reads it as ${lost.read}; expected ${range} (or the value sent as a string)`,
      offset: start,
      pointer: this.#valuePointer(),
      params: { literal, read: lost.read },
    });
  }

  /** Whether a finding at offset is kept; past maxIssues it is counted instead, before anything of it is made. */
  #keeps(kind: CappedIssueKind, offset: number): boolean {
    if (this.#kept < this.#maxIssues) {
      this.#kept += 1;
      return true;
    }
    this.omitted ??= { counts: { 'duplicate-key': 0, 'number-precision': 0 }, offset };
    this.omitted.counts[kind] += 1;
    return false;
  }

  #syntax(offset: number, message: string, first?: number): void {
    this.found.push({ kind: 'syntax', message, offset, pointer: undefined, params: {}, ...(first === undefined ? {} : { first }) });
  }

  #unexpected(pos: number): string {
    const text = this.#text;
    if (pos >= text.length) return 'unexpected end of file';
    const point = text.codePointAt(pos) as number;
    const character = String.fromCodePoint(point);
    // Spaces, controls and format characters would be invisible or misleading between quotes.
    return /^[\p{C}\p{Z}]$/u.test(character) ? `unexpected ${codePoint(point)}` : `unexpected '${character}'`;
  }

  /** Pointer of the value about to be read at the current place in the stack. */
  #valuePointer(): string {
    const stack = this.#stack;
    const top = stack[stack.length - 1];
    if (top === undefined) return '';
    return childPointer(this.#framePointer(stack.length - 1), top.isArray ? top.index : top.key);
  }

  #framePointer(index: number): string {
    const stack = this.#stack;
    // Walk up to the nearest frame that already knows its pointer, then fill in downwards; each frame is
    // computed at most once, which keeps pointer building linear overall.
    let known = index;
    while ((stack[known] as Frame).pointer === undefined) known--;
    let pointer = (stack[known] as Frame).pointer as string;
    for (let i = known + 1; i <= index; i++) {
      const frame = stack[i] as Frame;
      pointer = childPointer(pointer, frame.token);
      frame.pointer = pointer;
    }
    return pointer;
  }
}

function skipWhitespace(text: string, pos: number): number {
  for (;;) {
    const code = text.charCodeAt(pos);
    if (code === SPACE || code === LF || code === CR || code === TAB) pos++;
    else return pos;
  }
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

function isHexDigit(code: number): boolean {
  return (code >= ZERO && code <= NINE) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

function codePoint(point: number): string {
  return `U+${point.toString(16).toUpperCase().padStart(4, '0')}`;
}

function escapeFor(code: number): string {
  switch (code) {
    case 0x08:
      return '\\b';
    case TAB:
      return '\\t';
    case LF:
      return '\\n';
    case 0x0c:
      return '\\f';
    case CR:
      return '\\r';
    default:
      return `\\u${code.toString(16).padStart(4, '0')}`;
  }
}

/** A nudge for the mistakes that come from writing JavaScript or JSON5 instead of JSON. */
function hint(code: number): string {
  if (code === 0x27) return '; JSON strings use double quotes';
  if (code === SLASH) return '; JSON does not allow comments';
  if (code === CLOSE_BRACE || code === CLOSE_BRACKET || code === COMMA) return '; a value is missing here';
  if (code === PLUS || code === DOT) return '; JSON numbers start with a digit or \'-\'';
  if (code === 0xfeff) return '; a byte order mark may only start the file, once';
  return '';
}

