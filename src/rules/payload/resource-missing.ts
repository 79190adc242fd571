import { resourceKeys } from '../../contract/resource-path.js';
import type { Rule } from '../../model/rule.js';

/** A notification must say what it is about. */
export const resourceMissing: Rule = {
  id: 'resource-missing',
  severity: 'error',
  description: 'A notification with neither resourceUrl nor resource (both absent or null).',
  rationale: 'Without a resource path a bot cannot tell which call or operation changed.',
  params: {},
  visitors: {
    notification(node, context) {
      for (const key of resourceKeys) {
        if (node[key] !== undefined && node[key] !== null) return;
      }
      context.report('notification has neither resourceUrl nor resource', {});
    },
  },
};
