import { describeValue } from '../describe.js';
import { childPointer } from '../pointer.js';
import { canonicalResource, isAppPath, parseResourcePath, primaryResourceField, resourceFields, resourceKeys, type ResourcePath } from '../resource-path.js';
import { classifyResourceData } from '../resource-data.js';
import type { JsonObject, Rule } from './rule.js';

/** The path the notification is about: resourceUrl, else resource. */
function primaryPath(node: JsonObject): ResourcePath {
  const field = primaryResourceField(node);
  return field === undefined ? { kind: 'other' } : parseResourcePath(field.value);
}

/** A notification must say what it is about. */
export const resourceMissing: Rule = {
  id: 'resource-missing',
  severity: 'error',
  description: 'A notification with neither resourceUrl nor resource (both absent or null).',
  rationale: 'Without a resource path a bot cannot tell which call or operation changed.',
  visitors: {
    notification(node, pointer, context) {
      const missing = resourceKeys.every((key) => node[key] === undefined || node[key] === null);
      if (missing) context.report(pointer, 'notification has neither resourceUrl nor resource');
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
    notification(node, pointer, context) {
      const path = primaryPath(node);
      const data = node['resourceData'];
      const dataPointer = data === undefined ? pointer : childPointer(pointer, 'resourceData');
      const shape = classifyResourceData(data).shape;
      if (path.kind === 'operation' && path.operationId !== null && node['changeType'] === 'deleted') {
        if (shape !== 'operation') {
          context.report(dataPointer, `a finished operation (changeType deleted on ${path.operationId}) must carry the operation object as resourceData`);
        }
      } else if (path.kind === 'participants' && node['changeType'] !== 'deleted') {
        if (shape !== 'roster' && shape !== 'delta') {
          context.report(dataPointer, 'a participants resource must carry an array of participants (or a deltaParticipants object) as resourceData');
        }
      }
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
    notification(node, pointer, context) {
      for (const { key, value } of resourceFields(node)) {
        if (isAppPath(value)) context.report(childPointer(pointer, key), `${key} uses the deprecated /app path; the current one is /communications`);
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
    notification(node, pointer, context) {
      const resource = node['resource'];
      const resourceUrl = node['resourceUrl'];
      if (typeof resource === 'string' && typeof resourceUrl === 'string' && canonicalResource(resource) !== canonicalResource(resourceUrl)) {
        context.report(childPointer(pointer, 'resource'), `resource ${describeValue(resource)} and resourceUrl ${describeValue(resourceUrl)} name different resources`);
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
    notification(node, pointer, context) {
      for (const { key, value } of resourceFields(node)) {
        const path = parseResourcePath(value);
        if (path.kind === 'operation' && path.operationId === null) {
          context.report(childPointer(pointer, key), `${key} points into operations but names no operation id`);
        }
      }
    },
  },
};
