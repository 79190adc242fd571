import type { Rule, RuleMeta } from '../../model/rule.js';
import { betaOnly } from './beta-only.js';
import { entityIdNull } from './entity-id-null.js';
import { firstParticipantOnly } from './first-participant-only.js';
import { identityPropertyUndeclared, identityProviderUndeclared } from './identity-property-undeclared.js';
import { identityKeyUnknown } from './identity-key-unknown.js';
import { identitySetEmpty } from './identity-set-empty.js';
import { identitySetType } from './identity-set-type.js';
import { notificationType } from './notification-type.js';
import { odataTypeMismatch } from './odata-type-mismatch.js';
import { invitationParticipantId } from './invitation-participant-id.js';
import { deprecatedAppPath } from './deprecated-app-path.js';
import { operationPathWithoutId } from './operation-path-without-id.js';
import { resourceDataShape } from './resource-data-shape.js';
import { resourceMismatch } from './resource-mismatch.js';
import { resourceMissing } from './resource-missing.js';
import { phoneE164 } from './phone-e164.js';
import { statusCasing } from './status-casing.js';
import { propertyCase } from './property-case.js';

/** The rules that walk the payload, in the order their problems are reported. */
export const walkingRules: readonly Rule[] = [
  phoneE164,
  identitySetEmpty,
  notificationType,
  odataTypeMismatch,
  resourceMissing,
  resourceDataShape,
  firstParticipantOnly,
  entityIdNull,
  statusCasing,
  propertyCase,
  identitySetType,
  identityKeyUnknown,
  invitationParticipantId,
  identityPropertyUndeclared,
  identityProviderUndeclared,
  deprecatedAppPath,
  resourceMismatch,
  operationPathWithoutId,
  betaOnly,
];

/** The walking rules' metadata, in the order the rules list shows them. */
export const payloadRuleList: readonly RuleMeta[] = walkingRules.map(({ visitors: _visitors, ...meta }) => meta);
