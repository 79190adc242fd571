import type { RuleMeta } from '../../model/rule.js';
import { schemaRules } from './schema-rules.js';

/** The rules whose findings come from the JSON Schemas, in the order the rules list shows them. */
export const schemaRuleList: readonly RuleMeta[] = Object.values(schemaRules);
