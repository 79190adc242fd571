import type { ErrorObject } from 'ajv';
import type { Kind } from '../model/kind.js';
import type { Problem } from '../model/problem.js';
import { schemaErrorOwners } from '../rules/schema/index.js';
import { schemaError, type SchemaRule } from '../rules/schema/schema-error.js';
import { withCasingCause } from './enum-casing.js';
import { namedOperationWithoutId } from './operation-named.js';

/**
 * anyOf [X, {type: null}] is how the schemas write "X or null". When the value is not null, the null
 * branch and the anyOf itself only repeat what the X branch says, so they are dropped and the path is
 * remembered as nullable for the message.
 */
function collapseNullableBranches(errors: readonly ErrorObject[]): { kept: ErrorObject[]; nullable: Set<string> } {
  // Indexed, so the work stays linear in the number of errors (a payload can yield tens of thousands).
  // Only the paths of anyOf errors are looked up, so only those are counted: most payloads with many
  // errors have none, and 200,000 errors then cost no map entry each.
  const anyOfPaths = new Set<string>();
  for (const error of errors) if (error.keyword === 'anyOf') anyOfPaths.add(error.instancePath);
  const atPath = new Map<string, ErrorObject[]>();
  const atOrBelow = new Map<string, number>();
  if (anyOfPaths.size > 0) {
    for (const error of errors) {
      const path = error.instancePath;
      if (anyOfPaths.has(path)) {
        const list = atPath.get(path);
        if (list === undefined) atPath.set(path, [error]);
        else list.push(error);
      }
      for (let end = path.length; end >= 0; end = path.lastIndexOf('/', end - 1)) {
        const ancestor = path.slice(0, end);
        if (anyOfPaths.has(ancestor)) atOrBelow.set(ancestor, (atOrBelow.get(ancestor) ?? 0) + 1);
        if (end === 0) break;
      }
    }
  }
  const dropped = new Set<ErrorObject>();
  const nullable = new Set<string>();
  for (const anyOf of errors) {
    if (anyOf.keyword !== 'anyOf') continue;
    const prefix = `${anyOf.schemaPath}/`;
    const nullBranch = (atPath.get(anyOf.instancePath) ?? []).filter(
      (e) => e.keyword === 'type' && e.params['type'] === 'null' && e.schemaPath.startsWith(prefix),
    );
    // Anything else at or below the path: the errors of the non-null branch.
    const rest = (atOrBelow.get(anyOf.instancePath) ?? 0) - 1 - nullBranch.length;
    if (nullBranch.length > 0 && rest > 0) {
      dropped.add(anyOf);
      for (const e of nullBranch) dropped.add(e);
      nullable.add(anyOf.instancePath);
    }
  }
  // A value of the wrong type also fails every keyword about its content (enum, pattern...); the type
  // error alone says what is wrong.
  const mistyped = new Set(errors.filter((e) => e.keyword === 'type' && !dropped.has(e)).map((e) => e.instancePath));
  const kept = errors.filter(
    (e) => !dropped.has(e) && e.keyword !== 'if' && (e.keyword === 'type' || e.keyword === 'required' || !mistyped.has(e.instancePath)),
  );
  return { kept, nullable };
}

/** The E.164 pattern the schemas give a phone identity's id (schemas/source/overlay.json). */
export const e164Pattern = '^\\+[1-9][0-9]{1,14}$';

/**
 * Constraints the schemas state so that every validator checks them, which the linter reports under
 * walking rules of their own (phone-e164, identity-set-empty, resource-missing), each once: their ajv
 * errors are left to those rules. An identity set's emptiness is the only not the schemas can fail outside
 * a condition; a notification's resource (resourceUrl or resource) is its only anyOf of required branches.
 */
function leftToWalkingRules(error: ErrorObject): boolean {
  if (error.keyword === 'pattern') return error.params['pattern'] === e164Pattern;
  if (/(?:^#|comms-notification\.schema\.json)\/anyOf(?:\/|$)/.test(error.schemaPath)) return true;
  // The emptiness check sits on the identity property of an invitation and of a participant's info.
  return error.keyword === 'not' && /\/properties\/identity\/not$/.test(error.schemaPath);
}

/** Turns ajv errors into problems: each kept error goes to the first schema rule that owns it. */
export function schemaProblems(errors: readonly ErrorObject[], root: unknown, kind: Kind): Problem[] {
  // Dropped after the collapse, so that a null branch beside them goes with them.
  const collapsed = collapseNullableBranches(errors);
  const kept = collapsed.kept.filter((error) => !leftToWalkingRules(error));
  const { nullable } = collapsed;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of kept) {
    const found = schemaError(error, root, kind, nullable.has(error.instancePath));
    // An operation that names itself without an id is read as a null id (operation-named.ts), before any owner.
    let problem: Problem | undefined = namedOperationWithoutId(found, root);
    for (let i = 0; problem === undefined && i < schemaErrorOwners.length; i += 1) problem = (schemaErrorOwners[i] as SchemaRule).fromError(found);
    // schema-violation owns every error, so there always is one; a case-only enum miss says its likely cause (enum-casing.ts).
    const reported = withCasingCause(problem as Problem, found);
    const key = `${reported.ruleId}\u0000${reported.pointer}\u0000${reported.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(reported);
    }
  }
  return problems;
}
