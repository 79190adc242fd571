import { problemOf, type Problem } from '../model/problem.js';
import { enumMember } from '../rules/schema/enum-member.js';
import { shown, type SchemaError } from '../rules/schema/schema-error.js';

/**
 * Why a value that matches an enum member except for case most likely reached the payload:
 * sdk-pascal-case (the member with its first letter raised, as an SDK re-serializes enums and its logs
 * print them: the C# SDK writes Updated for updated) or case-changed (any other change of case, by a log
 * formatter or a hand edit).
 */
export type CasingCause = 'sdk-pascal-case' | 'case-changed';

/** What each cause says in a message. */
const causeText: Readonly<Record<CasingCause, string>> = {
  'sdk-pascal-case': 'likely re-serialized by an SDK or copied from its log, which write enum members in PascalCase (the C# SDK does)',
  'case-changed': 'likely rewritten by a log or by hand on its way here',
};

/** The cause of a value that differs from its member only by case. */
export function casingCause(found: string, member: string): CasingCause {
  return found === member.charAt(0).toUpperCase() + member.slice(1) ? 'sdk-pascal-case' : 'case-changed';
}

/**
 * An enum-member problem whose value matches a member except for case, told with the member's spelling
 * and the likely cause in its message and params; any other problem as it is.
 */
export function withCasingCause(problem: Problem, error: SchemaError): Problem {
  if (problem.ruleId !== enumMember.id) return problem;
  const { found, near } = problem.params;
  if (typeof found !== 'string' || typeof near !== 'string') return problem;
  const cause = casingCause(found, near);
  const message = `${error.name} ${shown(found)} is the member ${shown(near)} in another case, ${causeText[cause]}; webhooks and Graph send ${shown(near)}`;
  return problemOf(enumMember, problem.pointer, message, { ...problem.params, cause });
}
