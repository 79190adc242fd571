import { lintBody, type LintedBody } from '../http/body.js';
import { lintMessage } from '../http/lint-message.js';
import { parseHttpMessage } from '../http/message.js';
import { fromLine, placed, type Place } from '../http/position.js';
import { kindOfODataType } from '../../contract/kinds.js';
import { defaultApiVersion, type ApiVersion } from '../../model/api-version.js';
import { type Kind } from '../../model/kind.js';
import { byPosition, type LocatedProblem } from '../../model/problem.js';
import { docsUnpairedResponse } from '../../rules/docs/docs-unpaired-response.js';
import { fileEmpty } from '../../rules/file/file-empty.js';
import { tooManyProblems } from '../../rules/file/too-many-problems.js';
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
  /** The profile every body was checked against; undefined when the page's exchanges took different ones. */
  readonly apiVersion: ApiVersion | undefined;
}

/** An exchange being read: the response and the notifications are attached as the page goes on. */
interface OpenExchange {
  readonly request: ExchangeRequest;
  /** A response block came, whether or not its body could be checked. */
  answered: boolean;
  response: ExchangePart | undefined;
  readonly notifications: ExchangePart[];
  /** The profile of the request: its response and notifications take it. */
  readonly apiVersion: ApiVersion;
}

/** Maps positions in a block's content (its lines joined, indentation removed) to the page. */
function blockPlace(block: CodeBlock): Place {
  return ({ line, column }) => {
    const source = block.lines[line - 1] ?? block.lines[block.lines.length - 1];
    if (source === undefined) return { line: block.fenceLine, column: 1 };
    return { line: source.line, column: column + source.indent };
  };
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
 * previous request named, beta before any; blocks before the first request are checked against beta.
 */
export function lintPage(text: string, maxProblems?: number, apiVersion?: ApiVersion): PageResult {
  const problems: LocatedProblem[] = [];
  const bodies: LintedBody[] = [];
  const exchanges: OpenExchange[] = [];
  let current: OpenExchange | undefined;
  /** The profile of the last request read, for what follows it and for a next request that names no version. */
  let pageVersion: ApiVersion | undefined;
  /** Every profile a body was checked against. */
  const used = new Set<ApiVersion>();

  for (const block of codeBlocks(text)) {
    if (block.comment === undefined) continue;
    const read = readAnnotation(block.comment);
    if (read === undefined) continue;
    if ('problem' in read) {
      problems.push(read.problem);
      continue;
    }
    const { annotation } = read;
    if (annotation.blockType === 'ignored' || annotation.blockType === 'resource') continue;
    const content = block.lines.map((line) => line.text).join('\n');
    const place = blockPlace(block);
    const kind = annotatedKind(annotation);
    const truncated = annotation.truncated;

    if (annotation.blockType === 'request' || annotation.blockType === 'response') {
      const linted = lintMessage(content, place, {
        onPage: true,
        expect: annotation.blockType,
        truncated,
        maxProblems,
        apiVersion: apiVersion ?? (annotation.blockType === 'response' ? current?.apiVersion : undefined),
        fallbackApiVersion: pageVersion,
        ...(kind === null ? { skipBody: true } : kind === undefined ? {} : { kind }),
      });
      append(problems, linted.problems);
      const body = linted.body === undefined ? undefined : inBlock(linted.body);
      if (body !== undefined) {
        bodies.push(body);
        used.add(linted.apiVersion);
      }
      if (annotation.blockType === 'request') {
        // A request that cannot be read still owns the response after it, but is no exchange to count.
        pageVersion = linted.apiVersion;
        current = { request: { body, invite: linted.invite }, answered: false, response: undefined, notifications: [], apiVersion: linted.apiVersion };
        if (linted.message?.type === 'request') exchanges.push(current);
      } else {
        const unpaired = docsUnpairedResponse.check(current, place(linted.message?.at ?? { line: 1, column: 1 }));
        if (unpaired !== undefined) problems.push(unpaired);
        else if (current !== undefined) {
          current.answered = true;
          if (body !== undefined) current.response = { body, truncated };
        }
      }
      continue;
    }

    // An example is a JSON body, or an HTTP message (a notification as delivered) whose body is the payload.
    if (kind === null) continue;
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
    const exampleVersion = apiVersion ?? current?.apiVersion ?? defaultApiVersion;
    const body = inBlock(lintBody(bodyText, bodyPlace, { kind, truncated, maxProblems, apiVersion: exampleVersion }));
    used.add(exampleVersion);
    bodies.push(body);
    // Notifications belong to the exchange whose response came last.
    if (body.kind === 'comms-notifications' && current?.response !== undefined) current.notifications.push({ body, truncated });
  }

  for (const exchange of exchanges) correlate(exchange);
  for (const body of bodies) append(problems, body.problems);
  // A page with no body checked says the profile its bodies would have been checked against.
  if (used.size === 0) used.add(apiVersion ?? defaultApiVersion);
  const single = used.size === 1 ? [...used][0] : undefined;
  return { problems: tooManyProblems.cap(problems.sort(byPosition), maxProblems ?? Number.POSITIVE_INFINITY), payloads: bodies.length, exchanges, apiVersion: single };
}
