import { childPointer } from '../pointer.js';
import { bareODataType } from '../kinds.js';
import type { Rule } from './rule.js';

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
  visitors: {
    identitySet(node, pointer, context) {
      const type = node['@odata.type'];
      if (typeof type !== 'string' || bareODataType(type) !== 'microsoft.graph.identitySet') return;
      for (const key of Object.keys(node)) {
        if (communicationsIdentityKeys.has(key)) {
          context.report(
            childPointer(pointer, key),
            `${key} belongs to #microsoft.graph.communicationsIdentitySet, but this object is typed #microsoft.graph.identitySet`,
          );
        }
      }
    },
  },
};
