import { lintExchange, type ExchangeFile } from '../inputs/exchange/files.js';
import { decodeText } from '../lint/decode.js';
import type { ApiVersion } from '../model/api-version.js';
import type { LocatedProblem } from '../model/problem.js';
import { exchangeFolder } from '../rules/exchange/exchange-folder.js';
import { exchangeRuleList } from '../rules/exchange/index.js';
import { describeArgument } from '../validate/validate.js';
import { readingCallerValue } from './arguments.js';
import { guardApiVersion } from './guards.js';
import { leastCeiling, validationStopped } from '../rules/file/validation-stopped.js';
import { isPreamble, parseHttpMessage } from '../inputs/http/message.js';
import { requiredProperty } from '../rules/schema/required-property.js';
import { typeMismatch } from '../rules/schema/type-mismatch.js';
import { notNullable } from '../rules/schema/not-nullable.js';
import { fixedRules } from '../validate/rule-settings.js';

/** One part of an exchange: its text (JSON, or a whole HTTP message), its bytes, or the value it parsed to. */
export type ExchangeInput = string | Uint8Array | object;

/** An invite exchange: the request, its response and the notifications that followed, each optional. */
export interface ExchangeParts {
  /** The request body, or the whole HTTP request (POST .../calls/{id}/participants/invite): only then is the call known. */
  readonly request?: ExchangeInput | undefined;
  /** The response body, or the whole HTTP response. */
  readonly response?: ExchangeInput | undefined;
  /** Each commsNotifications body, in the order received. */
  readonly notifications?: readonly ExchangeInput[] | undefined;
}

/** The correlation problems of an exchange, each at the part holding the offending value. */
export interface ExchangeCheck {
  readonly request: readonly LocatedProblem[];
  readonly response: readonly LocatedProblem[];
  /** One list per notification given, in order. */
  readonly notifications: ReadonlyArray<readonly LocatedProblem[]>;
}

/**
 * What is returned of a part's problems: those of the exchange rules that compare the parts (all but
 * exchange-folder, which is about file names), and those saying the part could not be read as what it is
 * (not JSON, of no kind, no object at all (null, a number, an array), a notification body that is no
 * batch): nothing was compared, and an empty list would read as "no disagreement".
 */
const correlationRules = new Set(exchangeRuleList.filter((rule) => rule.id !== exchangeFolder.id).map((rule) => rule.id));
const returned = (problem: LocatedProblem): boolean =>
  correlationRules.has(problem.ruleId) ||
  (fixedRules.has(problem.ruleId) && problem.ruleId !== validationStopped.id) ||
  (problem.ruleId === requiredProperty.id && problem.pointer === '') ||
  // The root of a part, or a batch's value (the only part with one), null or of another type than the contract's.
  ((problem.ruleId === typeMismatch.id || problem.ruleId === notNullable.id) && (problem.pointer === '' || problem.pointer === '/value'));

/**
 * A notification captured as the whole webhook POST: its body, kept at its lines (blank lines stand for the
 * start line and headers, which JSON reads as white space), so that problems sit where they are in the
 * message. The text as it is when it holds no message with a body.
 */
function notificationBody(text: string): string {
  const parsed = parseHttpMessage(text);
  if ('error' in parsed || parsed.message.body === undefined) return text;
  return `${'\n'.repeat(parsed.message.body.line - 1)}${parsed.message.body.text}`;
}

/** The file a part stands for: .http for an HTTP message (a request line or a status line), .json otherwise. */
function fileOf(stem: string, part: ExchangeInput, where: string): ExchangeFile {
  const bytes = readingCallerValue(where, () => ArrayBuffer.isView(part) && part instanceof Uint8Array);
  if (typeof part === 'string' || bytes) {
    const decoded = decodeText(part as string | Uint8Array);
    if ('problem' in decoded) return { name: `${stem}.json`, problems: [decoded.problem] };
    // Its first line that is not a REST client's preamble (comments, variables, blank lines) is a start line.
    const first = decoded.text.split(/\r\n|\r|\n/).find((line) => !isPreamble(line)) ?? '';
    const http = /^\s*(?:HTTP\/\d|[A-Z]+\s+\S+(?:\s+HTTP\/\d(?:\.\d)?)?\s*$)/.test(first);
    // An exchange keeps notifications as JSON: one given as the webhook's HTTP message is read by its body.
    if (http && stem.startsWith('notification')) return { name: `${stem}.json`, text: notificationBody(decoded.text) };
    return { name: `${stem}.${http ? 'http' : 'json'}`, text: decoded.text };
  }
  // A value is written out as the JSON it would arrive as, so that problems have lines to sit at.
  const text = readingCallerValue(where, () => JSON.stringify(part, null, 2));
  if (typeof text !== 'string') throw new TypeError(`${where} must be text, bytes or a JSON value, not ${describeArgument(part)}`);
  return { name: `${stem}.json`, text };
}

/**
 * The checks the exchange command runs across an invite's request, response and notifications (clientContext
 * carried over, the operation id, the call, the invitees and their identity kinds), as a function: each
 * part is given as text, bytes or a parsed value. Each part's own problems are left out (validate() or
 * parseCommsNotifications give them); line and column are those of the part's text, or of the value
 * written as JSON with two-space indents.
 *
 * @throws {TypeError} when parts is not an object, a part is neither text, bytes nor a JSON value, or
 * options is not { apiVersion: 'beta' | 'v1.0' }.
 */
export function checkExchange(parts: ExchangeParts, options?: { readonly apiVersion?: ApiVersion | undefined }): ExchangeCheck {
  const apiVersion = options === undefined ? undefined : guardApiVersion(options, 'checkExchange');
  const given = readingCallerValue('checkExchange: parts', () => {
    if (parts === null || typeof parts !== 'object') return undefined;
    const notifications = parts.notifications === undefined ? [] : Array.isArray(parts.notifications) ? Array.from(parts.notifications as readonly ExchangeInput[]) : undefined;
    return notifications === undefined ? undefined : { request: parts.request, response: parts.response, notifications };
  });
  if (given === undefined) throw new TypeError(`checkExchange: parts must be { request?, response?, notifications?: [] }, not ${describeArgument(parts)}`);
  const files: ExchangeFile[] = [];
  if (given.request !== undefined) files.push(fileOf('request', given.request, 'checkExchange: parts.request'));
  if (given.response !== undefined) files.push(fileOf('response', given.response, 'checkExchange: parts.response'));
  given.notifications.forEach((part, index) => files.push(fileOf(`notification-${index + 1}`, part, `checkExchange: parts.notifications[${index}]`)));
  // Only the correlation problems are returned, and a stopped validation keeps the values they are read
  // from: the least ceiling bounds what a part far from the contract holds, and changes nothing returned.
  const linted = lintExchange(files, { maxProblems: Number.POSITIVE_INFINITY, ceiling: leastCeiling, ...(apiVersion === undefined ? {} : { apiVersion }) });
  const of = (name: string): LocatedProblem[] => (linted.files.find((file) => file.name === name)?.report.problems ?? []).filter(returned);
  const nameOf = (file: ExchangeFile | undefined): string => file?.name ?? '';
  return {
    request: given.request === undefined ? [] : of(nameOf(files[0])),
    response: given.response === undefined ? [] : of(nameOf(files[given.request === undefined ? 0 : 1])),
    notifications: given.notifications.map((_, index) => of(nameOf(files[files.length - given.notifications.length + index]))),
  };
}
