import type { LocatedProblem } from '../model/problem.js';

/** What the bot did wrong, one kind of fault per type. */
export type FindingType =
  | 'invalid-invite'
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

export interface Finding {
  readonly type: FindingType;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The exchange (invite) it belongs to, when it belongs to one. */
  readonly exchange?: number;
  readonly callId?: string;
  /** invalid-invite: the located problems of the body. */
  readonly problems?: readonly LocatedProblem[];
}

/** The end-of-run summary: counts, and every finding in the order it was made. */
export interface SimulatorReport {
  readonly invites: { readonly received: number; readonly accepted: number; readonly rejected: number };
  readonly callbacks: { readonly sent: number; readonly delivered: number; readonly refused: number; readonly failed: number; readonly cancelled: number };
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
