import { parseResourcePath, primaryResourceKey, type ResourcePath } from '../../contract/resource-path.js';
import { shapeOfResourceData } from '../../contract/resource-data.js';
import type { JsonObject, Rule } from '../../model/rule.js';

const noPath: ResourcePath = { kind: 'other' };

/** The path the notification is about: resourceUrl, else resource. */
function primaryPath(node: JsonObject): ResourcePath {
  const key = primaryResourceKey(node);
  return key === undefined ? noPath : parseResourcePath(node[key] as string);
}

/** resourceData must have the shape its changeType and resource promise. */
export const resourceDataShape: Rule = {
  id: 'resource-data-shape',
  severity: 'error',
  description: 'resourceData that contradicts the notification: an operation finishing (changeType deleted on .../operations/{id}) carries the operation object; a .../participants resource carries an array of participants or a deltaParticipants object.',
  rationale: 'Bots dispatch on the resource path; a body of another shape is misread as the wrong object.',
  params: { expected: 'the shapes the notification promises: operation, or roster and delta', found: 'the shape resourceData has: operation, roster, delta, other or absent' },
  visitors: {
    notification(node, context) {
      const path = primaryPath(node);
      const data = node['resourceData'];
      const shape = shapeOfResourceData(data);
      let message: string | undefined;
      let expected: readonly string[] = [];
      if (path.kind === 'operation' && path.operationId !== null && node['changeType'] === 'deleted') {
        expected = ['operation'];
        if (shape !== 'operation') message = `a finished operation (changeType deleted on ${path.operationId}) must carry the operation object as resourceData`;
      } else if (path.kind === 'participants' && node['changeType'] !== 'deleted') {
        expected = ['roster', 'delta'];
        if (shape !== 'roster' && shape !== 'delta') message = 'a participants resource must carry an array of participants (or a deltaParticipants object) as resourceData';
      }
      if (message === undefined) return;
      // Absent resourceData is reported at the notification, present resourceData at itself.
      const params = { expected, found: shape };
      if (data === undefined) context.report(message, params);
      else context.report(message, params, 'resourceData');
    },
  },
};
