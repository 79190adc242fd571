import type { RuleMeta } from '../../model/rule.js';
import { kindMismatch } from './kind-mismatch.js';
import { kindUnknown } from './kind-unknown.js';
import { legacyCallingFormat } from './legacy-calling-format.js';

/** The rules about what a payload is, in the order the rules list shows them. */
export const kindRuleList: readonly RuleMeta[] = [kindUnknown, kindMismatch, legacyCallingFormat];
