import { describeValue } from '../../model/describe.js';
import { replaceString } from '../../json/placer.js';
import type { Rule } from '../../model/rule.js';

/** The members of operationStatus as webhooks send them. */
const wireStatuses: readonly string[] = ['notStarted', 'running', 'completed', 'failed'];

/**
 * Each member written in PascalCase, with its message. Only real members count: anything else is an
 * enum-member error already.
 */
const pascalCase: ReadonlyMap<string, string> = new Map(
  wireStatuses.map((wire) => {
    const pascal = wire.charAt(0).toUpperCase() + wire.slice(1);
    return [pascal, `status ${describeValue(pascal)} is PascalCase; webhooks send ${describeValue(wire)}`] as const;
  }),
);

/** Operation status in the metadata's PascalCase rather than the wire's camelCase. */
export const statusCasing: Rule = {
  id: 'status-casing',
  severity: 'warning',
  description: 'An operation status written in PascalCase (Running) rather than the camelCase webhooks send (running).',
  rationale: 'The metadata and the wire disagree on casing; code that compares with === against one form misses the other.',
  params: { found: 'the status as given', expected: 'the camelCase member' },
  visitors: {
    operation(node, context) {
      const status = node['status'];
      if (typeof status !== 'string') return;
      const message = pascalCase.get(status);
      if (message !== undefined) context.report(message, { found: status, expected: (status.charAt(0).toLowerCase() + status.slice(1)) }, 'status');
    },
  },
  // The member is certain: the same word, first letter lowered.
  fix: {
    what: 'the status in camelCase (Running becomes running)',
    edit: (problem, { text, offset }) => replaceString(text, offset, problem.params['found'], problem.params['expected']),
  },
};
