/**
 * A small bot on loopback for the simulator's tests: it finds the signing keys through the OpenID
 * configuration the simulator serves, verifies each callback's token with jose, and answers as told.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export interface Received {
  readonly body: Record<string, unknown>;
  /** The verified claims, or undefined when the token did not verify. */
  readonly claims: JWTPayload | undefined;
  readonly status: number;
}

export interface TestBot {
  readonly callbackUrl: string;
  readonly received: Received[];
  /** Verify tokens against this simulator (its OpenID configuration URL and the expected audience). */
  trust(openIdConfigurationUrl: string, audience: string): void;
  close(): Promise<void>;
}

/** How the bot answers the nth callback (1-based): a status, and a delay before it. */
export type Behaviour = (n: number) => { readonly status: number; readonly delayMs?: number };

/** A request's body, as text. */
export function readAll(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
  });
}

export async function startBot(behaviour: Behaviour = () => ({ status: 202 }), checkTokens = true): Promise<TestBot> {
  const received: Received[] = [];
  let verify: ((token: string) => Promise<JWTPayload>) | undefined;
  let n = 0;
  const server = createServer(async (request, response) => {
    n += 1;
    const mine = n;
    const text = await readAll(request);
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    let claims: JWTPayload | undefined;
    if (verify !== undefined && token !== undefined) claims = await verify(token).catch(() => undefined);
    const planned = behaviour(mine);
    // A careful bot refuses a callback whose token does not verify, before it trusts the body.
    const status = checkTokens && claims === undefined ? 401 : planned.status;
    received.push({ body: JSON.parse(text) as Record<string, unknown>, claims, status });
    if (planned.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, planned.delayMs));
    response.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    callbackUrl: `http://127.0.0.1:${port}/api/calls`,
    received,
    trust(openIdConfigurationUrl, audience) {
      let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
      let issuer: string | undefined;
      verify = async (token) => {
        if (keys === undefined) {
          const configuration = (await (await fetch(openIdConfigurationUrl)).json()) as { jwks_uri: string; issuer: string };
          keys = createRemoteJWKSet(new URL(configuration.jwks_uri));
          issuer = configuration.issuer;
        }
        return (await jwtVerify(token, keys, { issuer: issuer as string, audience, algorithms: ['RS256'] })).payload;
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An invite body of one user. */
export function inviteBody(clientContext = 'ctx-1', ids: readonly string[] = ['6b6a2ad4-7e1c-4d8e-9b4d-2f0c1e3a5b7d']): Record<string, unknown> {
  return {
    participants: ids.map((id) => ({ '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: { '@odata.type': '#microsoft.graph.identitySet', user: { '@odata.type': '#microsoft.graph.identity', id, displayName: 'Rowan Ortiz' } } })),
    clientContext,
  };
}

/** POSTs an invite to the simulator. */
export function postInvite(url: string, callId: string, body: unknown, headers: Record<string, string> = { authorization: 'Bearer test-token', 'content-type': 'application/json' }, version = 'beta', root = 'communications'): Promise<Response> {
  return fetch(`${url}/${version}/${root}/calls/${callId}/participants/invite`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body), signal: AbortSignal.timeout(5000) });
}
