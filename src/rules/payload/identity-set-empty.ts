import { noParams } from '../../model/problem.js';
import { isObject, type JsonObject, type Rule, type RuleContext, type Token } from '../../model/rule.js';

// Bound here, not imported: only a module's own constant lets the engine answer it inside a for-in from
// the loop's key cache (src/validate/walker.ts says more).
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** True when the set names an identity: any own object-valued key that is not an @ annotation. */
function namesAnIdentity(set: JsonObject): boolean {
  // Any object-valued key counts, so identity kinds that beta adds later are not mistaken for emptiness.
  for (const key in set) {
    if (key.charCodeAt(0) !== 0x40 && isObject(set[key]) && hasOwnProperty.call(set, key)) return true;
  }
  return false;
}

const message = 'identity set names no identity: give at least one of user, application, phone, guest...';

/** Reports the identity set at parent.identity when it is an object that names no identity. */
function checkIdentityOf(parent: unknown, context: RuleContext, below: Token, further?: Token, furthest?: Token): void {
  if (!isObject(parent)) return;
  const set = parent['identity'];
  if (isObject(set) && !namesAnIdentity(set)) context.report(message, noParams, below, further, furthest);
}

/**
 * The identity of an invitation and of a roster participant's info names at least one identity. Other
 * identity sets (a recording's initiator or initiatedBy, a non-anonymized identity) may be empty: the
 * metadata lets each identity be null, and the schemas check emptiness at the same two places
 * (schemas/source/overlay.json).
 */
export const identitySetEmpty: Rule = {
  id: 'identity-set-empty',
  severity: 'error',
  description: "The identity of an invitation, or of a roster participant's info, holds at least one identity object (user, application, phone...); every identity key absent or null is an error. Other identity sets (who started a recording, a non-anonymized identity) may be empty.",
  rationale: 'An invitation or roster entry that identifies nobody cannot be placed or matched; the service rejects it.',
  params: {},
  visitors: {
    invitationParticipant(node, context) {
      checkIdentityOf(node, context, 'identity');
    },
    participant(node, context) {
      checkIdentityOf(node['info'], context, 'info', 'identity');
    },
  },
};
