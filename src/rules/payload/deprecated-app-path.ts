import { isAppPath, resourceKeys } from '../../contract/resource-path.js';
import type { Rule } from '../../model/rule.js';

/** The /app path is deprecated. */
export const deprecatedAppPath: Rule = {
  id: 'deprecated-app-path',
  severity: 'warning',
  description: 'A resource path on the deprecated /app/... root instead of /communications/....',
  rationale: 'Microsoft deprecated /app; code that matches only one root misses the other.',
  params: { key: 'where the path is: resource or resourceUrl of a notification, or target (the request line of an HTTP request)', found: 'the path as given' },
  visitors: {
    notification(node, context) {
      for (const key of resourceKeys) {
        const value = node[key];
        if (typeof value === 'string' && isAppPath(value)) context.report(`${key} uses the deprecated /app path; the current one is /communications`, { key, found: value }, key);
      }
    },
  },
};
