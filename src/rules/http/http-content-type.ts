import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** A body is JSON and says so. */
export const httpContentType = {
  id: 'http-content-type',
  severity: 'error',
  description: 'A message with a body but no Content-Type of application/json (parameters such as charset are allowed).',
  rationale: 'The invite action requires Content-Type: application/json; the service refuses other bodies, and clients may not read a response as JSON without it.',
  params: { expected: "the media type a body needs: 'application/json'", found: 'the Content-Type value as written; null when the header is missing' },
  /** The problem of a message with a body whose Content-Type header (undefined: none) is not JSON, or undefined. */
  check(message: { readonly at: Position; readonly body?: unknown }, header: { readonly value: string; readonly valueAt: Position } | undefined): LocatedProblem | undefined {
    if (message.body === undefined) return undefined;
    const expected = 'application/json';
    if (header === undefined) {
      return problemAt(httpContentType, 'the message has a body but no Content-Type header; expected Content-Type: application/json', message.at, '', { expected, found: null });
    }
    // A value a REST client fills in from its environment ({{contentType}}) cannot be known here.
    if (/\{\{.*\}\}/.test(header.value)) return undefined;
    // Parameters (charset, odata.metadata) follow the media type, which compares without regard to case.
    if ((header.value.split(';')[0] ?? '').trim().toLowerCase() === expected) return undefined;
    return problemAt(httpContentType, `Content-Type is ${JSON.stringify(header.value)}; expected application/json`, header.valueAt, '', { expected, found: header.value });
  },
} as const satisfies RuleDefinition;
