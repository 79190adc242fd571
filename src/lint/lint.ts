/**
 * The one entry of the linter: a source's text (or bytes) and what it is, in; its report out. The
 * library never sees a path, the working folder, the config or the command line: the CLI reads files
 * and names the reports.
 */
import type { Kind } from '../contract/kinds.js';
import { lintPage } from '../inputs/docs/page.js';
import { lintMessage } from '../inputs/http/lint-message.js';
import { wholeFile } from '../inputs/http/position.js';
import { lintPayload } from '../inputs/payload.js';
import { byPosition } from '../model/problem.js';
import { checkMaxProblems, tooManyProblems } from '../rules/file/too-many-problems.js';
import type { SourceReport } from '../model/report.js';
import { decodeText, type SourceText } from './decode.js';

export { lintExchange, roleOf, type ExchangeFile, type LintedExchange, type Role } from '../inputs/exchange/files.js';
export type { SourceText } from './decode.js';

/** What a source is: a JSON payload, an HTTP message as REST clients keep it (.http), or a Graph reference page (Markdown). */
export type SourceType = 'payload' | 'http' | 'page';

/** A source to lint. */
export interface LintRequest {
  /** The text, or bytes to be decoded as UTF-8. */
  readonly text: SourceText;
  readonly type: SourceType;
  /** Check the payload (or the HTTP message's body) as this kind; without it, the message or @odata.type decides. Pages name their own. */
  readonly kind?: Kind | undefined;
  /**
   * Problems listed before the rest are counted in one closing too-many-problems: 1,000 unless given;
   * Infinity lists them all. A positive integer or Infinity, else lint() throws a TypeError.
   */
  readonly maxProblems?: number | undefined;
}

/** A source's report; for a page, also what it held. */
export interface LintedSource extends SourceReport {
  /** Pages only: bodies checked against the contract. */
  readonly payloads?: number;
  /** Pages only: requests with the responses and notifications that follow them. */
  readonly exchanges?: number;
}

/**
 * Lints one source. Never throws for any text or bytes: every finding is a located problem. Throws a
 * TypeError only for a maxProblems that is not a positive integer or Infinity.
 */
export function lint(request: LintRequest): LintedSource {
  const maxProblems = checkMaxProblems(request.maxProblems);
  const decoded = decodeText(request.text);
  if ('problem' in decoded) return { kind: null, problems: [decoded.problem], ...(request.type === 'page' ? { payloads: 0, exchanges: 0 } : {}) };
  const { text } = decoded;
  switch (request.type) {
    case 'payload':
      return lintPayload(text, request.kind, undefined, maxProblems).report;
    case 'http': {
      const linted = lintMessage(text, wholeFile, { onPage: false, truncated: false, maxProblems, ...(request.kind === undefined ? {} : { kind: request.kind }) });
      const problems = tooManyProblems.cap([...linted.problems, ...(linted.body?.problems ?? [])].sort(byPosition), maxProblems);
      return { kind: linted.body?.kind ?? null, problems, ...(problems.length > 0 ? { source: text } : {}) };
    }
    case 'page': {
      const page = lintPage(text, maxProblems);
      return { kind: null, problems: page.problems, ...(page.problems.length > 0 ? { source: text } : {}), payloads: page.payloads, exchanges: page.exchanges.length };
    }
  }
}
