import { defaultApiVersion, type ApiVersion } from '../../model/api-version.js';
import type { Kind } from '../../model/kind.js';
import { byPosition, type LocatedProblem } from '../../model/problem.js';
import type { SourceReport } from '../../model/report.js';
import { exchangeFolder, roleOf, type Role } from '../../rules/exchange/exchange-folder.js';
import { httpStatus } from '../../rules/http/http-status.js';
import { checkMaxProblems, tooManyProblems } from '../../rules/file/too-many-problems.js';
import { lintBody, type LintedBody } from '../http/body.js';
import type { InviteTarget } from '../http/invite-target.js';
import { lintMessage } from '../http/lint-message.js';
import { wholeFile } from '../http/position.js';
import { correlate } from './correlate.js';

export { roleOf, type Role } from '../../rules/exchange/exchange-folder.js';

const kindOfRole: Readonly<Record<Role, Kind>> = { request: 'invite-request', response: 'invite-operation', notification: 'comms-notifications' };

/**
 * The kind a JSON file's name gives it as a part of an exchange (request.json, response.json,
 * notification-1.json), for a file linted alone: what validate assumes when nothing else names the kind.
 */
export function kindOfExchangeFileName(name: string): Kind | undefined {
  if (!/\.json$/i.test(name)) return undefined;
  const role = roleOf(name);
  return role === undefined ? undefined : kindOfRole[role];
}

// notification-2 comes before notification-10: the numbers in names are compared as numbers.
// Made on first use: building a collator loads locale data, which cost every CLI start some 5 ms.
let naturalOrder: Intl.Collator | undefined;

/** One file of an exchange: its name, and its text or the problems that kept it from being read. */
export type ExchangeFile = { readonly name: string } & ({ readonly text: string } | { readonly problems: readonly LocatedProblem[] });

/** What linting an exchange gives: the folder's own problems, and a report per file that has a role, in role order. */
export interface LintedExchange {
  /** Files missing, doubled or named for no role. */
  readonly folderProblems: readonly LocatedProblem[];
  readonly files: ReadonlyArray<{ readonly name: string; readonly role: Role; readonly report: SourceReport }>;
}

/** What one file of the exchange gave. */
interface Part {
  readonly name: string;
  readonly role: Role;
  readonly text: string | undefined;
  readonly problems: LocatedProblem[];
  readonly body: LintedBody | undefined;
  readonly invite: InviteTarget | undefined;
  /** The profile it was checked against; the request's is the exchange's. */
  readonly apiVersion: ApiVersion | undefined;
}

/** Lints one file; apiVersion undefined: the profile its request path names, else beta. */
function lintPart(file: ExchangeFile, role: Role, maxProblems: number, apiVersion: ApiVersion | undefined, ceiling: number | undefined, inviteCallId?: string): Part {
  const { name } = file;
  if (!('text' in file)) return { name, role, text: undefined, problems: [...file.problems], body: undefined, invite: undefined, apiVersion };
  const kind = kindOfRole[role];
  if (name.toLowerCase().endsWith('.http')) {
    const linted = lintMessage(file.text, wholeFile, { onPage: false, expect: role === 'response' ? 'response' : 'request', kind, truncated: false, maxProblems, ceiling, apiVersion, inviteCallId });
    // A notification's message is Graph's POST to the bot: its path names no profile of the exchange's.
    return { name, role, text: file.text, problems: linted.problems, body: linted.body, invite: linted.invite, apiVersion: role === 'notification' ? apiVersion : linted.apiVersion };
  }
  const body = lintBody(file.text, wholeFile, { kind, truncated: false, maxProblems, ceiling, apiVersion });
  return { name, role, text: file.text, problems: [], body, invite: undefined, apiVersion };
}

/** An http-status problem of a 4xx response: a refusal. */
function isRefusal(problem: LocatedProblem): boolean {
  const found = problem.params['found'];
  return problem.ruleId === httpStatus.id && typeof found === 'number' && found >= 400 && found < 500;
}

/**
 * Lints an exchange kept as named files (an invite request, its response, the notifications after it):
 * each file against its role's kind, then the files against each other. Files named for no role are
 * reported, not read; the caller lists them (a folder, an archive, a test's table). Each file lists at
 * most `maxProblems` problems (1,000 unless given; Infinity: all), the rest counted in a too-many-problems.
 * Every file is checked against `apiVersion` when given; else against the version the request's path
 * names (a .http request), beta when it names none. A file's validation stops past `ceiling` findings
 * held, by default the one maxProblems gives.
 */
export function lintExchange(
  files: readonly ExchangeFile[],
  options: { readonly maxProblems?: number | undefined; readonly apiVersion?: ApiVersion | undefined; readonly ceiling?: number | undefined } = {},
): LintedExchange {
  const maxProblems = checkMaxProblems(options.maxProblems);
  naturalOrder ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const order = naturalOrder;
  const sorted = [...files].sort((a, b) => order.compare(a.name, b.name));
  const folderProblems = exchangeFolder.check(sorted.map((file) => file.name));
  const byRole: Record<Role, ExchangeFile[]> = { request: [], response: [], notification: [] };
  for (const file of sorted) {
    const role = roleOf(file.name);
    if (role !== undefined) byRole[role].push(file);
  }

  const given = Object.hasOwn(options, 'apiVersion') ? options.apiVersion : undefined;
  const request = byRole.request.length === 1 ? lintPart(byRole.request[0] as ExchangeFile, 'request', maxProblems, given, options.ceiling) : undefined;
  const apiVersion = given ?? request?.apiVersion;
  const invitedCall = request?.invite?.concrete === true ? request.invite.callId : undefined;
  const response = byRole.response.length === 1 ? lintPart(byRole.response[0] as ExchangeFile, 'response', maxProblems, apiVersion, options.ceiling, invitedCall) : undefined;
  const notifications = byRole.notification.map((file) => lintPart(file, 'notification', maxProblems, apiVersion, options.ceiling));

  correlate({
    request: { body: request?.body, invite: request?.invite },
    response: response?.body === undefined ? undefined : { body: response.body, truncated: false },
    notifications: notifications.flatMap((part) => (part.body === undefined ? [] : [{ body: part.body, truncated: false }])),
  });

  // An invite with errors is refused: a 4xx is then the answer Graph gives (the simulator's 400 with the
  // contract's problems, recorded), not a response that should have been 200.
  const refused = request !== undefined && [...request.problems, ...(request.body?.problems ?? [])].some((problem) => problem.severity === 'error');
  const answered = refused && response !== undefined ? { ...response, problems: response.problems.filter((problem) => !isRefusal(problem)) } : response;
  const reports: Array<LintedExchange['files'][number]> = [];
  for (const part of [request, answered, ...notifications]) {
    if (part === undefined) continue;
    const problems = tooManyProblems.cap([...part.problems, ...(part.body?.problems ?? [])].sort(byPosition), maxProblems);
    const profile = part.text === undefined ? {} : { apiVersion: part.apiVersion ?? defaultApiVersion };
    const report: SourceReport = { kind: part.body?.kind ?? null, ...profile, problems, ...(problems.length > 0 && part.text !== undefined ? { source: part.text } : {}) };
    reports.push({ name: part.name, role: part.role, report });
  }
  return { folderProblems, files: reports };
}
