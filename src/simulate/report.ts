import type { LocatedProblem } from '../model/problem.js';
import { plural } from '../model/plural.js';

/** What the bot did wrong, one kind of fault per type. */
export type FindingType =
  | 'invalid-invite'
  | 'invite-warnings'
  | 'missing-token'
  | 'wrong-token'
  | 'unknown-call'
  | 'unknown-path'
  | 'method-not-allowed'
  | 'deprecated-path'
  | 'content-type'
  | 'body-too-large'
  | 'invite-abandoned'
  | 'invite-timeout'
  | 'malformed-request'
  | 'callback-refused'
  | 'callback-failed'
  | 'callback-retried'
  | 'callback-slow'
  | 'token-not-checked'
  | 'record-failed';

/** What each finding type means and why it matters: the reports that describe their rules (SARIF) list these. */
export const findingTypes: Readonly<Record<FindingType, { readonly severity: 'error' | 'warning'; readonly description: string; readonly rationale: string }>> = {
  'invalid-invite': { severity: 'error', description: 'An invite body with errors under the profile of its path (its problems are listed).', rationale: 'Graph answers such an invite 400; nobody is invited.' },
  'invite-warnings': { severity: 'warning', description: 'An accepted invite whose body has warnings (its problems are listed).', rationale: 'Graph takes it, but it deviates from the definitions: the next version may not.' },
  'missing-token': { severity: 'error', description: 'An invite without Authorization: Bearer {token}.', rationale: 'Graph answers 401 to a request without a token.' },
  'wrong-token': { severity: 'error', description: 'An invite whose bearer token is not the one the scenario names.', rationale: 'The bot sent a token other than the one it was given.' },
  'unknown-call': { severity: 'error', description: 'An invite into a call the scenario does not declare.', rationale: 'Graph answers 404; the bot names a call it does not have.' },
  'unknown-path': { severity: 'warning', description: 'A request to a path the simulator does not serve: an error under the calls collection when it names no calling action (a misspelt invite), a warning for another calling action the simulator does not play or a path elsewhere.', rationale: 'The bot built a URL Graph does not have (or v1.0 /app/...).' },
  'method-not-allowed': { severity: 'error', description: 'The invite path called with another method than POST.', rationale: 'The invite is a POST; Graph answers 405.' },
  'deprecated-path': { severity: 'warning', description: 'An invite on the deprecated /app/calls/... path.', rationale: 'The path is deprecated and absent from v1.0.' },
  'content-type': { severity: 'error', description: 'An invite whose Content-Type is not application/json.', rationale: 'Graph requires application/json.' },
  'body-too-large': { severity: 'error', description: 'An invite body over the size limit.', rationale: 'Graph refuses oversized bodies with 413.' },
  'invite-abandoned': { severity: 'warning', description: 'An invite whose client closed the connection before the whole body was sent.', rationale: 'Graph never sees such an invite: a bot that gives up mid-request (its own timeout, a crash) must not count the participant as invited.' },
  'invite-timeout': { severity: 'error', description: 'An invite whose body had not arrived within limits.requestTimeoutMs: answered 408 and cut off (at the stop, cut off).', rationale: 'Graph answers a request it waits too long for with 408; nobody is invited, and a bot that stalls mid-body must retry or give up cleanly.' },
  'malformed-request': { severity: 'error', description: 'A connection whose bytes were no HTTP request, or whose request headers had not arrived within limits.requestTimeoutMs: answered 400 or 408 and closed.', rationale: 'Graph refuses such a request before reading it; a bot that sends one has a broken HTTP client (or writes to the wrong port), and its invite is never made.' },
  'callback-refused': { severity: 'error', description: 'A validly signed callback answered with a status from 300 to 499.', rationale: 'The bot refused a genuine notification: its token check or routing is wrong.' },
  'callback-failed': { severity: 'error', description: 'A callback answered 5xx or not in time on every attempt, or still unanswered when the simulator stopped.', rationale: 'Graph gives up after its retries: the bot loses the notification.' },
  'callback-retried': { severity: 'warning', description: 'A callback delivered only after a retry.', rationale: 'Graph retries a few times only; a bot that needs retries loses notifications under load.' },
  'callback-slow': { severity: 'warning', description: 'A callback answered later than callbacks.slowMs.', rationale: 'Graph expects a prompt answer; slow answers are retried or dropped.' },
  'token-not-checked': { severity: 'error', description: "A probe callback (faults.forgedToken) accepted with 2xx: a forged signature (right kid, another key), no Authorization header, another app's audience, another issuer or an expired token.", rationale: 'A bot that does not check the signature, audience, issuer and lifetime of a callback token trusts anyone who can reach its callback URL.' },
  'record-failed': { severity: 'error', description: 'An exchange that could not be written to the --record folder.', rationale: 'The recording is incomplete.' },
};

export interface Finding {
  readonly type: FindingType;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The exchange (invite) it belongs to, when it belongs to one. */
  readonly exchange?: number;
  readonly callId?: string;
  /** invalid-invite, invite-warnings: the located problems of the body. */
  readonly problems?: readonly LocatedProblem[];
}

/** Findings made after the simulator's maxFindings were listed: counted, not kept. */
export interface OmittedFindings {
  readonly count: number;
  readonly errors: number;
  readonly warnings: number;
  /** How many of each type, for the types that had any omitted, in the order of findingTypes. */
  readonly byType: Readonly<Partial<Record<FindingType, number>>>;
}

/** The end-of-run summary: counts, and the first maxFindings findings in the order they were made. */
export interface SimulatorReport {
  /** received is accepted + rejected + abandoned (the client left before its body was read); an invite cut for slowness is rejected. */
  readonly invites: { readonly received: number; readonly accepted: number; readonly rejected: number; readonly abandoned: number };
  readonly callbacks: { readonly sent: number; readonly delivered: number; readonly refused: number; readonly failed: number; readonly cancelled: number };
  /** Exchanges exchanges() still holds, and finished ones let go past the simulator's keepExchanges or keepText. */
  readonly exchanges: { readonly kept: number; readonly dropped: number };
  /** The first maxFindings findings, in the order they were made. */
  readonly findings: readonly Finding[];
  /** The findings past maxFindings; findings.length is the bound whenever count is above 0. */
  readonly findingsOmitted: OmittedFindings;
  /** Errors and warnings among every finding, listed or omitted: the run's exit status follows errors. */
  readonly errors: number;
  readonly warnings: number;
}

/** The findings a run keeps: the first `limit` listed, the rest counted by severity and type. */
export function findingLog(limit: number): { add(finding: Finding): void; summary(): Pick<SimulatorReport, 'findings' | 'findingsOmitted' | 'errors' | 'warnings'> } {
  const listed: Finding[] = [];
  const all = { error: 0, warning: 0 };
  const omitted = { error: 0, warning: 0 };
  const byType = new Map<FindingType, number>();
  return {
    add(finding) {
      all[finding.severity] += 1;
      if (listed.length < limit) {
        listed.push(finding);
        return;
      }
      omitted[finding.severity] += 1;
      byType.set(finding.type, (byType.get(finding.type) ?? 0) + 1);
    },
    summary() {
      const types = (Object.keys(findingTypes) as FindingType[]).filter((type) => byType.has(type));
      return {
        findings: [...listed],
        findingsOmitted: { count: omitted.error + omitted.warning, errors: omitted.error, warnings: omitted.warning, byType: Object.fromEntries(types.map((type) => [type, byType.get(type)])) },
        errors: all.error,
        warnings: all.warning,
      };
    },
  };
}

/** The closing result of a report whose findings were cut, in the formats that list results (SARIF, JUnit...). */
export const tooManyFindings = {
  id: 'too-many-findings',
  description: 'A run with more findings than the simulator\'s maxFindings (1,000 unless set): the first ones are listed, the rest counted in this one result. It is an error when any finding cut was an error, else a warning, so that the run\'s verdict is the one the whole list would give.',
  rationale: 'A bot that breaks the contract on every request of a long run would grow the simulator\'s memory and the report without end; the first findings show what is wrong, and the counts say how much more there is.',
  params: {
    limit: 'the bound: how many findings are listed',
    omitted: 'how many findings were cut',
    omittedErrors: 'how many of them were errors',
    omittedWarnings: 'how many of them were warnings',
    omittedTypes: 'the types of the findings cut, in the order of the finding types',
    omittedByType: 'how many findings of each of omittedTypes were cut, in the same order',
  },
} as const;

/** The one line that counts the findings cut, or none. */
function omittedText(report: SimulatorReport): string[] {
  const { count, errors, warnings, byType } = report.findingsOmitted;
  if (count === 0) return [];
  const types = Object.entries(byType).map(([type, n]) => `${type} ${n}`).join(', ');
  return [`${(errors > 0 ? 'error' : 'warning').padEnd(7)} ${plural(count, 'more finding')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}: ${types}) are not listed: a run lists at most ${report.findings.length}  ${tooManyFindings.id}`];
}

/** The report as text: one line per finding, its problems indented below it, and the counts. */
export function reportText(report: SimulatorReport): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    const where = finding.exchange === undefined ? '' : ` (invite ${finding.exchange})`;
    lines.push(`${finding.severity.padEnd(7)} ${finding.message}${where}  ${finding.type}`);
    for (const problem of finding.problems ?? []) {
      lines.push(`  ${problem.line}:${problem.column} ${problem.severity.padEnd(7)} ${problem.message}  ${problem.ruleId}`);
    }
  }
  lines.push(...omittedText(report));
  const { invites, callbacks } = report;
  lines.push(
    `${plural(invites.received, 'invite')}: ${invites.accepted} accepted, ${invites.rejected} rejected${invites.abandoned > 0 ? `, ${invites.abandoned} abandoned` : ''}; ${plural(callbacks.sent, 'callback')}: ${callbacks.delivered} delivered, ${callbacks.refused} refused, ${callbacks.failed} failed, ${callbacks.cancelled} cancelled`,
    `${report.errors} errors, ${report.warnings} warnings`,
  );
  return `${lines.join('\n')}\n`;
}
