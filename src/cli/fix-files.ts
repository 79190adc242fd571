import { closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, openSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { sep } from 'node:path';
import { decodeText } from '../lint/decode.js';
import { fixText } from '../fix/fix-text.js';
import { fallbackKindOf } from './read/lint-file.js';
import { unifiedDiff } from '../fix/diff.js';
import { codeSuffix } from './failure.js';
import type { CliIo } from './io.js';
import type { FixMode } from './options.js';
import type { ReportSink } from './report/sink.js';
import type { FsPath } from './paths/fs-path.js';
import { jobRules, type FileJob, type FileJobOptions } from './read/lint-job.js';
import { readOpen } from './read/read-source.js';
import { oneLine } from './one-line.js';


/** What fixing the files of a run did: the fixes of each file by its shown path, and the files that could not be fixed, each with why. */
export interface FilesFixed {
  readonly fixes: ReadonlyMap<string, Readonly<Record<string, number>>>;
  readonly notFixed: readonly string[];
}

const BOM = '\ufeff';

/** A file's bytes with the stat of the open file they were read through; undefined when it cannot be read (the lint says why). */
function readFile(path: FsPath, maxBytes: number): { readonly bytes: Uint8Array; readonly stat: Stats } | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const read = readOpen(fd, stat.size, maxBytes);
    return 'bytes' in read ? { bytes: read.bytes, stat } : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * A temporary name in the file's folder, on the same file system, so that the rename is atomic; short,
 * so that a file whose name is near the length limit can be fixed too. Opened with 'wx': a name that
 * exists already is never reused.
 */
function temporaryPath(path: FsPath): FsPath {
  const name = `.gic-fix-${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  const bytes = typeof path === 'string' ? Buffer.from(path) : path;
  const slash = Math.max(bytes.lastIndexOf(0x2f), sep === '\\' ? bytes.lastIndexOf(0x5c) : -1);
  const folder = bytes.subarray(0, slash + 1);
  return typeof path === 'string' ? `${folder.toString()}${name}` : Buffer.concat([folder, Buffer.from(name)]);
}

/** Why a file is not rewritten, before anything is written: a link (writing would follow it out of what was named, or cut it), or no write permission. */
function refusal(path: FsPath, read: Stats): string | undefined {
  const named = lstatSync(path);
  if (named.isSymbolicLink()) return 'it is a symbolic link; fix the file it points to by its own name';
  if (named.nlink > 1) return 'it has other hard links, which a rewrite would leave with the old text';
  if ((read.mode & 0o200) === 0) return 'it is read-only';
  return undefined;
}

/**
 * Writes the fixed text in place of the file, atomically: into a new file beside it with the file's mode
 * (and owner, where allowed), flushed, then renamed over it; a reader sees the old file or the new, never
 * part of one. The file must be as it was read: changed since, it is left alone.
 */
function replaceFile(path: FsPath, bytes: Uint8Array, read: Stats): void {
  const temporary = temporaryPath(path);
  const fd = openSync(temporary, 'wx', read.mode & 0o7777);
  try {
    try {
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
      // The creation mode is masked by the umask; the file keeps its own.
      fchmodSync(fd, read.mode & 0o7777);
      try {
        fchownSync(fd, read.uid, read.gid);
      } catch {
        // Only the owner or root may give a file away; the mode is what matters.
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const now = statSync(path);
    if (now.ino !== read.ino || now.dev !== read.dev || now.size !== read.size || now.mtimeMs !== read.mtimeMs) {
      throw Object.assign(new Error('changed since it was read'), { changed: true });
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or never made.
    }
    throw error;
  }
}

/** "2 fixes (status-casing 1, enum-member 1)". */
function describeFixes(fixes: Readonly<Record<string, number>>): string {
  const entries = Object.entries(fixes);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  return `${total} ${total === 1 ? 'fix' : 'fixes'} (${entries.map(([id, count]) => `${id} ${count}`).join(', ')})`;
}

/**
 * Makes the certain fixes of each file of a run before it is linted (so that the report shows what
 * remains), or with dry-run prints them as a unified diff on standard output and writes nothing. Each
 * file fixed is said on standard error; a file that cannot be rewritten is said there too, and the run
 * goes on.
 */
export function fixFiles(jobs: readonly FileJob[], options: FileJobOptions, mode: FixMode, io: CliIo): FilesFixed {
  const fixes = new Map<string, Readonly<Record<string, number>>>();
  const notFixed: string[] = [];
  for (const job of jobs) {
    const read = readFile(job.path, options.maxBytes);
    if (read === undefined) continue;
    const decoded = decodeText(read.bytes);
    if ('problem' in decoded) continue;
    // Under the file's rule settings, as the lint after it: a rule the config turns off fixes nothing.
    const fixed = fixText(decoded.text, { type: job.type, kind: job.kind, fallbackKind: fallbackKindOf(job.type, job.kind, job.shown), apiVersion: options.apiVersion, rules: jobRules(job, options) });
    if (Object.keys(fixed.fixes).length === 0) continue;
    const bom = read.bytes[0] === 0xef && read.bytes[1] === 0xbb && read.bytes[2] === 0xbf ? BOM : '';
    const unsettled = fixed.unsettled ? '; more remain after the last pass' : '';
    if (mode === 'dry-run') {
      io.stdout.write(unifiedDiff(bom + decoded.text, bom + fixed.text, `a/${job.shown}`, `b/${job.shown}`));
      // What --fix would refuse is said here too, so that the dry run tells what --fix will do.
      const refused = refusal(job.path, read.stat);
      io.stderr.write(`${oneLine(job.shown)}: would make ${describeFixes(fixed.fixes)}${unsettled}${refused === undefined ? '' : `, but --fix would not write it: ${refused}`}\n`);
      fixes.set(job.shown, fixed.fixes);
      continue;
    }
    try {
      const refused = refusal(job.path, read.stat);
      if (refused !== undefined) {
        io.stderr.write(`graph-invite-contract: ${oneLine(job.shown)}:1:1: not fixed: ${refused}\n`);
        notFixed.push(`${job.shown}: ${refused}`);
        continue;
      }
      replaceFile(job.path, Buffer.from(bom + fixed.text, 'utf8'), read.stat);
    } catch (error) {
      const why = (error as { changed?: boolean }).changed === true ? 'it changed while it was being fixed' : `it could not be written${codeSuffix(error)}`;
      io.stderr.write(`graph-invite-contract: ${oneLine(job.shown)}:1:1: not fixed: ${why}\n`);
      notFixed.push(`${job.shown}: ${why}`);
      continue;
    }
    io.stderr.write(`${oneLine(job.shown)}: made ${describeFixes(fixed.fixes)}${unsettled}\n`);
    fixes.set(job.shown, fixed.fixes);
  }
  return { fixes, notFixed };
}

/** The sink with each fixed file's report carrying its fixes, so that the json format gives them as data. */
export function withFixes(sink: ReportSink, fixed: FilesFixed | undefined): ReportSink {
  if (fixed === undefined || fixed.fixes.size === 0) return sink;
  return {
    add(file) {
      const fixes = fixed.fixes.get(file.path);
      sink.add(fixes === undefined ? file : { ...file, fixes });
    },
    finish: (outcome) => sink.finish(outcome),
  };
}
