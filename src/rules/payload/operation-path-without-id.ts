import { parseResourcePath, type resourceKeys } from '../../contract/resource-path.js';
import type { Rule, RuleContext } from '../../model/rule.js';

function check(value: unknown, key: (typeof resourceKeys)[number], context: RuleContext): void {
  if (typeof value !== 'string') return;
  const path = parseResourcePath(value);
  if (path.kind === 'operation' && path.operationId === null) {
    context.report(`${key} points into operations but names no operation id`, { key, found: value }, key);
  }
}

/** An operations path must end with the operation id. */
export const operationPathWithoutId: Rule = {
  id: 'operation-path-without-id',
  severity: 'warning',
  description: 'A resource path into .../operations that names no operation id (such as .../operations/participants).',
  rationale: 'The operation id in the path is how a bot matches the notification with the operation the invite returned.',
  params: { key: 'resource or resourceUrl', found: 'the path as given' },
  visitors: {
    notification(node, context) {
      // Both resource keys, in resourceKeys' order, each read by its name: a read by a varying key is the
      // slowest property read there is.
      check(node['resource'], 'resource', context);
      check(node['resourceUrl'], 'resourceUrl', context);
    },
  },
};
