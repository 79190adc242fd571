import { append } from '../../model/append.js';
import type { LintedBody } from '../http/body.js';
import type { LocatedProblem } from '../../model/problem.js';
import { childPointer } from '../../model/pointer.js';
import { primaryResourceField } from '../../contract/resource-path.js';
import { classifyResourceData } from '../../contract/resource-data.js';
import { exchangeCallId } from '../../rules/exchange/exchange-call-id.js';
import { exchangeClientContext } from '../../rules/exchange/exchange-client-context.js';
import { exchangeIdentityKind } from '../../rules/exchange/exchange-identity-kind.js';
import { exchangeInviteeMissing } from '../../rules/exchange/exchange-invitee-missing.js';
import { exchangeOperationId } from '../../rules/exchange/exchange-operation-id.js';
import { identitiesOf, type Identity } from '../../rules/exchange/identities.js';
import type { ResourcePathField } from '../../rules/exchange/payload-part.js';
import { firstOnlyField, firstParticipantOnly } from '../../rules/payload/first-participant-only.js';
import { isObject, type JsonObject } from '../../model/rule.js';
import type { Exchange, ExchangePart } from './exchange.js';

/** A participant list to look for invitees in: the identity set of each entry, with its pointer. */
type IdentitySets = ReadonlyArray<{ readonly set: unknown; readonly pointer: string }>;

/** One notification of a commsNotifications payload. */
interface Notification {
  readonly part: ExchangePart;
  readonly item: JsonObject;
  readonly pointer: string;
}

/** Adds a rule's findings to the body holding the offending value. */
function report(body: LintedBody, found: LocatedProblem | readonly LocatedProblem[] | undefined): void {
  if (found === undefined) return;
  if (!Array.isArray(found)) body.problems.push(found as LocatedProblem);
  else append(body.problems, found);
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
function primaryPath(notification: Notification): ResourcePathField | undefined {
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

/** The identities with an id that a participant list holds. */
function listed(sets: IdentitySets): Identity[] {
  return sets.flatMap(({ set, pointer }) => identitiesOf(set, pointer));
}

/**
 * A REST client variable ({{userId}}) in a kept request: the value sent was another, so nothing is
 * compared with it (a .http file's "{{ctx}}" is not the "bot-ctx-0042" the response echoes).
 */
function isPlaceholder(value: string): boolean {
  return /\{\{[^{}]*\}\}/.test(value);
}

/** Who the request invites: every participant, or only the first when replacesCallId or participantId makes the service read only that one. */
function inviteesOf(request: unknown): Identity[] {
  const list = isObject(request) ? request['participants'] : undefined;
  if (!Array.isArray(list)) return [];
  const firstOnly = firstOnlyField(list) !== undefined;
  return listed(invitationSets(firstOnly ? list.slice(0, 1) : list, '/participants')).filter((identity) => !isPlaceholder(identity.id));
}

/** The calls the request replaces: the replacesCallId of its participants. */
function replacedCallsOf(request: unknown): string[] {
  const list = isObject(request) ? request['participants'] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => (isObject(item) && typeof item['replacesCallId'] === 'string' ? [item['replacesCallId']] : []));
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
  if (typeof clientContext === 'string' && !isPlaceholder(clientContext)) {
    if (response !== undefined) report(response.body, exchangeClientContext.check(clientContext, response.body, '', response.truncated, 'response'));
    for (const { notification, pointer } of operations) {
      const { body, truncated } = notification.part;
      report(body, exchangeClientContext.check(clientContext, body, pointer, truncated, 'operation'));
    }
  }

  const operationId = response !== undefined && isObject(response.body.value) ? response.body.value['id'] : undefined;
  if (typeof operationId === 'string') {
    for (const { notification, operation, pointer } of operations) {
      const { body } = notification.part;
      report(body, exchangeOperationId.check(operationId, body, operation, pointer, primaryPath(notification)));
    }
  }

  const invite = exchange.request.invite;
  if (invite?.concrete === true) {
    const replacedCalls = replacedCallsOf(request);
    for (const notification of notifications) {
      const path = primaryPath(notification);
      const { body } = notification.part;
      if (path !== undefined) report(body, exchangeCallId.check(invite.callId, replacedCalls, body, path));
    }
  }

  const invitees = inviteesOf(request);
  if (invitees.length > 0) {
    const lookFor = (body: LintedBody, identities: readonly Identity[], listPointer: string, among: 'response' | 'operation'): void => {
      report(body, exchangeIdentityKind.check(invitees, identities, body));
      report(body, exchangeInviteeMissing.check(invitees, [identities], body, listPointer, among));
    };
    const responseValue = response?.body.value;
    if (response !== undefined && isObject(responseValue) && Array.isArray(responseValue['participants'])) {
      lookFor(response.body, listed(invitationSets(responseValue['participants'], '/participants')), '/participants', 'response');
    }
    for (const { notification, operation, pointer } of operations) {
      const listPointer = childPointer(pointer, 'participants');
      if (!Array.isArray(operation['participants'])) continue;
      lookFor(notification.part.body, listed(invitationSets(operation['participants'], listPointer)), listPointer, 'operation');
    }
    const rosters = notifications.flatMap((notification) => {
      const sets = rosterOf(notification);
      return sets === undefined ? [] : [{ notification, identities: listed(sets) }];
    });
    for (const { notification, identities } of rosters) report(notification.part.body, exchangeIdentityKind.check(invitees, identities, notification.part.body));
    const first = rosters[0];
    if (first !== undefined) {
      const { body } = first.notification.part;
      report(body, exchangeInviteeMissing.check(invitees, rosters.map((roster) => roster.identities), body, childPointer(first.notification.pointer, 'resourceData'), 'roster'));
    }
  }

  const bodies = [exchange.request.body, response?.body, ...exchange.notifications.map((part) => part.body)].filter((body): body is LintedBody => body !== undefined);
  reportFirstParticipantOnlyOnce(bodies);
}
