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
}

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
    const answered = await post(url, body, bearer === undefined ? undefined : `Bearer ${bearer}`, settings.timeoutMs);
    const ms = Math.round(performance.now() - started);
    if (typeof answered === 'string') {
      attempts.push({ status: undefined, ms, error: answered });
      continue;
    }
    attempts.push({ status: answered, ms });
    if (answered >= 200 && answered < 300) return ended('delivered');
    if (answered < 500) return ended('refused');
  }
  return ended('failed');
}

/** One POST: the status, or why there was none. Never throws; the whole attempt ends within timeoutMs. */
function post(url: string, body: string, authorization: string | undefined, timeoutMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: number | string): void => {
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
      settle(response.statusCode ?? 0);
    });
    request.on('error', (error) => settle(error.message));
    request.end(body);
  });
}
