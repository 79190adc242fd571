import type { Kind } from '../../contract/kinds.js';
import { problemAt, type LocatedProblem } from '../../model/problem.js';
import { httpRules } from '../../rules/http/http-rules.js';
import { schemaRules } from '../../rules/schema/schema-rules.js';
import { declaredKind, lintBody, parseJson, type LintedBody } from './body.js';
import { checkContent, checkLocation, checkRequest, checkStatus } from './checks.js';
import type { InviteTarget } from './invite-target.js';
import { parseHttpMessage, type HttpMessage } from './message.js';
import { fromLine, placed, type Place } from './position.js';
import { append } from '../../model/append.js';

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
}

/** A message checked as a whole: HTTP problems and body problems, all placed in the file. */
export interface LintedMessage {
  readonly message: HttpMessage | undefined;
  /** The invite a request targets; undefined for responses and other requests. */
  readonly invite: InviteTarget | undefined;
  /** The checked body with its own problems; undefined when there is none or its kind cannot be known. */
  readonly body: LintedBody | undefined;
  /** Problems of the message itself (start line, headers), placed in the file; the body's are in body.problems. */
  readonly problems: LocatedProblem[];
}

const roleName = { request: 'a request', response: 'a response' } as const;

/** The kind a body is checked as when nothing names it: the invite for invite requests, the operation for successful responses. */
function bodyKind(message: HttpMessage, invite: InviteTarget | undefined, explicit: Kind | undefined, value: unknown): Kind | undefined {
  if (explicit !== undefined) return explicit;
  if (message.type === 'request') return invite === undefined ? declaredKind(value) : 'invite-request';
  return declaredKind(value) ?? 'invite-operation';
}

/** Parses and checks one HTTP message whose text sits in a file at `place`. */
export function lintMessage(text: string, place: Place, options: MessageOptions): LintedMessage {
  const parsedMessage = parseHttpMessage(text);
  if ('error' in parsedMessage) {
    const { message, at } = parsedMessage.error;
    return { message: undefined, invite: undefined, body: undefined, problems: [placed(problemAt(httpRules.httpSyntax, message, at), place)] };
  }
  const { message } = parsedMessage;
  if (options.expect !== undefined && message.type !== options.expect) {
    const problem = problemAt(httpRules.httpSyntax, `expected ${roleName[options.expect]} here, but this is ${roleName[message.type]}`, message.at);
    return { message, invite: undefined, body: undefined, problems: [placed(problem, place)] };
  }

  const local: LocatedProblem[] = [];
  let invite: InviteTarget | undefined;
  if (message.type === 'request') {
    const check = checkRequest(message, options.onPage);
    invite = check.invite;
    append(local, check.problems);
  } else {
    append(local, checkStatus(message));
  }
  append(local, checkContent(message));

  let body: LintedBody | undefined;
  // An unsuccessful response carries an OData error, not the operation: http-status already says what is wrong.
  const successful = message.type === 'request' || (message.status >= 200 && message.status < 300);
  if (message.body !== undefined && successful && options.skipBody !== true) {
    const parsed = parseJson(message.body.text);
    const kind = bodyKind(message, invite, options.kind, parsed?.value);
    if (kind !== undefined) body = lintBody(message.body.text, fromLine(place, message.body.line), { kind, truncated: options.truncated, parsed });
  } else if (message.body === undefined && invite !== undefined) {
    local.push(problemAt(schemaRules.participantsRequired, 'the invite request has no body, so no participants to invite', message.at));
  }
  if (message.type === 'response') append(local, checkLocation(message, body?.value));

  return { message, invite, body, problems: local.map((problem) => placed(problem, place)) };
}
