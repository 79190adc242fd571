import type { RuleMeta } from '../../model/rule.js';

/** Rules about HTTP messages: .http files, and the request and response blocks of reference pages. */
export const httpRules = {
  httpSyntax: {
    id: 'http-syntax',
    severity: 'error',
    description: 'An HTTP message that cannot be parsed: no request line (METHOD target) or status line (HTTP/1.1 200 OK), a header line that is not "Name: value", a body without the blank line before it, or a block holding a response where a request belongs (or the reverse).',
    rationale: 'Nothing in a message can be checked until its start line, headers and body are told apart.',
    params: {},
  },
  httpMethod: {
    id: 'http-method',
    severity: 'error',
    description: 'A request to the invite path with a method other than POST (methods are case-sensitive).',
    rationale: 'The invite is an OData action: only POST invokes it; any other method fails before the body is read.',
    params: {},
  },
  httpInvitePath: {
    id: 'http-invite-path',
    severity: 'error',
    description: 'A request whose target is not the invite action: /communications/calls/{id}/participants/invite, relative or absolute, with /beta or /v1.0 (a {id} placeholder is accepted).',
    rationale: 'A request to another path is not the invite; its body cannot be checked against this contract.',
    params: {},
  },
  httpContentType: {
    id: 'http-content-type',
    severity: 'error',
    description: 'A message with a body but no Content-Type of application/json (parameters such as charset are allowed).',
    rationale: 'The invite action requires Content-Type: application/json; the service refuses other bodies, and clients may not read a response as JSON without it.',
    params: {},
  },
  httpContentLength: {
    id: 'http-content-length',
    severity: 'warning',
    description: 'A Content-Length that is not the length of the body in UTF-8 bytes (line breaks counted as LF or as CRLF), or not a byte count at all.',
    rationale: 'A wrong length cuts the body short or makes the server wait for bytes that never come; copied examples carry stale lengths.',
    params: {},
  },
  httpStatus: {
    id: 'http-status',
    severity: 'error',
    description: 'A response to the invite with a status other than 200 OK.',
    rationale: 'The documented success is 200 OK with the operation as body; a client written for 201 or 202 takes every invite for a failure.',
    params: {},
  },
  httpLocation: {
    id: 'http-location',
    severity: 'warning',
    description: 'A 200 response without the Location header the invite is documented to return, or with a Location that names another operation than the body.',
    rationale: 'Location is the URI of the operation the invite created; code that follows it gets nothing, or the wrong operation.',
    params: {},
  },
  httpAuthorization: {
    id: 'http-authorization',
    severity: 'error',
    description: 'A request in a .http file or an exchange folder without an Authorization header (reference pages leave it out and are not checked for it).',
    rationale: 'Graph refuses the invite without a bearer token; a kept request without one cannot be replayed.',
    params: {},
  },
} as const satisfies Record<string, RuleMeta>;
