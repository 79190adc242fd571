import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { lint } from '../lint/lint.js';
import type { ApiVersion } from '../model/api-version.js';
import type { LocatedProblem } from '../model/problem.js';
import { deliver, type Delivery } from './delivery.js';
import { checkRecordFolder } from './record-folder.js';
import { exchangeOf, graphJsonType, recordExchange, type Exchange, type KeptExchange } from './exchange.js';
import { graphError } from './graph-error.js';
import { callState, invitees, operationNotification, participant, rosterNotification, type CallState } from './notifications.js';
import { findingLog, type Finding, type SimulatorReport } from './report.js';
import { isLoopbackUrl, resolveScenario, type Scenario } from './scenario.js';
import { forgingSigner, jwksPath, openIdConfiguration, openIdConfigurationPath, processSigner, standardOpenIdConfigurationPath, type Signer } from './tokens.js';
import { plural } from '../model/plural.js';
import { callingActionOf, parseCallsTarget } from '../contract/calling-actions.js';

export interface SimulatorOptions {
  /** The port on 127.0.0.1; 0 or none: a free one. */
  readonly port?: number | undefined;
  /** The scenario as parsed JSON (scenario.schema.json); none: one call, every valid invite completes. */
  readonly scenario?: unknown;
  /** A folder to write each invite into as an exchange folder: new or empty (startSimulator refuses one with content). */
  readonly record?: string | undefined;
  /**
   * How many finished exchanges exchanges() keeps, the newest; older ones are dropped from memory (their
   * recordings stay on disk) and counted in report().exchanges.dropped. Default 10,000; Infinity keeps all.
   */
  readonly keepExchanges?: number | undefined;
  /**
   * How many characters of text (request and response bodies, notification bodies) the finished exchanges
   * kept may hold in all; past it the oldest leave, as past keepExchanges. Default 64 Mi: invites near the
   * body limit (1 MiB each) would otherwise let 10,000 kept exchanges hold some 10 GB. Infinity: no bound.
   */
  readonly keepText?: number | undefined;
  /**
   * How many participants a call's roster holds: past it, the longest-present leave it, so a full roster
   * lists at most this many. Default 1,000; Infinity: no bound.
   */
  readonly maxRoster?: number | undefined;
  /**
   * How many findings report() lists, the first ones; later ones are counted by severity and type in
   * report().findingsOmitted, and report().errors and warnings still count them. Default 1,000; Infinity: no bound.
   */
  readonly maxFindings?: number | undefined;
}

/** Defaults that keep a long run's memory flat: the last 10,000 exchanges (64 Mi characters of text at most), rosters of at most 1,000, the first 1,000 findings. */
export const defaultKeepExchanges = 10_000;
export const defaultKeepText = 64 * 1024 * 1024;
export const defaultMaxRoster = 1_000;
export const defaultMaxFindings = 1_000;

export interface Simulator {
  /** http://127.0.0.1:<port>: invites go to {url}/{beta|v1.0}/communications/calls/{id}/participants/invite. */
  readonly url: string;
  /** The scenario played, defaults filled in. */
  readonly scenario: Scenario;
  /** Where the OpenID configuration is served (at the path Graph's calling platform uses). */
  readonly openIdConfigurationUrl: string;
  readonly jwksUrl: string;
  /** Resolves once every callback planned so far has been delivered, refused or given up. */
  idle(): Promise<void>;
  /** Stops listening, sends the callbacks still waiting at once (no retries), finishes the recordings. */
  close(): Promise<void>;
  exchanges(): readonly Exchange[];
  report(): SimulatorReport;
}

type Json = Record<string, unknown>;

/** The invite action's paths: the current one, and the deprecated /app/calls/... */
// The action by its qualified name too (participants/microsoft.graph.invite): the SDKs' URL templates write it so.
/**
 * A request the simulator does not serve: an error when it names no action of Graph's calling API under
 * the calls collection (a misspelt invite: Graph answers 404 there too), a warning for another calling
 * action the simulator does not play, or a path elsewhere.
 */
function unknownPath(method: string, path: string): Finding {
  const action = callingActionOf(method, path);
  if (action !== undefined) return { type: 'unknown-path', severity: 'warning', message: `${method} ${path}: the calling API's ${action.name}, which the simulator does not play` };
  const underCalls = parseCallsTarget(path) !== undefined;
  return { type: 'unknown-path', severity: underCalls ? 'error' : 'warning', message: `${method} ${path}: no such resource${underCalls ? ' in the calling API' : ''}` };
}

const invitePattern = /^\/(beta|v1\.0)\/(communications|app)\/calls\/([^/]+)\/participants\/(?:microsoft\.graph\.)?invite\/?$/i;
/** The resultInfo a failed outcome carries: the scenario's, or a generic failure; none for a completed one. */
function resultInfoOf(outcome: { readonly status: string; readonly resultInfo?: unknown }): Json | undefined {
  return outcome.status === 'failed' ? ((outcome.resultInfo as Json | undefined) ?? { code: 500, subcode: 0, message: 'The invite failed.' }) : undefined;
}

const openIdConfigurationPathLower = openIdConfigurationPath.toLowerCase();
const jwksPathLower = jwksPath.toLowerCase();

/** An operation's address, as the invite's Location names it. */
const operationPattern = /^\/(beta|v1\.0)\/communications\/calls\/([^/]+)\/operations\/([^/]+)\/?$/i;

/** A notification as kept: what was sent and what became of it (undefined while pending). */
type Planned = KeptExchange['notifications'][number];

/** How long a signed callback token is reused: its hour less a margin for clocks and slow bots. */
const tokenReuseMs = 50 * 60 * 1000;

const jsonType = 'application/json';
const noProblems: readonly LocatedProblem[] = Object.freeze([]);

const isBound = (value: unknown, least: number): boolean => value === Infinity || (Number.isSafeInteger(value) && (value as number) >= least);

function checkOptions(options: unknown): SimulatorOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError('startSimulator: options must be an object');
  const unknown = Object.keys(options).filter((key) => !['port', 'scenario', 'record', 'keepExchanges', 'keepText', 'maxRoster', 'maxFindings'].includes(key));
  if (unknown.length > 0) throw new TypeError(`startSimulator: options has no ${unknown.join(', ')}; it takes port, scenario, record, keepExchanges, keepText, maxRoster and maxFindings`);
  const { port, record, keepExchanges, keepText, maxRoster, maxFindings } = options as SimulatorOptions;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new TypeError('startSimulator: options.port must be a whole number from 0 to 65535');
  if (record !== undefined && (typeof record !== 'string' || record === '')) throw new TypeError('startSimulator: options.record must be a folder path');
  if (keepExchanges !== undefined && !isBound(keepExchanges, 0)) throw new TypeError('startSimulator: options.keepExchanges must be a whole number from 0, or Infinity');
  if (keepText !== undefined && !isBound(keepText, 0)) throw new TypeError('startSimulator: options.keepText must be a whole number from 0, or Infinity');
  if (maxRoster !== undefined && !isBound(maxRoster, 1)) throw new TypeError('startSimulator: options.maxRoster must be a whole number from 1, or Infinity');
  if (maxFindings !== undefined && !isBound(maxFindings, 0)) throw new TypeError('startSimulator: options.maxFindings must be a whole number from 0, or Infinity');
  return options as SimulatorOptions;
}

/** The characters of text a kept exchange holds: its bodies and its notifications'. */
function keptTextOf(kept: KeptExchange): number {
  let text = kept.requestBody.length + kept.responseBody.length + kept.path.length;
  for (const notification of kept.notifications) text += notification.body.length;
  return text;
}

/** The body, or why it was not read: larger than the limit, or the client went away. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'gone'> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (value: Buffer | 'too-large' | 'gone'): void => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      // Past the limit nothing more is kept; the rest is read and dropped so the answer can be sent.
      if (size > limit) settle('too-large');
      else chunks.push(chunk);
    });
    request.on('end', () => settle(Buffer.concat(chunks)));
    request.on('error', () => settle('gone'));
    request.on('close', () => settle('gone'));
  });
}

/** A path segment percent-decoded, or as it is when its escapes are malformed (it then names nothing kept). */
function decodedOr(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The challenge Graph's 401s carry: a Bearer token from Entra ID, for Graph. */
const graphChallenge = 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/** Graph's own audiences: its URL, and its app id. */
const graphAudiences = new Set(['https://graph.microsoft.com', 'https://graph.microsoft.com/', '00000003-0000-0000-c000-000000000000']);

/**
 * What Graph would refuse in an invite's access token, read without its signature (Entra ID's keys are
 * not reachable here): not a JWT, another audience (a Bot Framework token, the usual mix-up), expired
 * (401); a delegated token, or one without the invite's application permission (403). Undefined when
 * it reads as Graph's app-only token for the invite.
 */
function accessTokenFault(token: string): { readonly status: 401 | 403; readonly code: string; readonly message: string } | undefined {
  const parts = token.split('.');
  let claims: Record<string, unknown> | undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as unknown;
    if (parts.length === 3 && typeof payload === 'object' && payload !== null && !Array.isArray(payload)) claims = payload as Record<string, unknown>;
  } catch {
    claims = undefined;
  }
  if (claims === undefined) return { status: 401, code: 'InvalidAuthenticationToken', message: 'The bearer token is not a JWT: Graph takes an access token from Entra ID.' };
  const audiences = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']];
  if (!audiences.some((audience) => typeof audience === 'string' && graphAudiences.has(audience))) {
    return { status: 401, code: 'InvalidAuthenticationToken', message: `The token's audience is ${JSON.stringify(claims['aud'])}, not Graph (https://graph.microsoft.com): a token for another resource, such as the Bot Framework's.` };
  }
  if (typeof claims['exp'] !== 'number' || claims['exp'] * 1000 <= Date.now()) return { status: 401, code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' };
  if (claims['scp'] !== undefined) return { status: 403, code: 'Forbidden', message: 'The token is delegated (scp): the invite takes an application token with Calls.InitiateGroupCall.All.' };
  const roles = Array.isArray(claims['roles']) ? claims['roles'] : [];
  if (!roles.includes('Calls.InitiateGroupCall.All')) return { status: 403, code: 'Forbidden', message: 'The token has no Calls.InitiateGroupCall.All role: the application permission the invite requires.' };
  return undefined;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S.*)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Starts a simulated Graph on 127.0.0.1.
 * @throws {TypeError} for bad options; {ScenarioError} for a bad scenario; {RecordFolderError} for a record folder that holds anything already.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const { port = 0, record, scenario: given, keepExchanges = defaultKeepExchanges, keepText = defaultKeepText, maxRoster = defaultMaxRoster, maxFindings = defaultMaxFindings } = checkOptions(options);
  const scenario = resolveScenario(given);
  if (record !== undefined) checkRecordFolder(record);
  const signer = await processSigner();
  const calls = new Map<string, CallState>(scenario.calls.map((call) => [call.id, callState(call)]));
  // Exchanges by id, in arrival order; finished ones past keepExchanges leave, oldest first.
  const exchanges = new Map<number, KeptExchange>();
  // The operations accepted invites made, by id (lower case), for a GET of the Location: the oldest leave
  // past keepExchanges, as exchanges do. Each reads running until its operation's delay has passed.
  const operations = new Map<string, { readonly callId: string; readonly text: string; readonly status: string; readonly resultInfo: Json | undefined; readonly doneAt: number }>();
  const finished: number[] = [];
  let finishedHead = 0;
  // The text the finished exchanges kept hold, each one's counted when it finished.
  const finishedText: number[] = [];
  let keptText = 0;
  let lastId = 0;
  let dropped = 0;
  // The first maxFindings listed, the rest counted: a bot failing every request of a long run cannot grow it without end.
  const findings = findingLog(maxFindings);
  const counts = { received: 0, accepted: 0, rejected: 0, abandoned: 0 };
  // Connections the simulator cut for slowness (a 408), and whether the stop has cut the ones left.
  const timedOut = new WeakSet<Duplex>();
  // Connections with a request being handled: a timeout there is its body's (invite-timeout), not its headers'.
  const inRequest = new WeakSet<Duplex>();
  // Connections answered 400 for bytes that are no HTTP: their later parse errors say nothing new.
  const refusedBytes = new WeakSet<Duplex>();
  let stopCutOff = false;
  // Kept as they settle, so that the report counts the callbacks of dropped exchanges too.
  const deliveries = { sent: 0, delivered: 0, refused: 0, failed: 0, cancelled: 0 };
  const pending = new Set<Promise<unknown>>();
  const waiting = new Set<() => void>();
  const stop = new AbortController();
  // Every callback waiting for a retry listens for the stop: as many as there are callbacks in flight.
  setMaxListeners(0, stop.signal);
  let closing = false;
  let baseUrl = '';
  let baseAuthority = '';

  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise)).catch(() => undefined);
    return promise;
  };
  /**
   * One token reused until 10 minutes before it expires (it lives an hour, as Graph's do): an RS256
   * signature takes about 0.33 ms of CPU, so signing both callbacks of each invite alone would cap a core
   * near 1,500 invites a second. Each bot still checks a real signature and lifetime.
   */
  const tokenOf = (by: Signer): (() => Promise<string>) => {
    let cached: { readonly token: Promise<string>; readonly until: number } | undefined;
    return () => {
      const now = Date.now();
      if (cached === undefined || now >= cached.until) {
        const token = by.sign({ issuer: scenario.issuer, audience: scenario.appId, tenantId: scenario.tenantId });
        const entry = { token, until: now + tokenReuseMs };
        cached = entry;
        // A failed signing is not kept: the next callback signs again.
        token.catch(() => {
          if (cached === entry) cached = undefined;
        });
      }
      return cached.token;
    };
  };
  const token = tokenOf(signer);
  // A bot's redirect is followed where its callback URL could be: on the machine unless remote callbacks are allowed.
  const mayFollow = (url: string): boolean => scenario.allowRemoteCallbacks || isLoopbackUrl(url);
  let forgedToken: (() => Promise<string>) | undefined;

  /** Waits the delay (cut short when closing), then delivers. */
  const send = async (call: CallState, delay: number, planned: Planned): Promise<void> => {
    if (!closing && delay > 0) {
      await new Promise<void>((resolve) => {
        const fire = (): void => {
          clearTimeout(timer);
          waiting.delete(fire);
          resolve();
        };
        const timer = setTimeout(fire, delay);
        waiting.add(fire);
      });
    }
    const url = call.scenario.callbackUrl;
    // Checked at start too; kept here so that no code path ever calls off the machine unless allowed.
    planned.delivery = !scenario.allowRemoteCallbacks && !isLoopbackUrl(url)
      ? { outcome: 'refused', attempts: [] }
      : await deliver(url, planned.body, token, { ...scenario.callbacks, stop: stop.signal, mayFollow });
    deliveries.sent += 1;
    deliveries[planned.delivery.outcome] += 1;
  };

  const judgeDelivery = (exchange: KeptExchange, delivery: Delivery, n: number): void => {
    const last = delivery.attempts.at(-1);
    const base = { exchange: exchange.id, callId: exchange.callId };
    const what = `callback ${n} to ${calls.get(exchange.callId)?.scenario.callbackUrl ?? '?'}`;
    if (delivery.outcome === 'refused') findings.add({ ...base, type: 'callback-refused', severity: 'error', message: `${what} was refused with ${last?.status ?? 'no status'}` });
    else if (delivery.outcome === 'failed' || (delivery.outcome === 'cancelled' && delivery.attempts.length > 0)) findings.add({ ...base, type: 'callback-failed', severity: 'error', message: `${what} ${delivery.outcome === 'cancelled' ? 'was not delivered before the simulator stopped' : 'failed'} after ${plural(delivery.attempts.length, 'attempt')}: ${last?.error ?? `status ${last?.status}`}` });
    else if (delivery.outcome === 'delivered' && delivery.attempts.length > 1) findings.add({ ...base, type: 'callback-retried', severity: 'warning', message: `${what} was delivered only at attempt ${delivery.attempts.length}` });
    const slow = delivery.attempts.filter((attempt) => attempt.status !== undefined && attempt.ms > scenario.callbacks.slowMs);
    if (slow.length > 0) findings.add({ ...base, type: 'callback-slow', severity: 'warning', message: `${what} was answered in ${Math.max(...slow.map((attempt) => attempt.ms))} ms, over ${scenario.callbacks.slowMs} ms` });
  };

  /**
   * Sends the first notification once more for each way a callback's token can be wrong: a forged signature
   * (the right kid, another key), none at all, another app's audience, another issuer, a lifetime that has
   * ended. A bot that accepts any of them trusts callbacks it should not; Microsoft's guidance has a bot check
   * the signature, the audience (its app id) and the issuer. One attempt each; none is a notification of the
   * exchange.
   */
  const probeTokenCheck = async (exchange: KeptExchange, call: CallState, body: string): Promise<void> => {
    const url = call.scenario.callbackUrl;
    if (!scenario.allowRemoteCallbacks && !isLoopbackUrl(url)) return;
    forgedToken ??= tokenOf(await forgingSigner());
    const claims = { issuer: scenario.issuer, audience: scenario.appId, tenantId: scenario.tenantId };
    const probes: ReadonlyArray<readonly [string, () => Promise<string | undefined>]> = [
      ['a forged token (signed by a key the JWKS does not hold)', forgedToken],
      ['no Authorization header', () => Promise.resolve(undefined)],
      ['a token for another app (audience 00000000-0000-0000-0000-00000000a0d1)', () => signer.sign({ ...claims, audience: '00000000-0000-0000-0000-00000000a0d1' })],
      ['a token from another issuer (https://issuer.invalid/)', () => signer.sign({ ...claims, issuer: 'https://issuer.invalid/' })],
      ['a token that expired an hour ago', () => signer.sign({ ...claims, expired: true })],
    ];
    for (const [what, probeToken] of probes) {
      const probe = await deliver(url, body, probeToken, { ...scenario.callbacks, retries: 0, stop: stop.signal, mayFollow });
      const status = probe.attempts[0]?.status;
      if (status !== undefined && status >= 200 && status < 300) {
        findings.add({ type: 'token-not-checked', severity: 'error', exchange: exchange.id, callId: exchange.callId, message: `a callback to ${url} with ${what} was accepted with ${status}` });
      }
    }
  };

  /** Plans and sends the callbacks of an accepted invite, then records it. */
  const followUp = async (exchange: KeptExchange, call: CallState, operation: Json, requested: readonly Json[]): Promise<void> => {
    const { outcome, faults } = call.scenario;
    const status = faults.pascalCaseStatus ? outcome.status.charAt(0).toUpperCase() + outcome.status.slice(1) : outcome.status;
    const jitter = (): number => (faults.jitterMs > 0 ? Math.floor(Math.random() * (faults.jitterMs + 1)) : 0);
    let plan: Array<{ delay: number; body: string }> = [];
    const resultInfo = resultInfoOf(outcome);
    // outOfOrder sends the roster first whichever delay is the longer: the roster takes the shorter one.
    const { operationMs, rosterMs } = scenario.delays;
    const operationDelay = faults.outOfOrder ? Math.max(operationMs, rosterMs) : operationMs;
    const rosterDelay = faults.outOfOrder ? Math.min(operationMs, rosterMs) : rosterMs;
    if (!faults.loseOperation) plan.push({ delay: operationDelay + jitter(), body: JSON.stringify(operationNotification(call.scenario.id, operation, status, resultInfo)) });
    if (outcome.status === 'completed' && scenario.roster !== 'none') {
      const added = invitees(requested).map((invitee) => participant(invitee['identity']));
      // Only a full update lists the roster; a delta one names the new participants alone, so none is kept for it.
      if (scenario.roster === 'full') {
        call.participants.push(...added);
        // The longest-present leave a roster grown past its bound, so a full roster stays as large as a call can be.
        if (call.participants.length > maxRoster) call.participants.splice(0, call.participants.length - maxRoster);
      }
      plan.push({ delay: rosterDelay + jitter(), body: JSON.stringify(rosterNotification(call, added, scenario.roster)) });
    }
    if (faults.outOfOrder) plan.reverse();
    if (faults.duplicate) plan = plan.flatMap((item) => [item, { ...item, delay: item.delay + 1 }]);
    // Sent in the order of their times; a stable sort keeps the planned order for equal times.
    plan.sort((a, b) => a.delay - b.delay);
    // Built as one literal shape (a spread gave each its own hidden class, thousands of them kept).
    const planned: Planned[] = plan.map(({ body }) => ({ body, delivery: undefined }));
    exchange.notifications = planned;
    const first = planned[0];
    if (faults.forgedToken && first !== undefined) await probeTokenCheck(exchange, call, first.body);
    // Each callback goes out on its own, as Graph's do: a bot slow to answer one does not hold back the next.
    await Promise.all(planned.map((item, index) => send(call, plan[index]?.delay ?? 0, item)));
    planned.forEach((item, index) => {
      if (item.delivery !== undefined) judgeDelivery(exchange, item.delivery, index + 1);
    });
  };

  const recordIfAsked = async (exchange: KeptExchange): Promise<void> => {
    if (record === undefined) return;
    try {
      await recordExchange(record, exchangeOf(exchange));
    } catch (error) {
      findings.add({ type: 'record-failed', severity: 'error', exchange: exchange.id, message: `cannot record invite ${exchange.id}: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  /** An exchange whose callbacks and recording are done; past keepExchanges finished ones, or keepText of their text, the oldest leave. */
  const finish = (id: number): void => {
    const kept = exchanges.get(id);
    const text = kept === undefined ? 0 : keptTextOf(kept);
    finished.push(id);
    finishedText.push(text);
    keptText += text;
    while (finished.length - finishedHead > keepExchanges || (keptText > keepText && finished.length > finishedHead)) {
      exchanges.delete(finished[finishedHead] as number);
      keptText -= finishedText[finishedHead] as number;
      finishedHead += 1;
      dropped += 1;
    }
    // The queue's dead front is cut once it outweighs the live part.
    if (finishedHead > 1024 && finishedHead * 2 > finished.length) {
      finished.splice(0, finishedHead);
      finishedText.splice(0, finishedHead);
      finishedHead = 0;
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    inRequest.add(request.socket);
    response.once('close', () => inRequest.delete(request.socket));
    const requestId = randomUUID();
    // Graph answers with the client's request id, or one of its own when the client sent none.
    const clientRequestId = single(request.headers['client-request-id']) ?? randomUUID();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const answer = (status: number, body: Json, headers: Record<string, string> = {}): string => {
      const text = JSON.stringify(body);
      if (response.headersSent || response.destroyed) return text;
      response.writeHead(status, {
        'content-type': status >= 200 && status < 300 ? graphJsonType : 'application/json',
        'request-id': requestId,
        'client-request-id': clientRequestId,
        ...headers,
      });
      response.end(request.method === 'HEAD' ? undefined : text);
      return text;
    };
    const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}, problems?: readonly LocatedProblem[]): string =>
      answer(status, graphError(code, message, requestId, clientRequestId, problems), headers);

    // Matched without regard to case, as the invite's path is: bot libraries write the calling platform's
    // discovery path in lower case (/v1/.well-known/openidconfiguration), which that host serves too.
    const lowerPath = path.toLowerCase();
    if (lowerPath === openIdConfigurationPathLower || lowerPath === standardOpenIdConfigurationPath || lowerPath === jwksPathLower) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        fail(405, 'MethodNotAllowed', `${request.method} is not allowed here; use GET`, { allow: 'GET, HEAD' });
        return;
      }
      // Documents of OpenID, not of OData: plain JSON.
      answer(200, lowerPath === jwksPathLower ? { keys: [signer.jwk] } : openIdConfiguration(baseUrl, scenario.issuer), { 'content-type': 'application/json' });
      return;
    }
    const operationPath = operationPattern.exec(path);
    if (operationPath !== null) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        findings.add({ type: 'method-not-allowed', severity: 'error', message: `${request.method} ${path}: an operation is read with GET` });
        fail(405, 'MethodNotAllowed', `${request.method} is not allowed on an operation; use GET`, { allow: 'GET, HEAD' });
        return;
      }
      const [, , callId = '', operationId = ''] = operationPath;
      const kept = operations.get(decodedOr(operationId).toLowerCase());
      if (kept === undefined || kept.callId !== decodedOr(callId)) {
        findings.add(unknownPath(request.method, path));
        fail(404, 'NotFound', `Operation ${operationId} was not found in call ${callId}.`);
        return;
      }
      const done = Date.now() >= kept.doneAt;
      answer(200, { ...(JSON.parse(kept.text) as Record<string, Json>), status: done ? kept.status : 'running', ...(done && kept.resultInfo !== undefined ? { resultInfo: kept.resultInfo } : {}) });
      return;
    }
    const match = invitePattern.exec(path);
    // Literals rather than the matched text: the exchanges kept share them.
    const apiVersion: ApiVersion | undefined = match === null ? undefined : match[1]?.toLowerCase() === 'beta' ? 'beta' : 'v1.0';
    const deprecatedPath = match?.[2]?.toLowerCase() === 'app';
    // v1.0 has only the /communications path.
    if (match === null || (deprecatedPath && apiVersion === 'v1.0')) {
      findings.add(unknownPath(request.method ?? '', path));
      fail(404, 'NotFound', `Resource not found: ${path}`);
      return;
    }
    if (closing) {
      // Stopping: only what answers the callbacks already sent (the keys) is still served.
      fail(503, 'ServiceUnavailable', 'The simulator is stopping.', { connection: 'close' });
      return;
    }
    if (request.method !== 'POST') {
      findings.add({ type: 'method-not-allowed', severity: 'error', message: `${request.method} ${path}: the invite is a POST` });
      fail(405, 'MethodNotAllowed', `${request.method} is not allowed on participants/invite; use POST`, { allow: 'POST' });
      return;
    }
    counts.received += 1;
    const reject = (status: number, code: string, message: string, finding: Omit<Finding, 'severity' | 'message'>, headers: Record<string, string> = {}): void => {
      counts.rejected += 1;
      findings.add({ severity: 'error', message, ...finding });
      fail(status, code, message, headers);
    };
    let callId: string;
    try {
      callId = decodeURIComponent(match[3] as string);
    } catch {
      callId = match[3] as string;
    }
    const bearer = bearerToken(single(request.headers.authorization));
    if (bearer === undefined) {
      reject(401, 'InvalidAuthenticationToken', 'The invite has no bearer token (Authorization: Bearer {token}).', { type: 'missing-token', callId }, { 'www-authenticate': graphChallenge });
      return;
    }
    const claimsFault = scenario.checkTokenClaims ? accessTokenFault(bearer) : undefined;
    if (claimsFault !== undefined) {
      reject(claimsFault.status, claimsFault.code, claimsFault.message, { type: 'wrong-token', callId }, claimsFault.status === 401 ? { 'www-authenticate': graphChallenge } : {});
      return;
    }
    if (scenario.token !== undefined && bearer !== scenario.token) {
      reject(401, 'InvalidAuthenticationToken', 'The bearer token is not the one the scenario names.', { type: 'wrong-token', callId }, { 'www-authenticate': graphChallenge });
      return;
    }
    const call = calls.get(callId);
    if (call === undefined) {
      reject(404, 'NotFound', `Call ${callId} does not exist.`, { type: 'unknown-call', callId });
      return;
    }
    const contentType = single(request.headers['content-type']) ?? '';
    if (!/^application\/json\s*(?:;|$)/i.test(contentType)) {
      reject(415, 'UnsupportedMediaType', `Content-Type must be application/json, not ${contentType === '' ? 'none' : contentType}.`, { type: 'content-type', callId });
      return;
    }
    const bytes = await readBody(request, scenario.limits.maxBodyBytes);
    if (bytes === 'gone') {
      // Nothing to answer: the connection is closed. Counted, so that received still adds up. The simulator
      // cut it (408 sent, or the stop's cut-off) or the client left: only the client's leaving is its own choice.
      const answered408 = timedOut.has(request.socket);
      if (answered408 || stopCutOff) {
        counts.rejected += 1;
        const how = answered408 ? 'answered 408 and cut off' : 'cut off at the stop';
        findings.add({ type: 'invite-timeout', severity: 'error', callId, message: `POST ${path}: the body did not arrive within limits.requestTimeoutMs (${scenario.limits.requestTimeoutMs} ms): ${how}` });
        return;
      }
      counts.abandoned += 1;
      findings.add({ type: 'invite-abandoned', severity: 'warning', callId, message: `POST ${path}: the client closed the connection before the whole body was sent` });
      return;
    }
    if (bytes === 'too-large') {
      reject(413, 'RequestEntityTooLarge', `The body is larger than ${scenario.limits.maxBodyBytes} bytes.`, { type: 'body-too-large', callId }, { connection: 'close' });
      return;
    }
    const linted = lint({ text: bytes, type: 'payload', kind: 'invite-request', apiVersion, maxProblems: 100 });
    const errors = linted.problems.filter((problem) => problem.severity === 'error');
    lastId += 1;
    const id = lastId;
    // A finding about this invite names it, so that the reports file it under the invite.
    if (deprecatedPath) findings.add({ type: 'deprecated-path', severity: 'warning', exchange: id, callId, message: `${path}: /app/calls/... is deprecated; use /communications/calls/...` });
    const host = single(request.headers.host);
    // The usual values are kept as the simulator's own strings, one for every exchange, not a copy each.
    const authority = host === undefined || host === baseAuthority ? baseAuthority : host;
    const exchange: KeptExchange = {
      id,
      requestId,
      callId,
      apiVersion: apiVersion ?? 'beta',
      deprecatedPath,
      authority,
      path,
      contentType: contentType === jsonType ? jsonType : contentType,
      clientRequestId,
      // Bytes that are not UTF-8 were reported by the lint; the recording keeps what decoding gives.
      requestBody: bytes.toString('utf8'),
      status: 0,
      location: undefined,
      responseBody: '',
      // Most invites have no problem: they share one empty list rather than keep one each.
      problems: linted.problems.length === 0 ? noProblems : linted.problems,
      notifications: [],
    };
    exchanges.set(id, exchange);
    const responded = (status: number, location: string | undefined, body: string): void => {
      exchange.status = status;
      exchange.location = location;
      exchange.responseBody = body;
    };
    if (errors.length > 0) {
      counts.rejected += 1;
      findings.add({ type: 'invalid-invite', severity: 'error', exchange: id, callId, message: `the invite breaks the contract (${plural(errors.length, 'error')})`, problems: linted.problems });
      responded(400, undefined, fail(400, 'BadRequest', `The invite breaks the contract: ${errors[0]?.message ?? ''}`, {}, linted.problems));
      await recordIfAsked(exchange);
      finish(id);
      return;
    }
    // Warnings do not stop Graph, but they are still the bot's to fix: reported beside the accepted invite.
    if (linted.problems.length > 0) findings.add({ type: 'invite-warnings', severity: 'warning', exchange: id, callId, message: `the invite was accepted with ${plural(linted.problems.length, 'warning')}`, problems: linted.problems });
    const body = JSON.parse(exchange.requestBody.replace(/^\uFEFF/, '')) as Json;
    const participants = body['participants'] as Json[];
    const operationId = randomUUID();
    const operation: Json = {
      '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
      id: operationId,
      status: 'running',
      ...(typeof body['clientContext'] === 'string' ? { clientContext: body['clientContext'] } : {}),
      participants,
    };
    const location = `${baseUrl}/${apiVersion}/communications/calls/${encodeURIComponent(callId)}/operations/${operationId}`;
    const faults = call.scenario.faults;
    const { outcome } = call.scenario;
    const doneAt = Date.now() + faults.responseDelayMs + scenario.delays.operationMs;
    // Cut short when the simulator stops, as the callbacks' delays are: a delay of minutes would hold the stop.
    if (faults.responseDelayMs > 0) await sleep(faults.responseDelayMs, undefined, { signal: stop.signal }).catch(() => undefined);
    counts.accepted += 1;
    responded(200, location, answer(200, operation, { location }));
    // Kept as the text the exchange holds already (no parsed copy of the participants), read on a GET.
    while (operations.size >= Math.max(1, keepExchanges)) operations.delete(operations.keys().next().value as string);
    operations.set(operationId, { callId, text: exchange.responseBody, status: outcome.status, resultInfo: resultInfoOf(outcome), doneAt });
    await followUp(exchange, call, operation, participants);
    await recordIfAsked(exchange);
    finish(id);
  };

  const server = createServer(
    {
      requestTimeout: scenario.limits.requestTimeoutMs,
      headersTimeout: Math.min(scenario.limits.requestTimeoutMs, 60000),
      // How often the timeouts above are checked: often enough that a short limit is kept.
      connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(scenario.limits.requestTimeoutMs / 4))),
      keepAliveTimeout: 5000,
    },
    (request, response) => {
      void track(
        handle(request, response).catch((error: unknown) => {
          // A fault of the simulator itself: answered as Graph answers one, never a crash.
          if (!response.headersSent) {
            response.writeHead(500, { 'content-type': 'application/json' });
            response.end(JSON.stringify(graphError('InternalServerError', error instanceof Error ? error.message : String(error), randomUUID(), undefined)));
          } else response.destroy();
        }),
      );
    },
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Malformed HTTP or a client too slow to send its request: answered when the socket still can be, with
    // Graph's error body and request-id as every other answer, then closed. A client too slow is a 408.
    const late = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const answeredBefore = timedOut.has(socket) || refusedBytes.has(socket);
    // A request under way when its time ran out ends as 'gone' there: this tells it from a client that left.
    if (late) timedOut.add(socket);
    // Bytes that are no HTTP (the parser's HPE_ errors), or headers that never ended, never reach a handler:
    // said here, once a connection. A request being handled is the handler's to judge (a client that leaves
    // mid-body ends its parse with an error too), and a reset connection (an idle keep-alive) is no fault.
    const unparsable = typeof error.code === 'string' && error.code.startsWith('HPE_');
    if (unparsable) refusedBytes.add(socket);
    if (!answeredBefore && !inRequest.has(socket) && (unparsable || late)) {
      findings.add({ type: 'malformed-request', severity: 'error', message: unparsable ? `a client sent bytes that are no HTTP request (${error.code}): answered 400` : `a client's request headers had not arrived within limits.requestTimeoutMs (${scenario.limits.requestTimeoutMs} ms): answered 408` });
    }
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const body = JSON.stringify(late ? graphError('RequestTimeout', 'The request was not received in time.', requestId, undefined) : graphError('BadRequest', 'Malformed or incomplete HTTP request.', requestId, undefined));
    const status = late ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json\r\nrequest-id: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors after start (a socket's) are the connection's, never the process's.
  server.on('error', () => undefined);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  baseAuthority = baseUrl.slice('http://'.length);

  const idle = async (): Promise<void> => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  let closed: Promise<void> | undefined;

  return {
    url: baseUrl,
    scenario,
    openIdConfigurationUrl: `${baseUrl}${openIdConfigurationPath}`,
    jwksUrl: `${baseUrl}${jwksPath}`,
    idle,
    close() {
      closed ??= (async () => {
        closing = true;
        stop.abort();
        for (const fire of [...waiting]) fire();
        // Requests in flight finish; whatever they plan is sent at once.
        const flush = setInterval(() => {
          for (const fire of [...waiting]) fire();
        }, 10);
        // A client still sending its request (stalled, or gone without a word) would hold the stop for ever:
        // past the request limit from now, it is cut off (server.close() also ends Node's own check of it).
        const cutOff = setTimeout(() => {
          stopCutOff = true;
          server.closeAllConnections();
        }, scenario.limits.requestTimeoutMs);
        try {
          // The OpenID configuration and keys stay served until the callbacks sent at the stop are answered:
          // a bot checks their tokens against them, and may fetch them only now. New invites are refused.
          await idle();
          const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeIdleConnections();
          await stopped;
          await idle();
        } finally {
          clearInterval(flush);
          clearTimeout(cutOff);
        }
      })();
      return closed;
    },
    exchanges: () => [...exchanges.values()].map(exchangeOf),
    report(): SimulatorReport {
      return {
        invites: { ...counts },
        callbacks: { ...deliveries },
        exchanges: { kept: exchanges.size, dropped },
        ...findings.summary(),
      };
    },
  };
}
