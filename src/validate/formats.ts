import formatsModule from 'ajv-formats/dist/formats.js';
import { memoize } from '../model/memo.js';

// ajv-formats is CommonJS; under NodeNext its exports object is the default import.
const { fullFormats } = formatsModule as unknown as typeof import('ajv-formats/dist/formats.js');

/** ajv-formats' uri-reference (RFC 3986): exact, but large, slow to compile and slow to run. */
const rfc3986 = fullFormats['uri-reference'] as RegExp;

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
export const isUriReference: (value: string) => boolean = memoize((value) => plainPath.test(value) || rfc3986.test(value));

/** The formats of the contract's schemas, for ajv (addFormat) and for its standalone code (code.formats). */
export const contractFormats = {
  'uri-reference': { type: 'string', validate: isUriReference },
} as const;
