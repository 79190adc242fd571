import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isIgnored, type Config } from '../config/config.js';
import { lintBody, type LintedBody } from '../../inputs/http/body.js';
import type { InviteTarget } from '../../inputs/http/invite-target.js';
import { lintMessage } from '../../inputs/http/lint-message.js';
import { wholeFile } from '../../inputs/http/position.js';
import { readTextFile } from './text-file.js';
import type { Kind } from '../../contract/kinds.js';
import { displayPath } from '../../lint/lint-json.js';
import { byPosition, problemAt, type FileReport, type LocatedProblem } from '../../model/report.js';
import { exchangeRules } from '../../rules/exchange-rules.js';
import { correlate } from '../../inputs/exchange/correlate.js';

/** The part of an exchange a file holds. */
export type Role = 'request' | 'response' | 'notification';

/** The file names of an exchange folder: request.http or request.json, response.http or response.json, notification[-name].json. */
export function roleOf(name: string): Role | undefined {
  if (/^request\.(?:http|json)$/i.test(name)) return 'request';
  if (/^response\.(?:http|json)$/i.test(name)) return 'response';
  if (/^notification(?:-[^/\\]+)?\.json$/i.test(name)) return 'notification';
  return undefined;
}

const kindOfRole: Readonly<Record<Role, Kind>> = { request: 'invite-request', response: 'invite-operation', notification: 'comms-notifications' };

// notification-2 comes before notification-10: the numbers in names are compared as numbers.
const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Settings of an exchange run. */
export interface ExchangeOptions {
  readonly config: Config;
  readonly maxBytes: number;
  readonly cwd: string;
}

/** What one file of the exchange gave. */
interface FilePart {
  readonly path: string;
  readonly text: string | undefined;
  readonly problems: LocatedProblem[];
  readonly body: LintedBody | undefined;
  readonly invite: InviteTarget | undefined;
}

async function readPart(path: string, role: Role, options: ExchangeOptions): Promise<FilePart> {
  const read = readTextFile(path, options.maxBytes);
  if ('problems' in read) return { path, text: undefined, problems: [...read.problems], body: undefined, invite: undefined };
  const kind = kindOfRole[role];
  if (path.toLowerCase().endsWith('.http')) {
    const linted = await lintMessage(read.text, wholeFile, { onPage: false, expect: role === 'response' ? 'response' : 'request', kind, truncated: false });
    return { path, text: read.text, problems: linted.problems, body: linted.body, invite: linted.invite };
  }
  const body = await lintBody(read.text, wholeFile, { kind, truncated: false });
  return { path, text: read.text, problems: [], body, invite: undefined };
}

/** Lints the exchange kept in one folder: a report per file, and one for the folder when its files break the naming convention. */
export async function lintExchangeFolder(folder: string, options: ExchangeOptions): Promise<FileReport[]> {
  const folderProblems: LocatedProblem[] = [];
  const byRole: Record<Role, string[]> = { request: [], response: [], notification: [] };
  const names = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !isIgnored(options.config, join(folder, entry.name)))
    .map((entry) => entry.name)
    .sort(naturalOrder.compare);
  for (const name of names) {
    const role = roleOf(name);
    if (role !== undefined) byRole[role].push(name);
    else if (/\.(?:json|http)$/i.test(name)) {
      folderProblems.push(problemAt(exchangeRules.exchangeFolder, `${name} is named for no role of the exchange: request.http or request.json, response.http or response.json, notification-<n>.json`, { line: 1, column: 1 }));
    }
  }
  for (const role of ['request', 'response'] as const) {
    if (byRole[role].length === 0) folderProblems.push(problemAt(exchangeRules.exchangeFolder, `the folder has no ${role} file (${role}.http or ${role}.json)`, { line: 1, column: 1 }));
    if (byRole[role].length > 1) folderProblems.push(problemAt(exchangeRules.exchangeFolder, `the folder has ${byRole[role].join(' and ')}: one ${role} file only`, { line: 1, column: 1 }));
  }

  const request = byRole.request.length === 1 ? await readPart(join(folder, byRole.request[0] as string), 'request', options) : undefined;
  const response = byRole.response.length === 1 ? await readPart(join(folder, byRole.response[0] as string), 'response', options) : undefined;
  const notifications: FilePart[] = [];
  for (const name of byRole.notification) notifications.push(await readPart(join(folder, name), 'notification', options));

  correlate({
    request: { body: request?.body, invite: request?.invite },
    response: response?.body === undefined ? undefined : { body: response.body, truncated: false },
    notifications: notifications.flatMap((part) => (part.body === undefined ? [] : [{ body: part.body, truncated: false }])),
  });

  const reports: FileReport[] = [];
  if (folderProblems.length > 0) reports.push({ path: displayPath(folder, options.cwd), kind: null, problems: folderProblems });
  for (const part of [request, response, ...notifications]) {
    if (part === undefined) continue;
    const problems = [...part.problems, ...(part.body?.problems ?? [])].sort(byPosition);
    reports.push({ path: displayPath(part.path, options.cwd), kind: part.body?.kind ?? null, problems, ...(problems.length > 0 && part.text !== undefined ? { source: part.text } : {}) });
  }
  return reports;
}
