import { decodeUtf8 } from '../json/decode.js';
import type { LocatedProblem } from '../model/problem.js';
import { fileEncoding } from '../rules/file/file-encoding.js';
import { fileTooLarge } from '../rules/file/file-too-large.js';

/** A source as the linter takes it: text, or the bytes of a file or a request body. */
export type SourceText = string | Uint8Array;

/**
 * The text of a source: bytes decoded as UTF-8, a leading byte order mark dropped; or the file-encoding
 * problem that stops the bytes being text, or the file-too-large one of more bytes than a string can be
 * decoded from (`longest`, Node.js's limit unless told). `keptLong`: the text will be held to the end of the run.
 */
export function decodeText(source: SourceText, keptLong = false, longest?: number): { readonly text: string } | { readonly problem: LocatedProblem } {
  if (typeof source === 'string') return { text: source.charCodeAt(0) === 0xfeff ? source.slice(1) : source };
  const decoded = decodeUtf8(source, keptLong, longest);
  if ('tooLong' in decoded) return { problem: fileTooLarge.tooLongForString(source.length, decoded.tooLong.limit) };
  return 'fault' in decoded ? { problem: fileEncoding.fromFault(decoded.fault, source) } : decoded;
}
