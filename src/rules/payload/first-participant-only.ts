import type { JsonObject, Rule, RuleContext } from '../../model/rule.js';
import { isObject } from '../../model/rule.js';

/** The property that makes the service read only the first participant of a list, if any carries one. */
export function firstOnlyField(list: readonly unknown[]): 'replacesCallId' | 'participantId' | undefined {
  // replacesCallId on any participant comes first, then participantId. One pass, each read by its name:
  // a read by a varying key is the slowest property read there is.
  let participantId = false;
  for (let i = 0; i < list.length; i += 1) {
    const item = list[i];
    if (!isObject(item)) continue;
    const replaces = item['replacesCallId'];
    if (replaces !== undefined && replaces !== null) return 'replacesCallId';
    if (!participantId) {
      const id = item['participantId'];
      participantId = id !== undefined && id !== null;
    }
  }
  return participantId ? 'participantId' : undefined;
}

function check(node: JsonObject, context: RuleContext): void {
  const list = node['participants'];
  if (!Array.isArray(list) || list.length < 2) return;
  const field = firstOnlyField(list);
  if (field === undefined) return;
  context.report(
    `with ${field}, only the first participant is read; ${list.length === 2 ? 'the other one is' : `the other ${list.length - 1} are`} ignored`,
    { field, ignored: list.length - 1 },
    'participants',
    1,
  );
}

/** replacesCallId and participantId make the service read only the first participant. */
export const firstParticipantOnly: Rule = {
  id: 'first-participant-only',
  severity: 'warning',
  description: 'With replacesCallId or participantId on any participant, a list of more than one participant is reported once, at the second.',
  rationale: 'Replacing a peer-to-peer call or moving a participant reads only the first participant; the others are silently ignored.',
  params: { field: 'the property that makes the service read only the first participant: replacesCallId or participantId', ignored: 'how many participants are ignored' },
  visitors: { request: check, operation: check },
};
