import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Keep-alive agents shared by every simulator of the process: connections to a bot are reused, as Graph
 * reuses its. node:http rather than fetch: on a busy loopback run fetch's streams, abort signals and
 * promise layers cost more than the simulator's own work (see docs/performance.md, figure 7).
 */
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/** One try at delivering a callback. */
export interface Attempt {
  /** The bot's status, or undefined when it did not answer (timeout, refused connection). */
  readonly status: number | undefined;
  readonly ms: number;
  readonly error?: string;
}

/** How a callback ended: delivered (2xx), refused (another status below 500), or failed (5xx or no answer after every retry). */
export interface Delivery {
  readonly outcome: 'delivered' | 'refused' | 'failed' | 'cancelled';
  readonly attempts: readonly Attempt[];
}

export interface DeliverySettings {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffMs: number;
  /** Aborted when the simulator closes: no further attempt starts. */
  readonly stop: AbortSignal;
  /** Whether a redirect may be followed to this URL (off the machine only when remote callbacks are allowed). */
  readonly mayFollow?: (url: string) => boolean;
}

/** Redirects followed for one attempt, at most: a bot's region-affinity redirect takes one. */
const maxRedirects = 5;

/**
 * POSTs one notification body, retrying a 5xx or a missing answer with doubling backoff, as Graph retries
 * a webhook. Never throws. The token is asked for at each attempt (the caller decides when to sign anew);
 * undefined sends no Authorization header (a probe's).
 */
export async function deliver(url: string, body: string, token: () => Promise<string | undefined>, settings: DeliverySettings): Promise<Delivery> {
  const attempts: Attempt[] = [];
  // A copy sized to its attempts: an array grown by push keeps room for 17, and a simulator keeps thousands.
  const ended = (outcome: Delivery['outcome']): Delivery => ({ outcome, attempts: attempts.slice() });
  for (let attempt = 0; attempt <= settings.retries; attempt += 1) {
    if (attempt > 0) {
      // A closing simulator still makes the first attempt (the recording is then complete), but no retry.
      if (settings.stop.aborted) return ended('cancelled');
      try {
        await sleep(settings.backoffMs * 2 ** (attempt - 1), undefined, { signal: settings.stop });
      } catch {
        return ended('cancelled');
      }
    }
    const started = performance.now();
    const bearer = await token();
    const authorization = bearer === undefined ? undefined : `Bearer ${bearer}`;
    let answered = await post(url, body, authorization, settings.timeoutMs);
    // A bot may answer a callback with a redirect (Microsoft documents 302 with Location for region
    // affinity): the same POST goes there, and the attempt is what the last answer says.
    for (let hops = 0; typeof answered !== 'string' && isRedirect(answered.status) && answered.location !== undefined && hops < maxRedirects; hops += 1) {
      let next: string;
      try {
        next = new URL(answered.location, url).href;
      } catch {
        break;
      }
      if (settings.mayFollow !== undefined && !settings.mayFollow(next)) {
        answered = `redirected with ${answered.status} to ${next}, off the machine (allowRemoteCallbacks is not set)`;
        break;
      }
      answered = await post(next, body, authorization, settings.timeoutMs);
    }
    const ms = Math.round(performance.now() - started);
    if (typeof answered === 'string') {
      attempts.push({ status: undefined, ms, error: answered });
      continue;
    }
    const { status } = answered;
    attempts.push({ status, ms });
    if (status >= 200 && status < 300) return ended('delivered');
    if (status < 500) return ended('refused');
  }
  return ended('failed');
}

/** Statuses that send a POST on to their Location with its method and body (303 would turn it into a GET). */
function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 307 || status === 308;
}

/** One POST: the status (and a redirect's Location), or why there was none. Never throws; it ends within timeoutMs. */
function post(url: string, body: string, authorization: string | undefined, timeoutMs: number): Promise<{ readonly status: number; readonly location: string | undefined } | string> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: { readonly status: number; readonly location: string | undefined } | string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      settle(`${url} is not a URL`);
      return;
    }
    const secure = target.protocol === 'https:';
    const request = (secure ? httpsRequest : httpRequest)(target, {
      method: 'POST',
      agent: secure ? agents.https : agents.http,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(authorization === undefined ? {} : { authorization }) },
    });
    const timer = setTimeout(() => {
      settle(`no answer within ${timeoutMs} ms`);
      request.destroy();
    }, timeoutMs);
    request.on('response', (response) => {
      // The answer's body is read and dropped, so that the connection goes back to the pool.
      response.resume();
      response.on('error', () => undefined);
      settle({ status: response.statusCode ?? 0, location: response.headers.location });
    });
    request.on('error', (error) => settle(error.message));
    request.end(body);
  });
}
