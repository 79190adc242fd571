import { noParams } from '../../model/problem.js';
import type { Rule } from '../../model/rule.js';

/** invitationParticipantInfo declares no id. */
export const invitationParticipantId: Rule = {
  id: 'invitation-participant-id',
  severity: 'warning',
  locate: 'key',
  description: 'An id property on an invitationParticipantInfo, a type that declares none.',
  rationale: 'Documented responses send "id": null there; code that reads it as the participant id gets nothing useful (the roster id arrives later).',
  params: {},
  visitors: {
    invitationParticipant(node, context) {
      if (Object.hasOwn(node, 'id')) {
        context.report('invitationParticipantInfo declares no id; the participant id comes with the roster update', noParams, 'id');
      }
    },
  },
};
