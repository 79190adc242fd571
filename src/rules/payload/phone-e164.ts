import { describeValue } from '../../model/describe.js';
import type { Rule } from '../../model/rule.js';

const e164 = /^\+[1-9][0-9]{1,14}$/;

/** A phone identity's id must be an E.164 number. */
export const phoneE164: Rule = {
  id: 'phone-e164',
  severity: 'error',
  description: 'The id of a phone identity (the phone key of an identity set, or a communicationsPhoneIdentity) is an E.164 number: +, a non-zero digit, at most 15 digits.',
  rationale: 'The service dials the id as given; a national or formatted number fails the call only after the operation has started.',
  params: { found: 'the phone id as given' },
  visitors: {
    identity(node, key, context) {
      const type = node['@odata.type'];
      const isPhone = key === 'phone' || (typeof type === 'string' && type.endsWith('communicationsPhoneIdentity'));
      const id = node['id'];
      if (isPhone && typeof id === 'string' && !e164.test(id)) {
        context.report(`phone id ${describeValue(id)} is not an E.164 number such as +12345678901`, { found: id }, 'id');
      }
    },
  },
};
