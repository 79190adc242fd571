import type { RuleMeta } from '../../model/rule.js';
import { httpRules } from './http-rules.js';

/** The rules about HTTP messages, in the order the rules list shows them. */
export const httpRuleList: readonly RuleMeta[] = Object.values(httpRules);
