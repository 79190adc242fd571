import { noParams } from '../../model/problem.js';
import type { JsonObject, Rule, RuleContext } from '../../model/rule.js';

function check(node: JsonObject, context: RuleContext): void {
  if (node['id'] === null) context.report('id is null, but the definitions make an entity id non-null', noParams, 'id');
}

/** Entity ids are non-null in the metadata; documented examples still send null. */
export const entityIdNull: Rule = {
  id: 'entity-id-null',
  severity: 'warning',
  description: 'An entity (operation, participant, delta roster) whose id is null.',
  rationale: 'The metadata makes entity ids non-null; code that keys participants or operations by id breaks on null.',
  params: {},
  visitors: { operation: check, participant: check, deltaParticipants: check },
};
