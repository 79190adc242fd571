import { entityIdNull } from './payload/entity-id-null.js';
import { exchangeRules, pageRules } from './exchange-rules.js';
import { fileRules } from './file-rules.js';
import { httpRules } from './http-rules.js';
import { firstParticipantOnly } from './payload/first-participant-only.js';
import { identityPropertyUndeclared, identityProviderUndeclared } from './payload/identity-property-undeclared.js';
import { identityKeyUnknown } from './payload/identity-key-unknown.js';
import { identitySetEmpty } from './payload/identity-set-empty.js';
import { identitySetType } from './payload/identity-set-type.js';
import { invitationParticipantId } from './payload/invitation-participant-id.js';
import { kindRules } from './kind-rules.js';
import { deprecatedAppPath } from './payload/deprecated-app-path.js';
import { operationPathWithoutId } from './payload/operation-path-without-id.js';
import { resourceDataShape } from './payload/resource-data-shape.js';
import { resourceMismatch } from './payload/resource-mismatch.js';
import { resourceMissing } from './payload/resource-missing.js';
import { phoneE164 } from './payload/phone-e164.js';
import type { Rule, RuleMeta } from '../model/rule.js';
import { schemaRules } from './schema-rules.js';
import { statusCasing } from './payload/status-casing.js';

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
