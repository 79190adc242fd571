import { join } from 'node:path';

/**
 * A path as the file system holds it. A string when the name is valid UTF-8; the raw bytes otherwise: a
 * name of bytes such as 0xff cannot be spelt as a string that opens the same file again.
 */
export type FsPath = string | Buffer;

const strict = new TextDecoder('utf-8', { fatal: true });

function isValidSequence(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The length of the UTF-8 sequence a lead byte starts, 0 for a byte that starts none. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Bytes as text, each byte that is not part of valid UTF-8 written \xNN: how such a name is shown. */
export function escapeBytes(bytes: Uint8Array): string {
  if (isValidSequence(bytes)) return Buffer.from(bytes).toString('utf8');
  let text = '';
  let at = 0;
  while (at < bytes.length) {
    const length = sequenceLength(bytes[at] as number);
    const sequence = bytes.subarray(at, at + length);
    if (length > 0 && sequence.length === length && isValidSequence(sequence)) {
      text += Buffer.from(sequence).toString('utf8');
      at += length;
    } else {
      text += `\\x${(bytes[at] as number).toString(16).padStart(2, '0')}`;
      at += 1;
    }
  }
  return text;
}

/** A path as text: itself, or its bytes escaped. */
export function pathText(path: FsPath): string {
  return typeof path === 'string' ? path : escapeBytes(path);
}

/** A key that tells two paths apart even when their shown text is the same (a NUL never occurs in a path). */
export function pathKey(path: FsPath): string {
  return typeof path === 'string' ? path : `\0${path.toString('latin1')}`;
}

/** A folder's path joined with one name, as bytes when either is. */
export function joinPath(folder: FsPath, name: FsPath): FsPath {
  if (typeof folder === 'string' && typeof name === 'string') return join(folder, name);
  return Buffer.concat([Buffer.from(folder), Buffer.from('/'), Buffer.from(name)]);
}
