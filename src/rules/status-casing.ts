import { describeValue } from '../describe.js';
import type { Rule } from './rule.js';

/** The members of operationStatus as webhooks send them. */
const wireStatuses: ReadonlySet<string> = new Set(['notStarted', 'running', 'completed', 'failed']);

/** Operation status in the metadata's PascalCase rather than the wire's camelCase. */
export const statusCasing: Rule = {
  id: 'status-casing',
  severity: 'warning',
  description: 'An operation status written in PascalCase (Running) rather than the camelCase webhooks send (running).',
  rationale: 'The metadata and the wire disagree on casing; code that compares with === against one form misses the other.',
  visitors: {
    operation(node, context) {
      const status = node['status'];
      if (typeof status !== 'string') return;
      const first = status.charCodeAt(0);
      if (first < 0x41 || first > 0x5a) return;
      const wire = status.charAt(0).toLowerCase() + status.slice(1);
      // Only a real member in the other casing: anything else is an enum-member error already.
      if (wireStatuses.has(wire)) {
        context.report(`status ${describeValue(status)} is PascalCase; webhooks send ${describeValue(wire)}`, 'status');
      }
    },
  },
};
