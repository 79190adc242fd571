import type { RuleMeta } from '../../model/rule.js';

/** Rules whose findings come from the JSON Schemas (ajv errors, mapped to these ids). */
export const schemaRules = {
  typeMismatch: {
    id: 'type-mismatch',
    severity: 'error',
    description: 'A value of the wrong JSON type (a string where a boolean belongs, an object where an array belongs, a fraction where an integer belongs).',
    rationale: 'Deserializers fail or coerce silently on the wrong type.',
    params: {},
  },
  notNullable: {
    id: 'not-nullable',
    severity: 'error',
    description: 'null on a property the definitions make non-null (isMuted, status, changeType, identity...).',
    rationale: 'Non-null properties are read without a null check by typed clients.',
    params: {},
  },
  enumMember: {
    id: 'enum-member',
    severity: 'error',
    description: 'A value that is not a member of its enum (unknownFutureValue counts as a member where the enum has it).',
    rationale: 'Unknown members break switch statements and typed deserializers.',
    params: {},
  },
  flagsMember: {
    id: 'flags-member',
    severity: 'error',
    description: 'A flags enum value that is not one member or several joined by commas.',
    rationale: 'Flags enums travel as comma-separated members; anything else cannot be parsed into flags.',
    params: {},
  },
  requiredProperty: {
    id: 'required-property',
    severity: 'error',
    description: 'A property the contract cannot be read without is missing (identity of an invitation, status of an operation, changeType of a notification...).',
    rationale: 'Without it the object means nothing to the service or the bot.',
    params: {},
  },
  integerRange: {
    id: 'value-range',
    severity: 'error',
    description: 'A number outside its range: the int32 and int64 limits, a confidence outside 0..1.',
    rationale: 'Out-of-range numbers overflow or are rejected by typed clients.',
    params: {},
  },
  patternMismatch: {
    id: 'pattern-mismatch',
    severity: 'error',
    description: 'A string of the wrong form, such as a countryCode that is not two letters.',
    rationale: 'The definitions fix the form; other forms are not understood.',
    params: {},
  },
  formatMismatch: {
    id: 'format-mismatch',
    severity: 'error',
    description: 'A resource path that is not a valid URI reference.',
    rationale: 'Resource paths are parsed as URIs by bots and SDKs.',
    params: {},
  },
  participantsRequired: {
    id: 'participants-required',
    severity: 'error',
    description: 'An invite request whose participants is missing, null, not an array or empty.',
    rationale: 'The invite needs at least one participant; the service rejects the request otherwise.',
    params: {},
  },
  participantsLimit: {
    id: 'participants-limit',
    severity: 'error',
    description: 'An invite request with more than 5 participants.',
    rationale: 'The documentation supports inviting at most 5 participants at once (into a group call with a valid chatInfo).',
    params: {},
  },
  clientContextLength: {
    id: 'client-context-length',
    severity: 'error',
    description: 'A clientContext longer than 256 characters.',
    rationale: 'The documented maximum is 256 characters.',
    params: {},
  },
  schemaOther: {
    id: 'schema-violation',
    severity: 'error',
    description: 'Any other schema constraint that fails (kept so that no schema error goes unreported).',
    rationale: 'The schemas are the contract; every violation is reported.',
    params: {},
  },
} as const satisfies Record<string, RuleMeta>;
