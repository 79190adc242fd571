import { setTimeout as sleep } from 'node:timers/promises';

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
 * a webhook. Never throws. A fresh token is signed for each attempt.
 */
export async function deliver(url: string, body: string, token: () => Promise<string>, settings: DeliverySettings): Promise<Delivery> {
  const attempts: Attempt[] = [];
  for (let attempt = 0; attempt <= settings.retries; attempt += 1) {
    if (attempt > 0) {
      // A closing simulator still makes the first attempt (the recording is then complete), but no retry.
      if (settings.stop.aborted) return { outcome: 'cancelled', attempts };
      try {
        await sleep(settings.backoffMs * 2 ** (attempt - 1), undefined, { signal: settings.stop });
      } catch {
        return { outcome: 'cancelled', attempts };
      }
    }
    const started = performance.now();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      // The answer's body is not read, only let go of, so that the connection is reused.
      await response.body?.cancel().catch(() => undefined);
      attempts.push({ status: response.status, ms: Math.round(performance.now() - started) });
      if (response.status >= 200 && response.status < 300) return { outcome: 'delivered', attempts };
      if (response.status < 500) return { outcome: 'refused', attempts };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const why = name === 'TimeoutError' ? `no answer within ${settings.timeoutMs} ms` : error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      attempts.push({ status: undefined, ms: Math.round(performance.now() - started), error: why });
    }
  }
  return { outcome: 'failed', attempts };
}
