import { describeValue } from '../../model/describe.js';
import type { LintedBody } from '../http/body.js';
import { problemAt } from '../../model/problem.js';
import { childPointer, resolvePointer } from '../../model/pointer.js';
import { parseResourcePath, primaryResourceField } from '../../contract/resource-path.js';
import { exchangeRules } from '../../rules/exchange/exchange-rules.js';
import { firstOnlyField, firstParticipantOnly } from '../../rules/payload/first-participant-only.js';
import { isObject, type JsonObject, type RuleMeta } from '../../model/rule.js';
import type { Exchange, ExchangePart } from './exchange.js';
import { sameId } from '../text.js';
import { identitiesOf, type Identity } from './identities.js';
import { classifyResourceData } from '../../contract/resource-data.js';

/** A participant list to look for invitees in: the identity set of each entry, with its pointer. */
type IdentitySets = ReadonlyArray<{ readonly set: unknown; readonly pointer: string }>;

/** One notification of a commsNotifications payload. */
interface Notification {
  readonly part: ExchangePart;
  readonly item: JsonObject;
  readonly pointer: string;
}

function report(body: LintedBody, rule: RuleMeta, pointer: string, message: string): void {
  body.problems.push(problemAt(rule, message, body.position(pointer, rule.locate ?? 'value'), pointer));
}

function notificationsOf(parts: readonly ExchangePart[]): Notification[] {
  const found: Notification[] = [];
  for (const part of parts) {
    const list = isObject(part.body.value) ? part.body.value['value'] : undefined;
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      if (isObject(item)) found.push({ part, item, pointer: childPointer('/value', index) });
    });
  }
  return found;
}

/** The path a notification is about and where it is: resourceUrl, else resource. */
function primaryPath(notification: Notification): { key: string; value: string; pointer: string } | undefined {
  const field = primaryResourceField(notification.item);
  return field === undefined ? undefined : { ...field, pointer: childPointer(notification.pointer, field.key) };
}

/** The operation a notification carries as resourceData, if it carries one. */
function operationOf(notification: Notification): JsonObject | undefined {
  const found = classifyResourceData(notification.item['resourceData']);
  return found.shape === 'operation' ? found.operation : undefined;
}

/** The identity sets of the participants a roster notification carries (an array, or a deltaParticipants object). */
function rosterOf(notification: Notification): IdentitySets | undefined {
  const data = notification.item['resourceData'];
  const pointer = childPointer(notification.pointer, 'resourceData');
  let list: readonly unknown[];
  let listPointer: string;
  const found = classifyResourceData(data);
  if (found.shape === 'roster') [list, listPointer] = [found.participants, pointer];
  else if (found.shape === 'delta' && Array.isArray(found.delta['participants'])) [list, listPointer] = [found.delta['participants'], childPointer(pointer, 'participants')];
  else return undefined;
  return list.map((participant, index) => {
    const info = isObject(participant) ? participant['info'] : undefined;
    return { set: isObject(info) ? info['identity'] : undefined, pointer: childPointer(childPointer(childPointer(listPointer, index), 'info'), 'identity') };
  });
}

/** The identity sets of an invitation list (the request's, the response's, an operation's). */
function invitationSets(list: unknown, pointer: string): IdentitySets {
  if (!Array.isArray(list)) return [];
  return list.map((participant, index) => ({
    set: isObject(participant) ? participant['identity'] : undefined,
    pointer: childPointer(childPointer(pointer, index), 'identity'),
  }));
}

/** Who the request invites: every participant, or only the first when replacesCallId or participantId makes the service read only that one. */
function inviteesOf(request: unknown): Identity[] {
  const list = isObject(request) ? request['participants'] : undefined;
  if (!Array.isArray(list)) return [];
  const firstOnly = firstOnlyField(list) !== undefined;
  return invitationSets(firstOnly ? list.slice(0, 1) : list, '/participants').flatMap(({ set, pointer }) => identitiesOf(set, pointer));
}

/**
 * Reports invitees listed under another identity kind in one participant list, and returns those it does
 * not list at all (under any kind).
 */
function lookFor(invitees: readonly Identity[], sets: IdentitySets, body: LintedBody): Identity[] {
  const listed = sets.flatMap(({ set, pointer }) => identitiesOf(set, pointer));
  const missing: Identity[] = [];
  for (const invitee of invitees) {
    const same = listed.filter((identity) => sameId(identity.id, invitee.id));
    if (same.some((identity) => identity.kind === invitee.kind)) continue;
    if (same.length === 0) {
      missing.push(invitee);
      continue;
    }
    for (const other of same) {
      report(body, exchangeRules.exchangeIdentityKind, other.pointer, `the invited ${invitee.kind} ${invitee.id} is listed here as ${other.kind}; an invitee keeps its identity kind`);
    }
  }
  return missing;
}

function checkClientContext(expected: string, part: ExchangePart, pointer: string, what: string): void {
  const holder = resolvePointer(part.body.value, pointer);
  if (!isObject(holder)) return;
  if (!Object.hasOwn(holder, 'clientContext')) {
    // A truncated example may leave properties out; leaving one out is not contradicting it.
    if (!part.truncated) report(part.body, exchangeRules.exchangeClientContext, pointer, `${what} has no clientContext; the request's is ${describeValue(expected)}`);
    return;
  }
  const actual = holder['clientContext'];
  if (actual !== expected) {
    report(part.body, exchangeRules.exchangeClientContext, childPointer(pointer, 'clientContext'), `clientContext ${describeValue(actual)} is not the request's ${describeValue(expected)}`);
  }
}

/** The same fact told by several payloads of one exchange is told once: at the first payload that tells it (the request). */
function reportFirstParticipantOnlyOnce(bodies: readonly LintedBody[]): void {
  let told = false;
  for (const body of bodies) {
    const has = body.problems.some((problem) => problem.ruleId === firstParticipantOnly.id);
    if (has && told) {
      // Filtered in place: spreading the kept problems as arguments overflows the stack past ~125k of them.
      let write = 0;
      for (const problem of body.problems) if (problem.ruleId !== firstParticipantOnly.id) body.problems[write++] = problem;
      body.problems.length = write;
    }
    told ||= has;
  }
}

/** Checks that the parts of one exchange agree with each other; every problem goes to the body holding the offending value. */
export function correlate(exchange: Exchange): void {
  const request = exchange.request.body?.value;
  const response = exchange.response;
  const notifications = notificationsOf(exchange.notifications);
  const operations = notifications.flatMap((notification) => {
    const operation = operationOf(notification);
    return operation === undefined ? [] : [{ notification, operation, pointer: childPointer(notification.pointer, 'resourceData') }];
  });

  const clientContext = isObject(request) ? request['clientContext'] : undefined;
  if (typeof clientContext === 'string') {
    if (response !== undefined) checkClientContext(clientContext, response, '', 'the response');
    for (const { notification, pointer } of operations) checkClientContext(clientContext, notification.part, pointer, 'the operation in this notification');
  }

  const operationId = response !== undefined && isObject(response.body.value) ? response.body.value['id'] : undefined;
  if (typeof operationId === 'string') {
    for (const { notification, operation, pointer } of operations) {
      const id = operation['id'];
      // A null or absent id is already reported by entity-id-null or the schema; only another id is reported here.
      if (typeof id === 'string' && !sameId(id, operationId)) {
        report(notification.part.body, exchangeRules.exchangeOperationId, childPointer(pointer, 'id'), `resourceData.id names operation ${id}, but the response returned operation ${operationId}`);
      }
      const path = primaryPath(notification);
      const parsed = path === undefined ? undefined : parseResourcePath(path.value);
      if (path !== undefined && parsed?.kind === 'operation' && parsed.operationId !== null && !sameId(parsed.operationId, operationId)) {
        report(notification.part.body, exchangeRules.exchangeOperationId, path.pointer, `${path.key} names operation ${parsed.operationId}, but the response returned operation ${operationId}`);
      }
    }
  }

  const invite = exchange.request.invite;
  if (invite?.concrete === true) {
    const replaced = new Set(
      (isObject(request) && Array.isArray(request['participants']) ? request['participants'] : [])
        .map((item: unknown) => (isObject(item) && typeof item['replacesCallId'] === 'string' ? item['replacesCallId'].toLowerCase() : undefined))
        .filter((id): id is string => id !== undefined),
    );
    for (const notification of notifications) {
      const path = primaryPath(notification);
      const parsed = path === undefined ? undefined : parseResourcePath(path.value);
      if (path === undefined || parsed === undefined || parsed.kind === 'other' || sameId(parsed.callId, invite.callId)) continue;
      const why = replaced.has(parsed.callId.toLowerCase()) ? ' (the call the invite replaces, replacesCallId)' : '';
      report(notification.part.body, exchangeRules.exchangeCallId, path.pointer, `${path.key} names call ${parsed.callId}${why}, but the invite was posted to call ${invite.callId}`);
    }
  }

  const invitees = inviteesOf(request);
  if (invitees.length > 0) {
    const missingIn = (body: LintedBody, listPointer: string, where: string, missing: readonly Identity[]): void => {
      for (const invitee of missing) report(body, exchangeRules.exchangeInviteeMissing, listPointer, `the invited ${invitee.kind} ${invitee.id} is not among ${where}`);
    };
    const responseValue = response?.body.value;
    if (response !== undefined && isObject(responseValue) && Array.isArray(responseValue['participants'])) {
      missingIn(response.body, '/participants', "the response's participants", lookFor(invitees, invitationSets(responseValue['participants'], '/participants'), response.body));
    }
    for (const { notification, operation, pointer } of operations) {
      const listPointer = childPointer(pointer, 'participants');
      if (!Array.isArray(operation['participants'])) continue;
      missingIn(notification.part.body, listPointer, "the operation's participants", lookFor(invitees, invitationSets(operation['participants'], listPointer), notification.part.body));
    }
    // An invitee need not be in every roster update, only in one of them.
    const rosters = notifications.flatMap((notification) => {
      const sets = rosterOf(notification);
      return sets === undefined ? [] : [{ notification, sets }];
    });
    const first = rosters[0];
    if (first !== undefined) {
      let missing = invitees;
      for (const { notification, sets } of rosters) {
        const absent = lookFor(invitees, sets, notification.part.body);
        missing = missing.filter((invitee) => absent.includes(invitee));
      }
      missingIn(first.notification.part.body, childPointer(first.notification.pointer, 'resourceData'), 'the participants of any roster update', missing);
    }
  }

  const bodies = [exchange.request.body, response?.body, ...exchange.notifications.map((part) => part.body)].filter((body): body is LintedBody => body !== undefined);
  reportFirstParticipantOnlyOnce(bodies);
}
