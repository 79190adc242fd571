import { parseResourcePath } from '../../contract/resource-path.js';
import { problemAt, type LocatedProblem } from '../../model/problem.js';
import { httpRules } from '../../rules/http/http-rules.js';
import { deprecatedAppPath } from '../../rules/payload/deprecated-app-path.js';
import { isObject } from '../../model/rule.js';
import { sameId } from '../text.js';
import { parseInviteTarget, type InviteTarget } from './invite-target.js';
import { headerOf, type HttpMessage, type HttpRequest, type HttpResponse } from './message.js';

/** What the checks of a request found, and which invite it is when it is one. */
export interface RequestCheck {
  readonly problems: LocatedProblem[];
  readonly invite: InviteTarget | undefined;
}

/** The method, the path and, outside reference pages, the Authorization of an invite request. */
export function checkRequest(request: HttpRequest, onPage: boolean): RequestCheck {
  const problems: LocatedProblem[] = [];
  const invite = parseInviteTarget(request.target);
  if (invite === undefined) {
    problems.push(problemAt(httpRules.httpInvitePath, `${request.target} is not the invite action; expected POST /communications/calls/{id}/participants/invite`, request.targetAt));
  } else {
    if (request.method !== 'POST') {
      problems.push(problemAt(httpRules.httpMethod, `the invite action is invoked with POST, not ${request.method}${request.method.toUpperCase() === 'POST' ? ' (methods are case-sensitive)' : ''}`, request.at));
    }
    if (invite.root === 'app') {
      problems.push(problemAt(deprecatedAppPath, 'the request uses the deprecated /app path; the current one is /communications', request.targetAt));
    }
  }
  const authorization = headerOf(request, 'Authorization');
  if (!onPage && (authorization === undefined || authorization.value === '')) {
    problems.push(problemAt(httpRules.httpAuthorization, 'the request has no Authorization header; Graph expects Authorization: Bearer {token}', request.at));
  }
  return { problems, invite };
}

/** The status of a response to the invite. */
export function checkStatus(response: HttpResponse): LocatedProblem[] {
  if (response.status === 200) return [];
  return [problemAt(httpRules.httpStatus, `the invite succeeds with 200 OK, not ${response.status}`, response.statusAt)];
}

/** The Location header of a 200 response: present, and naming the operation in the body when it names one. */
export function checkLocation(response: HttpResponse, body: unknown): LocatedProblem[] {
  if (response.status !== 200) return [];
  const location = headerOf(response, 'Location');
  if (location === undefined) {
    return [problemAt(httpRules.httpLocation, 'the response has no Location header; the invite returns the URI of the operation it created there', response.at)];
  }
  const path = parseResourcePath(location.value);
  const id = isObject(body) ? body['id'] : undefined;
  if (path.kind === 'operation' && path.operationId !== null && typeof id === 'string' && !sameId(path.operationId, id)) {
    return [problemAt(httpRules.httpLocation, `Location names operation ${path.operationId}, but the body is operation ${id}`, location.valueAt)];
  }
  return [];
}

/** Length of the body in UTF-8 bytes, with its line breaks as LF and as CRLF. */
function bodyBytes(message: HttpMessage): { lf: number; crlf: number } {
  if (message.body === undefined) return { lf: 0, crlf: 0 };
  const lf = Buffer.byteLength(message.body.text, 'utf8');
  return { lf, crlf: lf + message.body.lineCount - 1 };
}

/** Content-Type and Content-Length of any message. */
export function checkContent(message: HttpMessage): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const type = headerOf(message, 'Content-Type');
  if (message.body !== undefined) {
    if (type === undefined) {
      problems.push(problemAt(httpRules.httpContentType, 'the message has a body but no Content-Type header; expected Content-Type: application/json', message.at));
    } else if ((type.value.split(';')[0] ?? '').trim().toLowerCase() !== 'application/json') {
      problems.push(problemAt(httpRules.httpContentType, `Content-Type is ${JSON.stringify(type.value)}; expected application/json`, type.valueAt));
    }
  }
  const length = headerOf(message, 'Content-Length');
  if (length !== undefined) {
    if (!/^[0-9]+$/.test(length.value)) {
      problems.push(problemAt(httpRules.httpContentLength, `Content-Length ${JSON.stringify(length.value)} is not a byte count`, length.valueAt));
    } else {
      const declared = Number(length.value);
      const { lf, crlf } = bodyBytes(message);
      if (declared !== lf && declared !== crlf) {
        const actual = lf === crlf ? `${lf} bytes` : `${lf} bytes in UTF-8 (${crlf} with CRLF line breaks)`;
        problems.push(problemAt(httpRules.httpContentLength, `Content-Length is ${declared}, but the body is ${actual}`, length.valueAt));
      }
    }
  }
  return problems;
}
