import { isObject, type JsonObject, type Rule, type RuleContext } from '../../model/rule.js';

/**
 * The properties an operation and its resultInfo declare (commsOperation, inviteParticipantsOperation,
 * resultInfo in the metadata): a key that is one of them in another case is the same property misspelt.
 */
const declared = {
  operation: ['@odata.type', 'id', 'status', 'clientContext', 'resultInfo', 'participants'],
  resultInfo: ['@odata.type', 'code', 'subcode', 'message'],
} as const;

const byLowerCase = (names: readonly string[]): ReadonlyMap<string, string> => new Map(names.map((name) => [name.toLowerCase(), name]));
const lowered = { operation: byLowerCase(declared.operation), resultInfo: byLowerCase(declared.resultInfo) };

/** Reports each key of node that is a declared property in another case, when the property itself is absent. */
function checkKeys(node: JsonObject, of: keyof typeof declared, context: RuleContext, under?: string): void {
  const names = lowered[of];
  for (const key of Object.keys(node)) {
    const wanted = names.get(key.toLowerCase());
    if (wanted === undefined || wanted === key || Object.hasOwn(node, wanted)) continue;
    const message = `${key} is ${of === 'operation' ? "the operation's" : "resultInfo's"} ${wanted} in another case: Graph sends ${wanted}, and code that reads ${wanted} finds nothing`;
    if (under === undefined) context.report(message, { found: key, expected: wanted }, key);
    else context.report(message, { found: key, expected: wanted }, under, key);
  }
}

/** A property of an operation or of its resultInfo written in another case than the definitions' (subCode). */
export const propertyCase: Rule = {
  id: 'property-case',
  severity: 'warning',
  description: "A key of an operation or of its resultInfo that is a declared property in another case (subCode for subcode, Status for status), where the property itself is absent.",
  rationale: 'JSON keys are case-sensitive: Graph sends the declared names, and code that reads them misses a key written otherwise; reference pages and hand-written fixtures carry such slips.',
  locate: 'key',
  params: { found: 'the key as written', expected: 'the declared property' },
  visitors: {
    operation(node, context) {
      checkKeys(node, 'operation', context);
      const resultInfo = node['resultInfo'];
      if (isObject(resultInfo)) checkKeys(resultInfo, 'resultInfo', context, 'resultInfo');
    },
  },
};
