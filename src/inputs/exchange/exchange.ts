import type { LintedBody } from '../http/body.js';
import type { InviteTarget } from '../http/invite-target.js';

/** The invite request of an exchange: its body, and the call it was posted to when its path is known. */
export interface ExchangeRequest {
  readonly body: LintedBody | undefined;
  readonly invite: InviteTarget | undefined;
}

/** A response or a notification body of an exchange. */
export interface ExchangePart {
  readonly body: LintedBody;
  /** A shortened example: properties may be left out. */
  readonly truncated: boolean;
}

/** An invite request, its response and the notifications that follow it. */
export interface Exchange {
  readonly request: ExchangeRequest;
  readonly response: ExchangePart | undefined;
  readonly notifications: readonly ExchangePart[];
}
