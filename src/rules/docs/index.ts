import type { RuleMeta } from '../../model/rule.js';
import { pageRules } from './page-rules.js';

/** The rules about reference pages, in the order the rules list shows them. */
export const docsRuleList: readonly RuleMeta[] = Object.values(pageRules);
