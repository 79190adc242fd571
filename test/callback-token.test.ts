import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type JWK, type KeyLike } from 'jose';
import { createCallbackKeyStore, graphCallbackIssuers, verifyCallbackToken, type CallbackTokenOptions } from '../src/index.js';

const appId = '9ecd52e5-6592-42b7-b562-093f37f13bde';
const tenantId = '60ddb5bf-0a60-5099-a582-6f76f4811b29';
const now = new Date('2026-03-01T12:00:00Z');
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

interface Signer {
  readonly kid: string;
  readonly privateKey: KeyLike;
  readonly publicKey: KeyLike;
  readonly jwk: JWK;
}

const makeSigner = async (kid: string): Promise<Signer> => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
};

const signer = await makeSigner('graph-2026-1');
const stranger = await makeSigner('graph-2026-9');
const keys = { keys: [signer.jwk] };

interface Claims {
  readonly iss?: string;
  readonly aud?: string;
  readonly exp?: number | undefined;
  readonly nbf?: number;
  readonly tid?: string;
}

const standard: Claims = { iss: 'https://graph.microsoft.com', aud: appId, exp: seconds(now) + 3600, nbf: seconds(now) - 60, tid: tenantId };

const sign = async (claims: Claims = standard, by: Signer = signer, kid = by.kid): Promise<string> => {
  const { exp, ...rest } = claims;
  const jwt = new SignJWT({ ...rest }).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).setIssuedAt(seconds(now) - 60);
  if (exp !== undefined) jwt.setExpirationTime(exp);
  return jwt.sign(by.privateKey);
};

const options: CallbackTokenOptions = { appId, keys, now };
const reasonOf = async (authorization: string | readonly string[] | undefined, given: CallbackTokenOptions = options): Promise<string> => {
  const result = await verifyCallbackToken(authorization, given);
  return result.ok ? 'ok' : result.reason;
};

test('a valid token: ok, with the tenant id and the claims', async () => {
  const result = await verifyCallbackToken(`Bearer ${await sign()}`, options);
  assert.ok(result.ok);
  assert.is(result.tenantId, tenantId);
  assert.is(result.claims.aud, appId);
  assert.is(result.claims.iss, 'https://graph.microsoft.com');
  // The other issuer Graph signs with, the scheme in any case, and a header given as Node's one-element array.
  assert.is(await reasonOf(`bearer ${await sign({ ...standard, iss: 'https://api.botframework.com' })}`), 'ok');
  assert.is(await reasonOf([`Bearer ${await sign()}`]), 'ok');
  assert.equal([...graphCallbackIssuers], ['https://graph.microsoft.com', 'https://api.botframework.com']);
  // A token without tid is valid; it names no tenant.
  const { tid: _tid, ...untenanted } = standard;
  const without = await verifyCallbackToken(`Bearer ${await sign(untenanted)}`, options);
  assert.ok(without.ok);
  assert.is(without.tenantId, undefined);
});

test('lifetime: expired and not yet valid, each with a small clock skew', async () => {
  assert.is(await reasonOf(`Bearer ${await sign({ ...standard, exp: seconds(now) - 3600 })}`), 'expired');
  assert.is(await reasonOf(`Bearer ${await sign({ ...standard, nbf: seconds(now) + 3600 })}`), 'not-yet-valid');
  // Within the default skew (five minutes) both pass; with no skew they do not.
  const late = `Bearer ${await sign({ ...standard, exp: seconds(now) - 60 })}`;
  const early = `Bearer ${await sign({ ...standard, nbf: seconds(now) + 60 })}`;
  assert.is(await reasonOf(late), 'ok');
  assert.is(await reasonOf(early), 'ok');
  assert.is(await reasonOf(late, { ...options, clockSkew: 0 }), 'expired');
  assert.is(await reasonOf(early, { ...options, clockSkew: 0 }), 'not-yet-valid');
  // A token that never expires is refused.
  assert.is(await reasonOf(`Bearer ${await sign({ ...standard, exp: undefined })}`), 'invalid-claims');
});

test('wrong audience, wrong issuer', async () => {
  assert.is(await reasonOf(`Bearer ${await sign({ ...standard, aud: 'another-bot' })}`), 'wrong-audience');
  assert.is(await reasonOf(`Bearer ${await sign({ ...standard, iss: 'https://login.example.org' })}`), 'wrong-issuer');
  // Issuers can be narrowed.
  assert.is(await reasonOf(`Bearer ${await sign({ ...standard, iss: 'https://api.botframework.com' })}`, { ...options, issuers: ['https://graph.microsoft.com'] }), 'wrong-issuer');
});

test('keys: an unknown key id, another key under a known id, a tampered payload', async () => {
  assert.is(await reasonOf(`Bearer ${await sign(standard, stranger)}`), 'unknown-key');
  assert.is(await reasonOf(`Bearer ${await sign(standard, stranger, signer.kid)}`), 'bad-signature');
  const [header, payload, signature] = (await sign()).split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const tampered = Buffer.from(JSON.stringify({ ...claims, tid: 'another-tenant' })).toString('base64url');
  assert.is(await reasonOf(`Bearer ${header}.${tampered}.${signature}`), 'bad-signature');
});

test('a key id listed twice (a rollover): each of its keys is tried, and only a token none of them signed is refused', async () => {
  const twin = await makeSigner(signer.kid);
  const both = { ...options, keys: { keys: [twin.jwk, signer.jwk] } };
  assert.is(await reasonOf(`Bearer ${await sign()}`, both), 'ok');
  assert.is(await reasonOf(`Bearer ${await sign(standard, twin)}`, both), 'ok');
  assert.is(await reasonOf(`Bearer ${await sign(standard, signer)}`, { ...options, keys: { keys: [signer.jwk, signer.jwk] } }), 'ok');
  assert.is(await reasonOf(`Bearer ${await sign(standard, stranger, signer.kid)}`, both), 'bad-signature');
  // The other checks still apply to a token verified this way.
  assert.is(await reasonOf(`Bearer ${await sign({ ...standard, aud: 'another-app' }, twin)}`, both), 'wrong-audience');
});

test('algorithms: alg none, and HS256 signed with the public key as its secret', async () => {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = encode({ ...standard, iat: seconds(now) });
  assert.is(await reasonOf(`Bearer ${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`), 'algorithm-not-allowed');
  const secret = new TextEncoder().encode(await exportSPKI(signer.publicKey));
  const hs256 = await new SignJWT({ iss: 'https://graph.microsoft.com', aud: appId, tid: tenantId, exp: seconds(now) + 3600 }).setProtectedHeader({ alg: 'HS256', kid: signer.kid }).sign(secret);
  assert.is(await reasonOf(`Bearer ${hs256}`), 'algorithm-not-allowed');
});

test('the header: missing, malformed, several, a bearer value that is no JWT', async () => {
  for (const missing of [undefined, '', []]) assert.is(await reasonOf(missing), 'missing-header', JSON.stringify(missing));
  const token = await sign();
  for (const malformed of ['Basic dXNlcjpwYXNz', 'Bearer', `Bearer ${token} extra`, token, [`Bearer ${token}`, `Bearer ${token}`]]) {
    assert.is(await reasonOf(malformed), 'malformed-header', JSON.stringify(malformed).slice(0, 40));
  }
  for (const notJwt of ['abc', 'a.b.c', `${token.split('.')[0] ?? ''}.e30`]) assert.is(await reasonOf(`Bearer ${notJwt}`), 'malformed-token', notJwt);
});

test("the bot's own mistakes are TypeErrors: no app id, no keys or both, keys that are no key set", async () => {
  const token = `Bearer ${await sign()}`;
  const bad: unknown[] = [
    { keys, now },
    { appId: '', keys },
    { appId },
    { appId, keys, keyStore: createCallbackKeyStore({ jwksUri: 'http://127.0.0.1:9/keys' }) },
    { appId, keys: { nope: [] } },
    { appId, keys, clockSkew: -1 },
    { appId, keys, now: new Date(Number.NaN) },
    null,
  ];
  for (const given of bad) {
    let thrown: unknown;
    await verifyCallbackToken(token, given as CallbackTokenOptions).catch((error: unknown) => (thrown = error));
    assert.instance(thrown, TypeError, JSON.stringify(given));
  }
});

/** A local OpenID configuration and key set, counting the requests to each. */
const serve = async (keySet: () => unknown): Promise<{ server: Server; base: string; hits: Record<string, number> }> => {
  const hits: Record<string, number> = {};
  let base = '';
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    hits[path] = (hits[path] ?? 0) + 1;
    response.setHeader('content-type', 'application/json');
    if (path === '/v1/.well-known/OpenIdConfiguration') response.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/v1/keys` }));
    else if (path === '/v1/keys') response.end(JSON.stringify(keySet()));
    else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base, hits };
};

test('a key store reads the OpenID configuration once, caches the keys, and refetches them for a new key id', async () => {
  let published = [signer.jwk];
  const { server, base, hits } = await serve(() => ({ keys: published }));
  try {
    const keyStore = createCallbackKeyStore({ openIdConfiguration: `${base}/v1/.well-known/OpenIdConfiguration`, cooldownDuration: 0 });
    const given = { appId, keyStore, now };
    const token = `Bearer ${await sign()}`;
    const results = await Promise.all([reasonOf(token, given), reasonOf(token, given)]);
    assert.equal(results, ['ok', 'ok']);
    assert.is(await reasonOf(token, given), 'ok');
    assert.equal(hits, { '/v1/.well-known/OpenIdConfiguration': 1, '/v1/keys': 1 });
    // Key rollover: a token under a key id not yet known fetches the key set again.
    published = [signer.jwk, stranger.jwk];
    assert.is(await reasonOf(`Bearer ${await sign(standard, stranger)}`, given), 'ok');
    assert.is(hits['/v1/keys'], 2);
    assert.is(hits['/v1/.well-known/OpenIdConfiguration'], 1);
    // A key set named directly skips the configuration.
    const direct = createCallbackKeyStore({ jwksUri: `${base}/v1/keys` });
    assert.is(await reasonOf(token, { appId, keyStore: direct, now }), 'ok');
    assert.is(hits['/v1/.well-known/OpenIdConfiguration'], 1);
    // A configuration that is not there: the keys are unavailable, the callback refused.
    const missing = createCallbackKeyStore({ openIdConfiguration: `${base}/nowhere` });
    assert.is(await reasonOf(token, { appId, keyStore: missing, now }), 'keys-unavailable');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a key store whose server is unreachable refuses with keys-unavailable', async () => {
  const { server, base } = await serve(() => ({ keys: [] }));
  await new Promise((resolve) => server.close(resolve));
  const keyStore = createCallbackKeyStore({ openIdConfiguration: `${base}/v1/.well-known/OpenIdConfiguration`, timeoutDuration: 2000 });
  assert.is(await reasonOf(`Bearer ${await sign()}`, { appId, keyStore, now }), 'keys-unavailable');
});

/** A server answering each path as told: a status, a body, or headers and then nothing (a stall). */
const serveAs = async (answer: (path: string, response: import('node:http').ServerResponse) => void): Promise<{ server: Server; base: string; hits: Record<string, number> }> => {
  const hits: Record<string, number> = {};
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    hits[path] = (hits[path] ?? 0) + 1;
    answer(path, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
};

const stop = async (server: Server): Promise<void> => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
};

test('a key set that sends its headers and then stalls: keys-unavailable within the timeout, not a hang', async () => {
  const { server, base } = await serveAs((_path, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"keys": [');
  });
  try {
    for (const keyStore of [createCallbackKeyStore({ jwksUri: `${base}/v1/keys`, timeoutDuration: 300 }), createCallbackKeyStore({ openIdConfiguration: `${base}/config`, timeoutDuration: 300 })]) {
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still waiting after 10 s'), 10_000)));
      const token = `Bearer ${await sign()}`;
      assert.is(await Promise.race([reasonOf(token, { appId, keyStore, now }), hung]), 'keys-unavailable');
      clearTimeout(timer);
    }
  } finally {
    await stop(server);
  }
});

test('keys once fetched are kept when a refetch fails, and an outage is not fetched again at every callback', async () => {
  let down = false;
  const { server, base, hits } = await serveAs((path, response) => {
    if (down) {
      response.statusCode = 503;
      response.end('{}');
    } else if (path === '/config') response.end(JSON.stringify({ jwks_uri: `${base}/v1/keys` }));
    else response.end(JSON.stringify(keys));
  });
  try {
    const token = `Bearer ${await sign()}`;
    // cacheMaxAge 0: every callback would refetch; with the endpoint down, the keys held still verify.
    const keyStore = createCallbackKeyStore({ jwksUri: `${base}/v1/keys`, cacheMaxAge: 0, cooldownDuration: 0 });
    assert.is(await reasonOf(token, { appId, keyStore, now }), 'ok');
    down = true;
    assert.is(await reasonOf(token, { appId, keyStore, now }), 'ok');
    assert.is(hits['/v1/keys'], 2);
    // A store that never had keys: the first callback fetches and is refused, the next within the cooldown is
    // refused without a fetch.
    const cold = createCallbackKeyStore({ openIdConfiguration: `${base}/config`, cooldownDuration: 60_000 });
    assert.is(await reasonOf(token, { appId, keyStore: cold, now }), 'keys-unavailable');
    assert.is(await reasonOf(token, { appId, keyStore: cold, now }), 'keys-unavailable');
    assert.is(hits['/config'], 1);
  } finally {
    await stop(server);
  }
});

test('a rollover: callbacks signed by a new key all pass once the key set is fetched again, and one with a made-up key id holds up none signed by a known key', async () => {
  let published = [signer.jwk];
  let stall = false;
  const { server, base, hits } = await serveAs((_path, response) => {
    if (stall) return; // headers never come
    response.end(JSON.stringify({ keys: published }));
  });
  try {
    // No cooldown: the store's first fetch was just now, where a real rollover comes long after it.
    const keyStore = createCallbackKeyStore({ jwksUri: `${base}/keys`, timeoutDuration: 3000, cooldownDuration: 0 });
    const known = `Bearer ${await sign()}`;
    assert.is(await reasonOf(known, { appId, keyStore, now }), 'ok');
    published = [signer.jwk, stranger.jwk];
    const rolled = `Bearer ${await sign(standard, stranger)}`;
    const results = await Promise.all(Array.from({ length: 200 }, () => reasonOf(rolled, { appId, keyStore, now })));
    assert.equal([...new Set(results)], ['ok']);
    assert.is(hits['/keys'], 2, 'one refetch for all of them');
    // A made-up key id starts a refetch that stalls; a callback signed by a known key does not wait for it.
    const fresh = createCallbackKeyStore({ jwksUri: `${base}/keys`, timeoutDuration: 3000, cooldownDuration: 0 });
    assert.is(await reasonOf(known, { appId, keyStore: fresh, now }), 'ok');
    stall = true;
    const madeUp = reasonOf(`Bearer ${await sign(standard, signer, 'made-up')}`, { appId, keyStore: fresh, now });
    const started = performance.now();
    assert.is(await reasonOf(known, { appId, keyStore: fresh, now }), 'ok');
    assert.ok(performance.now() - started < 1500, 'answered from the keys held, not after the stalled fetch');
    assert.is(await madeUp, 'keys-unavailable');
  } finally {
    await stop(server);
  }
});

test('keys come over https, or plain http on localhost only: options and redirects elsewhere are refused; timeouts are whole milliseconds a timer takes', async () => {
  for (const bad of [{ jwksUri: 'http://keys.example/jwks' }, { openIdConfiguration: 'http://10.0.0.1/config' }, { timeoutDuration: 1500.5 }, { timeoutDuration: 0 }, { timeoutDuration: 2 ** 31 }]) {
    assert.throws(() => createCallbackKeyStore(bad), TypeError, JSON.stringify(bad));
  }
  assert.not.throws(() => createCallbackKeyStore({ jwksUri: 'https://keys.example/jwks', timeoutDuration: 2 ** 31 - 1 }));
  const { server, base } = await serveAs((path, response) => {
    if (path === '/away') {
      response.writeHead(302, { location: 'http://keys.example/jwks' });
      response.end();
    } else if (path === '/near') {
      response.writeHead(302, { location: '/bom' });
      response.end();
    } else response.end(`\ufeff${JSON.stringify(keys)}`);
  });
  try {
    const token = `Bearer ${await sign()}`;
    const away = await verifyCallbackToken(token, { appId, keyStore: createCallbackKeyStore({ jwksUri: `${base}/away` }), now });
    assert.equal(away.ok ? 'ok' : [away.reason, /redirected to http:\/\/keys\.example/.test(away.detail)], ['keys-unavailable', true]);
    // A redirect on the same machine is followed, and a byte order mark before the JSON is no fault.
    assert.is(await reasonOf(token, { appId, keyStore: createCallbackKeyStore({ jwksUri: `${base}/near` }), now }), 'ok');
  } finally {
    await stop(server);
  }
});

test('a key set that moved: after its fetch fails, the OpenID configuration is read again', async () => {
  let keysAt = '/keys-a';
  const { server, base, hits } = await serveAs((path, response) => {
    if (path === '/config') response.end(JSON.stringify({ jwks_uri: `${base}${keysAt}` }));
    else if (path === keysAt) response.end(JSON.stringify({ keys: keysAt === '/keys-a' ? [signer.jwk] : [signer.jwk, stranger.jwk] }));
    else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  try {
    const keyStore = createCallbackKeyStore({ openIdConfiguration: `${base}/config`, cooldownDuration: 0 });
    assert.is(await reasonOf(`Bearer ${await sign()}`, { appId, keyStore, now }), 'ok');
    keysAt = '/keys-b';
    // A new key id refetches from the address the configuration named before: gone, so keys-unavailable;
    // the next refetch reads the configuration again and finds the key set where it moved.
    const rolled = `Bearer ${await sign(standard, stranger)}`;
    assert.is(await reasonOf(rolled, { appId, keyStore, now }), 'keys-unavailable');
    assert.is(await reasonOf(rolled, { appId, keyStore, now }), 'ok');
    assert.equal([hits['/config'], hits['/keys-a'], hits['/keys-b']], [2, 2, 1]);
  } finally {
    await stop(server);
  }
});

test('a key set past a megabyte, or one that is no key set, is refused as keys-unavailable', async () => {
  const { server, base } = await serveAs((path, response) => {
    if (path === '/big') response.end(JSON.stringify({ keys: [signer.jwk], padding: 'x'.repeat(1024 * 1024) }));
    else response.end(JSON.stringify({ keys: 'none' }));
  });
  try {
    const token = `Bearer ${await sign()}`;
    for (const path of ['/big', '/odd']) {
      const keyStore = createCallbackKeyStore({ jwksUri: `${base}${path}` });
      const result = await verifyCallbackToken(token, { appId, keyStore, now });
      assert.is(result.ok ? 'ok' : result.reason, 'keys-unavailable', path);
    }
  } finally {
    await stop(server);
  }
});

test.run();
