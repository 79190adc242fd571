import type { Rule } from '../../model/rule.js';

/** Keys that communicationsIdentitySet adds to identitySet. */
export const communicationsIdentityKeys: ReadonlySet<string> = new Set([
  'applicationInstance',
  'assertedIdentity',
  'azureCommunicationServicesUser',
  'encrypted',
  'guest',
  'onPremises',
  'phone',
  'endpointType',
]);

/** communicationsIdentitySet keys inside an object that calls itself a plain identitySet. */
export const identitySetType: Rule = {
  id: 'identity-set-type',
  severity: 'warning',
  locate: 'key',
  description: 'An object typed #microsoft.graph.identitySet that carries communicationsIdentitySet keys (phone, guest, encrypted...).',
  rationale: 'identitySet declares only application, device and user; a deserializer that trusts @odata.type drops the phone or guest identity.',
  params: { key: 'the communicationsIdentitySet key found' },
  visitors: {
    identitySet(node, context) {
      const type = node['@odata.type'];
      if (type !== '#microsoft.graph.identitySet' && type !== 'microsoft.graph.identitySet') return;
      for (const key of Object.keys(node)) {
        if (communicationsIdentityKeys.has(key)) {
          context.report(`${key} belongs to #microsoft.graph.communicationsIdentitySet, but this object is typed #microsoft.graph.identitySet`, { key }, key);
        }
      }
    },
  },
};
