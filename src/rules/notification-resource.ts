import { describeValue } from '../model/describe.js';
import { canonicalResource, isAppPath, parseResourcePath, primaryResourceKey, resourceKeys, type ResourcePath } from '../contract/resource-path.js';
import { shapeOfResourceData } from '../contract/resource-data.js';
import type { JsonObject, Rule } from '../model/rule.js';

const noPath: ResourcePath = { kind: 'other' };

/** The path the notification is about: resourceUrl, else resource. */
function primaryPath(node: JsonObject): ResourcePath {
  const key = primaryResourceKey(node);
  return key === undefined ? noPath : parseResourcePath(node[key] as string);
}

/** A notification must say what it is about. */
export const resourceMissing: Rule = {
  id: 'resource-missing',
  severity: 'error',
  description: 'A notification with neither resourceUrl nor resource (both absent or null).',
  rationale: 'Without a resource path a bot cannot tell which call or operation changed.',
  visitors: {
    notification(node, context) {
      for (const key of resourceKeys) {
        if (node[key] !== undefined && node[key] !== null) return;
      }
      context.report('notification has neither resourceUrl nor resource');
    },
  },
};

/** resourceData must have the shape its changeType and resource promise. */
export const resourceDataShape: Rule = {
  id: 'resource-data-shape',
  severity: 'error',
  description: 'resourceData that contradicts the notification: an operation finishing (changeType deleted on .../operations/{id}) carries the operation object; a .../participants resource carries an array of participants or a deltaParticipants object.',
  rationale: 'Bots dispatch on the resource path; a body of another shape is misread as the wrong object.',
  visitors: {
    notification(node, context) {
      const path = primaryPath(node);
      const data = node['resourceData'];
      const shape = shapeOfResourceData(data);
      let message: string | undefined;
      if (path.kind === 'operation' && path.operationId !== null && node['changeType'] === 'deleted') {
        if (shape !== 'operation') message = `a finished operation (changeType deleted on ${path.operationId}) must carry the operation object as resourceData`;
      } else if (path.kind === 'participants' && node['changeType'] !== 'deleted') {
        if (shape !== 'roster' && shape !== 'delta') message = 'a participants resource must carry an array of participants (or a deltaParticipants object) as resourceData';
      }
      if (message === undefined) return;
      // Absent resourceData is reported at the notification, present resourceData at itself.
      if (data === undefined) context.report(message);
      else context.report(message, 'resourceData');
    },
  },
};

/** The /app path is deprecated. */
export const deprecatedAppPath: Rule = {
  id: 'deprecated-app-path',
  severity: 'warning',
  description: 'A resource path on the deprecated /app/... root instead of /communications/....',
  rationale: 'Microsoft deprecated /app; code that matches only one root misses the other.',
  visitors: {
    notification(node, context) {
      for (const key of resourceKeys) {
        const value = node[key];
        if (typeof value === 'string' && isAppPath(value)) context.report(`${key} uses the deprecated /app path; the current one is /communications`, key);
      }
    },
  },
};

/** resource and resourceUrl must agree. */
export const resourceMismatch: Rule = {
  id: 'resource-mismatch',
  severity: 'warning',
  description: 'resource and resourceUrl that name different resources (the /app and /communications roots count as the same).',
  rationale: 'Which of the two a bot reads decides what it thinks changed; they must agree.',
  visitors: {
    notification(node, context) {
      const resource = node['resource'];
      const resourceUrl = node['resourceUrl'];
      if (typeof resource !== 'string' || typeof resourceUrl !== 'string' || resource === resourceUrl) return;
      if (canonicalResource(resource) !== canonicalResource(resourceUrl)) {
        context.report(`resource ${describeValue(resource)} and resourceUrl ${describeValue(resourceUrl)} name different resources`, 'resource');
      }
    },
  },
};

/** An operations path must end with the operation id. */
export const operationPathWithoutId: Rule = {
  id: 'operation-path-without-id',
  severity: 'warning',
  description: 'A resource path into .../operations that names no operation id (such as .../operations/participants).',
  rationale: 'The operation id in the path is how a bot matches the notification with the operation the invite returned.',
  visitors: {
    notification(node, context) {
      for (const key of resourceKeys) {
        const value = node[key];
        if (typeof value !== 'string') continue;
        const path = parseResourcePath(value);
        if (path.kind === 'operation' && path.operationId === null) {
          context.report(`${key} points into operations but names no operation id`, key);
        }
      }
    },
  },
};
