import { isAppPath, type resourceKeys } from '../../contract/resource-path.js';
import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import type { Rule, RuleContext } from '../../model/rule.js';

function check(value: unknown, key: (typeof resourceKeys)[number], context: RuleContext): void {
  if (typeof value === 'string' && isAppPath(value)) context.report(`${key} uses the deprecated /app path; the current one is /communications`, { key, found: value }, key);
}

/** The /app path is deprecated: in a notification's resource paths, and in an HTTP request's target. */
export const deprecatedAppPath = {
  id: 'deprecated-app-path',
  severity: 'warning',
  description: 'A resource path on the deprecated /app/... root instead of /communications/....',
  rationale: 'Microsoft deprecated /app; code that matches only one root misses the other.',
  params: { key: 'where the path is: resource or resourceUrl of a notification, or target (the request line of an HTTP request)', found: 'the path as given' },
  visitors: {
    notification(node, context) {
      // Both resource keys, in resourceKeys' order, each read by its name: a read by a varying key is the
      // slowest property read there is.
      check(node['resource'], 'resource', context);
      check(node['resourceUrl'], 'resourceUrl', context);
    },
  },
  /** The problem of an HTTP request posted to the /app root (the invite target parser tells the root), at the target. */
  checkTarget(target: string, root: 'app' | 'communications', at: Position): LocatedProblem | undefined {
    if (root !== 'app') return undefined;
    return problemAt(deprecatedAppPath, 'the request uses the deprecated /app path; the current one is /communications', at, '', { key: 'target', found: target });
  },
} satisfies Rule & { checkTarget(target: string, root: 'app' | 'communications', at: Position): LocatedProblem | undefined };
