import type { HttpSyntaxFailure } from '../../rules/http/http-syntax.js';
import { indentOf } from '../text.js';
import type { Position } from './position.js';

/** One header line as written. */
export interface HttpHeader {
  readonly name: string;
  readonly value: string;
  /** Where the header's name starts. */
  readonly at: Position;
  /** Where its value starts (just after the colon and any white space when the value is empty). */
  readonly valueAt: Position;
}

/** The body of a message: everything after the blank line that ends the headers, trailing blank lines left out. */
export interface HttpBody {
  readonly text: string;
  /** Line of the message text where the body starts. */
  readonly line: number;
  /** How many lines the body spans. */
  readonly lineCount: number;
}

interface MessageParts {
  /** Where the start line begins. */
  readonly at: Position;
  readonly headers: readonly HttpHeader[];
  readonly body?: HttpBody;
}

/** An HTTP request as a REST client keeps it or a reference page shows it. */
export interface HttpRequest extends MessageParts {
  readonly type: 'request';
  readonly method: string;
  /** The request target as written: absolute (https://host/beta/...) or relative (/communications/...). */
  readonly target: string;
  readonly targetAt: Position;
}

/** An HTTP response: status line, headers, body. */
export interface HttpResponse extends MessageParts {
  readonly type: 'response';
  readonly status: number;
  readonly statusAt: Position;
}

/** A request or a response. */
export type HttpMessage = HttpRequest | HttpResponse;

/** Where and why the parser stopped: reason for matching, message for people. */
export interface ParseError {
  readonly reason: HttpSyntaxFailure;
  readonly message: string;
  readonly at: Position;
}

/** What the parser gives: the message, or where and why it stopped. */
export type ParsedMessage = { readonly message: HttpMessage } | { readonly error: ParseError };

// Only the name and the colon: the value is cut out by index (valueSpan), because a lazy value followed by
// optional trailing blanks backtracks over every blank and made a long run of them quadratic.
const headerName = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:/;
const statusLine = /^HTTP\/[0-9](?:\.[0-9])?[ \t]+([0-9]{3})(?:[ \t]+.*)?$/;
const requestLine = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]+(\S+)(?:[ \t]+HTTP\/[0-9](?:\.[0-9])?)?$/;

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Where a header's value starts and ends in its line, blanks around it left out; linear in the line's length. */
function valueSpan(line: string, from: number): { readonly start: number; readonly end: number } {
  let start = from;
  while (start < line.length && isBlank(line.charCodeAt(start))) start += 1;
  let end = line.length;
  while (end > start && isBlank(line.charCodeAt(end - 1))) end -= 1;
  return { start, end };
}

/** A comment line of a REST client file: # or // first (### included). */
function isComment(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed.startsWith('#') || trimmed.startsWith('//');
}

/** Lines before the start line that REST clients allow: comments, ### separators and @name = value variables. */
export function isPreamble(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || isComment(trimmed) || /^@[A-Za-z_][\w.-]*\s*=/.test(trimmed);
}

/** A ### separator line, after which a REST client file starts its next request. */
function isSeparator(line: string): boolean {
  return line.trimStart().startsWith('###');
}

/** The index of the first line from `from` that is not preamble (blank, comment, variable), or lines.length. */
function pastPreamble(lines: readonly string[], from: number): number {
  let index = from;
  while (index < lines.length && isPreamble(lines[index] as string)) index += 1;
  return index;
}

/** The index of the line after the header block that starts at `from` (its blank line), or lines.length. */
function pastHeaders(lines: readonly string[], from: number): number {
  let index = from;
  while (index < lines.length && (lines[index] as string).trim() !== '') index += 1;
  return index + 1;
}

/**
 * The index of the start line of the final response, past those a capture may hold before it: curl -i
 * writes "HTTP/1.1 100 Continue" (any 1xx), through a proxy the CONNECT's "HTTP/1.1 200 Connection
 * established", and with -L each redirect, every one with its headers and a blank line. A status line
 * whose header block is followed by another status line is one of those.
 */
function finalStartLine(lines: readonly string[], from: number): number {
  let index = from;
  while (statusLine.test((lines[index] ?? '').trim())) {
    const next = pastPreamble(lines, pastHeaders(lines, index + 1));
    if (next >= lines.length || !statusLine.test((lines[next] as string).trim())) break;
    index = next;
  }
  return index;
}

/** Parses one HTTP message (a request or a response); lines may end with LF, CRLF or CR. */
export function parseHttpMessage(text: string): ParsedMessage {
  const lines = text.split(/\r\n|\r|\n/);
  const index = finalStartLine(lines, pastPreamble(lines, 0));
  const first = lines[index];
  if (first === undefined) {
    return { error: { reason: 'empty', message: 'the message is empty: expected a request line (POST /communications/calls/{id}/participants/invite) or a status line (HTTP/1.1 200 OK)', at: { line: 1, column: 1 } } };
  }
  const indent = indentOf(first);
  const start = first.trim();
  const at = { line: index + 1, column: indent + 1 };

  const headers: HttpHeader[] = [];
  let bodyStart = lines.length;
  // REST clients continue a request's query on lines of their own (`    ?a=1`, `    &b=2`): part of the target.
  let continuation = '';
  let headerFrom = index + 1;
  while (headerFrom < lines.length && /^\s+[?&]/.test(lines[headerFrom] as string)) continuation += (lines[headerFrom++] as string).trim();
  for (let i = headerFrom; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      bodyStart = i + 1;
      break;
    }
    // A separator right after the headers ends a message without a body, as a blank line would.
    if (isSeparator(line)) {
      bodyStart = i;
      break;
    }
    // A comment among the headers (a header commented out), as REST clients allow.
    if (isComment(line)) continue;
    const lead = indentOf(line);
    const match = headerName.exec(line.slice(lead));
    if (match === null) {
      const lineAt = { line: i + 1, column: lead + 1 };
      return /^[{[]/.test(line.trim())
        ? { error: { reason: 'body-separator', message: 'the body starts without the blank line that must end the headers', at: lineAt } }
        : { error: { reason: 'header', message: 'expected a header line "Name: value", or a blank line before the body', at: lineAt } };
    }
    const [whole, name = ''] = match;
    const { start, end } = valueSpan(line, lead + whole.length);
    const value = line.slice(start, end);
    const valueIndex = value === '' ? line.trimEnd().length : start;
    headers.push({ name, value, at: { line: i + 1, column: lead + 1 }, valueAt: { line: i + 1, column: valueIndex + 1 } });
  }

  let body: HttpBody | undefined;
  let end = lines.length;
  for (let i = bodyStart; i < lines.length; i += 1) {
    if (!isSeparator(lines[i] as string)) continue;
    // A separator closing the file, or followed only by comments (a request commented out), ends this
    // message; one followed by a message is a second message, which would otherwise be read as body.
    if (pastPreamble(lines, i + 1) < lines.length) {
      return { error: { reason: 'second-message', message: 'a second message starts here; keep one message per file', at: { line: i + 1, column: indentOf(lines[i] as string) + 1 } } };
    }
    end = i;
    break;
  }
  let last = end - 1;
  while (last >= bodyStart && (lines[last] as string).trim() === '') last -= 1;
  const bodyFirst = lines[bodyStart];
  if (last >= bodyStart && bodyFirst !== undefined && /^<\s*\S/.test(bodyFirst.trim())) {
    return { error: { reason: 'file-include', message: 'the body is a file include (< path), which is not read here: put the JSON body in the message so that it can be checked', at: { line: bodyStart + 1, column: indentOf(bodyFirst) + 1 } } };
  }
  if (last >= bodyStart) body = { text: lines.slice(bodyStart, last + 1).join('\n'), line: bodyStart + 1, lineCount: last - bodyStart + 1 };
  const parts = { at, headers, ...(body === undefined ? {} : { body }) };

  const status = statusLine.exec(start);
  if (status !== null) {
    const code = status[1] as string;
    return { message: { type: 'response', status: Number(code), statusAt: { line: at.line, column: indent + start.indexOf(code, 5) + 1 }, ...parts } };
  }
  const request = requestLine.exec(start);
  if (request !== null && !start.startsWith('HTTP/')) {
    const [, method = '', target = ''] = request;
    return { message: { type: 'request', method, target: target + continuation, targetAt: { line: at.line, column: indent + start.indexOf(target, method.length) + 1 }, ...parts } };
  }
  return { error: { reason: 'start-line', message: 'expected a request line (METHOD target, optionally followed by HTTP/1.1) or a status line (HTTP/1.1 200 OK)', at } };
}

/** The first header of that name (names compare case-insensitively), if any. */
export function headerOf(message: HttpMessage, name: string): HttpHeader | undefined {
  const wanted = name.toLowerCase();
  return message.headers.find((header) => header.name.toLowerCase() === wanted);
}
