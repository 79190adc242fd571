import { noParams } from '../../model/problem.js';
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
      // Both resource keys (resourceKeys), each read by its name: a read by a varying key is slower.
      const resource = node['resource'];
      if (resource !== undefined && resource !== null) return;
      const resourceUrl = node['resourceUrl'];
      if (resourceUrl !== undefined && resourceUrl !== null) return;
      context.report('notification has neither resourceUrl nor resource', noParams);
    },
  },
};
