import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import type { LocatedProblem } from '../../model/problem.js';
import { fileTooLarge } from '../../rules/file/file-too-large.js';
import { fileUnreadable } from '../../rules/file/file-unreadable.js';
import type { FsPath } from '../paths/fs-path.js';

/** What a read gives: the bytes, or the located problem that stopped it. */
export type ReadResult = { readonly bytes: Uint8Array } | { readonly problem: LocatedProblem };

// Without blocking: opening a FIFO that no one writes to would wait for a writer. Windows has no such flag.
const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function ioProblem(error: unknown): { readonly problem: LocatedProblem } {
  return { problem: fileUnreadable.ioError((error as NodeJS.ErrnoException).code) };
}

/** The problem of what is not a regular file: a FIFO, socket or device would block the read or never end. */
function notAFile(stat: Stats): { readonly problem: LocatedProblem } | undefined {
  if (stat.isDirectory()) return { problem: fileUnreadable.notAFile('directory') };
  if (!stat.isFile()) return { problem: fileUnreadable.notAFile('special') };
  return undefined;
}

/**
 * Why a path that could not be opened is not a file, told by its type: a folder or a FIFO without read
 * permission, or a socket (which cannot be opened at all), is what it is, not an I/O error. Only this failing
 * path pays for the stat.
 */
function unopenable(path: FsPath, error: unknown): { readonly problem: LocatedProblem } {
  try {
    const notFile = notAFile(statSync(path));
    if (notFile !== undefined) return notFile;
  } catch {
    // Not there, or not even stat-able: the open's own error says why.
  }
  return ioProblem(error);
}

/** Reads an open regular file that fstat said holds `size` bytes: to its end, or until past the limit when it has grown since. */
export function readOpen(fd: number, size: number, maxBytes: number): ReadResult {
  // One byte more than its size: a file that grew since the fstat is seen to have grown.
  let bytes = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    if (length === bytes.length) {
      // It grew: read on, but never much beyond the limit.
      if (length > maxBytes) break;
      const larger = Buffer.allocUnsafe(Math.min(bytes.length * 2, maxBytes + 1));
      bytes.copy(larger, 0, 0, length);
      bytes = larger;
    }
    const wanted = bytes.length - length;
    const read = readSync(fd, bytes, length, wanted, null);
    length += read;
    // A regular file reads short only at its end: no second read just to be told so.
    if (read < wanted) break;
  }
  // Over the limit after the read: the size is what the file holds now, at least what was read.
  if (length > maxBytes) return { problem: fileTooLarge.check(Math.max(length, fstatSync(fd).size), maxBytes) as LocatedProblem };
  return { bytes: bytes.subarray(0, length) };
}

// --- standard input ---

/** The path a file read from standard input (-) has: NUL is in no file name, so no file can be taken for it. */
export const standardInputPath = '\u0000stdin';

/** Standard input's bytes once read: a run reads it once, whoever asks. */
let standardInput: ReadResult | undefined;

/** Bytes standard input is first read into; doubled as it fills. */
const standardInputChunk = 64 * 1024;

/** How long a read of a non-blocking standard input waits when it is empty: short at first, longer while it stays so. */
const firstWaitMs = 1;
const longestWaitMs = 50;
/** What Atomics.wait sleeps on; made at the first wait, since a startup snapshot is built where there is no SharedArrayBuffer. */
let sleeper: Int32Array | undefined;

/**
 * Standard input's bytes to the end, or to one byte past `maxBytes`: a stream over the limit is not read
 * further (it may never end), and the byte past the limit says it is over. Read on fd 0 itself: a pipe or
 * socket its writer left non-blocking answers EAGAIN whenever it is empty for a moment; the read then sleeps
 * (no spinning) and goes on, keeping every byte already read. (Reading it whole in one call would drop those
 * bytes with the error, and opening /dev/stdin again starts mid-stream, or fails on a socket.)
 */
function readAllOfStandardInput(maxBytes: number): Buffer {
  const wanted = maxBytes + 1;
  let bytes = Buffer.allocUnsafe(Math.min(standardInputChunk, wanted));
  let length = 0;
  let waitMs = firstWaitMs;
  while (length < wanted) {
    if (length === bytes.length) {
      const larger = Buffer.allocUnsafe(Math.min(bytes.length * 2, wanted));
      bytes.copy(larger, 0, 0, length);
      bytes = larger;
    }
    let read: number;
    try {
      read = readSync(0, bytes, length, bytes.length - length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Windows ends a pipe with an EOF error rather than a read of 0 bytes (nodejs/node#35997).
      if (code === 'EOF') break;
      if (code !== 'EAGAIN') throw error;
      Atomics.wait((sleeper ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, waitMs);
      waitMs = Math.min(waitMs * 2, longestWaitMs);
      continue;
    }
    if (read === 0) break;
    length += read;
    waitMs = firstWaitMs;
  }
  return bytes.subarray(0, length);
}

/** Standard input over the limit: a file's own size (- < file) as a named file's, else a stream read no further. */
function standardInputTooLarge(read: number, maxBytes: number): LocatedProblem {
  try {
    const stat = fstatSync(0);
    if (stat.isFile()) return fileTooLarge.check(Math.max(read, stat.size), maxBytes) as LocatedProblem;
  } catch {
    // Not known as a file: said as a stream.
  }
  return fileTooLarge.streamOverLimit(read, maxBytes);
}

/** Reads standard input to its end (or past the limit), once a run; a pipe or a file, never written to. */
function readStandardInput(maxBytes: number): ReadResult {
  if (standardInput === undefined) {
    try {
      const bytes = readAllOfStandardInput(maxBytes);
      const tooLarge = bytes.length > maxBytes ? standardInputTooLarge(bytes.length, maxBytes) : undefined;
      standardInput = tooLarge === undefined ? { bytes } : { problem: tooLarge };
    } catch (error) {
      standardInput = ioProblem(error);
    }
  }
  return standardInput;
}

/** Lets go of standard input's bytes at the end of a run. */
export function forgetStandardInput(): void {
  standardInput = undefined;
}

// --- end ---

/** Bytes a thread reads a small file into, reused from file to file (see readListed). */
const scratchBytes = 256 * 1024;
let scratch: Buffer | undefined;

/**
 * A file its folder's listing gave as a regular file, read without an fstat: a regular file reads short
 * only at its end, so a read that stops short of the buffer has the whole file. Undefined when that read
 * cannot tell: nothing read (an empty file, or no longer a regular file), the buffer filled (a larger
 * file, or one over the limit), or an error (a folder or a FIFO put in its place); the fstat then decides.
 * The read is at offset 0, so the file's position is where the fstat path starts. On 50,000 small files
 * the fstat (and the Stats object Node.js builds from it) and a buffer per file were a tenth of the CPU time.
 */
function readListed(fd: number, maxBytes: number): { readonly bytes: Uint8Array } | undefined {
  const buffer = (scratch ??= Buffer.allocUnsafe(scratchBytes));
  const wanted = Math.min(buffer.length, maxBytes + 1);
  let read: number;
  try {
    read = readSync(fd, buffer, 0, wanted, 0);
  } catch {
    return undefined;
  }
  return read > 0 && read < wanted ? { bytes: buffer.subarray(0, read) } : undefined;
}

/**
 * Reads a file's bytes for the linter, or gives the located problem that stops it being read: not a
 * regular file, over the size limit, unreadable. One open, one fstat of the open file, the reads, one close:
 * what is checked is what is read, and no separate stat resolves the path a second time. Decoding is the
 * library's (lint/decode.ts).
 *
 * `listed`: the arguments' expansion saw a regular file at this path (its folder's listing, or a stat of
 * the path named). A small file is then read in one read with no fstat, into a buffer the next call of this
 * thread reuses: the caller decodes the bytes before it reads another file.
 */
export function readSource(path: FsPath, maxBytes: number, listed = false): ReadResult {
  if (path === standardInputPath) return readStandardInput(maxBytes);
  let fd: number;
  try {
    fd = openSync(path, openFlags);
  } catch (error) {
    return unopenable(path, error);
  }
  try {
    const quick = listed ? readListed(fd, maxBytes) : undefined;
    if (quick !== undefined) return quick;
    const stat = fstatSync(fd);
    const notFile = notAFile(stat);
    if (notFile !== undefined) return notFile;
    const tooLarge = fileTooLarge.check(stat.size, maxBytes);
    if (tooLarge !== undefined) return { problem: tooLarge };
    return readOpen(fd, stat.size, maxBytes);
  } catch (error) {
    return ioProblem(error);
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Nothing was written through it; what was read stands.
    }
  }
}
