import { kindOfODataType, odataTypeTest } from '../../contract/kinds.js';
import type { JsonObject, Rule, RuleContext } from '../../model/rule.js';

/** The type each visited object is declared as; none of them has a derived type in the metadata. */
const declared = {
  operation: '#microsoft.graph.inviteParticipantsOperation',
  invitation: '#microsoft.graph.invitationParticipantInfo',
  participant: '#microsoft.graph.participant',
} as const;

const names = { operation: odataTypeTest(declared.operation), invitation: odataTypeTest(declared.invitation), participant: odataTypeTest(declared.participant) };

/** Reports the object's @odata.type unless it names the declared type (any case, the # may be left out). */
function checkType(node: JsonObject, place: keyof typeof declared, what: string, context: RuleContext): void {
  const type = node['@odata.type'];
  const expected = declared[place];
  if (typeof type !== 'string' || names[place](type)) return;
  context.report(`${what} is typed ${JSON.stringify(type)}; it is a ${expected}, and a deserializer that trusts @odata.type reads another type`, { expected, found: type }, '@odata.type');
}

/**
 * An object of the contract whose @odata.type names another type than the one the metadata declares in
 * its place: the operation the invite returns, an invitation, a roster participant. (A notification's own
 * type is notification-type's; a root type naming another kind, kind-mismatch's.)
 */
export const odataTypeMismatch: Rule = {
  id: 'odata-type-mismatch',
  severity: 'error',
  description: "An @odata.type that names another type than the object's place declares: the root of an invite's response (inviteParticipantsOperation), an invitation (invitationParticipantInfo) or a roster participant (participant, where another participant type such as participantInfo is named); the # may be left out and case is not judged.",
  rationale: 'A deserializer reads an object by its @odata.type: typed as something else, its properties are misread or dropped, and the service refuses such a request.',
  params: { expected: 'the type the place declares', found: 'the @odata.type as given' },
  visitors: {
    operation(node, context) {
      // Only the response's root: an operation inside a notification is told by its type (resource-data.ts),
      // and a root type naming another kind is kind-mismatch's.
      if (context.kind !== 'invite-operation') return;
      const type = node['@odata.type'];
      if (typeof type === 'string' && kindOfODataType(type) !== undefined) return;
      checkType(node, 'operation', "the invite's operation", context);
    },
    invitationParticipant(node, context) {
      checkType(node, 'invitation', 'this invitation', context);
    },
    participant(node, context) {
      // An array typed as another resource altogether (contentSharingSession...) is no roster: whether the
      // path promised one is resource-data-shape's to say. Another participant type is a mix-up.
      const type = node['@odata.type'];
      if (typeof type !== 'string' || names.participant(type) || !/participant/i.test(type)) return;
      checkType(node, 'participant', 'this roster participant', context);
    },
  },
};
