import type { LocatedProblem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';
import type { Identity } from './identities.js';
import { problemIn, type PayloadPart } from './payload-part.js';
import { idKey } from '../../contract/same-id.js';

/** Where an invitee was looked for, as the message says it. */
const places = { response: "the response's participants", operation: "the operation's participants", roster: 'the participants of any roster update' } as const;

/** The response, the operations and the roster updates of an exchange list the invitees. */
export const exchangeInviteeMissing = {
  id: 'exchange-invitee-missing',
  severity: 'warning',
  description: 'An invited identity (every participant, or only the first with replacesCallId or participantId) that the response, an operation notification or the roster updates do not list under any identity kind.',
  rationale: 'The response and the operation echo the invitation, and the roster shows who joined; a missing invitee means the exchange is not about this invite, or the invitee never arrived.',
  params: {
    identityKind: 'the identity kind the invitee was invited under (user, phone...)',
    id: "the invitee's id",
    among: 'where it is missing: response (its participants), operation (the participants of the operation a notification carries) or roster (every roster update of the exchange)',
  },
  /**
   * The problems of the invitees that none of the lists holds under any identity kind (ids compared without
   * regard to case), at a pointer of a payload: the list, or the first roster update's resourceData.
   * An invitee need not be in every roster update, only in one of them.
   */
  check(invitees: readonly Identity[], lists: ReadonlyArray<readonly Identity[]>, part: PayloadPart, pointer: string, among: keyof typeof places): LocatedProblem[] {
    // One set of every id listed, compared as sameId compares: a captured roster of thousands is read once.
    const listedIds = new Set(lists.flatMap((listed) => listed.map((identity) => idKey(identity.id))));
    return invitees
      .filter((invitee) => !listedIds.has(idKey(invitee.id)))
      .map((invitee) => problemIn(part, exchangeInviteeMissing, pointer, `the invited ${invitee.kind} ${invitee.id} is not among ${places[among]}`, { identityKind: invitee.kind, id: invitee.id, among }));
  },
} as const satisfies RuleDefinition;
