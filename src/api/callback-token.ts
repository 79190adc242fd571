import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { describeArgument, readOptions } from '../validate/validate.js';
import { readingCallerValue } from './arguments.js';

/** Where Graph's calling platform publishes its OpenID configuration, whose jwks_uri lists the signing keys. */
export const graphCallbackOpenIdConfiguration = 'https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration';

/** The issuers of the tokens Graph signs its callbacks with. */
export const graphCallbackIssuers: readonly string[] = Object.freeze(['https://graph.microsoft.com', 'https://api.botframework.com']);

/** Clock skew allowed on exp and nbf unless told (seconds): the calling samples allow five minutes. */
const defaultClockSkew = 300;

/**
 * The signatures accepted: the asymmetric ones an OpenID key set publishes. A symmetric algorithm (HS256)
 * would let anyone holding the public key sign; "none" is no signature at all.
 */
const algorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/** Why a callback token was refused. */
export type CallbackTokenFailure =
  /** No Authorization header. */
  | 'missing-header'
  /** An Authorization header that is not "Bearer <token>", or several. */
  | 'malformed-header'
  /** A bearer value that is not a signed JWT (three base64url parts, JSON header and claims). */
  | 'malformed-token'
  /** Signed with an algorithm outside the asymmetric ones (HS256, none...). */
  | 'algorithm-not-allowed'
  /** No key of the key set has the token's key id (kid). */
  | 'unknown-key'
  /** The signature does not match: a tampered token, or another key. */
  | 'bad-signature'
  | 'wrong-issuer'
  /** aud is not the bot's app id. */
  | 'wrong-audience'
  /** exp has passed, clock skew allowed. */
  | 'expired'
  /** nbf is still ahead, clock skew allowed. */
  | 'not-yet-valid'
  /** A claim the check needs (exp, iss, aud) is missing or not of its type. */
  | 'invalid-claims'
  /** The key set could not be had (the OpenID configuration or the key set unreachable or invalid). */
  | 'keys-unavailable';

/** The claims of a verified token; tid is the tenant the callback comes from. */
export interface CallbackTokenClaims {
  readonly iss?: string;
  readonly aud?: string | readonly string[];
  readonly exp?: number;
  readonly nbf?: number;
  readonly iat?: number;
  readonly tid?: string;
  readonly [claim: string]: unknown;
}

/** Outcome of verifyCallbackToken. */
export type CallbackTokenResult =
  | {
      readonly ok: true;
      /** The tenant the callback comes from (the tid claim), undefined when the token names none. */
      readonly tenantId: string | undefined;
      readonly claims: CallbackTokenClaims;
    }
  | {
      readonly ok: false;
      readonly reason: CallbackTokenFailure;
      /** What was found, for logs: never the token itself. */
      readonly detail: string;
    };

/** Keys fetched from the network and kept: made once by createCallbackKeyStore and shared by every verification. */
export interface CallbackKeyStore {
  /** Resolves the key a token names (its kid), fetching the key set when it is not known yet. */
  readonly getKey: JWTVerifyGetKey;
}

/** Options of createCallbackKeyStore. */
export interface CallbackKeyStoreOptions {
  /** The OpenID configuration whose jwks_uri names the key set; Graph's calling platform's unless given. */
  readonly openIdConfiguration?: string | URL;
  /** The key set itself, when known: no OpenID configuration is read. */
  readonly jwksUri?: string | URL;
  /** How long fetched keys (and the jwks_uri) are kept, in milliseconds: 24 hours unless given. */
  readonly cacheMaxAge?: number;
  /** The least time between two fetches of the key set (an unknown kid refetches), in milliseconds: 30 s unless given. */
  readonly cooldownDuration?: number;
  /** How long a fetch may take, in milliseconds: 5 s unless given. */
  readonly timeoutDuration?: number;
}

const day = 24 * 60 * 60 * 1000;

// jose is loaded on first use: a program that imports the library for its checks alone does not pay for it.
type Jose = typeof import('jose');
let loading: Promise<Jose> | undefined;
const jose = (): Promise<typeof import('jose')> => (loading ??= import('jose'));

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

const keyStoreKeys = ['openIdConfiguration', 'jwksUri', 'cacheMaxAge', 'cooldownDuration', 'timeoutDuration'];

/** The longest timeout a timer takes (2^31 - 1 ms, some 24.8 days): Node.js cuts a longer one to 1 ms. */
const longestTimeout = 2 ** 31 - 1;

/**
 * Where keys may come from: https, or plain http on the machine itself (a test's key server, the
 * simulator's). Keys fetched over plain http from elsewhere could be anyone's.
 */
function keySource(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** The key store's options checked: known keys, URLs keys may come from, durations that are numbers of milliseconds. */
function keyStoreOptions(given: CallbackKeyStoreOptions | undefined): { openIdConfiguration?: URL; jwksUri?: URL; cacheMaxAge?: number; cooldownDuration?: number; timeoutDuration?: number } {
  const where = 'createCallbackKeyStore: options';
  if (given === undefined) return {};
  const read = readOptions(where, given, keyStoreKeys);
  const checked: Record<string, URL | number> = {};
  for (const key of ['openIdConfiguration', 'jwksUri']) {
    const value = read[key];
    if (value === undefined) continue;
    const url = typeof value === 'string' || value instanceof URL ? parseUrl(String(value)) : null;
    if (url === null || !keySource(url)) throw new TypeError(`${where}.${key} must be an https URL (http only on localhost), not ${describeArgument(value)}`);
    checked[key] = url;
  }
  for (const key of ['cacheMaxAge', 'cooldownDuration']) {
    const value = read[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) throw new TypeError(`${where}.${key} must be a number of milliseconds, 0 or more, not ${describeArgument(value)}`);
    checked[key] = value;
  }
  const timeout = read['timeoutDuration'];
  if (timeout !== undefined) {
    if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > longestTimeout) {
      throw new TypeError(`${where}.timeoutDuration must be a whole number of milliseconds from 1 to ${longestTimeout}, not ${describeArgument(timeout)}`);
    }
    checked['timeoutDuration'] = timeout;
  }
  return checked;
}

/** The most a key set or OpenID configuration may weigh: Graph's are a few kilobytes. */
const maxDocumentBytes = 1024 * 1024;

/**
 * A JSON document fetched whole within the time given: the deadline covers the body as well as the
 * headers (a server that sends its headers and then stalls must not hold a callback), a body past
 * maxDocumentBytes is cut off, and a redirect may not lead where keys may not come from.
 */
async function fetchDocument(url: URL, what: string, timeoutDuration: number): Promise<unknown> {
  const signal = AbortSignal.timeout(timeoutDuration);
  try {
    // Redirects are followed by hand, each checked before it is taken: one to plain http elsewhere is refused.
    let at = url;
    let response = await fetch(at, { signal, redirect: 'manual', headers: { accept: 'application/json' } });
    for (let hops = 0; response.status >= 300 && response.status < 400 && response.headers.has('location'); hops += 1) {
      await response.body?.cancel();
      const next = parseUrl(new URL(response.headers.get('location') as string, at).href);
      if (next === null || !keySource(next)) throw new KeysUnavailable(`the ${what} redirected to ${String(next ?? response.headers.get('location'))}, which is not https`);
      if (hops === 5) throw new KeysUnavailable(`the ${what} redirected more than 5 times`);
      at = next;
      response = await fetch(at, { signal, redirect: 'manual', headers: { accept: 'application/json' } });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new KeysUnavailable(`the ${what} answered ${response.status}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body !== null) {
      for await (const chunk of response.body) {
        size += chunk.byteLength;
        if (size > maxDocumentBytes) throw new KeysUnavailable(`the ${what} is larger than ${maxDocumentBytes} bytes`);
        chunks.push(chunk);
      }
    }
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      // A byte order mark is no part of the JSON (response.json() leaves it out too).
      return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
    } catch {
      throw new KeysUnavailable(`the ${what} is not JSON`);
    }
  } catch (error) {
    if (error instanceof KeysUnavailable) throw error;
    if (signal.aborted) throw new KeysUnavailable(`the ${what} took longer than ${timeoutDuration} ms`);
    throw new KeysUnavailable(`the ${what} could not be fetched: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Milliseconds on a clock that no change of the wall clock moves. */
const now = (): number => performance.now();

/**
 * A key store that fetches the signing keys Graph's callbacks are checked against: the OpenID
 * configuration (Graph's calling platform's unless told) names its jwks_uri, whose keys are cached and
 * refetched when a token names a key id not yet known (key rollover), at most once per cooldown.
 *
 * Every fetch ends within timeoutDuration, body included (a verification may wait for two: the
 * configuration, then the key set). Keys once fetched are kept when a later fetch fails (an outage of the
 * key endpoint does not refuse callbacks signed by keys already known); after a failed fetch the next
 * waits out the cooldown, counted from the failure: callbacks meanwhile are answered at once, not each
 * after a fetch of its own. A token whose key id is unknown never holds up one whose key is known.
 * Keys come over https only (plain http on localhost, for tests).
 *
 * @throws {TypeError} when options is not { openIdConfiguration?, jwksUri? (https URLs, http on
 * localhost), cacheMaxAge?, cooldownDuration? (milliseconds), timeoutDuration? (whole milliseconds, 1 to
 * 2^31 - 1) }, or reading it throws.
 */
export function createCallbackKeyStore(given?: CallbackKeyStoreOptions): CallbackKeyStore {
  const options = keyStoreOptions(given);
  const cacheMaxAge = options.cacheMaxAge ?? day;
  const cooldownDuration = options.cooldownDuration ?? 30_000;
  const timeoutDuration = options.timeoutDuration ?? 5000;
  const configuration = options.jwksUri === undefined ? (options.openIdConfiguration ?? new URL(graphCallbackOpenIdConfiguration)) : undefined;
  /** The key set's address as the configuration last named it. */
  let named: { readonly uri: URL; readonly at: number } | undefined;
  /** The last key set fetched whole. */
  let held: { readonly keys: JWTVerifyGetKey; readonly at: number } | undefined;
  /** When the last fetch started (a rollover refetches at most once per cooldown). */
  let lastFetch = Number.NEGATIVE_INFINITY;
  /** The last fetch's failure and when it ended, until a fetch succeeds. */
  let failed: { readonly error: KeysUnavailable; readonly at: number } | undefined;
  let pending: Promise<JWTVerifyGetKey> | undefined;

  const keySetUri = async (): Promise<URL> => {
    if (configuration === undefined) return options.jwksUri as URL;
    if (named !== undefined && now() - named.at < cacheMaxAge) return named.uri;
    const document = await fetchDocument(configuration, 'OpenID configuration', timeoutDuration);
    const uri = document !== null && typeof document === 'object' ? (document as Record<string, unknown>)['jwks_uri'] : undefined;
    const url = typeof uri === 'string' ? parseUrl(uri) : null;
    if (url === null || !keySource(url)) throw new KeysUnavailable('the OpenID configuration names no https jwks_uri');
    named = { uri: url, at: now() };
    return url;
  };

  // Concurrent callbacks share one fetch.
  const refresh = (): Promise<JWTVerifyGetKey> =>
    (pending ??= (async () => {
      lastFetch = now();
      try {
        let document: unknown;
        try {
          document = await fetchDocument(await keySetUri(), 'key set', timeoutDuration);
        } catch (error) {
          // The key set may have moved: the configuration is read again next time.
          named = undefined;
          throw error;
        }
        let keys: JWTVerifyGetKey;
        try {
          keys = (await jose()).createLocalJWKSet(document as JSONWebKeySet);
        } catch {
          throw new KeysUnavailable('the key set is not a JSON Web Key Set');
        }
        held = { keys, at: now() };
        failed = undefined;
        return keys;
      } catch (error) {
        failed = { error: error instanceof KeysUnavailable ? error : new KeysUnavailable(String(error)), at: now() };
        throw failed.error;
      } finally {
        pending = undefined;
      }
    })());

  /** The keys to check with: fresh ones held, else a fetch's, else (the fetch failing) those held. */
  const keySet = async (): Promise<JWTVerifyGetKey> => {
    // Fresh keys answer at once, even while a rollover's refetch is under way.
    if (held !== undefined && now() - held.at < cacheMaxAge) return held.keys;
    if (pending === undefined && failed !== undefined && now() - failed.at < cooldownDuration) {
      if (held !== undefined) return held.keys;
      throw failed.error;
    }
    try {
      return await refresh();
    } catch (error) {
      if (held !== undefined) return held.keys;
      throw error;
    }
  };

  return {
    getKey: async (header, token) => {
      const keys = await keySet();
      try {
        return await keys(header, token);
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code !== 'ERR_JWKS_NO_MATCHING_KEY') throw error;
        // A key id not known yet (a rollover): the keys another callback's refetch is bringing, or that it
        // brought since, else a refetch of our own, at most once per cooldown.
        if (pending !== undefined) {
          const fetched = await pending.catch(() => undefined);
          // The refetch failed: whether the key is real cannot be told now (keys-unavailable, not unknown-key).
          if (fetched === undefined) throw failed?.error ?? error;
          return fetched(header, token);
        }
        if (held !== undefined && held.keys !== keys) return held.keys(header, token);
        if (now() - lastFetch < cooldownDuration) throw error;
        return (await refresh())(header, token);
      }
    },
  };
}

class KeysUnavailable extends Error {}

/** Options of verifyCallbackToken: the bot's app id, and the keys (a key set, or a key store). */
export interface CallbackTokenOptions {
  /** The bot's app id: the audience the token must name. */
  readonly appId: string;
  /** The signing keys as a JSON Web Key Set ({ keys: [...] }), when the bot fetches and keeps them itself. */
  readonly keys?: JSONWebKeySet;
  /** A key store from createCallbackKeyStore, made once and shared. */
  readonly keyStore?: CallbackKeyStore;
  /** Accepted issuers; graphCallbackIssuers unless given. */
  readonly issuers?: readonly string[];
  /** The time to check the lifetime at; the clock unless given. */
  readonly now?: Date;
  /** Allowed clock difference on exp and nbf, in seconds: 300 unless given. */
  readonly clockSkew?: number;
}

/** The bearer token of an Authorization header, or why there is none. */
function bearerOf(authorization: unknown): string | { readonly reason: CallbackTokenFailure; readonly detail: string } {
  let value = authorization;
  // Node gives a repeated header as an array; one element is the header, several are refused.
  if (Array.isArray(value)) {
    if (value.length > 1) return { reason: 'malformed-header', detail: `${value.length} Authorization headers` };
    value = value[0];
  }
  if (value === undefined || value === null || value === '') return { reason: 'missing-header', detail: 'no Authorization header' };
  if (typeof value !== 'string') return { reason: 'malformed-header', detail: `the Authorization header is ${describeArgument(value)}` };
  const match = /^\s*Bearer\s+([^\s]+)\s*$/i.exec(value);
  if (match === null) return { reason: 'malformed-header', detail: 'the Authorization header is not "Bearer <token>"' };
  return match[1] as string;
}

/** The options checked, or a TypeError naming the one that is wrong (a mistake in the bot, not in the callback). */
async function keysOf(given: CallbackTokenOptions): Promise<{ readonly getKey: JWTVerifyGetKey; readonly options: Partial<CallbackTokenOptions> }> {
  if (given === null || typeof given !== 'object') throw new TypeError(`verifyCallbackToken: options must be an object, not ${describeArgument(given)}`);
  const options = readOptions('verifyCallbackToken: options', given, ['appId', 'keys', 'keyStore', 'issuers', 'now', 'clockSkew']) as Partial<CallbackTokenOptions>;
  if (typeof options.appId !== 'string' || options.appId === '') throw new TypeError('verifyCallbackToken: options.appId must be the bot\'s app id (a non-empty string)');
  if ((options.keys === undefined) === (options.keyStore === undefined)) throw new TypeError('verifyCallbackToken: options must give keys or keyStore, one of them');
  if (options.clockSkew !== undefined && !(Number.isFinite(options.clockSkew) && options.clockSkew >= 0)) throw new TypeError('verifyCallbackToken: options.clockSkew must be a number of seconds, 0 or more');
  if (options.now !== undefined && !(options.now instanceof Date && Number.isFinite(options.now.getTime()))) throw new TypeError('verifyCallbackToken: options.now must be a valid Date');
  if (options.issuers !== undefined) {
    const issuers = readingCallerValue('verifyCallbackToken: options.issuers', () => (Array.isArray(options.issuers) ? Array.from(options.issuers as readonly unknown[]) : undefined));
    if (issuers === undefined || issuers.length === 0 || !issuers.every((issuer) => typeof issuer === 'string')) throw new TypeError('verifyCallbackToken: options.issuers must be a non-empty array of strings');
  }
  if (options.keyStore !== undefined) {
    const getKey = readingCallerValue('verifyCallbackToken: options.keyStore', () => (options.keyStore as CallbackKeyStore).getKey);
    if (typeof getKey !== 'function') throw new TypeError('verifyCallbackToken: options.keyStore must come from createCallbackKeyStore');
    return { getKey, options };
  }
  try {
    return { getKey: (await jose()).createLocalJWKSet(options.keys as JSONWebKeySet), options };
  } catch {
    throw new TypeError('verifyCallbackToken: options.keys must be a JSON Web Key Set ({ keys: [...] })');
  }
}

/** The reason a jose error stands for. */
function failureOf(error: unknown): { readonly reason: CallbackTokenFailure; readonly detail: string } {
  const code = error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof KeysUnavailable) return { reason: 'keys-unavailable', detail };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return { reason: 'expired', detail };
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const { claim, reason } = error as { claim?: string; reason?: string };
      if (reason === 'check_failed' && claim === 'iss') return { reason: 'wrong-issuer', detail };
      if (reason === 'check_failed' && claim === 'aud') return { reason: 'wrong-audience', detail };
      if (reason === 'check_failed' && claim === 'nbf') return { reason: 'not-yet-valid', detail };
      return { reason: 'invalid-claims', detail };
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return { reason: 'algorithm-not-allowed', detail };
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return { reason: 'unknown-key', detail };
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { reason: 'bad-signature', detail };
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
      return { reason: 'keys-unavailable', detail };
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return { reason: 'malformed-token', detail };
    default:
      // A fetch that failed (network, a key set that is not JSON) comes as a plain error of the fetch.
      return { reason: 'keys-unavailable', detail };
  }
}

/** The payload of a token that one of several candidate keys verifies; the signature error when none does. */
async function verifiedByOneOf(candidates: AsyncIterable<Parameters<Jose['jwtVerify']>[1]>, token: string, options: Parameters<Jose['jwtVerify']>[2], library: Jose): Promise<unknown> {
  let last: unknown;
  for await (const key of candidates) {
    try {
      return (await library.jwtVerify(token, key, options)).payload;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw error;
      last = error;
    }
  }
  throw last ?? new library.errors.JWSSignatureVerificationFailed();
}

/**
 * Verifies the Authorization header Graph sends with every callback (Bearer <JWT>): the signature against
 * the key set, an asymmetric algorithm, the issuer (graphCallbackIssuers), the audience (the bot's app
 * id) and the lifetime (exp required, nbf honored) with a small clock skew. A bot answers 401 and reads
 * nothing of the body unless ok is true. Never rejects for what the caller sent.
 *
 * @throws {TypeError} (as a rejected promise) when options are wrong: no appId, neither keys nor keyStore
 * or both, keys that are not a key set, a clockSkew or now that is not one.
 */
export async function verifyCallbackToken(authorization: string | readonly string[] | null | undefined, given: CallbackTokenOptions): Promise<CallbackTokenResult> {
  let checked: Awaited<ReturnType<typeof keysOf>>;
  try {
    checked = await keysOf(given);
  } catch (error) {
    if (error instanceof TypeError) throw error;
    throw new TypeError('verifyCallbackToken: options must be plain data: reading it threw', { cause: error });
  }
  const { getKey, options } = checked;
  const token = readingCallerValue('verifyCallbackToken: authorization', () => bearerOf(authorization));
  if (typeof token !== 'string') return { ok: false, ...token };
  const library = await jose();
  const verifyOptions = {
    algorithms,
    issuer: [...(options.issuers ?? graphCallbackIssuers)],
    audience: options.appId as string,
    clockTolerance: options.clockSkew ?? defaultClockSkew,
    requiredClaims: ['exp'],
    ...(options.now === undefined ? {} : { currentDate: options.now }),
  };
  try {
    let payload;
    try {
      ({ payload } = await library.jwtVerify(token, getKey, verifyOptions));
    } catch (error) {
      // A key set may list a key id twice (RFC 7517 allows it; a rollover may): each key of that id is tried
      // in turn, as jose's error offers them, and the token is good when one verifies it.
      if ((error as { code?: unknown } | null)?.code !== 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw error;
      payload = await verifiedByOneOf(error as AsyncIterable<Parameters<Jose['jwtVerify']>[1]>, token, verifyOptions, library);
    }
    const claims = payload as CallbackTokenClaims;
    // The calling samples read the tenant from tid; .NET's handlers map it to this longer name.
    const tenant = claims.tid ?? claims['http://schemas.microsoft.com/identity/claims/tenantid'];
    return { ok: true, tenantId: typeof tenant === 'string' ? tenant : undefined, claims };
  } catch (error) {
    return { ok: false, ...failureOf(error) };
  }
}
