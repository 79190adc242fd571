import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { joinPath, pathText, type FsPath } from '../paths/fs-path.js';

/** One entry of a folder: its name as text (escaped when not UTF-8), its path, and what it is. */
export interface FolderEntry {
  readonly name: string;
  readonly path: FsPath;
  readonly entry: Dirent | Dirent<Buffer>;
}

/** An entry named as text. Its path is joined when asked for: a walk asks only for folders and links. */
class TextEntry implements FolderEntry {
  constructor(
    private readonly folder: string,
    readonly entry: Dirent,
  ) {}

  get name(): string {
    return this.entry.name;
  }

  get path(): string {
    return join(this.folder, this.entry.name);
  }
}

/**
 * The entries of a folder named as text, as Node.js lists them, when every name in it is UTF-8; undefined
 * when one came out with U+FFFD (bytes that are not UTF-8): the folder is then read as bytes
 * (listBytesFolder). Throws the system's error when the folder cannot be read. A walk takes these as they
 * are, with no object of its own per file: a walk over 50,000 files allocates what it keeps, and little else.
 */
export function listTextFolder(folder: string): Dirent[] | undefined {
  const entries = readdirSync(folder, { withFileTypes: true });
  for (const entry of entries) if (entry.name.includes('\uFFFD')) return undefined;
  return entries;
}

/** An entry of a folder named as text (listTextFolder) as a FolderEntry. */
export function textEntry(folder: string, entry: Dirent): FolderEntry {
  return new TextEntry(folder, entry);
}

/**
 * The entries of a folder read as bytes, so that a file whose name is not UTF-8 can still be opened; a
 * valid name stays a string, so that only the odd file is handled as bytes. Throws as listTextFolder.
 */
export function listBytesFolder(folder: FsPath): FolderEntry[] {
  return readdirSync(folder, { withFileTypes: true, encoding: 'buffer' }).map((entry) => {
    const name = pathText(entry.name);
    return { name, path: joinPath(folder, Buffer.from(name).equals(entry.name) ? name : entry.name), entry };
  });
}

/**
 * The entries of a folder; throws the system's error when the folder cannot be read. Names are read as
 * text; only a folder where one came out with U+FFFD is read again as bytes (listBytesFolder).
 */
export function listFolder(folder: FsPath): FolderEntry[] {
  const entries = typeof folder === 'string' ? listTextFolder(folder) : undefined;
  return entries === undefined ? listBytesFolder(folder) : entries.map((entry) => new TextEntry(folder as string, entry));
}

/** What a listed entry is once links are followed: a file, a folder, something else, or unreadable (the link's target). */
export function followedType(listed: FolderEntry): 'file' | 'folder' | 'other' | 'broken' {
  const { entry } = listed;
  if (!entry.isSymbolicLink()) return entry.isFile() ? 'file' : entry.isDirectory() ? 'folder' : 'other';
  try {
    const stat = statSync(listed.path);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'broken';
  }
}
