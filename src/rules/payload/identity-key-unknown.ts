import { communicationsIdentityKeys } from './identity-set-type.js';
import type { Rule } from '../../model/rule.js';

/** Every identity kind an identity set can hold (identitySet's and communicationsIdentitySet's). */
const identityKinds: ReadonlySet<string> = new Set(['application', 'device', 'user', ...[...communicationsIdentityKeys].filter((key) => key !== 'endpointType')]);

/** An identity under a key that is no identity kind: a misspelling, or a kind newer than the contract. */
export const identityKeyUnknown: Rule = {
  id: 'identity-key-unknown',
  severity: 'warning',
  locate: 'key',
  description: 'An object in an identity set under a key that is none of its identity kinds (usr instead of user, say).',
  rationale: 'Identity sets are open, so the schema accepts the key, but the service and typed clients read only the kinds they know: the identity is lost.',
  params: { key: 'the key the identity is under' },
  visitors: {
    // The walker hands every object in an identity set, except under @ annotation keys, to identity visitors.
    identity(_node, key, context) {
      if (!identityKinds.has(key)) {
        context.report(`${key} is not an identity kind (user, application, device, phone, guest...): a misspelling, or a kind this contract does not know`, { key });
      }
    },
  },
};
