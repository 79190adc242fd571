import { problemAt, type LocatedProblem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** The part of an exchange a file holds. */
export type Role = 'request' | 'response' | 'notification';

/** The file names of an exchange folder: request.http or request.json, response.http or response.json, notification[-name].json or .http. */
export function roleOf(name: string): Role | undefined {
  if (/^request\.(?:http|json)$/i.test(name)) return 'request';
  if (/^response\.(?:http|json)$/i.test(name)) return 'response';
  // A notification may be kept as Graph's whole POST to the bot (.http), as the library takes it too.
  if (/^notification(?:-[^/\\]+)?\.(?:json|http)$/i.test(name)) return 'notification';
  return undefined;
}

/** An exchange folder names each part of the exchange by its file name: one request, one response, any notifications. */
export const exchangeFolder = {
  id: 'exchange-folder',
  severity: 'error',
  description: 'An exchange folder without its request or response file, with two files for one role, or with a .json or .http file named for no role.',
  rationale: 'The file names say which part of the exchange each file is; a missing or unrecognised part would silently go unchecked.',
  params: {
    fault: 'unknown-name (a .json or .http file named for no role), missing-role (no file for the request or the response) or duplicate-role (more than one file for it)',
    role: 'request or response (absent for unknown-name)',
    files: 'the names of the files at fault: the one named for no role, or those of the doubled role (absent for missing-role)',
  },
  /** The problems of a folder's file names (in the order given): names for no role, then a missing or doubled request, then response. */
  check(names: readonly string[]): LocatedProblem[] {
    const problems: LocatedProblem[] = [];
    const byRole: Record<'request' | 'response', string[]> = { request: [], response: [] };
    for (const name of names) {
      const role = roleOf(name);
      if (role === 'request' || role === 'response') byRole[role].push(name);
      else if (role === undefined && /\.(?:json|http)$/i.test(name)) {
        problems.push(problemAt(exchangeFolder, `${name} is named for no role of the exchange: request.http or request.json, response.http or response.json, notification-<n>.json or .http`, undefined, '', { fault: 'unknown-name', files: [name] }));
      }
    }
    for (const role of ['request', 'response'] as const) {
      const named = byRole[role];
      if (named.length === 0) problems.push(problemAt(exchangeFolder, `the folder has no ${role} file (${role}.http or ${role}.json)`, undefined, '', { fault: 'missing-role', role }));
      if (named.length > 1) problems.push(problemAt(exchangeFolder, `the folder has ${named.join(' and ')}: one ${role} file only`, undefined, '', { fault: 'duplicate-role', role, files: named }));
    }
    return problems;
  },
} as const satisfies RuleDefinition;
