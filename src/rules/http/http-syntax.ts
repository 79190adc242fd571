import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** Why a text could not be read as one HTTP message; the parser (src/inputs/http) says which. */
export type HttpSyntaxFailure = 'empty' | 'start-line' | 'header' | 'body-separator' | 'second-message' | 'file-include';

/** A chunk-size line: hexadecimal digits, optionally followed by chunk extensions (RFC 9112, 7.1). */
const chunkSize = /^[0-9A-Fa-f]+[ \t]*(?:;.*)?$/;

/** What a message is: a request or a response. */
type Role = 'request' | 'response';

const roleName = { request: 'a request', response: 'a response' } as const;

/** A message that cannot be parsed, or that has the other role than its place expects. */
export const httpSyntax = {
  id: 'http-syntax',
  severity: 'error',
  description: 'An HTTP message that cannot be parsed: no request line (METHOD target) or status line (HTTP/1.1 200 OK), a header line that is not "Name: value", a body without the blank line before it, a body given as a file include (< path), a body kept in chunked framing (Transfer-Encoding: chunked, with its chunk-size lines), or a block holding a response where a request belongs (or the reverse).',
  rationale: 'Nothing in a message can be checked until its start line, headers and body are told apart.',
  params: {
    reason: 'empty (no start line at all), start-line (neither a request line nor a status line), header (a line that is not "Name: value"), body-separator (a body without the blank line before it), second-message (another message after a ### separator), file-include (a body given as a REST Client file include, < path, which is not read), chunked-body (a body in chunked framing: its JSON is not checked) or role (a message of the other role)',
    expected: 'role only: the role the place expects, request or response',
    found: 'role only: the role of the message found there',
  },
  /** The problem of a text the parser could not read as a message, at the place it stopped. */
  fromParseError(error: { readonly reason: HttpSyntaxFailure; readonly message: string; readonly at: Position }): LocatedProblem {
    return problemAt(httpSyntax, error.message, error.at, '', { reason: error.reason });
  },
  /**
   * The problem of a body written in chunked framing: Transfer-Encoding names chunked and the body starts
   * with a chunk-size line. Its JSON would only be a json-syntax error at the size line; undefined otherwise
   * (a chunked message written as its decoded payload is checked as usual).
   */
  checkChunked(message: { readonly body?: { readonly text: string; readonly line: number } }, transferEncoding: { readonly value: string } | undefined): LocatedProblem | undefined {
    if (message.body === undefined || transferEncoding === undefined) return undefined;
    if (!transferEncoding.value.split(',').some((coding) => coding.trim().toLowerCase() === 'chunked')) return undefined;
    const text = message.body.text.trimStart();
    const newline = text.indexOf('\n');
    const first = (newline < 0 ? text : text.slice(0, newline)).trim();
    if (!chunkSize.test(first)) return undefined;
    return problemAt(httpSyntax, 'the body is in chunked framing (Transfer-Encoding: chunked); keep the payload as it is decoded, without chunk-size lines, so that its JSON can be checked', { line: message.body.line, column: 1 }, '', { reason: 'chunked-body' });
  },
  /** The problem of a message whose role is not the one expected (none expected: any role), or undefined. */
  checkRole(message: { readonly type: Role; readonly at: Position }, expected: Role | undefined): LocatedProblem | undefined {
    if (expected === undefined || message.type === expected) return undefined;
    return problemAt(httpSyntax, `expected ${roleName[expected]} here, but this is ${roleName[message.type]}`, message.at, '', { reason: 'role', expected, found: message.type });
  },
} as const satisfies RuleDefinition;
