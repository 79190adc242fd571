import { odataTypeTest } from '../../contract/kinds.js';
import type { Rule } from '../../model/rule.js';

const expected = '#microsoft.graph.commsNotification';
const isExpected = odataTypeTest(expected);

/** Every item of a commsNotifications batch is a commsNotification. */
export const notificationType: Rule = {
  id: 'notification-type',
  severity: 'error',
  description: 'An item of a commsNotifications batch (value[]) whose @odata.type names another type than commsNotification (such as #microsoft.graph.commsOperation); the # may be left out, as SDK logs do.',
  rationale: 'A bot reads each item of value as a notification; an item of another type is not one, and its fields are misread or lost.',
  params: { expected: `the type every item has: '${expected}'`, found: 'the @odata.type as given' },
  visitors: {
    notification(node, context) {
      const type = node['@odata.type'];
      if (typeof type !== 'string' || isExpected(type)) return;
      context.report(`this item of value is typed ${JSON.stringify(type)}; every item of a commsNotifications batch is a ${expected}`, { expected, found: type }, '@odata.type');
    },
  },
};
