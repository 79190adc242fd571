import { defaultApiVersion, type ApiVersion } from '../../model/api-version.js';
import type { Kind } from '../../model/kind.js';
import { apiVersionOfTarget } from './api-version.js';
import type { LocatedProblem } from '../../model/problem.js';
import { httpAuthorization } from '../../rules/http/http-authorization.js';
import { httpContentLength } from '../../rules/http/http-content-length.js';
import { httpContentType } from '../../rules/http/http-content-type.js';
import { httpInvitePath } from '../../rules/http/http-invite-path.js';
import { httpLocation } from '../../rules/http/http-location.js';
import { httpMethod } from '../../rules/http/http-method.js';
import { httpStatus } from '../../rules/http/http-status.js';
import { httpSyntax } from '../../rules/http/http-syntax.js';
import { deprecatedAppPath } from '../../rules/payload/deprecated-app-path.js';
import { participantsRequired } from '../../rules/schema/participants-required.js';
import { decideKind } from '../../contract/decide-kind.js';
import { callingActionOf, parseCallsTarget, type CallingAction } from '../../contract/calling-actions.js';
import { lintBody, parseJson, type LintedBody } from './body.js';
import { parseInviteTarget, type InviteTarget } from './invite-target.js';
import { headerOf, parseHttpMessage, type HttpHeader, type HttpMessage, type HttpRequest } from './message.js';
import { lintOutsideMessage } from './outside.js';
import { fromLine, placed, type Place } from './position.js';

/** Where a message was found, and what it is expected to be. */
export interface MessageOptions {
  /** On a reference page requests leave Authorization out, so it is not asked for. */
  readonly onPage: boolean;
  /** The role the message has where it was found; a message of the other role is an http-syntax error. */
  readonly expect?: 'request' | 'response';
  /** Check the body as this kind, whatever the message says. */
  readonly kind?: Kind;
  /** A truncated body may omit properties. */
  readonly truncated: boolean;
  /** Leave the body unchecked: it is of a type outside the contract. */
  readonly skipBody?: boolean;
  /** The body's problems listed before the rest are counted in one too-many-problems (none unless given). */
  readonly maxProblems?: number | undefined;
  /** Findings the body's validation may hold before it stops; the one maxProblems gives unless given. */
  readonly ceiling?: number | undefined;
  /**
   * The message is outside the contract (a response to another calling action): only its syntax and its
   * body's JSON text are checked. On a page, a request to another calling action is outside by its target.
   */
  readonly outside?: boolean;
  /**
   * The profile the body is checked against, whatever the message says. Without it a request takes the
   * version its path names (/v1.0/..., /beta/...), and anything else beta.
   */
  readonly apiVersion?: ApiVersion | undefined;
  /** Without apiVersion, for a request whose path names no version: the profile to take (beta unless given). */
  readonly fallbackApiVersion?: ApiVersion | undefined;
  /** A response that answers another request than the invite (a GET of the operation): no invite Location is asked of it. */
  readonly notInviteResponse?: boolean;
  /** The call the invite this response answers was posted to, when its path names one: Location must name it too. */
  readonly inviteCallId?: string | undefined;
}

/** A message checked as a whole: HTTP problems and body problems, all placed in the file. */
export interface LintedMessage {
  readonly message: HttpMessage | undefined;
  /** The invite a request targets; undefined for responses and other requests. */
  readonly invite: InviteTarget | undefined;
  /** The calling action other than the invite that a request targets; undefined for responses and other targets. */
  readonly action?: CallingAction | undefined;
  /** Checked as outside the contract: syntax and JSON text only. */
  readonly outside?: boolean;
  /** The checked body with its own problems; undefined when there is none or its kind cannot be known. */
  readonly body: LintedBody | undefined;
  /** Problems of the message itself (start line, headers), placed in the file; the body's are in body.problems. */
  readonly problems: LocatedProblem[];
  /** The profile the body was (or would have been) checked against: what follows a request takes it too. */
  readonly apiVersion: ApiVersion;
}

/** The kind a body is checked as when nothing names it: the invite for invite requests, the operation for successful responses. */
function bodyKind(message: HttpMessage, invite: InviteTarget | undefined, explicit: Kind | undefined, value: unknown): Kind | undefined {
  if (message.type === 'request') return decideKind({ flag: explicit, place: invite === undefined ? undefined : 'invite-request', value });
  return decideKind({ flag: explicit, value, fallback: 'invite-operation' });
}

/**
 * Whether a request is Graph's own POST to the bot's callback URL: outside the calls API, with a batch of
 * notifications as its body (by its @odata.type, or because it is checked as one). Such a request is no
 * failed invite, in a .http file, an exchange folder or a page.
 */
export function isCallbackRequest(request: HttpRequest, kind: Kind | undefined, body: unknown): boolean {
  return parseCallsTarget(request.resolvedTarget) === undefined && decideKind({ flag: kind, value: body }) === 'comms-notifications';
}

/** A header as it is sent, the file's own variables put in: for checks that read its value and fix nothing. */
function resolvedHeader(message: HttpMessage, name: string): HttpHeader | undefined {
  const header = headerOf(message, name);
  return header === undefined || header.resolved === header.value ? header : { ...header, value: header.resolved };
}

/** Parses and checks one HTTP message whose text sits in a file at `place`. */
export function lintMessage(text: string, place: Place, options: MessageOptions): LintedMessage {
  const parsedMessage = parseHttpMessage(text);
  // Own options only, as for kind below.
  const given = Object.hasOwn(options, 'apiVersion') ? options.apiVersion : undefined;
  const fallback = (Object.hasOwn(options, 'fallbackApiVersion') ? options.fallbackApiVersion : undefined) ?? defaultApiVersion;
  if ('error' in parsedMessage) {
    return { message: undefined, invite: undefined, body: undefined, problems: [placed(httpSyntax.fromParseError(parsedMessage.error), place)], apiVersion: given ?? fallback };
  }
  const { message } = parsedMessage;
  const apiVersion = given ?? (message.type === 'request' ? apiVersionOfTarget(message.resolvedTarget) : undefined) ?? fallback;
  const role = httpSyntax.checkRole(message, options.expect);
  if (role !== undefined) return { message, invite: undefined, body: undefined, problems: [placed(role, place)], apiVersion };

  const invite = message.type === 'request' ? parseInviteTarget(message.resolvedTarget) : undefined;
  const action = message.type === 'request' && invite === undefined ? callingActionOf(message.method, message.resolvedTarget) : undefined;
  // Another calling action's request on a page sits beside the invite's, and so does a request to another
  // API (a page of Microsoft's docs repository other than the calling ones: GET /users/{id}); elsewhere
  // (a .http file, an exchange) either is reported as no invite.
  const otherApi = message.type === 'request' && invite === undefined && parseCallsTarget(message.resolvedTarget) === undefined;
  if (options.outside === true || (options.onPage && (action !== undefined || otherApi))) {
    return { message, invite: undefined, action, outside: true, body: undefined, problems: lintOutsideMessage(message, place, options.maxProblems, options.ceiling), apiVersion };
  }

  const local: LocatedProblem[] = [];
  const add = (problem: LocatedProblem | undefined): void => {
    if (problem !== undefined) local.push(problem);
  };
  const explicitKind = Object.hasOwn(options, 'kind') ? options.kind : undefined;
  // Graph's own POST to the bot's callback URL, kept as an HTTP message: a request outside the calling API
  // whose body is a batch of notifications (or that is checked as one) is no failed invite.
  const parsed = message.body === undefined ? undefined : parseJson(message.body.text);
  const callback = message.type === 'request' && otherApi && isCallbackRequest(message, explicitKind, parsed?.value);
  if (message.type === 'request') {
    if (!callback) add(httpInvitePath.check(message, invite, action));
    add(httpMethod.check(message, invite));
    if (invite !== undefined) add(deprecatedAppPath.checkTarget(message.target, invite.root, message.targetAt));
    // Reference pages leave Authorization out of their requests.
    if (!options.onPage) add(httpAuthorization.check(message, resolvedHeader(message, 'Authorization')));
  } else {
    add(httpStatus.check(message));
  }
  add(httpContentType.check(message, resolvedHeader(message, 'Content-Type')));
  // Under a content coding (gzip...) the length counts the encoded bytes, while a capture shows the body
  // decoded (curl --compressed -i): it cannot be checked against the text, nor fixed from it.
  const encoding = headerOf(message, 'Content-Encoding')?.value.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') add(httpContentLength.check(message, headerOf(message, 'Content-Length')));

  let body: LintedBody | undefined;
  const chunked = httpSyntax.checkChunked(message, headerOf(message, 'Transfer-Encoding'));
  add(chunked);
  // An unsuccessful response carries an OData error, not the operation: http-status already says what is wrong.
  const successful = message.type === 'request' || (message.status >= 200 && message.status < 300);
  // Another calling action's body is that action's (a transfer's transferTarget), whatever kind a caller
  // expects here (an exchange's request): http-invite-path has said the request is no invite.
  if (message.body !== undefined && successful && options.skipBody !== true && chunked === undefined && action === undefined) {
    // Own options only: a kind set on Object.prototype must not decide what the body is.
    const kind = bodyKind(message, invite, explicitKind, parsed?.value);
    if (kind !== undefined) body = lintBody(message.body.text, fromLine(place, message.body.line), { kind, truncated: options.truncated, parsed, maxProblems: options.maxProblems, ceiling: options.ceiling, apiVersion });
  } else if (message.body === undefined && invite !== undefined) {
    add(participantsRequired.bodyMissing(message.at));
  } else if (message.body === undefined && message.type === 'response' && message.status === 200 && options.skipBody !== true) {
    add(httpStatus.bodyMissing(message));
  }
  if (message.type === 'response' && options.notInviteResponse !== true) add(httpLocation.check(message, resolvedHeader(message, 'Location'), body?.value, Object.hasOwn(options, 'inviteCallId') ? options.inviteCallId : undefined));

  return { message, invite, action, body, problems: local.map((problem) => placed(problem, place)), apiVersion };
}
