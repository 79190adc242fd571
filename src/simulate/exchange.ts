import { mkdir, writeFile } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import type { ApiVersion } from '../model/api-version.js';
import type { LocatedProblem } from '../model/problem.js';
import type { Delivery } from './delivery.js';

/** An HTTP message as kept: start line, headers, body text. */
export interface Message {
  readonly startLine: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
}

/** One invite the contract check ran on, with Graph's answer and the callbacks that followed it. */
export interface Exchange {
  /** 1, 2, 3... in the order the invites arrived. */
  readonly id: number;
  readonly requestId: string;
  readonly callId: string;
  readonly apiVersion: ApiVersion;
  /** The invite's path was the deprecated /app/calls/... */
  readonly deprecatedPath: boolean;
  /** The request, its bearer token replaced by {{token}}. */
  readonly request: Message;
  readonly response: Message & { readonly status: number };
  /** Every problem the contract check found in the body, warnings included. */
  readonly problems: readonly LocatedProblem[];
  /** The notifications planned for it, in the order they were sent; delivery undefined while pending. */
  readonly notifications: ReadonlyArray<{ readonly body: string; readonly delivery: Delivery | undefined }>;
}

/**
 * An exchange as the simulator keeps it until it is dropped: its texts and scalars, with no Message objects
 * or header arrays, so that the thousands kept (and churned through the old generation) weigh as little as
 * their texts allow. exchangeOf builds the Exchange when one is asked for.
 */
export interface KeptExchange {
  readonly id: number;
  readonly requestId: string;
  readonly callId: string;
  readonly apiVersion: ApiVersion;
  readonly deprecatedPath: boolean;
  /** The request's Host, path, Content-Type, client-request-id and body; its token is always shown as {{token}}. */
  readonly authority: string;
  readonly path: string;
  readonly contentType: string;
  readonly clientRequestId: string | undefined;
  readonly requestBody: string;
  /** 0 until answered. */
  status: number;
  /** The Location header of an accepted invite. */
  location: string | undefined;
  responseBody: string;
  readonly problems: readonly LocatedProblem[];
  /** Set once, when the notifications are planned. */
  notifications: ReadonlyArray<{ readonly body: string; delivery: Delivery | undefined }>;
}

/**
 * The Content-Type Graph answers a success with: JSON with its OData parameters, which a bot that compares
 * the whole header with application/json would refuse (errors are plain application/json).
 */
export const graphJsonType = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** The Exchange a kept one stands for. */
export function exchangeOf(kept: KeptExchange): Exchange {
  const { id, requestId, callId, apiVersion, deprecatedPath, status, location, problems } = kept;
  return {
    id,
    requestId,
    callId,
    apiVersion,
    deprecatedPath,
    request: {
      startLine: `POST http://${kept.authority}${kept.path} HTTP/1.1`,
      headers: [['Content-Type', kept.contentType], ['Authorization', 'Bearer {{token}}'], ...(kept.clientRequestId === undefined ? [] : [['client-request-id', kept.clientRequestId] as const])],
      body: kept.requestBody,
    },
    response:
      status === 0
        ? { status, startLine: '', headers: [], body: '' }
        : { status, startLine: `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`, headers: [['Content-Type', status >= 200 && status < 300 ? graphJsonType : 'application/json'], ...(location === undefined ? [] : [['Location', location] as const])], body: kept.responseBody },
    problems,
    notifications: kept.notifications.map(({ body, delivery }) => ({ body, delivery })),
  };
}

function messageText(message: Message): string {
  return `${message.startLine}\n${message.headers.map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${message.body}\n`;
}

/** The folder name of an exchange: its number, so that folders list in arrival order. */
export function exchangeFolderName(exchange: Pick<Exchange, 'id'>): string {
  return `invite-${String(exchange.id).padStart(4, '0')}`;
}

/** Writes an exchange as the exchange command reads it: request.http, response.http, notification-N.json. */
export async function recordExchange(root: string, exchange: Exchange): Promise<void> {
  const folder = join(root, exchangeFolderName(exchange));
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'request.http'), messageText(exchange.request));
  await writeFile(join(folder, 'response.http'), messageText(exchange.response));
  let n = 0;
  for (const notification of exchange.notifications) {
    n += 1;
    await writeFile(join(folder, `notification-${n}.json`), `${notification.body}\n`);
  }
}
