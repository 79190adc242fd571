import { fstatSync, statSync, type BigIntStats } from 'node:fs';
import { RunFailure } from '../failure.js';
import type { FsPath } from '../paths/fs-path.js';

/** A file the run writes: what it is (for the message), the path as given, and resolved. */
export interface WrittenFile {
  readonly what: string;
  readonly given: string;
  readonly path: string;
}

/** A file's identity: its device and inode, whatever path or hard link names it. */
function identityOf(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}`;
}

/** The identity of the file a path names, links followed. */
function identity(path: FsPath): string | undefined {
  try {
    return identityOf(statSync(path, { bigint: true }));
  } catch {
    return undefined;
  }
}

/**
 * The identity of the file standard input reads (`- < file`), whatever path it was opened by. Only a regular
 * file: a pipe, socket or terminal is no file the run could write.
 */
function standardInputIdentity(): string | undefined {
  try {
    const stat = fstatSync(0, { bigint: true });
    return stat.isFile() ? identityOf(stat) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the run from writing onto anything it reads. Every file the run opens or lists (the config, the
 * inputs, every file of an exchange folder, the file standard input is, and the one --stdin-path names) is
 * told to it, and a file the run writes (--output, the step summary, --write-baseline) that is one of them by
 * identity, not by path (a hard link, a link, another spelling), refuses the run. It is checked as each file
 * is told, and again just before writing. With nothing to write to a file, it does nothing at all: no file
 * is stat'ed.
 */
export class InputGuard {
  private readonly read = new Set<string>();
  private targets: ReadonlyMap<string, WrittenFile>;

  constructor(private readonly written: readonly WrittenFile[]) {
    this.targets = this.identify();
  }

  private identify(): ReadonlyMap<string, WrittenFile> {
    const targets = new Map<string, WrittenFile>();
    for (const file of this.written) {
      const id = identity(file.path);
      if (id !== undefined) targets.set(id, file);
    }
    return targets;
  }

  private refuse(file: WrittenFile): never {
    throw new RunFailure(`${file.what} ${file.given} is a file this run reads; the linter never writes to its inputs`);
  }

  /** Whether the run writes a file, and so whether the files it reads need telling (add does nothing otherwise). */
  get guarding(): boolean {
    return this.written.length > 0;
  }

  /** A file the run reads or lists. */
  add(path: FsPath): void {
    if (this.guarding) this.addIdentity(identity(path));
  }

  /** Standard input, when the run reads it: the file it was opened on, if it is one. */
  addStandardInput(): void {
    if (this.guarding) this.addIdentity(standardInputIdentity());
  }

  private addIdentity(id: string | undefined): void {
    if (id === undefined) return;
    this.read.add(id);
    const target = this.targets.get(id);
    if (target !== undefined) this.refuse(target);
  }

  /** Just before writing: the files to write may have appeared (or been linked) since the run started. */
  check(): void {
    this.targets = this.identify();
    for (const [id, file] of this.targets) if (this.read.has(id)) this.refuse(file);
  }
}
