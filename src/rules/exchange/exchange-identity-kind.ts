import type { LocatedProblem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';
import type { Identity } from './identities.js';
import { problemIn, type PayloadPart } from './payload-part.js';
import { idKey } from '../../contract/same-id.js';

/** An invitee comes back under the identity kind it was invited under. */
export const exchangeIdentityKind = {
  id: 'exchange-identity-kind',
  severity: 'warning',
  description: 'An invited identity that comes back in the response, an operation notification or a roster update with the same id under another identity kind (a user as an application).',
  rationale: 'Bots find the invitee by identity kind and id; one that changes kind is never found.',
  locate: 'key',
  params: { id: "the invitee's id", expected: 'the identity kind it was invited under', found: 'the identity kind this list holds it under' },
  /**
   * The problems of a participant list of a payload that holds an invitee's id (compared without regard to
   * case) only under other identity kinds: one at the key of each such identity.
   */
  check(invitees: readonly Identity[], listed: readonly Identity[], part: PayloadPart): LocatedProblem[] {
    const problems: LocatedProblem[] = [];
    // The list's identities by id, as sameId compares them: read once, not once per invitee.
    const byId = new Map<string, Identity[]>();
    for (const identity of listed) {
      const key = idKey(identity.id);
      const same = byId.get(key);
      if (same === undefined) byId.set(key, [identity]);
      else same.push(identity);
    }
    for (const invitee of invitees) {
      const same = byId.get(idKey(invitee.id)) ?? [];
      if (same.some((identity) => identity.kind === invitee.kind)) continue;
      for (const other of same) {
        const message = `the invited ${invitee.kind} ${invitee.id} is listed here as ${other.kind}; an invitee keeps its identity kind`;
        problems.push(problemIn(part, exchangeIdentityKind, other.pointer, message, { id: invitee.id, expected: invitee.kind, found: other.kind }));
      }
    }
    return problems;
  },
} as const satisfies RuleDefinition;
