import { problemOf, type Problem } from '../../model/problem.js';
import { isObject, type RuleDefinition } from '../../model/rule.js';

/** Root keys of the legacy (pre-Graph, Skype bot) calling callbacks. */
const legacyKeys = ['callState', 'presentedModalityTypes', 'conversationResult', 'operationOutcome'];

/** The legacy key at the root of a value that is no commsNotifications batch (no value array), if any. */
export function legacyKey(value: unknown): string | undefined {
  if (!isObject(value) || Object.hasOwn(value, 'value')) return undefined;
  return legacyKeys.find((key) => Object.hasOwn(value, key));
}

/** A callback of the old calling platform offered as Graph notifications. */
export const legacyCallingFormat = {
  id: 'legacy-calling-format',
  severity: 'error',
  description: 'A payload in the legacy pre-Graph calling format (callState, presentedModalityTypes...) offered as commsNotifications.',
  rationale: 'The old Skype bot calling format is not commsNotifications; misreading it as one hides the real problem (an old endpoint registration).',
  params: { key: 'the legacy root key found' },
  /** The problem of a legacy callback, or undefined for anything else. */
  check(value: unknown): Problem | undefined {
    const key = legacyKey(value);
    if (key === undefined) return undefined;
    const message = `this is a callback in the legacy pre-Graph calling format (${key}), not Graph commsNotifications; the bot's calling webhook is still registered for the old platform`;
    return problemOf(legacyCallingFormat, `/${key}`, message, { key });
  },
} as const satisfies RuleDefinition;
