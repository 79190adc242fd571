import type { RuleMeta } from '../model/rule.js';
import { docsRuleList } from './docs/index.js';
import { exchangeRuleList } from './exchange/index.js';
import { fileRuleList } from './file/index.js';
import { httpRuleList } from './http/index.js';
import { kindRuleList } from './kind/index.js';
import { payloadRuleList, walkingRules } from './payload/index.js';
import { schemaErrorOwners, schemaRuleList } from './schema/index.js';

export { walkingRules } from './payload/index.js';

/**
 * Freezes a value and everything it holds (objects, arrays, functions and their own properties). The
 * rules are the very objects the checks read their id, severity and locate from: a caller that could
 * change one (through the exported list) would change every later result of the process.
 */
function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') return value;
  if (seen.has(value)) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value as object)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(value as object, key);
    if (descriptor !== undefined && 'value' in descriptor) deepFreeze(descriptor.value, seen);
  }
  return Object.freeze(value);
}

/**
 * Every rule: id, default severity, what it checks and why, the params it reports. Each family's folder
 * holds a file per rule (its metadata and its check) and lists them in its index. Deeply frozen, as are
 * every family's lists, the walking rules and the schema rules' owner order, all done here where the
 * families meet, before any caller can reach them.
 */
// One set of what is frozen already for every list: the lists share their rules, and walking each rule again
// for every list that holds it doubled the cost, paid by every start of the CLI.
const frozen = new Set<unknown>();
export const rules: readonly RuleMeta[] = deepFreeze(
  [...fileRuleList, ...kindRuleList, ...schemaRuleList, ...payloadRuleList, ...httpRuleList, ...docsRuleList, ...exchangeRuleList],
  frozen,
);
for (const list of [fileRuleList, kindRuleList, schemaRuleList, payloadRuleList, httpRuleList, docsRuleList, exchangeRuleList, walkingRules, schemaErrorOwners]) deepFreeze(list, frozen);
