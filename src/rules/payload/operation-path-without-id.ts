import { parseResourcePath, resourceKeys } from '../../contract/resource-path.js';
import type { Rule } from '../../model/rule.js';

/** An operations path must end with the operation id. */
export const operationPathWithoutId: Rule = {
  id: 'operation-path-without-id',
  severity: 'warning',
  description: 'A resource path into .../operations that names no operation id (such as .../operations/participants).',
  rationale: 'The operation id in the path is how a bot matches the notification with the operation the invite returned.',
  params: { key: 'resource or resourceUrl', found: 'the path as given' },
  visitors: {
    notification(node, context) {
      for (const key of resourceKeys) {
        const value = node[key];
        if (typeof value !== 'string') continue;
        const path = parseResourcePath(value);
        if (path.kind === 'operation' && path.operationId === null) {
          context.report(`${key} points into operations but names no operation id`, { key, found: value }, key);
        }
      }
    },
  },
};
