import type { RuleMeta } from '../model/rule.js';
import { docsRuleList } from './docs/index.js';
import { exchangeRuleList } from './exchange/index.js';
import { fileRuleList } from './file/index.js';
import { httpRuleList } from './http/index.js';
import { kindRuleList } from './kind/index.js';
import { payloadRuleList } from './payload/index.js';
import { schemaRuleList } from './schema/index.js';

export { walkingRules } from './payload/index.js';

/**
 * Every rule: id, default severity, what it checks and why, the params it reports. Each family's folder
 * holds a file per rule (its metadata and its check) and lists them in its index.
 */
export const rules: readonly RuleMeta[] = [
  ...fileRuleList,
  ...kindRuleList,
  ...schemaRuleList,
  ...payloadRuleList,
  ...httpRuleList,
  ...docsRuleList,
  ...exchangeRuleList,
];
