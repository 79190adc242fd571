import type { RuleMeta } from '../../model/rule.js';

/** Rules about a whole exchange: the invite request, its response and the notifications that follow. */
export const exchangeRules = {
  exchangeFolder: {
    id: 'exchange-folder',
    severity: 'error',
    description: 'An exchange folder without its request or response file, with two files for one role, or with a .json or .http file named for no role.',
    rationale: 'The file names say which part of the exchange each file is; a missing or unrecognised part would silently go unchecked.',
    params: {},
  },
  exchangeClientContext: {
    id: 'exchange-client-context',
    severity: 'error',
    description: 'The response, or an operation a notification carries, whose clientContext is not the request\'s: another value, null, or none at all where the payload is not truncated.',
    rationale: 'clientContext is how a bot matches what it hears back with what it asked for; a different value is another invite.',
    params: {},
  },
  exchangeOperationId: {
    id: 'exchange-operation-id',
    severity: 'error',
    description: 'A notification about an operation (its resourceData.id, or the operation id in its resource path) that names another operation than the one the response returned.',
    rationale: 'Bots match the completed notification with the operation the invite returned by id; another id is another operation.',
    params: {},
  },
  exchangeInviteeMissing: {
    id: 'exchange-invitee-missing',
    severity: 'warning',
    description: 'An invited identity (every participant, or only the first with replacesCallId or participantId) that the response, an operation notification or the roster updates do not list under any identity kind.',
    rationale: 'The response and the operation echo the invitation, and the roster shows who joined; a missing invitee means the exchange is not about this invite, or the invitee never arrived.',
    params: {},
  },
  exchangeIdentityKind: {
    id: 'exchange-identity-kind',
    severity: 'warning',
    description: 'An invited identity that comes back in the response, an operation notification or a roster update with the same id under another identity kind (a user as an application).',
    rationale: 'Bots find the invitee by identity kind and id; one that changes kind is never found.',
    locate: 'key',
    params: {},
  },
  exchangeCallId: {
    id: 'exchange-call-id',
    severity: 'warning',
    description: 'A notification whose resource path names another call than the one the invite was posted to (checked when the request path names a concrete call, not a {id} placeholder).',
    rationale: 'Bots route notifications by call id; one that names another call goes to the wrong call, or nowhere.',
    params: {},
  },
} as const satisfies Record<string, RuleMeta>;
