import type {
  CommsNotification,
  CommsNotifications,
  DeltaParticipants,
  InviteParticipantsOperation,
  InviteRequest,
  Participant,
} from '../../generated/types.js';
import type { Kind } from '../contract/kinds.js';
import { lintPayload } from '../inputs/payload.js';
import type { Problem } from '../model/problem.js';
import { problemAt, type LocatedProblem } from '../model/problem.js';
import { fileEncoding } from '../rules/file/file-encoding.js';
import { classifyResourceData } from '../contract/resource-data.js';
import { validate } from '../validate/validate.js';

/** Thrown by the assert functions: the payload has errors; problems holds every finding, warnings included. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  /** The kind the payload was checked as. */
  readonly kind: Kind;
  /** Every problem found; at least one is an error. */
  readonly problems: readonly Problem[];

  constructor(kind: Kind, problems: readonly Problem[]) {
    super(summary(kind, problems));
    this.kind = kind;
    this.problems = problems;
  }
}

/** How many errors the message spells out; the rest stay in problems. */
const errorsShown = 3;

function summary(kind: Kind, problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error');
  const shown = errors.slice(0, errorsShown).map((p) => `${p.ruleId} at ${p.pointer === '' ? '(root)' : p.pointer}: ${p.message}`);
  const more = errors.length > errorsShown ? `; and ${errors.length - errorsShown} more` : '';
  return `not a valid ${kind} (${errors.length} error${errors.length === 1 ? '' : 's'}): ${shown.join('; ')}${more}`;
}

function check(kind: Kind, value: unknown): void {
  const result = validate(value, { kind });
  if (!result.valid) throw new ContractError(kind, result.problems);
}

// Guards judge by errors only: the documented examples themselves carry warnings, and a guard that
// refused them would refuse what the service really sends.

/** True when the value is an invite request body with no errors (warnings allowed). */
export function isInviteRequest(value: unknown): value is InviteRequest {
  return validate(value, { kind: 'invite-request' }).valid;
}

/** True when the value is an inviteParticipantsOperation with no errors (warnings allowed). */
export function isInviteOperation(value: unknown): value is InviteParticipantsOperation {
  return validate(value, { kind: 'invite-operation' }).valid;
}

/** True when the value is a commsNotifications webhook body with no errors (warnings allowed). */
export function isCommsNotifications(value: unknown): value is CommsNotifications {
  return validate(value, { kind: 'comms-notifications' }).valid;
}

/** Throws a ContractError unless the value is an invite request body with no errors. */
export function assertInviteRequest(value: unknown): asserts value is InviteRequest {
  check('invite-request', value);
}

/** Throws a ContractError unless the value is an inviteParticipantsOperation with no errors. */
export function assertInviteOperation(value: unknown): asserts value is InviteParticipantsOperation {
  check('invite-operation', value);
}

/** Throws a ContractError unless the value is a commsNotifications webhook body with no errors. */
export function assertCommsNotifications(value: unknown): asserts value is CommsNotifications {
  check('comms-notifications', value);
}

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

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses and validates a raw webhook body (text or bytes) into the typed batch or located problems; never rejects for text or bytes. */
export function parseCommsNotifications(body: string | Uint8Array): ParseResult<CommsNotifications> {
  let text: string;
  if (typeof body === 'string') {
    text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  } else if (body instanceof Uint8Array) {
    try {
      // The decoder drops a UTF-8 byte order mark and refuses anything that is not UTF-8.
      text = utf8.decode(body);
    } catch {
      return { ok: false, problems: [problemAt(fileEncoding, 'the body is not UTF-8 text; Graph sends UTF-8 JSON', undefined, '', { found: 'invalid-utf-8' })] };
    }
  } else {
    throw new TypeError(`parseCommsNotifications takes the body as a string or bytes, not ${body === null ? 'null' : typeof body}`);
  }
  const { report, value } = lintPayload(text, 'comms-notifications');
  const { problems } = report;
  // Without errors the text was JSON, so value holds what it parsed to.
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  return { ok: true, value: value as CommsNotifications, problems };
}

/** One notification of a batch, told apart by what its resourceData carries. */
export type ClassifiedNotification =
  | {
      /** An operation changed or finished (changeType deleted): resourceData is the operation. */
      readonly type: 'operation';
      readonly notification: CommsNotification;
      readonly operation: InviteParticipantsOperation;
    }
  | {
      /** A full roster update: resourceData is the array of participants. */
      readonly type: 'roster';
      readonly notification: CommsNotification;
      readonly participants: readonly Participant[];
    }
  | {
      /** A delta roster update: resourceData is a #microsoft.graph.deltaParticipants object. */
      readonly type: 'delta-roster';
      readonly notification: CommsNotification;
      readonly delta: DeltaParticipants;
    }
  | {
      /** Anything else, such as a notification without resourceData. */
      readonly type: 'other';
      readonly notification: CommsNotification;
    };

/** What kind of update a notification is, following the same test the schema applies to resourceData. */
export function classifyNotification(notification: CommsNotification): ClassifiedNotification {
  const found = classifyResourceData(notification.resourceData);
  if (found.shape === 'roster') return { type: 'roster', notification, participants: found.participants as Participant[] };
  if (found.shape === 'delta') return { type: 'delta-roster', notification, delta: found.delta as DeltaParticipants };
  if (found.shape === 'operation') return { type: 'operation', notification, operation: found.operation as InviteParticipantsOperation };
  return { type: 'other', notification };
}

/** Classifies every notification of a batch (or of its value array), in order, for a switch on type. */
export function classifyNotifications(batch: CommsNotifications | readonly CommsNotification[]): ClassifiedNotification[] {
  const notifications = Array.isArray(batch) ? (batch as readonly CommsNotification[]) : ((batch as CommsNotifications).value ?? []);
  return notifications.map(classifyNotification);
}
