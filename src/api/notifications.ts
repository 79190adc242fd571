import type { CommsNotification, CommsNotifications } from '../../generated/types.js';
import { lintPayload } from '../inputs/payload.js';
import { decodeText } from '../lint/decode.js';
import type { LocatedProblem } from '../model/problem.js';
import { childPointer } from '../model/pointer.js';
import { isObject } from '../model/rule.js';
import { describeArgument } from '../validate/validate.js';
import { classifyNotification, guardOptions, type ClassifiedNotification, type GuardOptions } from './guards.js';
import { applyRuleSettings } from '../validate/rule-settings.js';
import { leastCeiling, validationStopped } from '../rules/file/validation-stopped.js';

/** Outcome of parsing a raw webhook body: the typed batch, or the located problems that refuse it. */
export type ParseResult<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** Warnings only, each at its line and column. */
      readonly problems: readonly LocatedProblem[];
    }
  | {
      readonly ok: false;
      /** At least one error, each problem at its line and column. */
      readonly problems: readonly LocatedProblem[];
    };

/** One notification of a batch: its typed value, or the problems that refuse it. */
export type NotificationResult =
  | {
      readonly ok: true;
      /** Its index in the batch's value array. */
      readonly index: number;
      /** Its JSON Pointer in the body: /value/{index}. */
      readonly pointer: string;
      readonly value: CommsNotification;
      /** What it is about, as classifyNotification tells it. */
      readonly classified: ClassifiedNotification;
      /** Its warnings, each at its line and column. */
      readonly problems: readonly LocatedProblem[];
    }
  | {
      readonly ok: false;
      readonly index: number;
      readonly pointer: string;
      /** At least one error, each at its line and column, every pointer under this notification's. */
      readonly problems: readonly LocatedProblem[];
    };

/**
 * A batch parsed notification by notification. ok, value and problems keep their meaning for the whole
 * batch (ok only when nothing in it has an error); batchProblems and notifications split the same
 * problems so that one bad notification never hides the good ones.
 */
export type NotificationsParseResult = ParseResult<CommsNotifications> & {
  /**
   * The batch's own problems: not text, not JSON, not an object, no value array, an item of value that is
   * not an object (no notification at all), and any problem outside /value/{index} of an object item.
   */
  readonly batchProblems: readonly LocatedProblem[];
  /** One entry per object item of value, in order; empty when the body has no value array. */
  readonly notifications: readonly NotificationResult[];
};

const itemPointer = /^\/value\/(0|[1-9][0-9]*)(?=\/|$)/;

const hasError = (problems: readonly LocatedProblem[]): boolean => problems.some((p) => p.severity === 'error');

/**
 * Parses and validates a raw webhook body (text or bytes): the whole batch's verdict as before (ok only
 * when it has no error), and each notification's typed value or its own located problems. A bot
 * acknowledges the POST at once and handles the notifications whose ok is true; the batch's problems and
 * the refused notifications are for its logs.
 *
 * @throws {TypeError} when body is neither a string nor a Uint8Array (a Buffer is one; a Proxy of one is
 * not), or options is not { apiVersion: 'beta' | 'v1.0', rules }.
 */
export function parseCommsNotifications(body: string | Uint8Array, options?: GuardOptions): NotificationsParseResult {
  const { apiVersion, rules } = guardOptions(options, 'parseCommsNotifications');
  if (typeof body !== 'string' && !(ArrayBuffer.isView(body) && body instanceof Uint8Array)) {
    throw new TypeError(`parseCommsNotifications: body must be a string or a Uint8Array, not ${describeArgument(body)}`);
  }
  // The same decoding as lint(): a byte order mark dropped, and bytes that are not UTF-8 text refused
  // with the same file-encoding problem (what was found, and where).
  const decoded = decodeText(body);
  if ('problem' in decoded) return { ok: false, problems: [decoded.problem], batchProblems: [decoded.problem], notifications: [] };
  const { report, value } = lintPayload(decoded.text, 'comms-notifications', undefined, undefined, apiVersion, leastCeiling);
  const problems = applyRuleSettings(report.problems, rules);
  // Every problem is listed (each notification's verdict needs its own), but a body far from any batch
  // Graph sends is refused whole rather than held problem by problem: what its validation found before it
  // stopped is gone, so no notification can be told good, and none is.
  if (problems.some((problem) => problem.ruleId === validationStopped.id)) return { ok: false, problems, batchProblems: problems, notifications: [] };
  const list = isObject(value) && Array.isArray(value['value']) ? (value['value'] as unknown[]) : [];

  // Problems go to the object item their pointer is under; the rest, and those of items that are not
  // objects, are the batch's.
  const byItem = new Map<number, LocatedProblem[]>();
  const batchProblems: LocatedProblem[] = [];
  for (const problem of problems) {
    const match = itemPointer.exec(problem.pointer);
    const index = match === null ? -1 : Number(match[1]);
    if (index < 0 || !isObject(list[index])) {
      batchProblems.push(problem);
      continue;
    }
    const own = byItem.get(index);
    if (own === undefined) byItem.set(index, [problem]);
    else own.push(problem);
  }
  const notifications: NotificationResult[] = [];
  list.forEach((item, index) => {
    if (!isObject(item)) return;
    const pointer = childPointer('/value', index);
    const own = byItem.get(index) ?? [];
    if (hasError(own)) {
      notifications.push({ ok: false, index, pointer, problems: own });
      return;
    }
    const notification = item as unknown as CommsNotification;
    notifications.push({ ok: true, index, pointer, value: notification, classified: classifyNotification(notification), problems: own });
  });
  // Without errors the text was JSON, so value holds what it parsed to.
  if (hasError(problems)) return { ok: false, problems, batchProblems, notifications };
  return { ok: true, value: value as CommsNotifications, problems, batchProblems, notifications };
}
