import { constants, isAscii, isUtf8 } from 'node:buffer';

/** Why bytes are not UTF-8 text, and where. */
export interface EncodingFault {
  readonly found: 'utf-16' | 'utf-32' | 'nul' | 'invalid-utf-8';
  /** Byte offset of the first offending byte; absent for a byte order mark. */
  readonly offset?: number;
  readonly line: number;
  readonly column: number;
}

/** The size from which Node.js makes a latin1 string external (its EXTERN_APEX). */
const externalFrom = 0xfbee9;

/**
 * Decodes bytes as UTF-8 text, a leading byte order mark dropped (`keptLong`: the text will be held to the
 * end of the run); or says why they are not UTF-8 text:
 * a UTF-16 or UTF-32 byte order mark, NUL bytes (binary, or UTF-16 without a mark), or invalid bytes;
 * or that they are more than `longest` bytes: Buffer#toString throws past the longest string's length
 * (some 512 Mi), counted in bytes whether they are ASCII or not.
 */
export function decodeUtf8(bytes: Uint8Array, keptLong = false, longest: number = constants.MAX_STRING_LENGTH): { readonly text: string } | { readonly fault: EncodingFault } | { readonly tooLong: { readonly limit: number } } {
  const [b0, b1, b2, b3] = bytes;
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    return { fault: { found: (b2 === 0 && b3 === 0) || b0 === 0 ? 'utf-32' : 'utf-16', line: 1, column: 1 } };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { fault: { found: 'nul', offset: nul, ...bytePosition(bytes, nul) } };
  // Before any decoding: the bytes a string can hold bound every file, however large --max-bytes is.
  if (bytes.length > longest) return { tooLong: { limit: longest } };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // ASCII, as most JSON is, is UTF-8 whose bytes are its characters: read as latin1 it is copied rather
  // than decoded, at about a third of the cost. From about 1 MB on Node.js makes a latin1 string external
  // (outside V8's heap): JSON.parse read the 49 MB of the bench's warning roster in 200 ms from such a
  // string against 120 ms from the heap string a UTF-8 decode makes, which costs no more there. But a
  // text kept to the end of a run (for code frames) is better outside the heap, whose growth follows what
  // it holds: as a heap string it raised that run's peak memory by 100 MB.
  if (isAscii(bytes)) return { text: buffer.toString(bytes.length < externalFrom || keptLong ? 'latin1' : 'utf8') };
  // The native check is fast; the byte-by-byte scan only runs to locate a failure.
  const invalid = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (invalid !== -1) return { fault: { found: 'invalid-utf-8', offset: invalid, ...bytePosition(bytes, invalid) } };
  const text = buffer.toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/**
 * Line and column of a byte offset as every report gives them (json/positions.ts): CRLF, a lone CR and a
 * lone LF each end a line, columns count UTF-16 code units, a leading UTF-8 byte order mark is not counted.
 * A character's lead byte counts one unit, or two for a 4-byte form (outside the BMP); continuation bytes
 * count none. Exact for valid UTF-8, which all bytes before an invalid-utf-8 fault are; before a NUL, a
 * stray byte that is not UTF-8 counts as the one character a decoder would make of it, near enough.
 */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let units = 0;
  for (; i < offset; i += 1) {
    const b = bytes[i] as number;
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line += 1;
      units = 0;
    } else if (b < 0x80 || b >= 0xc0) {
      units += b >= 0xf0 && b <= 0xf4 ? 2 : 1;
    }
  }
  return { line, column: units + 1 };
}

/** Offset of the first byte that breaks UTF-8, or -1 when the bytes are valid UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}
