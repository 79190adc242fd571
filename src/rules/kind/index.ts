import type { RuleMeta } from '../../model/rule.js';
import { kindRules } from './kind-rules.js';

/** The rules about what a payload is, in the order the rules list shows them. */
export const kindRuleList: readonly RuleMeta[] = Object.values(kindRules);
