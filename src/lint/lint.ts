/**
 * The one entry of the linter: a source's text (or bytes) and what it is, in; its report out. The
 * library never sees a path, the working folder, the config or the command line: the CLI reads files
 * and names the reports.
 */
import { defaultApiVersion, type ApiVersion } from '../model/api-version.js';
import type { Kind } from '../model/kind.js';
import { lintPage } from '../inputs/docs/page.js';
import { lintMessage } from '../inputs/http/lint-message.js';
import { wholeFile } from '../inputs/http/position.js';
import { lintPayloadReport } from '../inputs/payload.js';
import { checkApiVersion, checkRuleSettings, describeArgument, kindOption, readOptions } from '../validate/validate.js';
import { byPosition, type LocatedProblem } from '../model/problem.js';
import { checkMaxProblems, tooManyProblems } from '../rules/file/too-many-problems.js';
import { findingsCeiling } from '../rules/file/validation-stopped.js';
import type { SourceReport } from '../model/report.js';
import { decodeText, type SourceText } from './decode.js';
import type { LintedExchange } from '../inputs/exchange/files.js';
import { applyRuleSettings, noSettings, settleProblems, type RuleSettings } from '../validate/rule-settings.js';

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
  /**
   * The profile to check against, beta or v1.0. Without it a payload is checked against beta, and an HTTP
   * message or a page against the version each request's path names (/v1.0/, /beta/), its response and
   * notifications against the request's, beta when none is named.
   */
  readonly apiVersion?: ApiVersion | undefined;
  /**
   * Rule ids mapped to "off", "warning" or "error": each problem takes its rule's setting (off: dropped)
   * before the cap, so too-many-problems counts what is kept. A TypeError names a wrong id or setting.
   */
  readonly rules?: RuleSettings | undefined;
}

/** A source's report; for a page, also what it held. */
export interface LintedSource extends SourceReport {
  /** Pages only: bodies checked against the contract. */
  readonly payloads?: number;
  /** Pages only: requests with the responses and notifications that follow them. */
  readonly exchanges?: number;
  /** Pages only: annotated blocks outside the contract (other calling actions' requests and responses, examples of other types). */
  readonly outside?: number;
}

const requestKeys = ['text', 'type', 'kind', 'maxProblems', 'apiVersion', 'rules'];
const sourceTypes: readonly unknown[] = ['payload', 'http', 'page'] satisfies readonly SourceType[];

/** The request as plain values, or a TypeError that names the field and what it must be. */
function checkRequest(request: unknown): CheckedLintRequest {
  const { text, type, kind, maxProblems, apiVersion, rules } = readOptions('lint: request', request, requestKeys);
  // A real Uint8Array (Buffer included), not a Proxy of one: the decoder reads its bytes directly.
  if (typeof text !== 'string' && !(ArrayBuffer.isView(text) && text instanceof Uint8Array)) throw new TypeError(`lint: request.text must be a string or a Uint8Array, not ${describeArgument(text)}`);
  if (!sourceTypes.includes(type)) throw new TypeError(`lint: request.type must be one of ${sourceTypes.join(', ')}, not ${describeArgument(type)}`);
  // The same check as validate()'s kind option, named after this argument.
  if (kind !== undefined) kindOption({ kind }, 'lint: request');
  const checked = {
    text,
    type: type as SourceType,
    kind: kind as LintRequest['kind'],
    maxProblems: checkMaxProblems(maxProblems, 'lint: request.maxProblems'),
    ...(rules === undefined ? {} : { rules: checkRuleSettings(rules, 'lint: request.rules') }),
  };
  return apiVersion === undefined ? checked : { ...checked, apiVersion: checkApiVersion(apiVersion, 'lint: request') };
}

/**
 * Lints one source. Never throws for any text or bytes: every finding is a located problem.
 *
 * @throws {TypeError} when request is not a plain object with text (a string or a Uint8Array), type
 * (payload, http or page), and optionally kind (one of the kinds), maxProblems (a positive integer or
 * Infinity), apiVersion (beta or v1.0) and rules (rule ids mapped to "off", "warning" or "error"), or
 * has any other key; the message names the field and what it must be.
 */
export function lint(given: LintRequest): LintedSource {
  const request = checkRequest(given);
  return lintDecoded(decodeText(request.text), request);
}

/** A request whose fields are known good: what lint() has checked, or what the CLI built from its checked options. */
type CheckedLintRequest = LintRequest & { readonly maxProblems: number };

/**
 * lint() of a decoded source, without the request's check: for the CLI, whose options and config were
 * checked when read (over many small files, reading each request's keys again cost as much as validating
 * the payload), and which decodes a file's bytes itself so that nothing holds them while the text is
 * linted (in a 50 MB file they were a third of the memory above the parse's).
 */
export function lintDecoded(
  decoded: ReturnType<typeof decodeText>,
  request: Omit<CheckedLintRequest, 'text'> & {
    readonly locationApiVersion?: ApiVersion | undefined;
    readonly uncut?: boolean | undefined;
    /** The kind a payload is checked as when neither request.kind nor its @odata.type names one (a CLI file named for an exchange role). */
    readonly fallbackKind?: Kind | undefined;
  },
): LintedSource {
  const settings = Object.hasOwn(request, 'rules') ? request.rules : undefined;
  // Uncut: the settled list whole, for a caller that takes a baseline's accepted problems out before it
  // cuts (the CLI): cut first, accepted problems would fill the list and be counted as omitted.
  if (request.uncut === true) {
    const linted = lintFound(decoded, { ...request, maxProblems: Number.POSITIVE_INFINITY, ceiling: findingsCeiling(request.maxProblems) });
    return settled(linted, applyRuleSettings(linted.problems, settings));
  }
  if (noSettings(settings)) return lintFound(decoded, request);
  // Found with no cap, then settled: the cap counts only what the settings keep, at their severities. A file
  // past the cap is then placed whole (its problems held at once), the price of counting them right.
  // The ceiling past which a validation stops is still the one the cap gives: the list is cut later, not unbounded.
  const linted = lintFound(decoded, { ...request, maxProblems: Number.POSITIVE_INFINITY, ceiling: findingsCeiling(request.maxProblems) });
  return settled(linted, settleProblems(linted.problems, settings, request.maxProblems));
}

/** A report with its problems replaced; the text is kept only while there are problems, as a clean source's report has none. */
function settled<R extends SourceReport>(report: R, problems: LocatedProblem[]): R {
  if (problems.length > 0 || report.source === undefined) return { ...report, problems };
  const { source: _source, ...rest } = report;
  return { ...rest, problems } as unknown as R;
}

/**
 * An exchange linted with no cap, settled: each file's problems under its settings (settingsOf, by the
 * file's name), the folder's under the folder's, then cut to maxProblems.
 */
export function settleExchange(linted: LintedExchange, folder: RuleSettings | undefined, maxProblems: number, settingsOf: (name: string) => RuleSettings | undefined = () => folder): LintedExchange {
  return {
    folderProblems: settleProblems(linted.folderProblems, folder, maxProblems),
    files: linted.files.map(({ name, role, report }) => ({ name, role, report: settled(report, settleProblems(report.problems, settingsOf(name), maxProblems)) })),
  };
}

/** lintDecoded before the settings: every problem at its rule's severity, cut at maxProblems. */
function lintFound(
  decoded: ReturnType<typeof decodeText>,
  request: Omit<CheckedLintRequest, 'text'> & { readonly locationApiVersion?: ApiVersion | undefined; readonly ceiling?: number | undefined; readonly fallbackKind?: Kind | undefined },
): LintedSource {
  const { maxProblems, ceiling } = request;
  const apiVersion = Object.hasOwn(request, 'apiVersion') ? request.apiVersion : undefined;
  if ('problem' in decoded) return { kind: null, problems: [decoded.problem], ...(request.type === 'page' ? { payloads: 0, exchanges: 0, outside: 0 } : {}) };
  const { text } = decoded;
  switch (request.type) {
    case 'payload': {
      const { kind, problems, source } = lintPayloadReport(text, request.kind, maxProblems, apiVersion, ceiling, request.fallbackKind);
      return { kind, apiVersion: apiVersion ?? defaultApiVersion, problems, ...(source === undefined ? {} : { source }) };
    }
    case 'http': {
      const linted = lintMessage(text, wholeFile, { onPage: false, truncated: false, maxProblems, ceiling, apiVersion, ...(request.kind === undefined ? {} : { kind: request.kind }) });
      const problems = tooManyProblems.cap([...linted.problems, ...(linted.body?.problems ?? [])].sort(byPosition), maxProblems);
      return { kind: linted.body?.kind ?? null, apiVersion: linted.apiVersion, problems, ...(problems.length > 0 ? { source: text } : {}) };
    }
    case 'page': {
      const page = lintPage(text, maxProblems, apiVersion, request.locationApiVersion, ceiling);
      const profile = page.apiVersion === undefined ? {} : { apiVersion: page.apiVersion };
      return { kind: null, ...profile, problems: page.problems, ...(page.problems.length > 0 ? { source: text } : {}), payloads: page.payloads, exchanges: page.exchanges.length, outside: page.outside };
    }
  }
}
