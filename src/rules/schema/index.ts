import type { RuleMeta } from '../../model/rule.js';
import { clientContextLength } from './client-context-length.js';
import { enumMember } from './enum-member.js';
import { flagsMember } from './flags-member.js';
import { formatMismatch } from './format-mismatch.js';
import { notNullable } from './not-nullable.js';
import { participantsLimit } from './participants-limit.js';
import { participantsRequired } from './participants-required.js';
import { patternMismatch } from './pattern-mismatch.js';
import { requiredProperty } from './required-property.js';
import { requestParameterUnknown } from './request-parameter-unknown.js';
import type { SchemaRule } from './schema-error.js';
import { schemaViolation } from './schema-violation.js';
import { typeMismatch } from './type-mismatch.js';
import { valueRange } from './value-range.js';

/** The rules whose findings come from the JSON Schemas, in the order the rules list shows them. */
export const schemaRuleList: readonly RuleMeta[] = [
  typeMismatch,
  notNullable,
  enumMember,
  flagsMember,
  requiredProperty,
  valueRange,
  patternMismatch,
  formatMismatch,
  participantsRequired,
  participantsLimit,
  clientContextLength,
  requestParameterUnknown,
  schemaViolation,
];

/**
 * The order in which the schema rules are offered an ajv error: the first that owns it reports it. The
 * narrow ones come before the broad ones (participants before types, flags before patterns), and
 * schema-violation, which owns everything, last.
 */
export const schemaErrorOwners: readonly SchemaRule[] = [
  participantsRequired,
  participantsLimit,
  notNullable,
  typeMismatch,
  enumMember,
  requiredProperty,
  valueRange,
  flagsMember,
  patternMismatch,
  formatMismatch,
  clientContextLength,
  requestParameterUnknown,
  schemaViolation,
];
