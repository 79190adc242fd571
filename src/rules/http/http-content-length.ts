import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { FixContext, RuleDefinition, TextEdit } from '../../model/rule.js';

/** A Content-Length matches the body it declares. */
export const httpContentLength = {
  id: 'http-content-length',
  severity: 'warning',
  description: 'A Content-Length that is not the length of the body in UTF-8 bytes (line breaks counted as LF or as CRLF, a line break after the body counted or not), or not a byte count at all. Not checked under a Content-Encoding other than identity, where it counts the encoded bytes, nor for a body with REST client variables ({{name}}), whose length is known only when they are filled in.',
  rationale: 'A wrong length cuts the body short or makes the server wait for bytes that never come; copied examples carry stale lengths.',
  params: {
    declared: 'the Content-Length as a number; the value as written (a string) when it is not a byte count',
    actual: 'the lengths the body is accepted at, in UTF-8 bytes: with LF line breaks, then with CRLF when that differs',
  },
  /** The problem of a Content-Length header (undefined: none) that is not the length of the message's body, or undefined. */
  check(message: { readonly body?: { readonly text: string; readonly lineCount: number; readonly lineBreakAfter: 0 | 1 | 2 } }, header: { readonly value: string; readonly valueAt: Position } | undefined): LocatedProblem | undefined {
    if (header === undefined) return undefined;
    // A body with REST client variables ({{$guid}}, {{userId}}) is sent with their values: its length is unknown.
    if (message.body !== undefined && /\{\{.*?\}\}/.test(message.body.text)) return undefined;
    const { lf, crlf } = bodyBytes(message.body);
    const actual = lf === crlf ? [lf] : [lf, crlf];
    if (!/^[0-9]+$/.test(header.value)) {
      return problemAt(httpContentLength, `Content-Length ${JSON.stringify(header.value)} is not a byte count`, header.valueAt, '', { declared: header.value, actual });
    }
    const declared = Number(header.value);
    if (actual.includes(declared)) return undefined;
    // The line break after the body's last line may be the body's own (curl --data-binary @file.json sends
    // a file's final newline): the file cannot tell, so that length is taken too.
    const after = message.body?.lineBreakAfter ?? 0;
    if (after > 0 && (declared === lf + after || declared === crlf + after)) return undefined;
    const length = lf === crlf ? `${lf} bytes` : `${lf} bytes in UTF-8 (${crlf} with CRLF line breaks)`;
    return problemAt(httpContentLength, `Content-Length is ${declared}, but the body is ${length}`, header.valueAt, '', { declared, actual });
  },
  fix: { what: 'the length of the body in UTF-8 bytes, counting line breaks as the file writes them (left alone when it mixes LF and CRLF)', edit: fix },
} as const satisfies RuleDefinition;

/**
 * The right length in place of the declared one. With one length, that one; with two (the body has line
 * breaks), the one of the line breaks the file is written with, when all of them are alike.
 */
function fix(problem: { readonly params: Readonly<Record<string, unknown>> }, { text, offset }: FixContext): TextEdit | undefined {
  const { declared, actual } = problem.params;
  if (!Array.isArray(actual) || (typeof declared !== 'number' && typeof declared !== 'string')) return undefined;
  const written = String(declared);
  const after = text.charCodeAt(offset + written.length);
  // The value as the header holds it, up to the end of its line or trailing white space.
  if (written === '' || !text.startsWith(written, offset) || !(Number.isNaN(after) || after === 0x0a || after === 0x0d || after === 0x20 || after === 0x09)) return undefined;
  let length: unknown = actual[0];
  if (actual.length === 2) {
    const crlf = text.split('\r\n').length - 1;
    const breaks = text.split(/\r\n|\r|\n/).length - 1;
    if (crlf === 0 && !text.includes('\r')) length = actual[0];
    else if (crlf === breaks) length = actual[1];
    else return undefined;
  }
  return typeof length === 'number' ? { start: offset, end: offset + written.length, text: String(length) } : undefined;
}

/** Length of a body in UTF-8 bytes, with its line breaks as LF and as CRLF. */
function bodyBytes(body: { readonly text: string; readonly lineCount: number } | undefined): { lf: number; crlf: number } {
  if (body === undefined) return { lf: 0, crlf: 0 };
  const lf = Buffer.byteLength(body.text, 'utf8');
  return { lf, crlf: lf + body.lineCount - 1 };
}
