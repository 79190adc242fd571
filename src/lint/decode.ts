import { decodeUtf8 } from '../json/decode.js';
import type { LocatedProblem } from '../model/problem.js';
import { fileEncoding } from '../rules/file/file-encoding.js';

/** A source as the linter takes it: text, or the bytes of a file or a request body. */
export type SourceText = string | Uint8Array;

/**
 * The text of a source: bytes decoded as UTF-8, a leading byte order mark dropped; or the file-encoding
 * problem that stops the bytes being text. `keptLong`: the text will be held to the end of the run.
 */
export function decodeText(source: SourceText, keptLong = false): { readonly text: string } | { readonly problem: LocatedProblem } {
  if (typeof source === 'string') return { text: source.charCodeAt(0) === 0xfeff ? source.slice(1) : source };
  const decoded = decodeUtf8(source, keptLong);
  return 'fault' in decoded ? { problem: fileEncoding.fromFault(decoded.fault, source) } : decoded;
}
