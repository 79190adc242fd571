import { isAppPath, type resourceKeys } from '../../contract/resource-path.js';
import { problemAt, type LocatedProblem, type Position } from '../../model/problem.js';
import { stringLiteralAt } from '../../json/placer.js';
import type { FixContext, Rule, RuleContext, TextEdit } from '../../model/rule.js';

function check(value: unknown, key: (typeof resourceKeys)[number], context: RuleContext): void {
  if (typeof value === 'string' && isAppPath(value)) context.report(`${key} uses the deprecated /app path; the current one is /communications`, { key, found: value }, key);
}

/** The /app segment of a path as written (host and version before it), as isAppPath knows it. */
const appSegment = /^((?:https?:\/\/[^/\s"\\]+)?(?:\/(?:beta|v1\.0))?\/)app(?=\/)/i;

/** The edit that turns the /app root of the path written at `at` into /communications, when the path as written is `found`. */
function toCommunications(text: string, at: number, found: string): TextEdit | undefined {
  const root = appSegment.exec(text.slice(at, at + found.length));
  if (root === null) return undefined;
  const start = at + (root[1] as string).length;
  return { start, end: start + 3, text: 'communications' };
}

/** The fix of either problem: in the request line, the target as written; in JSON, the string literal (without escapes before the root). */
function fix(problem: { readonly params: Readonly<Record<string, unknown>> }, { text, offset }: FixContext): TextEdit | undefined {
  const found = problem.params['found'];
  if (typeof found !== 'string') return undefined;
  if (problem.params['key'] === 'target') return text.startsWith(found, offset) ? toCommunications(text, offset, found) : undefined;
  if (stringLiteralAt(text, offset)?.value !== found) return undefined;
  return toCommunications(text, offset + 1, found);
}

/** The /app path is deprecated: in a notification's resource paths, and in an HTTP request's target. */
export const deprecatedAppPath = {
  id: 'deprecated-app-path',
  severity: 'warning',
  description: 'A resource path on the deprecated /app/... root instead of /communications/....',
  rationale: 'Microsoft deprecated /app; code that matches only one root misses the other.',
  params: { key: 'where the path is: resource or resourceUrl of a notification, or target (the request line of an HTTP request)', found: 'the path as given' },
  visitors: {
    notification(node, context) {
      // Both resource keys, in resourceKeys' order, each read by its name: a read by a varying key is the
      // slowest property read there is.
      check(node['resource'], 'resource', context);
      check(node['resourceUrl'], 'resourceUrl', context);
    },
  },
  fix: { what: 'the /app root becomes /communications, in the resource path or the request target; the rest of the path as written', edit: fix },
  /** The problem of an HTTP request posted to the /app root (the invite target parser tells the root), at the target. */
  checkTarget(target: string, root: 'app' | 'communications', at: Position): LocatedProblem | undefined {
    if (root !== 'app') return undefined;
    return problemAt(deprecatedAppPath, 'the request uses the deprecated /app path; the current one is /communications', at, '', { key: 'target', found: target });
  },
} satisfies Rule & { checkTarget(target: string, root: 'app' | 'communications', at: Position): LocatedProblem | undefined };
