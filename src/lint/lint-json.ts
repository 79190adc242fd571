import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { kindForPath, type Config } from '../cli/config/config.js';
import type { Kind } from '../contract/kinds.js';
import { maxDepth } from '../json/limits.js';
import { relativeInside, toPosix } from '../paths.js';
import { byPosition, problemAt, type FileReport, type LocatedProblem } from '../model/report.js';
import { fileRules } from '../rules/file-rules.js';
import { rules } from '../rules/index.js';
import { validate } from '../validate/validate.js';
import { append } from '../model/append.js';

/** Settings of a lint run that apply to every file. */
export interface LintOptions {
  /** Check every file as this kind, whatever the config or @odata.type say. */
  readonly kind?: Kind;
  /** Project config: kinds by path pattern. */
  readonly config: Config;
  /** Files larger than this are reported, not parsed. */
  readonly maxBytes: number;
  /** Folder paths are shown relative to. */
  readonly cwd: string;
  /** Keep the text of files with problems (for code frames); off, memory stays flat over many files. */
  readonly keepSource?: boolean;
}

/** Default size limit of one file: 10 MB. */
export const defaultMaxBytes = 10 * 1024 * 1024;


const locateByRule = new Map(rules.map((rule) => [rule.id, rule.locate ?? 'value']));

/** Path as shown to the user: relative to cwd when inside it, always with / separators. */
export function displayPath(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  const rel = relativeInside(cwd, absolute);
  return rel === undefined || rel === '' ? toPosix(absolute) : rel;
}



/** Line and column of a byte offset, counting lines in the raw bytes (for files that are not text). */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i += 1) {
    if (bytes[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first byte that breaks UTF-8, or -1 when the bytes are valid UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

/** Decodes a file's bytes as UTF-8 JSON text, or says why it is not. */
function decode(bytes: Uint8Array): { text: string } | { problem: LocatedProblem } {
  const [b0, b1, b2, b3] = bytes;
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    const what = b2 === 0 && b3 === 0 ? 'UTF-32' : b0 === 0 ? 'UTF-32' : 'UTF-16';
    return { problem: problemAt(fileRules.fileEncoding, `the file is ${what} text (it starts with a ${what} byte order mark); save it as UTF-8`) };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = bytePosition(bytes, nul);
    return { problem: problemAt(fileRules.fileEncoding, 'the file holds NUL bytes: it is binary, or UTF-16 without a byte order mark; JSON must be UTF-8 text', { line, column }) };
  }
  // The native check is fast; the byte-by-byte scan only runs to locate a failure.
  const invalid = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (invalid !== -1) {
    const { line, column } = bytePosition(bytes, invalid);
    return { problem: problemAt(fileRules.fileEncoding, `byte 0x${(bytes[invalid] as number).toString(16).padStart(2, '0')} at offset ${invalid} is not valid UTF-8`, { line, column }) };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}


type JsonSource = typeof import('../json/source.js');
let jsonSource: Promise<JsonSource> | undefined;

/** The position parser, loaded the first time a file needs it: clean files never do. */
function loadJsonSource(): Promise<JsonSource> {
  jsonSource ??= import('../json/source.js');
  return jsonSource;
}

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
function needsScan(text: string, value: unknown): boolean {
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

function fromIssue(issue: import('../json/source.js').ParseIssue): LocatedProblem {
  const rule = { syntax: fileRules.jsonSyntax, 'too-deep': fileRules.nestingTooDeep, 'duplicate-key': fileRules.duplicateKey, 'number-precision': fileRules.numberPrecision }[issue.kind];
  return problemAt(rule, issue.message, issue.position, issue.pointer ?? '');
}

/** Lints JSON text already decoded: parse, look for what JSON.parse hides, validate, place problems. */
export async function lintText(text: string, kind: Kind | undefined): Promise<Omit<FileReport, 'path'>> {
  return (await lintParsed(text, kind)).report;
}

/**
 * lintText, with the parsed value when the text is JSON (for callers that go on to use the payload).
 * `parsed` is the value of JSON.parse(text) when the caller already has it.
 */
export async function lintParsed(text: string, kind: Kind | undefined, parsed?: { readonly value: unknown }): Promise<{ report: Omit<FileReport, 'path'>; value?: unknown }> {
  if (text.trim() === '') return { report: { kind: null, problems: [problemAt(fileRules.fileEmpty, 'the file is empty; a payload is a JSON object')], source: text } };
  let value: unknown;
  try {
    value = parsed === undefined ? JSON.parse(text) : parsed.value;
  } catch {
    const { scanSource } = await loadJsonSource();
    const issues = scanSource(text, { maxDepth }).filter((issue) => issue.kind === 'syntax' || issue.kind === 'too-deep');
    // The scanner and JSON.parse agree on what is JSON; the fallback only guards against a disagreement.
    const problems = issues.length > 0 ? issues.map(fromIssue) : [problemAt(fileRules.jsonSyntax, 'the file is not valid JSON')];
    return { report: { kind: null, problems, source: text } };
  }
  const located: LocatedProblem[] = [];
  if (needsScan(text, value)) {
    const { scanSource } = await loadJsonSource();
    append(located, scanSource(text, { maxDepth }).map(fromIssue));
    if (located.some((p) => p.ruleId === fileRules.nestingTooDeep.id)) return { report: { kind: null, problems: located.sort(byPosition), source: text }, value };
  }
  const result = validate(value, kind === undefined ? {} : { kind });
  if (result.problems.length === 0 && located.length === 0) return { report: { kind: result.kind, problems: [] }, value };
  if (result.problems.length > 0) {
    const { mapSource, positionOf } = await loadJsonSource();
    const map = mapSource(text);
    // The value, or the key for rules about a property's presence.
    for (const problem of result.problems) located.push({ ...problem, ...positionOf(map, problem.pointer, locateByRule.get(problem.ruleId)) });
  }
  return { report: { kind: result.kind, problems: located.sort(byPosition), source: text }, value };
}

/**
 * Reads a file as UTF-8 text (a leading byte order mark dropped), or gives the located problem that stops
 * it being read: not a regular file, over the size limit, unreadable, not UTF-8. Shared by every reader.
 */
export function readTextFile(path: string, maxBytes: number): { text: string } | { problem: LocatedProblem } {
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { problem: problemAt(fileRules.fileUnreadable, 'this is a directory, not a file') };
    // A FIFO, socket or device would block the read or never end: only regular files are read.
    if (!stat.isFile()) return { problem: problemAt(fileRules.fileUnreadable, 'not a regular file (a FIFO, socket or device)') };
    if (stat.size > maxBytes) return { problem: problemAt(fileRules.fileTooLarge, `the file is ${stat.size} bytes; the limit is ${maxBytes} (--max-bytes)`) };
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: problemAt(fileRules.fileUnreadable, `cannot read the file${code === undefined ? '' : ` (${code})`}`) };
  }
  if (bytes.length > maxBytes) return { problem: problemAt(fileRules.fileTooLarge, `the file is ${bytes.length} bytes; the limit is ${maxBytes} (--max-bytes)`) };
  return decode(bytes);
}

/** Lints one file. Never throws: every failure becomes a located problem of that file. */
export async function lintFile(path: string, options: LintOptions): Promise<FileReport> {
  const shown = displayPath(path, options.cwd);
  const read = readTextFile(path, options.maxBytes);
  if ('problem' in read) return { path: shown, kind: null, problems: [read.problem] };
  const { source, ...linted } = await lintText(read.text, options.kind ?? kindForPath(options.config, path));
  return options.keepSource === false || source === undefined ? { path: shown, ...linted } : { path: shown, ...linted, source };
}
