import { entityIdNull } from './entity-id-null.js';
import { exchangeRules, pageRules } from './exchange-rules.js';
import { fileRules } from './file-rules.js';
import { httpRules } from './http-rules.js';
import { firstParticipantOnly } from './first-participant-only.js';
import { identityPropertyUndeclared, identityProviderUndeclared } from './identity-property-undeclared.js';
import { identityKeyUnknown } from './identity-key-unknown.js';
import { identitySetEmpty } from './identity-set-empty.js';
import { identitySetType } from './identity-set-type.js';
import { invitationParticipantId } from './invitation-participant-id.js';
import { kindRules } from './kind-rules.js';
import {
  deprecatedAppPath,
  operationPathWithoutId,
  resourceDataShape,
  resourceMismatch,
  resourceMissing,
} from './notification-resource.js';
import { phoneE164 } from './phone-e164.js';
import type { Rule, RuleMeta } from '../model/rule.js';
import { schemaRules } from './schema-rules.js';
import { statusCasing } from './status-casing.js';

/** The rules that walk the payload, in the order their problems are reported. */
export const walkingRules: readonly Rule[] = [
  phoneE164,
  identitySetEmpty,
  resourceMissing,
  resourceDataShape,
  firstParticipantOnly,
  entityIdNull,
  statusCasing,
  identitySetType,
  identityKeyUnknown,
  invitationParticipantId,
  identityPropertyUndeclared,
  identityProviderUndeclared,
  deprecatedAppPath,
  resourceMismatch,
  operationPathWithoutId,
];

/** Every rule: id, default severity, what it checks and why. */
export const rules: readonly RuleMeta[] = [
  ...Object.values(fileRules),
  ...Object.values(kindRules),
  ...Object.values(schemaRules),
  ...walkingRules.map(({ visitors: _visitors, ...meta }) => meta),
  ...Object.values(httpRules),
  ...Object.values(pageRules),
  ...Object.values(exchangeRules),
];
