import type {
  CommsNotification,
  CommsNotifications,
  CommsOperation,
  DeltaParticipants,
  InviteParticipantsOperation,
  InviteRequest,
  Participant,
} from '../../generated/types.js';
import { defaultApiVersion, type ApiVersion } from '../model/api-version.js';
import { typeMismatch } from '../rules/schema/type-mismatch.js';
import { enumMember } from '../rules/schema/enum-member.js';
import { requiredProperty } from '../rules/schema/required-property.js';
import { notNullable } from '../rules/schema/not-nullable.js';
import { participantsRequired } from '../rules/schema/participants-required.js';
import { flagsMember } from '../rules/schema/flags-member.js';
import { schemaViolation } from '../rules/schema/schema-violation.js';
import type { Kind } from '../model/kind.js';
import type { Problem } from '../model/problem.js';
import { subjectOfNotification } from '../contract/resource-data.js';
import type { JsonObject } from '../model/rule.js';
import { checkApiVersion, checkRuleSettings, describeArgument, readOptions, validateAs } from '../validate/validate.js';
import { settleResult, type RuleSettings } from '../validate/rule-settings.js';
import { readingCallerValue } from './arguments.js';

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

/** Options of the guards, the assert functions and parseCommsNotifications. */
export interface GuardOptions {
  /** The profile to check against: beta (the default) or v1.0, under which beta-only content is an error. */
  readonly apiVersion?: ApiVersion | undefined;
  /**
   * Rule ids mapped to "off", "warning" or "error", as validate() takes them: the guards judge by the
   * severities they give. The rules the types stand for (type-mismatch, enum-member, required-property,
   * not-nullable, participants-required, flags-member, schema-violation) stay errors here.
   */
  readonly rules?: RuleSettings | undefined;
}

const noGuardOptions = Object.freeze({ apiVersion: defaultApiVersion, rules: undefined });

/** A guard's options checked, or a TypeError naming the option (guard: options...). */
/** The profile the options of a function that takes no rule settings name, or a TypeError naming the option. */
export function guardApiVersion(options: { readonly apiVersion?: ApiVersion | undefined } | undefined, where: string): ApiVersion {
  if (options === undefined) return defaultApiVersion;
  return checkApiVersion(readOptions(`${where}: options`, options, ['apiVersion'])['apiVersion'], `${where}: options`);
}

export function guardOptions(options: GuardOptions | undefined, guard: string): { readonly apiVersion: ApiVersion; readonly rules: RuleSettings | undefined } {
  if (options === undefined) return noGuardOptions;
  const { apiVersion, rules } = readOptions(`${guard}: options`, options, ['apiVersion', 'rules']);
  const checked = rules === undefined ? undefined : checkRuleSettings(rules, `${guard}: options.rules`);
  for (const [id, setting] of Object.entries(checked ?? {})) {
    if (typeRules.has(id) && setting !== 'error') {
      throw new TypeError(`${guard}: options.rules["${id}"] cannot be "${String(setting)}": the type ${guard} promises is made of what ${id} checks, so a value it let through could break its own type (a status outside the union, a missing property); judge by your settings with validate() instead`);
    }
  }
  return { apiVersion: checkApiVersion(apiVersion, `${guard}: options`), rules: checked };
}

/**
 * The rules whose errors the generated types stand for (a property's type, an enum's members, a required
 * or non-null property, a flags value's form): a guard or parseCommsNotifications that passes a value
 * narrows it to the type, so these cannot be turned off or down there.
 */
const typeRules: ReadonlySet<string> = new Set([typeMismatch.id, enumMember.id, requiredProperty.id, notNullable.id, participantsRequired.id, flagsMember.id, schemaViolation.id]);

/** Whether the value has no errors as a kind; reading it may throw only through a getter or a Proxy. */
function validOrProblems(kind: Kind, value: unknown, guard: string, options: GuardOptions | undefined): ReturnType<typeof validateAs> {
  const { apiVersion, rules } = guardOptions(options, guard);
  return settleResult(
    readingCallerValue(`${guard}: value`, () => validateAs(value, kind, apiVersion)),
    rules,
  );
}

function check(kind: Kind, value: unknown, guard: string, options: GuardOptions | undefined): void {
  const result = validOrProblems(kind, value, guard, options);
  if (!result.valid) throw new ContractError(kind, result.problems);
}

// Guards judge by errors only: the documented examples themselves carry warnings, and a guard that
// refused them would refuse what the service really sends.

/**
 * True when the value is an invite request body with no errors (warnings allowed). The guards and the
 * assert functions take any value; they throw only a TypeError, when reading the value throws (a getter,
 * a Proxy trap: "isInviteRequest: value must be JSON data...") or options is not { apiVersion: 'beta' |
 * 'v1.0' }, and the assert functions a ContractError.
 */
export function isInviteRequest(value: unknown, options?: GuardOptions): value is InviteRequest {
  return validOrProblems('invite-request', value, 'isInviteRequest', options).valid;
}

/** True when the value is an inviteParticipantsOperation with no errors (warnings allowed); throws as isInviteRequest. */
export function isInviteOperation(value: unknown, options?: GuardOptions): value is InviteParticipantsOperation {
  return validOrProblems('invite-operation', value, 'isInviteOperation', options).valid;
}

/** True when the value is a commsNotifications webhook body with no errors (warnings allowed); throws as isInviteRequest. */
export function isCommsNotifications(value: unknown, options?: GuardOptions): value is CommsNotifications {
  return validOrProblems('comms-notifications', value, 'isCommsNotifications', options).valid;
}

/**
 * Throws a ContractError unless the value is an invite request body with no errors.
 *
 * @throws {ContractError} when the value has errors.
 * @throws {TypeError} when reading the value throws (a getter, a Proxy trap), or options is not { apiVersion, rules }.
 */
export function assertInviteRequest(value: unknown, options?: GuardOptions): asserts value is InviteRequest {
  check('invite-request', value, 'assertInviteRequest', options);
}

/**
 * Throws a ContractError unless the value is an inviteParticipantsOperation with no errors.
 *
 * @throws {ContractError} when the value has errors.
 * @throws {TypeError} when reading the value throws (a getter, a Proxy trap), or options is not { apiVersion, rules }.
 */
export function assertInviteOperation(value: unknown, options?: GuardOptions): asserts value is InviteParticipantsOperation {
  check('invite-operation', value, 'assertInviteOperation', options);
}

/**
 * Throws a ContractError unless the value is a commsNotifications webhook body with no errors.
 *
 * @throws {ContractError} when the value has errors.
 * @throws {TypeError} when reading the value throws (a getter, a Proxy trap), or options is not { apiVersion, rules }.
 */
export function assertCommsNotifications(value: unknown, options?: GuardOptions): asserts value is CommsNotifications {
  check('comms-notifications', value, 'assertCommsNotifications', options);
}

/** One notification of a batch, told apart by what its resourceData carries. */
export type ClassifiedNotification =
  | {
      /**
       * The invite's operation changed or finished (changeType deleted): resourceData is the operation,
       * typed inviteParticipantsOperation or untyped outside a call's own path.
       */
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
      /**
       * Another calling operation (playPromptOperation, recordOperation, muteParticipantOperation...):
       * resourceData typed as a commsOperation other than the invite's, checked as a commsOperation.
       */
      readonly type: 'other-operation';
      readonly notification: CommsNotification;
      readonly operation: CommsOperation;
    }
  | {
      /**
       * A call's state changed: resourceData typed #microsoft.graph.call, or an untyped object under the
       * call's own path (/communications/calls/{id}). Outside this contract: its fields are not checked.
       */
      readonly type: 'call';
      readonly notification: CommsNotification;
      readonly call: Readonly<Record<string, unknown>>;
    }
  | {
      /** Anything else, such as a notification without resourceData. */
      readonly type: 'other';
      readonly notification: CommsNotification;
    };

/** A notification's class; where names it in the TypeError thrown for anything but an object. */
function classify(notification: CommsNotification, where: string): ClassifiedNotification {
  const isObject = readingCallerValue(where, () => notification !== null && typeof notification === 'object' && !Array.isArray(notification));
  if (!isObject) throw new TypeError(`${where} must be a notification object, not ${describeArgument(notification)}`);
  const found = readingCallerValue(where, () => subjectOfNotification(notification as unknown as JsonObject));
  switch (found.subject) {
    case 'roster':
      return { type: 'roster', notification, participants: found.participants as Participant[] };
    case 'delta':
      return { type: 'delta-roster', notification, delta: found.delta as DeltaParticipants };
    case 'invite-operation':
      return { type: 'operation', notification, operation: found.operation as InviteParticipantsOperation };
    case 'other-operation':
      return { type: 'other-operation', notification, operation: found.operation as unknown as CommsOperation };
    case 'call':
      return { type: 'call', notification, call: found.call };
    default:
      return { type: 'other', notification };
  }
}

/**
 * What a notification is about: the schema's test on resourceData (an array, a delta, an @odata.type),
 * with the invite's operation told from other operations and from calls (an untyped object under a
 * call's own path is the call, whose state updates arrive without @odata.type).
 *
 * @throws {TypeError} when notification is not an object, or reading it throws (a getter, a Proxy trap).
 */
export function classifyNotification(notification: CommsNotification): ClassifiedNotification {
  return classify(notification, 'classifyNotification: notification');
}

/**
 * Classifies every notification of a batch (or of its value array), in order, for a switch on type.
 *
 * @throws {TypeError} when batch is neither an array nor an object whose value is an array (or absent),
 * when one of the notifications is not an object (batch.value[2]...), or when reading them throws.
 */
export function classifyNotifications(batch: CommsNotifications | readonly CommsNotification[]): ClassifiedNotification[] {
  const found = readingCallerValue('classifyNotifications: batch', () => {
    if (Array.isArray(batch)) return { where: 'batch', list: Array.from(batch as readonly CommsNotification[]) };
    if (batch === null || typeof batch !== 'object') return undefined;
    const value = (batch as CommsNotifications).value ?? [];
    return { where: 'batch.value', list: Array.isArray(value) ? Array.from(value as readonly CommsNotification[]) : undefined };
  });
  if (found === undefined) throw new TypeError(`classifyNotifications: batch must be a commsNotifications object or an array of notifications, not ${describeArgument(batch)}`);
  const { where, list } = found;
  if (list === undefined) throw new TypeError(`classifyNotifications: batch.value must be an array of notifications`);
  return list.map((notification, index) => classify(notification, `classifyNotifications: ${where}[${index}]`));
}
