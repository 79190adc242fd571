import type { InviteParticipantsOperation } from '../../generated/types.js';
import { lintPayload } from '../inputs/payload.js';
import { decodeText } from '../lint/decode.js';
import type { Problem } from '../model/problem.js';
import { isObject } from '../model/rule.js';
import { httpLocation } from '../rules/http/http-location.js';
import { httpStatus } from '../rules/http/http-status.js';
import { leastCeiling } from '../rules/file/validation-stopped.js';
import { describeArgument, validateAs } from '../validate/validate.js';
import { readingCallerValue } from './arguments.js';
import { guardApiVersion, type GuardOptions } from './guards.js';

/** Graph's error body ({ "error": { code, message, innerError } }), its fields read out. */
export interface GraphError {
  /** error.code: "BadRequest", "Forbidden", "NotFound", "UnknownError"... */
  readonly code: string;
  /** error.message; empty when the body has none. */
  readonly message: string;
  /** innerError["request-id"]: what Microsoft support asks for. */
  readonly requestId: string | undefined;
  /** innerError["client-request-id"]: the id the client sent, or one Graph made. */
  readonly clientRequestId: string | undefined;
  /** innerError.date, as sent (an ISO 8601 time without zone, in UTC). */
  readonly date: string | undefined;
  /** error.innerError as sent (it may carry more, such as a nested innerError). */
  readonly innerError: Readonly<Record<string, unknown>> | undefined;
  /** error.details as sent, when an array. */
  readonly details: readonly unknown[] | undefined;
}

/** Headers as Node gives them (a record, names in any case) or as fetch gives them (a Headers object). */
export type ResponseHeaders = { get(name: string): string | null } | Readonly<Record<string, string | readonly string[] | undefined>>;

/** An HTTP response to the invite, as a bot's HTTP client gives it. */
export interface InviteResponseInput {
  readonly status: number;
  readonly headers?: ResponseHeaders | undefined;
  /** The body: its text or bytes, or the value it was parsed to. */
  readonly body?: unknown;
}

/** What an invite's response says. */
export type InviteResponse =
  | {
      /** 200 with a valid inviteParticipantsOperation: the invite was accepted and runs. */
      readonly ok: true;
      readonly type: 'operation';
      readonly status: number;
      readonly operation: InviteParticipantsOperation;
      /** The Location header: the operation's URI (warned about when missing or naming another operation). */
      readonly location: string | undefined;
      /** Warnings only: the body's (at their lines and columns when the body was text) and Location's. */
      readonly problems: readonly Problem[];
    }
  | {
      /** An error status: the invite was refused; error holds Graph's error body when it sent one. */
      readonly ok: false;
      readonly type: 'error';
      readonly status: number;
      readonly error: GraphError | undefined;
      readonly problems: readonly Problem[];
    }
  | {
      /** A success status that is not the documented one (http-status), or a body that is no valid operation. */
      readonly ok: false;
      readonly type: 'invalid';
      readonly status: number;
      /** At least one error. */
      readonly problems: readonly Problem[];
    };

/** The first value of a header, names compared in any case. */
function headerOf(headers: ResponseHeaders | undefined, name: string): string | undefined {
  // Anything but an object holds no header; Object.entries of a 20-million-character string would walk it all.
  if (headers === undefined || headers === null || typeof headers !== 'object') return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  // An array's keys are its indexes, never a header's name (Node.js's rawHeaders included): a million
  // entries made a million key-value pairs for nothing.
  if (Array.isArray(headers)) return undefined;
  const wanted = name.toLowerCase();
  // Keys first, the value read only for the name asked: no pair per header, no other getter run.
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const value: unknown = (headers as Readonly<Record<string, unknown>>)[key];
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') return first;
  }
  return undefined;
}

/** True for text or bytes (a Buffer is bytes; a Proxy of bytes is read as a value). */
function isText(body: unknown, where: string): body is string | Uint8Array {
  return typeof body === 'string' || readingCallerValue(`${where}: response.body`, () => ArrayBuffer.isView(body) && body instanceof Uint8Array);
}

/** The body as a value, and its problems as the kind: text linted (problems located), a value validated. */
function readBody(body: unknown, options: GuardOptions | undefined, where: string): { value: unknown; problems: Problem[] } {
  const apiVersion = guardApiVersion(options, where);
  if (isText(body, where)) {
    const decoded = decodeText(body);
    if ('problem' in decoded) return { value: undefined, problems: [decoded.problem] };
    // Every problem listed, but a body far from any Graph sends stops, refused (validation-stopped).
    const { report, value } = lintPayload(decoded.text, 'invite-operation', undefined, undefined, apiVersion, leastCeiling);
    return { value, problems: [...report.problems] };
  }
  const result = readingCallerValue(`${where}: response.body`, () => validateAs(body, 'invite-operation', apiVersion));
  return { value: body, problems: [...result.problems] };
}

/**
 * Graph's error body read out, or undefined when the value is not one ({ error: { code: string } }).
 *
 * @throws {TypeError} when reading the value throws (a getter, a Proxy trap).
 */
export function graphErrorOf(value: unknown): GraphError | undefined {
  return readingCallerValue('graphErrorOf: value', () => readGraphError(value));
}

function readGraphError(value: unknown): GraphError | undefined {
  const error = isObject(value) ? value['error'] : undefined;
  if (!isObject(error) || typeof error['code'] !== 'string') return undefined;
  const inner = isObject(error['innerError']) ? error['innerError'] : undefined;
  const text = (found: unknown): string | undefined => (typeof found === 'string' ? found : undefined);
  return {
    code: error['code'],
    message: text(error['message']) ?? '',
    requestId: text(inner?.['request-id']),
    clientRequestId: text(inner?.['client-request-id']),
    date: text(inner?.['date']),
    innerError: inner,
    details: Array.isArray(error['details']) ? error['details'] : undefined,
  };
}

/** A header's problem has no place in the body: its line and column are dropped. */
function unplaced(problem: Problem): Problem {
  return { ruleId: problem.ruleId, severity: problem.severity, message: problem.message, pointer: problem.pointer, params: problem.params };
}

/** Text or its UTF-8 bytes as the JSON value it holds; undefined when it is not UTF-8 or not JSON. */
export function jsonOfText(body: string | Uint8Array): unknown {
  const decoded = decodeText(body);
  if ('problem' in decoded) return undefined;
  try {
    return JSON.parse(decoded.text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Reads the response to POST .../participants/invite: 200 with the operation (checked as
 * inviteParticipantsOperation, and Location checked to name it), an error status with Graph's error body
 * read out, or what is wrong with it. The body may be text, bytes or an already parsed value.
 *
 * @throws {TypeError} when response is not { status: number, headers?, body? }, reading it throws, or
 * options is not { apiVersion: 'beta' | 'v1.0' }.
 */
export function parseInviteResponse(response: InviteResponseInput, options?: GuardOptions): InviteResponse {
  const where = 'parseInviteResponse';
  const input = readingCallerValue(`${where}: response`, () => {
    if (!isObject(response)) return undefined;
    return { status: response.status, headers: response.headers, body: response.body };
  });
  if (input === undefined || typeof input.status !== 'number' || !Number.isInteger(input.status) || input.status < 100 || input.status > 599) {
    throw new TypeError(`${where}: response must be { status, headers?, body? } with an HTTP status, not ${describeArgument(response)}`);
  }
  const { status, headers, body } = input;
  if (status >= 300) {
    const value = isText(body, where) ? jsonOfText(body) : body;
    return { ok: false, type: 'error', status, error: readingCallerValue(`${where}: response.body`, () => readGraphError(value)), problems: [] };
  }
  const problems: Problem[] = [];
  const statusProblem = httpStatus.check({ status, statusAt: { line: 1, column: 1 } });
  if (statusProblem !== undefined) problems.push(unplaced(statusProblem));
  const read = body === undefined || (status !== 200 && isText(body, where) && body.length === 0) ? undefined : readBody(body, options, where);
  if (read !== undefined) problems.push(...read.problems);
  const location = readingCallerValue(`${where}: response.headers`, () => headerOf(headers, 'location'));
  const locationProblem = httpLocation.check({ status, at: { line: 1, column: 1 } }, location === undefined ? undefined : { value: location, valueAt: { line: 1, column: 1 } }, read?.value);
  if (locationProblem !== undefined) problems.push(unplaced(locationProblem));
  if (statusProblem !== undefined || read === undefined || problems.some((p) => p.severity === 'error')) {
    if (!problems.some((p) => p.severity === 'error')) {
      // 200 with no body at all: the operation the invite is documented to return is missing.
      return { ok: false, type: 'invalid', status, problems: [...problems, ...readBody('', options, where).problems] };
    }
    return { ok: false, type: 'invalid', status, problems };
  }
  return { ok: true, type: 'operation', status, operation: read.value as InviteParticipantsOperation, location, problems };
}
