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
  /** The value with the file's own variables (@name = value) put in for their {{name}}: what is sent. */
  readonly resolved: string;
}

/** The body of a message: everything after the blank line that ends the headers, trailing blank lines left out. */
export interface HttpBody {
  readonly text: string;
  /** Line of the message text where the body starts. */
  readonly line: number;
  /** How many lines the body spans. */
  readonly lineCount: number;
  /**
   * The bytes of the line break after the body's last line in the file (0: none, 1: LF or CR, 2: CRLF): a
   * sender may have counted it as the body's.
   */
  readonly lineBreakAfter: 0 | 1 | 2;
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
  /** The target with the file's own variables put in (@graph = https://graph.microsoft.com/v1.0, {{graph}}/...). */
  readonly resolvedTarget: string;
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

/** A file variable of REST Client's (@name = value): its name and value. */
const fileVariable = /^@([A-Za-z_][\w.-]*)\s*=\s*(.*)$/;

/**
 * Lines before the start line that REST clients allow: comments, ### separators, @name = value variables,
 * and JetBrains' `import file.http` and `run #name` lines and pre-request scripts (`< {% ... %}`,
 * `< script.js`; one over several lines is passed by pastPreamble).
 */
export function isPreamble(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || isComment(trimmed) || fileVariable.test(trimmed) || /^(?:import|run)\s+\S/.test(trimmed) || /^<\s*(?:\{%.*%\}|\S+\.js)$/.test(trimmed);
}

/** The first line of a JetBrains pre-request script that goes on past its line (`< {%` without its `%}`). */
function opensScript(line: string): boolean {
  const trimmed = line.trim();
  return /^<\s*\{%/.test(trimmed) && !trimmed.includes('%}');
}

/**
 * A line after the body that JetBrains' HTTP Client reads as the request's, not the body's: a response
 * handler (`> {% ... %}`, `> script.js`), an output redirect (`>> file`, `>>! file`) or a reference to a
 * response kept earlier (`<> file`). No line of JSON starts so.
 */
function isTrailer(line: string): boolean {
  return /^(?:>>?!?\s*\S|<>\s*\S)/.test(line.trimStart());
}

/**
 * The file's variables (REST Client's @name = value lines, before the start line), each value with the
 * variables defined before it put in, as REST Client reads them.
 */
function fileVariables(lines: readonly string[], before: number): Map<string, string> {
  const variables = new Map<string, string>();
  for (let i = 0; i < before; i += 1) {
    const match = fileVariable.exec((lines[i] as string).trim());
    if (match !== null) variables.set(match[1] as string, resolveVariables((match[2] as string).trim(), variables));
  }
  return variables;
}

/** A text with each {{name}} the variables define put in; other {{...}} (environment, $guid) stay. */
function resolveVariables(text: string, variables: ReadonlyMap<string, string>): string {
  if (variables.size === 0 || !text.includes('{{')) return text;
  return text.replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g, (whole, name: string) => variables.get(name) ?? whole);
}

/** A ### separator line, after which a REST client file starts its next request. */
function isSeparator(line: string): boolean {
  return line.trimStart().startsWith('###');
}

/** The index of the first line from `from` that is not preamble (blank, comment, variable, script), or lines.length. */
function pastPreamble(lines: readonly string[], from: number): number {
  let index = from;
  while (index < lines.length) {
    const line = lines[index] as string;
    if (opensScript(line)) {
      // A pre-request script over several lines ends at its %}.
      index += 1;
      while (index < lines.length && !(lines[index] as string).includes('%}')) index += 1;
      index += 1;
      continue;
    }
    if (!isPreamble(line)) break;
    index += 1;
  }
  return Math.min(index, lines.length);
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
  // The start line decides what the rest is: a line that is neither is the error, whatever follows it.
  const status = statusLine.exec(start);
  const request = status === null && !start.startsWith('HTTP/') ? requestLine.exec(start) : null;
  if (status === null && request === null) {
    const capture = /^[<>]\s/.test(start) ? ': this looks like curl -v output, whose lines start with > or <; keep the message without them' : '';
    return { error: { reason: 'start-line', message: `expected a request line (METHOD target, optionally followed by HTTP/1.1) or a status line (HTTP/1.1 200 OK)${capture}`, at } };
  }
  const variables = fileVariables(lines, index);

  const headers: HttpHeader[] = [];
  let bodyStart = lines.length;
  // REST clients continue a request's target on lines of their own (`    ?a=1`, `    &b=2`, and in
  // JetBrains' client the path too: `    /participants/invite`): part of the target.
  let continuation = '';
  let headerFrom = index + 1;
  if (request !== null) while (headerFrom < lines.length && /^\s+[?&/]/.test(lines[headerFrom] as string)) continuation += (lines[headerFrom++] as string).trim();
  for (let i = headerFrom; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      bodyStart = i + 1;
      break;
    }
    // A separator right after the headers ends a message without a body, as a blank line would; so does a
    // JetBrains response handler or redirect.
    if (isSeparator(line) || isTrailer(line)) {
      bodyStart = i;
      break;
    }
    // A comment among the headers (a header commented out), as REST clients allow.
    if (isComment(line)) continue;
    const lead = indentOf(line);
    const previous = headers[headers.length - 1];
    if (lead > 0 && status !== null && previous !== undefined) {
      // A folded header line (obs-fold) goes on with the value before it; RFC 9112 has a client read the
      // fold as a space.
      const value = `${previous.value} ${line.trim()}`.trim();
      headers[headers.length - 1] = { ...previous, value, resolved: resolveVariables(value, variables) };
      continue;
    }
    const match = headerName.exec(line.slice(lead));
    if (match === null) {
      const lineAt = { line: i + 1, column: lead + 1 };
      return /^[{[]/.test(line.trim())
        ? { error: { reason: 'body-separator', message: 'the body starts without the blank line that must end the headers', at: lineAt } }
        : { error: { reason: 'header', message: 'expected a header line "Name: value", or a blank line before the body', at: lineAt } };
    }
    const [whole, name = ''] = match;
    const { start: valueStart, end } = valueSpan(line, lead + whole.length);
    const value = line.slice(valueStart, end);
    const valueIndex = value === '' ? line.trimEnd().length : valueStart;
    headers.push({ name, value, at: { line: i + 1, column: lead + 1 }, valueAt: { line: i + 1, column: valueIndex + 1 }, resolved: resolveVariables(value, variables) });
  }

  let body: HttpBody | undefined;
  let end = lines.length;
  for (let i = bodyStart; i < lines.length; i += 1) {
    const line = lines[i] as string;
    // What JetBrains' client reads after a body (handlers, redirects) ends it; a separator may still follow.
    if (end === lines.length && isTrailer(line)) {
      end = i;
      continue;
    }
    if (!isSeparator(line)) continue;
    // A separator closing the file, or followed only by comments (a request commented out), ends this
    // message; one followed by a message is a second message, which would otherwise be read as body.
    if (pastPreamble(lines, i + 1) < lines.length) {
      return { error: { reason: 'second-message', message: 'a second message starts here; keep one message per file', at: { line: i + 1, column: indentOf(line) + 1 } } };
    }
    end = Math.min(end, i);
    break;
  }
  let last = end - 1;
  while (last >= bodyStart && (lines[last] as string).trim() === '') last -= 1;
  const bodyFirst = lines[bodyStart];
  if (last >= bodyStart && bodyFirst !== undefined && /^<\s*\S/.test(bodyFirst.trim())) {
    return { error: { reason: 'file-include', message: 'the body is a file include (< path), which is not read here: put the JSON body in the message so that it can be checked', at: { line: bodyStart + 1, column: indentOf(bodyFirst) + 1 } } };
  }
  if (last >= bodyStart) body = { text: lines.slice(bodyStart, last + 1).join('\n'), line: bodyStart + 1, lineCount: last - bodyStart + 1, lineBreakAfter: last + 1 >= lines.length ? 0 : text.includes('\r\n') ? 2 : 1 };
  const parts = { at, headers, ...(body === undefined ? {} : { body }) };

  if (status !== null) {
    const code = status[1] as string;
    return { message: { type: 'response', status: Number(code), statusAt: { line: at.line, column: indent + start.indexOf(code, 5) + 1 }, ...parts } };
  }
  const [, method = '', target = ''] = request as RegExpExecArray;
  return { message: { type: 'request', method, target: target + continuation, targetAt: { line: at.line, column: indent + start.indexOf(target, method.length) + 1 }, resolvedTarget: resolveVariables(target + continuation, variables), ...parts } };
}

/** The first header of that name (names compare case-insensitively), if any. */
export function headerOf(message: HttpMessage, name: string): HttpHeader | undefined {
  const wanted = name.toLowerCase();
  return message.headers.find((header) => header.name.toLowerCase() === wanted);
}
