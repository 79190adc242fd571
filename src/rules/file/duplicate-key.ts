import { membersAround } from '../../json/placer.js';
import type { FixContext, RuleDefinition, TextEdit } from '../../model/rule.js';

/**
 * Drops a repeated member, with the comma before it, when every occurrence of its key in the object has
 * the same text: then which one a parser keeps makes no difference, and the first can stay.
 */
function fix(_problem: unknown, { text, offset, jsonStart }: FixContext): TextEdit | undefined {
  if (jsonStart === undefined) return undefined;
  const members = membersAround(text, jsonStart, offset);
  const at = members?.findIndex((member) => member.keyStart === offset) ?? -1;
  if (members === undefined || at < 1) return undefined;
  const repeated = members[at] as (typeof members)[number];
  const valueText = (member: (typeof members)[number]): string => text.slice(member.valueStart, member.valueEnd);
  const same = members.filter((member) => member.key === repeated.key);
  if (same[0] === repeated || !same.every((member) => valueText(member) === valueText(repeated))) return undefined;
  return { start: (members[at - 1] as (typeof members)[number]).valueEnd, end: repeated.valueEnd, text: '' };
}

/** The same key twice in one object, which JSON.parse hides; the scanner finds it. */
export const duplicateKey = {
  id: 'duplicate-key',
  severity: 'warning',
  description: 'An object with the same key twice.',
  rationale: 'JSON.parse silently keeps the last value; other parsers keep the first, so the payload means different things to different readers.',
  locate: 'key',
  params: { key: 'the repeated key', firstLine: 'the line of its first occurrence', firstColumn: 'the column of its first occurrence' },
  fix: { what: 'when every occurrence of the key in the object has the same text, the later ones are dropped with the comma before each; otherwise left alone', edit: fix },
} as const satisfies RuleDefinition;
