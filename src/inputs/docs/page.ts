import { lintBody, parseJson, type LintedBody } from '../http/body.js';
import { isCallbackRequest, lintMessage } from '../http/lint-message.js';
import { parseHttpMessage, type HttpRequest } from '../http/message.js';
import { parseInviteTarget } from '../http/invite-target.js';
import { apiVersionOfTarget } from '../http/api-version.js';
import { lintOutsideMessage } from '../http/outside.js';
import { callingActionOf, type CallingAction } from '../../contract/calling-actions.js';
import { fromLine, placed, type Place } from '../http/position.js';
import { kindOfODataType } from '../../contract/kinds.js';
import { defaultApiVersion, type ApiVersion } from '../../model/api-version.js';
import { type Kind } from '../../model/kind.js';
import { byPosition, type LocatedProblem } from '../../model/problem.js';
import { docsUnpairedResponse, type Unpaired } from '../../rules/docs/docs-unpaired-response.js';
import { fileEmpty } from '../../rules/file/file-empty.js';
import { tooManyProblems } from '../../rules/file/too-many-problems.js';
import { findingsCeiling, validationStopped } from '../../rules/file/validation-stopped.js';
import { httpSyntax } from '../../rules/http/http-syntax.js';
import { howToName, kindUnknown } from '../../rules/kind/kind-unknown.js';
import { correlate } from '../exchange/correlate.js';
import type { Exchange, ExchangePart, ExchangeRequest } from '../exchange/exchange.js';
import { readAnnotation, type Annotation } from './annotation.js';
import { codeBlocks, type CodeBlock } from './markdown.js';
import { append } from '../../model/append.js';

/** What a reference page holds and what is wrong with it. */
export interface PageResult {
  /** Every problem, placed in the page and sorted. */
  readonly problems: LocatedProblem[];
  /** Bodies checked against the contract (requests, responses, examples). */
  readonly payloads: number;
  /** Requests, each with the response and notifications that follow it. */
  readonly exchanges: readonly Exchange[];
  /** Annotated blocks outside the contract: other calling actions' requests and responses, examples of other types. */
  readonly outside: number;
  /** The profile every body was checked against; undefined when the page's exchanges took different ones. */
  readonly apiVersion: ApiVersion | undefined;
}

/** An exchange being read: the response and the notifications are attached as the page goes on. */
interface OpenExchange {
  readonly request: ExchangeRequest;
  response: ExchangePart | undefined;
  readonly notifications: ExchangePart[];
  /** The profile of the request: its response and notifications take it. */
  readonly apiVersion: ApiVersion;
}

/** Why a request block was not read as a request. */
type Unread = 'ignored' | 'example' | 'not-annotated';

/** The latest request block of the page: the responses after it answer it. */
interface RequestBlock {
  /** Line of its start line in the page. */
  readonly line: number;
  answered: boolean;
  /** The exchange it opened: an invite request (or one that cannot be read); none for the others. */
  readonly exchange?: OpenExchange;
  /** Why it was not read, when it was not. */
  readonly unread?: Unread;
  /** The other calling action it names: its response is outside the contract as well. */
  readonly action?: CallingAction;
  /** It is outside the contract (another calling action, another API): so is the response that answers it. */
  readonly outside?: boolean;
}

/** The calling action whose response is an operation: reading one the invite created gives the invite's operation. */
const getOperation = 'get operation';

/** Why a response pairs with no request, or undefined when it answers the request block before it. */
function unpairedReason(request: RequestBlock | undefined, kind: Kind | null | undefined): Unpaired | undefined {
  if (request === undefined) return { reason: 'no-request' };
  const requestLine = request.line;
  if (request.answered) return { reason: 'already-answered', requestLine };
  const named = kind !== undefined && kind !== null;
  if (request.action !== undefined) return named && !(request.action.name === getOperation && kind === 'invite-operation') ? { reason: 'request-outside-contract', requestLine, action: request.action.name } : undefined;
  if (request.unread !== undefined) return { reason: `request-${request.unread}`, requestLine };
  return undefined;
}

/**
 * A block the page does not annotate as a request that still holds one to the calling API (the invite or
 * another action): the responses after it answer it, not an earlier request. Requests to other hosts (the
 * bot's callback, before a notification) are not.
 */
function unreadRequest(block: CodeBlock, content: string, place: Place, unread: Unread): { block: RequestBlock; message: HttpRequest } | undefined {
  if (block.language !== 'http') return undefined;
  const parsed = parseHttpMessage(content);
  if ('error' in parsed || parsed.message.type !== 'request') return undefined;
  const { message } = parsed;
  const invite = parseInviteTarget(message.target);
  const action = invite === undefined ? callingActionOf(message.method, message.target) : undefined;
  if (invite === undefined && action === undefined) return undefined;
  return { block: { line: place(message.at).line, answered: false, unread, ...(action === undefined ? {} : { action }) }, message };
}

/** Whether a request block is Graph's callback to the bot (isCallbackRequest), unless its annotation names a type outside the contract. */
function isCallbackDelivery(content: string, kind: Kind | null | undefined): boolean {
  if (kind === null) return false;
  const parsed = parseHttpMessage(content);
  if ('error' in parsed || parsed.message.type !== 'request' || parsed.message.body === undefined) return false;
  return isCallbackRequest(parsed.message, kind, parseJson(parsed.message.body.text)?.value);
}

/** Maps positions in a block's content (its lines joined, indentation removed) to the page. */
function blockPlace(block: CodeBlock): Place {
  return ({ line, column }) => {
    const source = block.lines[line - 1] ?? block.lines[block.lines.length - 1];
    if (source === undefined) return { line: block.fenceLine, column: 1 };
    return { line: source.line, column: column + source.indent };
  };
}

/** Whether an annotation's @odata.type is commsOperation, the base type of the invite's operation (any case, # or not). */
function isCommsOperation(odataType: string | undefined): boolean {
  return odataType !== undefined && /^#?microsoft\.graph\.commsOperation$/i.test(odataType.trim());
}

/** The kind an annotation names: a kind, null for a type outside the contract, undefined when it names none. */
function annotatedKind(annotation: Annotation): Kind | null | undefined {
  if (annotation.odataType === undefined) return undefined;
  return kindOfODataType(annotation.odataType) ?? null;
}

/** Problems whose wording speaks of files and command lines, reworded for a code block. */
function inBlock(body: LintedBody): LintedBody {
  for (const [index, problem] of body.problems.entries()) {
    if (problem.ruleId === fileEmpty.id) body.problems[index] = { ...problem, message: 'the code block holds no JSON; a payload is a JSON object' };
    if (problem.ruleId === kindUnknown.id) {
      const what = problem.message.replace(`; ${howToName}`, '');
      body.problems[index] = { ...problem, message: `${what}; name it with an @odata.type in the block's annotation` };
    }
  }
  return body;
}

/**
 * Checks every annotated request, response and example of a reference page, and correlates the exchanges
 * they form. Each exchange is checked against `apiVersion` when given; else against the version its
 * request's path names, or, for a path that names none (POST /communications/...), the one the page's
 * previous request named, before any the one the page's place names (locationApiVersion: api-reference/v1.0/...),
 * else beta; blocks before the first request are checked against that too. A body's validation stops past
 * `ceiling` findings held (by default the one maxProblems gives), and so does the page past that many
 * problems held over its blocks, at the block it would read next.
 */
export function lintPage(text: string, maxProblems?: number, apiVersion?: ApiVersion, locationApiVersion?: ApiVersion, ceiling?: number): PageResult {
  const problems: LocatedProblem[] = [];
  const bodies: LintedBody[] = [];
  const exchanges: OpenExchange[] = [];
  let latest: RequestBlock | undefined;
  // The exchange the notifications that follow belong to: that of the latest response, when it joined one.
  let current: OpenExchange | undefined;
  let outside = 0;
  /** The profile of the last request read, for what follows it and for a next request that names no version. */
  let pageVersion: ApiVersion | undefined = locationApiVersion;
  /** Every profile a body was checked against. */
  const used = new Set<ApiVersion>();
  // What the page holds is bounded as a payload's is: past the ceiling, no further block is read.
  const pageCeiling = ceiling ?? findingsCeiling(maxProblems ?? Number.POSITIVE_INFINITY);
  /** The problems the page's bodies hold. */
  let held = 0;
  const keep = (body: LintedBody): void => {
    bodies.push(body);
    held += body.problems.length;
  };

  for (const block of codeBlocks(text)) {
    if (problems.length + held > pageCeiling) {
      problems.push(placed({ ...validationStopped.at('', pageCeiling), line: 1, column: 1 }, blockPlace(block)));
      break;
    }
    const read = block.comment === undefined ? undefined : readAnnotation(block.comment);
    if (read !== undefined && 'problem' in read) {
      problems.push(read.problem);
      // A request whose annotation cannot be read is still the request the next response answers: that
      // response is passed over with it, rather than read as an invite's with no request before it.
      const content = block.lines.map((line) => line.text).join('\n');
      const parsed = block.language === 'http' ? parseHttpMessage(content) : undefined;
      if (parsed !== undefined && 'message' in parsed && parsed.message.type === 'request') {
        latest = { line: blockPlace(block)(parsed.message.at).line, answered: false, outside: true };
        current = undefined;
      }
      continue;
    }
    const annotation = read?.annotation;
    const content = block.lines.map((line) => line.text).join('\n');
    const place = blockPlace(block);
    // An example holding an invite request is checked as one, unless its annotation names another kind.
    let examplePlace: Kind | undefined;
    let exampleRequestVersion: ApiVersion | undefined;
    const unread: Unread | undefined = annotation === undefined ? 'not-annotated' : annotation.blockType === 'ignored' || annotation.blockType === 'example' ? annotation.blockType : undefined;
    if (unread !== undefined) {
      const found = unreadRequest(block, content, place, unread);
      if (found !== undefined) {
        latest = found.block;
        current = undefined;
        if (found.block.action === undefined) {
          examplePlace = 'invite-request';
          exampleRequestVersion = apiVersionOfTarget(found.message.target);
        }
      }
      if (found?.block.action !== undefined && annotation?.blockType === 'example') {
        // An example of another calling action's request: outside the contract, its JSON text still read.
        append(problems, lintOutsideMessage(found.message, place, maxProblems, pageCeiling));
        outside += 1;
        continue;
      }
    }
    if (annotation === undefined || annotation.blockType === 'ignored' || annotation.blockType === 'resource') continue;
    const kind = annotatedKind(annotation);
    const truncated = annotation.truncated;

    // Graph's POST to the bot, annotated as a request, is a notification as delivered: read as an example is.
    if (annotation.blockType === 'request' && !isCallbackDelivery(content, kind)) {
      const linted = lintMessage(content, place, {
        onPage: true,
        expect: 'request',
        truncated,
        maxProblems,
        ceiling: pageCeiling,
        apiVersion,
        fallbackApiVersion: pageVersion,
        ...(kind === null ? { skipBody: true } : kind === undefined ? {} : { kind }),
      });
      append(problems, linted.problems);
      const line = place(linted.message?.at ?? { line: 1, column: 1 }).line;
      current = undefined;
      if (linted.outside === true) {
        outside += 1;
        latest = { line, answered: false, outside: true, ...(linted.action === undefined ? {} : { action: linted.action }) };
        // What follows it (its notifications, a next request that names no version) takes its profile too.
        pageVersion = linted.apiVersion;
        continue;
      }
      const body = linted.body === undefined ? undefined : inBlock(linted.body);
      if (body !== undefined) {
        keep(body);
        used.add(linted.apiVersion);
      }
      pageVersion = linted.apiVersion;
      // A request that cannot be read still owns the response after it, but is no exchange to count.
      const exchange: OpenExchange = { request: { body, invite: linted.invite }, response: undefined, notifications: [], apiVersion: linted.apiVersion };
      if (linted.message?.type === 'request') exchanges.push(exchange);
      latest = { line, answered: false, exchange };
      continue;
    }

    if (annotation.blockType === 'response') {
      // The invite's response annotated with the operation's base type (commsOperation) is still the invite's
      // operation: checked as one, not passed over as a type outside the contract.
      const kind = annotatedKind(annotation) === null && latest?.exchange?.request.invite !== undefined && isCommsOperation(annotation.odataType) ? 'invite-operation' : annotatedKind(annotation);
      // The response to a request outside the contract is outside too, unless its annotation names a contract payload.
      const outsideResponse = (latest?.action !== undefined || latest?.outside === true) && (kind === undefined || kind === null);
      const linted = lintMessage(content, place, {
        onPage: true,
        expect: 'response',
        truncated,
        maxProblems,
        ceiling: pageCeiling,
        // A response takes the profile of the request it answers.
        apiVersion: apiVersion ?? latest?.exchange?.apiVersion,
        fallbackApiVersion: pageVersion,
        // The response to another request (a GET of the operation) carries no invite Location; the invite's
        // names an operation of the call it was posted to.
        ...(latest?.action !== undefined ? { notInviteResponse: true } : {}),
        ...(latest?.exchange?.request.invite?.concrete === true ? { inviteCallId: latest.exchange.request.invite.callId } : {}),
        ...(outsideResponse ? { outside: true } : kind === null ? { skipBody: true } : kind === undefined ? {} : { kind }),
      });
      append(problems, linted.problems);
      if (outsideResponse) outside += 1;
      const body = linted.body === undefined ? undefined : inBlock(linted.body);
      if (body !== undefined) {
        keep(body);
        used.add(linted.apiVersion);
      }
      const unpaired = unpairedReason(latest, kind);
      current = undefined;
      if (unpaired !== undefined) problems.push(docsUnpairedResponse.check(unpaired, place(linted.message?.at ?? { line: 1, column: 1 })));
      else if (latest !== undefined) {
        latest.answered = true;
        current = latest.exchange;
        if (current !== undefined && body !== undefined) current.response = { body, truncated };
      }
      continue;
    }

    // An example is a JSON body, or an HTTP message (a notification as delivered) whose body is the payload.
    if (kind === null) {
      outside += 1;
      continue;
    }
    let bodyText = content;
    let bodyPlace = place;
    if (block.language === 'http') {
      const parsed = parseHttpMessage(content);
      if ('error' in parsed) {
        problems.push(placed(httpSyntax.fromParseError(parsed.error), place));
        continue;
      }
      if (parsed.message.body === undefined) continue;
      bodyText = parsed.message.body.text;
      bodyPlace = fromLine(place, parsed.message.body.line);
    }
    const exampleVersion = apiVersion ?? current?.apiVersion ?? exampleRequestVersion ?? pageVersion ?? defaultApiVersion;
    const body = inBlock(lintBody(bodyText, bodyPlace, { kind: kind ?? examplePlace, truncated, maxProblems, ceiling: pageCeiling, apiVersion: exampleVersion }));
    used.add(exampleVersion);
    keep(body);
    // Notifications belong to the exchange whose response came last.
    if (body.kind === 'comms-notifications' && current?.response !== undefined) current.notifications.push({ body, truncated });
  }

  for (const exchange of exchanges) correlate(exchange);
  for (const body of bodies) append(problems, body.problems);
  // A page with no body checked says the profile its bodies would have been checked against.
  if (used.size === 0) used.add(apiVersion ?? pageVersion ?? defaultApiVersion);
  const single = used.size === 1 ? [...used][0] : undefined;
  return { problems: tooManyProblems.cap(problems.sort(byPosition), maxProblems ?? Number.POSITIVE_INFINITY), payloads: bodies.length, exchanges, outside, apiVersion: single };
}
