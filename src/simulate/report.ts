import type { LocatedProblem } from '../model/problem.js';

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
  'unknown-path': { severity: 'warning', description: 'A request to a path the simulator does not serve.', rationale: 'The bot built a URL Graph does not have (or v1.0 /app/...).' },
  'method-not-allowed': { severity: 'error', description: 'The invite path called with another method than POST.', rationale: 'The invite is a POST; Graph answers 405.' },
  'deprecated-path': { severity: 'warning', description: 'An invite on the deprecated /app/calls/... path.', rationale: 'The path is deprecated and absent from v1.0.' },
  'content-type': { severity: 'error', description: 'An invite whose Content-Type is not application/json.', rationale: 'Graph requires application/json.' },
  'body-too-large': { severity: 'error', description: 'An invite body over the size limit.', rationale: 'Graph refuses oversized bodies with 413.' },
  'callback-refused': { severity: 'error', description: 'A validly signed callback answered with a status from 300 to 499.', rationale: 'The bot refused a genuine notification: its token check or routing is wrong.' },
  'callback-failed': { severity: 'error', description: 'A callback answered 5xx or not in time on every attempt, or still unanswered when the simulator stopped.', rationale: 'Graph gives up after its retries: the bot loses the notification.' },
  'callback-retried': { severity: 'warning', description: 'A callback delivered only after a retry.', rationale: 'Graph retries a few times only; a bot that needs retries loses notifications under load.' },
  'callback-slow': { severity: 'warning', description: 'A callback answered later than callbacks.slowMs.', rationale: 'Graph expects a prompt answer; slow answers are retried or dropped.' },
  'token-not-checked': { severity: 'error', description: 'A callback with a forged token (right kid, another key) accepted with 2xx.', rationale: 'A bot that checks no signature trusts anyone who can reach its callback URL.' },
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

/** The end-of-run summary: counts, and every finding in the order it was made. */
export interface SimulatorReport {
  readonly invites: { readonly received: number; readonly accepted: number; readonly rejected: number };
  readonly callbacks: { readonly sent: number; readonly delivered: number; readonly refused: number; readonly failed: number; readonly cancelled: number };
  /** Exchanges exchanges() still holds, and finished ones let go past the simulator's keepExchanges. */
  readonly exchanges: { readonly kept: number; readonly dropped: number };
  readonly findings: readonly Finding[];
  readonly errors: number;
  readonly warnings: number;
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
  const { invites, callbacks } = report;
  lines.push(
    `${invites.received} invites: ${invites.accepted} accepted, ${invites.rejected} rejected; ${callbacks.sent} callbacks: ${callbacks.delivered} delivered, ${callbacks.refused} refused, ${callbacks.failed} failed, ${callbacks.cancelled} cancelled`,
    `${report.errors} errors, ${report.warnings} warnings`,
  );
  return `${lines.join('\n')}\n`;
}
