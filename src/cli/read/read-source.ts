import { readFileSync, statSync } from 'node:fs';
import type { LocatedProblem } from '../../model/problem.js';
import { fileTooLarge } from '../../rules/file/file-too-large.js';
import { fileUnreadable } from '../../rules/file/file-unreadable.js';
import type { FsPath } from '../paths/fs-path.js';

/**
 * Reads a file's bytes for the linter, or gives the located problem that stops it being read: not a
 * regular file, over the size limit, unreadable. Decoding is the library's (lint/decode.ts).
 */
export function readSource(path: FsPath, maxBytes: number): { readonly bytes: Uint8Array } | { readonly problem: LocatedProblem } {
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { problem: fileUnreadable.notAFile('directory') };
    // A FIFO, socket or device would block the read or never end: only regular files are read.
    if (!stat.isFile()) return { problem: fileUnreadable.notAFile('special') };
    const tooLarge = fileTooLarge.check(stat.size, maxBytes);
    if (tooLarge !== undefined) return { problem: tooLarge };
    bytes = readFileSync(path);
  } catch (error) {
    return { problem: fileUnreadable.ioError((error as NodeJS.ErrnoException).code) };
  }
  // The file may have grown between the stat and the read.
  const tooLarge = fileTooLarge.check(bytes.length, maxBytes);
  return tooLarge === undefined ? { bytes } : { problem: tooLarge };
}
