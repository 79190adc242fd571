import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';

/** Where Graph's calling platform publishes its OpenID configuration (api.aps.skype.com); served at the same path. */
export const openIdConfigurationPath = '/v1/.well-known/OpenIdConfiguration';
/** The standard discovery path, served as well for clients that build it from the issuer. */
export const standardOpenIdConfigurationPath = '/.well-known/openid-configuration';
export const jwksPath = '/v1/.well-known/keys';

/** The simulator's signing key: made at start, never written anywhere. */
export interface Signer {
  readonly kid: string;
  /** The public half, as the JWKS lists it. */
  readonly jwk: JWK;
  sign(claims: TokenClaims): Promise<string>;
}

/** What a callback token says; expired: a token whose lifetime ended an hour ago (a probe's). */
export interface TokenClaims {
  readonly issuer: string;
  readonly audience: string;
  readonly tenantId: string;
  readonly expired?: boolean;
}

let shared: Promise<Signer> | undefined;
let forger: Promise<Signer> | undefined;

/**
 * The process's RS256 key pair (the algorithm Graph signs its callback tokens with), made on first use:
 * an RSA key takes up to a second to make on a busy machine, and simulators started by one test run
 * have no reason to tell their keys apart.
 */
export function processSigner(): Promise<Signer> {
  shared ??= createSigner();
  return shared;
}

/**
 * A signer whose tokens name the real key's kid but are signed with another key: a bot that accepts one
 * does not check signatures. Its key is published nowhere.
 */
export function forgingSigner(): Promise<Signer> {
  forger ??= processSigner().then((real) => createSigner(real.kid));
  return forger;
}

async function createSigner(kid: string = randomUUID()): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return {
    kid,
    jwk,
    sign: (claims) => signToken(privateKey, kid, claims),
  };
}

function signToken(key: KeyLike, kid: string, claims: TokenClaims): Promise<string> {
  // The claims Graph's callback tokens carry and bots check: issuer, audience (the app id), lifetime, tid.
  const now = Math.floor(Date.now() / 1000);
  // An expired one ended an hour ago: past any clock skew a verifier allows (jose and MSAL take minutes).
  const issued = claims.expired === true ? now - 2 * 3600 : now;
  return new SignJWT({ tid: claims.tenantId })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setIssuedAt(issued)
    .setNotBefore(issued)
    .setExpirationTime(issued + 3600)
    .sign(key);
}

/** The OpenID configuration document, naming the key set the simulator serves. */
export function openIdConfiguration(baseUrl: string, issuer: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${baseUrl}${jwksPath}`,
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
  };
}
