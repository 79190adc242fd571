import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** A Content-Length matches the body it declares. */
export const httpContentLength = {
  id: 'http-content-length',
  severity: 'warning',
  description: 'A Content-Length that is not the length of the body in UTF-8 bytes (line breaks counted as LF or as CRLF), or not a byte count at all.',
  rationale: 'A wrong length cuts the body short or makes the server wait for bytes that never come; copied examples carry stale lengths.',
  params: {
    declared: 'the Content-Length as a number; the value as written (a string) when it is not a byte count',
    actual: 'the lengths the body is accepted at, in UTF-8 bytes: with LF line breaks, then with CRLF when that differs',
  },
  /** The problem of a Content-Length header (undefined: none) that is not the length of the message's body, or undefined. */
  check(message: { readonly body?: { readonly text: string; readonly lineCount: number } }, header: { readonly value: string; readonly valueAt: Position } | undefined): LocatedProblem | undefined {
    if (header === undefined) return undefined;
    const { lf, crlf } = bodyBytes(message.body);
    const actual = lf === crlf ? [lf] : [lf, crlf];
    if (!/^[0-9]+$/.test(header.value)) {
      return problemAt(httpContentLength, `Content-Length ${JSON.stringify(header.value)} is not a byte count`, header.valueAt, '', { declared: header.value, actual });
    }
    const declared = Number(header.value);
    if (actual.includes(declared)) return undefined;
    const length = lf === crlf ? `${lf} bytes` : `${lf} bytes in UTF-8 (${crlf} with CRLF line breaks)`;
    return problemAt(httpContentLength, `Content-Length is ${declared}, but the body is ${length}`, header.valueAt, '', { declared, actual });
  },
} as const satisfies RuleDefinition;

/** Length of a body in UTF-8 bytes, with its line breaks as LF and as CRLF. */
function bodyBytes(body: { readonly text: string; readonly lineCount: number } | undefined): { lf: number; crlf: number } {
  if (body === undefined) return { lf: 0, crlf: 0 };
  const lf = Buffer.byteLength(body.text, 'utf8');
  return { lf, crlf: lf + body.lineCount - 1 };
}
