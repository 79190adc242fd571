import { problemOf, type Problem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/**
 * How many findings a validation holds before it stops, for a report that lists `maxProblems`: 500 for
 * each problem listed (500,000 under the default cap), never fewer than 100,000; no ceiling when every
 * problem is to be listed.
 * Findings are the schema validator's errors, from when it makes them to when it lets them go (as those
 * of an anyOf branch that another branch passes), and the problems the rules report.
 */
export function findingsCeiling(maxProblems: number): number {
  return maxProblems === Number.POSITIVE_INFINITY ? maxProblems : Math.max(leastCeiling, 500 * maxProblems);
}

/**
 * The least ceiling: that of a short list, and of a body read at run time whose every problem is listed (a
 * webhook's notifications, an invite's response), far above any Graph sends; the body is refused past it.
 */
export const leastCeiling = 100_000;

/** The problem that ends a validation past its ceiling, at the pointer of the finding that reached it. */
export const validationStopped = {
  id: 'validation-stopped',
  severity: 'error',
  description:
    'A payload whose validation holds more findings at once than its ceiling (500 for each problem a file lists under --max-problems, so 500,000 by default, and at least 100,000; none when the cap is Infinity, but 100,000 for the bodies parseCommsNotifications, parseInviteResponse and checkExchange read, which list every problem): validation stops where the ceiling is reached, and this problem stands for all of its findings; a page that holds that many problems over its blocks stops at the next block. Problems found before validation (syntax, duplicate keys, number precision) are still listed, and this one is listed whatever --max-problems cuts.',
  rationale: 'A 10 MB file of empty objects makes millions of findings, each held in memory until the report is made; stopping keeps the memory of a run bounded whatever it reads. A payload that far from the contract has not been checked, so it never passes.',
  params: {
    limit: 'the ceiling: how many findings the validation held when it stopped',
  },
  /** The problem of a validation stopped at `pointer` after `limit` findings. */
  at(pointer: string, limit: number): Problem {
    return problemOf(validationStopped, pointer, `validation stopped here, after ${limit} findings: too many problems to list or count`, { limit });
  },
} as const satisfies RuleDefinition;
