import type { RuleMeta } from '../../model/rule.js';
import { exchangeRules } from './exchange-rules.js';

/** The rules about whole exchanges, in the order the rules list shows them. */
export const exchangeRuleList: readonly RuleMeta[] = Object.values(exchangeRules);
