import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** A file to write, with what it held before (undefined when it did not exist), so a failure can undo it. */
export interface PlannedWrite {
  readonly path: string;
  readonly content: string;
  readonly previous: string | undefined;
}

/**
 * Writes every file or none: all contents go to temporary files first, then each is renamed over its
 * target. If anything fails, the temporary files are removed and the files already renamed get their old
 * contents back, so a reader never sees files of two different generations side by side.
 */
export function writeAllAtomically(files: readonly PlannedWrite[]): void {
  const temporary = (path: string): string => `${path}.${process.pid}.tmp`;
  const renamed: PlannedWrite[] = [];
  try {
    for (const { path, content } of files) writeFileSync(temporary(path), content);
    for (const file of files) {
      renameSync(temporary(file.path), file.path);
      renamed.push(file);
    }
  } catch (error) {
    for (const { path } of files) rmSync(temporary(path), { force: true, recursive: true });
    for (const { path, previous } of renamed) {
      if (previous === undefined) rmSync(path, { force: true });
      else writeFileSync(path, previous);
    }
    throw error;
  }
}
