import { createRequire } from 'node:module';
import { memoize } from '../model/memo.js';

/** ajv-formats' uri-reference (RFC 3986): exact, but large, slow to compile and slow to run. */
let rfc3986: RegExp | undefined;

/**
 * Loaded on first use: ajv-formats makes some forty patterns when it loads, which cost every start of the
 * CLI about 0.2 ms, though a run whose resource paths are all plain never asks for this one. (The bundle
 * takes the require in, scripts/bundle.ts.)
 */
function rfc3986Pattern(): RegExp {
  if (rfc3986 === undefined) {
    const { fullFormats } = createRequire(import.meta.url)('ajv-formats/dist/formats.js') as typeof import('ajv-formats/dist/formats.js');
    rfc3986 = fullFormats['uri-reference'] as RegExp;
  }
  return rfc3986;
}

/**
 * The resource paths notifications carry (/communications/calls/{id}/operations/{id}, optionally after
 * https://host) in a form every string of which also matches rfc3986: an optional http(s) scheme with a
 * host of letters, digits, dots and hyphens and an optional port, then segments of unreserved characters,
 * sub-delimiters, : and @. test/formats.test.ts checks the inclusion against ajv-formats itself.
 */
const plainPath = /^(?:https?:\/\/[A-Za-z0-9.-]+(?::[0-9]+)?)?(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@]+)*\/?$/;

/**
 * True when the string is a URI reference: exactly ajv-formats' answer. Plain paths are told by the small
 * pattern, so the large one is compiled and run only for the rare string that is not plain (a cold start
 * spent several milliseconds compiling it). Remembered: a call's notifications repeat the same few
 * resource paths, and looking one up costs a fraction of matching it.
 */
export const isUriReference: (value: string) => boolean = memoize((value) => {
  try {
    return plainPath.test(value) || rfc3986Pattern().test(value);
  } catch (error) {
    // A string of millions of characters can exhaust the regular expression engine's backtracking stack
    // (a RangeError): no resource path comes near, and validation never throws, so it is no URI reference.
    if (error instanceof RangeError) return false;
    throw error;
  }
});

/** The formats of the contract's schemas, for ajv (addFormat) and for its standalone code (code.formats). */
export const contractFormats = {
  'uri-reference': { type: 'string', validate: isUriReference },
} as const;
