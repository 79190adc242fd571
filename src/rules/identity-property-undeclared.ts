import { childPointer } from '../pointer.js';
import { bareODataType } from '../kinds.js';
import type { Rule } from './rule.js';

/** Properties each identity type declares beyond id and displayName. */
const declaredBy: ReadonlyMap<string, readonly string[]> = new Map([
  ['identity', []],
  ['communicationsUserIdentity', ['tenantId']],
  ['communicationsApplicationIdentity', ['applicationType', 'hidden']],
  ['communicationsApplicationInstanceIdentity', ['hidden', 'tenantId']],
  ['communicationsPhoneIdentity', []],
  ['communicationsGuestIdentity', ['email']],
  ['communicationsEncryptedIdentity', []],
  ['azureCommunicationServicesUserIdentity', ['azureCommunicationServicesResourceId']],
]);

/** Every subtype property, with the types that declare it. */
const owners = new Map<string, string[]>();
for (const [type, properties] of declaredBy) {
  for (const property of properties) owners.set(property, [...(owners.get(property) ?? []), type]);
}

const declaredByType = new Map<string, { name: string; properties: readonly string[] } | undefined>();

/** What an @odata.type declares, cached: the same few type strings recur on every identity. */
function declaredFor(type: string): { name: string; properties: readonly string[] } | undefined {
  if (!declaredByType.has(type)) {
    const name = bareODataType(type).replace(/^microsoft\.graph\./, '');
    const properties = declaredBy.get(name);
    // Bounded: a hostile stream of distinct type strings must not grow the cache without end.
    if (declaredByType.size > 1000) declaredByType.clear();
    declaredByType.set(type, properties === undefined ? undefined : { name, properties });
  }
  return declaredByType.get(type);
}

/** A subtype's property on an identity whose @odata.type names another type. */
export const identityPropertyUndeclared: Rule = {
  id: 'identity-property-undeclared',
  severity: 'warning',
  locate: 'key',
  description: 'An identity whose @odata.type names a type that does not declare one of its properties (tenantId on #microsoft.graph.identity).',
  rationale: 'The property belongs to a communications identity subtype: the @odata.type is wrong, and typed clients drop the value.',
  visitors: {
    identity(node, pointer, _key, context) {
      const type = node['@odata.type'];
      if (typeof type !== 'string') return;
      const declared = declaredFor(type);
      if (declared === undefined) return;
      for (const [property, types] of owners) {
        if (Object.hasOwn(node, property) && !declared.properties.includes(property)) {
          context.report(childPointer(pointer, property), `${property} is declared on ${types.join(' and ')}, not on ${declared.name}`);
        }
      }
    },
  },
};

/** identityProvider is declared on no identity type of the contract. */
export const identityProviderUndeclared: Rule = {
  id: 'identity-provider-undeclared',
  severity: 'warning',
  locate: 'key',
  description: 'An identityProvider property on an identity: no identity type of the contract declares it, though pages and traffic send it.',
  rationale: 'Nothing reads it: typed clients drop it, so it must not carry meaning a bot depends on.',
  visitors: {
    identity(node, pointer, _key, context) {
      if (Object.hasOwn(node, 'identityProvider')) {
        context.report(childPointer(pointer, 'identityProvider'), 'identityProvider is declared on no identity type; clients ignore it');
      }
    },
  },
};
