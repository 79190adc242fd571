import { bareODataType } from '../../contract/kinds.js';
import { memoize } from '../../model/memo.js';
import { noParams } from '../../model/problem.js';
import type { Rule } from '../../model/rule.js';

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

/** For an identity type: each subtype property it does not declare, with the message that names its owners. */
type Undeclared = ReadonlyArray<readonly [property: string, message: string]>;

/**
 * What an @odata.type leaves undeclared, or null for a type this rule does not know. Remembered: the same
 * few type strings recur on every identity, and the messages are built once per type.
 */
const undeclaredFor = memoize((type: string): Undeclared | null => {
  const name = bareODataType(type).replace(/^microsoft\.graph\./, '');
  const declared = declaredBy.get(name);
  if (declared === undefined) return null;
  return [...owners].filter(([property]) => !declared.includes(property)).map(([property, types]) => [property, `${property} is declared on ${types.join(' and ')}, not on ${name}`] as const);
});

/** A subtype's property on an identity whose @odata.type names another type. */
export const identityPropertyUndeclared: Rule = {
  id: 'identity-property-undeclared',
  severity: 'warning',
  locate: 'key',
  description: 'An identity whose @odata.type names a type that does not declare one of its properties (tenantId on #microsoft.graph.identity).',
  rationale: 'The property belongs to a communications identity subtype: the @odata.type is wrong, and typed clients drop the value.',
  params: { property: 'the undeclared property', type: 'the @odata.type as given' },
  visitors: {
    identity(node, _key, context) {
      const type = node['@odata.type'];
      if (typeof type !== 'string') return;
      const undeclared = undeclaredFor(type);
      if (undeclared === null) return;
      for (let i = 0; i < undeclared.length; i += 1) {
        const entry = undeclared[i] as Undeclared[number];
        if (Object.hasOwn(node, entry[0])) context.report(entry[1], { property: entry[0], type }, entry[0]);
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
  params: {},
  visitors: {
    identity(node, _key, context) {
      if (Object.hasOwn(node, 'identityProvider')) {
        context.report('identityProvider is declared on no identity type; clients ignore it', noParams, 'identityProvider');
      }
    },
  },
};
