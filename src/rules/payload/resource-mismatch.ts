import { describeValue } from '../../model/describe.js';
import { canonicalResource } from '../../contract/resource-path.js';
import type { Rule } from '../../model/rule.js';

/** resource and resourceUrl must agree. */
export const resourceMismatch: Rule = {
  id: 'resource-mismatch',
  severity: 'warning',
  description: 'resource and resourceUrl that name different resources (the /app and /communications roots count as the same).',
  rationale: 'Which of the two a bot reads decides what it thinks changed; they must agree.',
  params: { resource: 'the resource as given', resourceUrl: 'the resourceUrl as given' },
  visitors: {
    notification(node, context) {
      const resource = node['resource'];
      const resourceUrl = node['resourceUrl'];
      if (typeof resource !== 'string' || typeof resourceUrl !== 'string' || resource === resourceUrl) return;
      if (canonicalResource(resource) !== canonicalResource(resourceUrl)) {
        context.report(`resource ${describeValue(resource)} and resourceUrl ${describeValue(resourceUrl)} name different resources`, { resource, resourceUrl }, 'resource');
      }
    },
  },
};
