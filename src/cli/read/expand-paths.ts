import { lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, resolve, sep } from 'node:path';
import { configFileName, configRelative, folderMatcher, matchRelative, outsideConfigFolder, type Config } from '../config/config.js';
import type { Kind } from '../../model/kind.js';
import { displayPath, displayPrefix } from '../paths/display-path.js';
import { codeSuffix, errorCode } from '../failure.js';
import { joinPath, pathKey, pathText, type FsPath } from '../paths/fs-path.js';
import { globDialect } from '../paths/glob-dialect.js';
import { followedType, listBytesFolder, listTextFolder, textEntry, type FolderEntry } from './list-folder.js';
import { patternOverLimit } from '../paths/pattern-limits.js';
import { UsageError } from '../usage.js';
import { stdinArgument } from '../options.js';
import { standardInputPath } from './read-source.js';
import { plural } from '../../model/plural.js';

/** How standard input is shown (and keyed in a baseline) when --stdin-path names it nothing else. */
export const standardInputShown = '<stdin>';

/** A file to lint, with what is known of it from its path, worked out once when the arguments are expanded. */
export interface ExpandedFile {
  /** Its absolute path (bytes for a name that is not UTF-8). */
  readonly path: FsPath;
  /** The path the report shows (displayPath). */
  readonly shown: string;
  /** The kind the config gives it, if any. */
  readonly configKind: Kind | undefined;
  /** Standard input named by --stdin-path: that path, resolved, where the config's overrides look for it. */
  readonly namedAs?: string;
  /** Its folder's listing, or a stat of the path named, gave a regular file (read-source.ts reads it more cheaply). */
  readonly listed?: boolean;
}

/**
 * Standard input (-) as a file to lint: named by --stdin-path for the config (kinds, ignore) and the report,
 * else shown as <stdin>. Undefined when the config ignores the path it is named as.
 */
function standardInputFile(stdinPath: string | undefined, config: Config, cwd: string, tally: Tally): ExpandedFile | undefined {
  if (stdinPath === undefined) return { path: standardInputPath, shown: standardInputShown, configKind: undefined };
  const named = expandedFile(resolve(cwd, stdinPath), config, cwd, tally);
  return named === undefined ? undefined : { ...named, path: standardInputPath, namedAs: resolve(cwd, stdinPath) };
}

/** What the path arguments expand to. */
export interface Expansion {
  /** The files to lint, deduplicated, sorted by the path shown. */
  readonly files: readonly ExpandedFile[];
  /** Arguments that cannot be used (missing paths, patterns or folders that match nothing). */
  readonly errors: readonly string[];
  /** How many of the files lie outside the folder of the config file found, whose path patterns match none of them (outsideConfigFolder). */
  readonly outsideConfig: number;
}

/**
 * What the expansion notes as it goes: whether it found a file outside the config's folder, asked once a
 * folder as the folder's path is worked out anyway. The files are counted at the end, in the rare run
 * that has one, since a file named by two arguments is found twice.
 */
interface Tally {
  outside: boolean;
  /** Files the config's ignore patterns left out: a folder or pattern of only those is not empty. */
  ignored: number;
  /** Hidden files (.name) a walk passed over: a folder of only those says so. */
  hidden: number;
}

/** Whether a file to lint lies outside the config's folder (standard input by the path it is named as). */
function isOutside(file: ExpandedFile, config: Config): boolean {
  const path = file.namedAs ?? (file.path === standardInputPath ? undefined : pathText(file.path));
  return path !== undefined && outsideConfigFolder(config, configRelative(config, path));
}

const DOT = 0x2e;

// Wildcards, classes, braces, negation, and extglob groups such as @(a|b) (which need none of the others).
const globMagic = /[*?[\]{}!]|[@+]\(/;

/** A pattern as an error message shows it: on one line, and cut short when it is long. */
function shownPattern(pattern: string): string {
  return pattern.length <= 80 ? JSON.stringify(pattern) : `${JSON.stringify(pattern.slice(0, 60))}... (${pattern.length} characters)`;
}

/** Refuses a pattern over a limit of pattern-limits.ts, the config's own, before glob can stall on it. */
function checkPattern(pattern: string): void {
  const over = patternOverLimit(pattern);
  if (over !== undefined) throw new UsageError(`pattern ${shownPattern(pattern)} is refused: ${over}`);
}

/**
 * The CLI's own config file is no payload: a folder walked or a pattern globbed passes over it (as `validate .`
 * at a repository's root would otherwise fail on it with kind-unknown); named on its own, it is linted as asked.
 */
function isConfigName(name: string): boolean {
  return name === configFileName;
}

/** Folders never entered when a folder is walked: dependencies and hidden folders (.git...). */
function skipFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/** The file at a path given or globbed, with its shown path and the config's say on it; undefined when the config ignores it. */
function expandedFile(path: FsPath, config: Config, cwd: string, tally: Tally, listed = false): ExpandedFile | undefined {
  const text = pathText(path);
  const rel = configRelative(config, text);
  const match = matchRelative(config, rel);
  if (match.ignored) {
    tally.ignored += 1;
    return undefined;
  }
  if (outsideConfigFolder(config, rel)) tally.outside = true;
  return { path, shown: displayPath(text, cwd), configKind: match.kind, listed };
}

/** What the files listed in one folder share: the folder's path and its shown path, each ending with a separator. */
interface ListedFolder {
  readonly path: string;
  readonly shown: string;
}

/**
 * A file found in a walked folder. A long run holds one per file until it is linted, so it keeps its name
 * and its folder only (a few dozen bytes, not its two whole paths): a heap profile of 50,000 files had
 * 650 bytes a file held by the list, which grew peak memory with the file count and cost scavenges.
 */
class ListedFile implements ExpandedFile {
  constructor(
    readonly folder: ListedFolder,
    readonly name: string,
    readonly configKind: Kind | undefined,
    readonly listed: boolean,
  ) {}

  get path(): string {
    return this.folder.path + this.name;
  }

  get shown(): string {
    return this.folder.shown + this.name;
  }
}

/** The order of the list: by the path shown, as compared with <. Files of one folder compare by name alone. */
function byShown(a: ExpandedFile, b: ExpandedFile): number {
  if (a instanceof ListedFile && b instanceof ListedFile && a.folder === b.folder) return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  const x = a.shown;
  const y = b.shown;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Every entry below a folder, other than a folder, whose name ends with one of the extensions and that the
 * config does not ignore (a FIFO or a device too, which the read reports); links to folders are not
 * entered. A folder that cannot be listed, the one named or one below it, is an error: the files it holds
 * would otherwise pass unchecked. A file's shown
 * and config-relative paths are its folder's with its name added: paths are resolved once a folder, not
 * once a file. Each folder's are its own: one outside the working folder (or the config's) may hold it,
 * so a subfolder's are not always its parent's with a name added.
 */
function filesBelow(dir: string, extensions: readonly string[], errors: string[], cwd: string, config: Config, tally: Tally, many?: ManyFiles): ExpandedFile[] {
  const found: ExpandedFile[] = [];
  const named = extensionTest(extensions);
  const pending: FsPath[] = [dir];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const text = pathText(folder);
    // A folder whose names are all UTF-8 is walked as Node.js lists it; another is read again as bytes.
    let texts: Dirent[] | undefined;
    let entries: FolderEntry[] = [];
    try {
      texts = typeof folder === 'string' ? listTextFolder(folder) : undefined;
      if (texts === undefined) entries = listBytesFolder(folder);
    } catch (error) {
      errors.push(`folder ${displayPath(text, cwd)} cannot be read${codeSuffix(error)}`);
      continue;
    }
    const shown = displayPrefix(text, cwd);
    const rel = configRelative(config, text);
    const match = folderMatcher(config, folderPrefix(rel));
    if (outsideConfigFolder(config, rel)) tally.outside = true;
    // A folder named as text: its files are kept as names (ListedFile); one named as bytes keeps whole paths.
    const here: ListedFolder | undefined = typeof folder === 'string' ? { path: folder.endsWith(sep) ? folder : folder + sep, shown } : undefined;
    const listedAt = (i: number): FolderEntry => (texts === undefined ? (entries[i] as FolderEntry) : textEntry(text, texts[i] as Dirent));
    const count = texts === undefined ? entries.length : texts.length;
    for (let i = 0; i < count; i += 1) {
      const entry = texts === undefined ? (entries[i] as FolderEntry).entry : (texts[i] as Dirent);
      const name = texts === undefined ? (entries[i] as FolderEntry).name : (entry as Dirent).name;
      if (entry.isDirectory()) {
        if (!skipFolder(name)) pending.push(listedAt(i).path);
      } else if (named(name) && !isConfigName(name)) {
        // A hidden file (an editor's or a tool's: .last-webhook.json) is passed over, as hidden folders are.
        if (name.charCodeAt(0) === DOT) {
          tally.hidden += 1;
          continue;
        }
        // Whatever is not a folder is linted, and reported there if it cannot be read: a link that leads
        // nowhere (dangling, a loop), a FIFO, socket or device (opened without blocking, then told apart by
        // its type). Dropping one would let a file named for linting pass unchecked. Only a link to a
        // folder is left out.
        if (!entry.isSymbolicLink() || followedType(listedAt(i)) !== 'folder') {
          const said = match(name);
          if (said.ignored) {
            tally.ignored += 1;
            continue;
          }
          // A folder read as bytes (a name in it is not UTF-8): each file keeps its whole path.
          // A link is followed when the file is opened: only a plain entry is known to be a regular file.
          const regular = entry.isFile();
          found.push(here !== undefined && typeof entry.name === 'string' ? new ListedFile(here, name, said.kind, regular) : { path: listedAt(i).path, shown: shown + name, configKind: said.kind, listed: regular });
          if (found.length === many?.files) many.then();
        }
      }
    }
  }
  return found;
}

/**
 * Whether a name ends with one of the extensions, in any case (as its lower case does). A name already
 * in lower case, as most are, is not lower-cased again: that was a copy of every name of a walk.
 */
function extensionTest(extensions: readonly string[]): (name: string) => boolean {
  // An extension with a capital letter never matched a lower-cased name, and still matches none.
  const lower = extensions.filter((extension) => extension === extension.toLowerCase());
  return (name) => {
    for (const extension of lower) if (name.endsWith(extension)) return true;
    const folded = name.toLowerCase();
    return folded !== name && lower.some((extension) => folded.endsWith(extension));
  };
}

/** What to do once a walk has found so many files (start the workers of a long run while it goes on). */
export interface ManyFiles {
  readonly files: number;
  readonly then: () => void;
}

/** A folder's relative path as the prefix of its files' paths: empty for the folder itself, else ending with /. */
function folderPrefix(rel: string): string {
  return rel === '' || rel.endsWith('/') ? rel : `${rel}/`;
}

/**
 * Files matching a glob pattern. glob is loaded only when a pattern is given, through its CommonJS
 * build: a plain require stays outside the bundled CLI, where a dynamic import() has no loader to call.
 */
export async function globFiles(pattern: string, cwd: string): Promise<string[]> {
  const { glob } = createRequire(import.meta.url)('glob') as typeof import('glob');
  // Dependencies are skipped here as when a folder is walked, unless the pattern names node_modules itself.
  // Also inside braces or an extglob: vendor/{node_modules,lib}/**, vendor/@(node_modules)/*.json.
  const namesDependencies = /(?:^|[\\/{,(|])node_modules(?:[\\/},)|]|$)/.test(pattern);
  const found = await glob(pattern, { ...globDialect, cwd, withFileTypes: true, nodir: true, follow: false, ignore: namesDependencies ? [] : ['**/node_modules/**'] });
  // glob's ** goes through one link to a folder (as Bash does), so a link back up (d/loop -> ..) gave the
  // same files twice under two names. As a walk does, a link to a folder is not entered below the
  // pattern's literal start: one the pattern names (links/*.json) is.
  const start = resolve(cwd, literalStart(pattern));
  const results: string[] = [];
  for (const path of found) {
    let throughLink = false;
    for (let folder = path.parent; folder !== undefined && folder.fullpath() !== start && folder.fullpath().startsWith(start); folder = folder.parent) {
      if (folder.isSymbolicLink()) {
        throughLink = true;
        break;
      }
    }
    if (!throughLink) results.push(path.fullpath());
  }
  return results;
}

/** The folders a pattern names before its first segment with glob magic ('d' for 'd/**\/*.json'). */
function literalStart(pattern: string): string {
  const segments = pattern.split(/[\\/]/);
  const magic = segments.findIndex((segment) => globMagic.test(segment));
  return segments.slice(0, magic < 0 ? segments.length - 1 : magic).join('/') || '.';
}

/**
 * The files on disk a glob result names. glob reads names as strings, so a name that is not UTF-8 comes
 * back with U+FFFD for its bytes and opens nothing: each folder on the way whose name holds one is listed
 * as bytes, and every name there that reads the same is taken, as the bytes a walk would find.
 */
function onDisk(path: string): FsPath[] {
  if (!path.includes('\uFFFD')) return [path];
  const [root = '', ...names] = path.split(sep);
  let found: FsPath[] = [root === '' ? sep : root];
  for (const name of names) {
    const next: FsPath[] = [];
    for (const folder of found) {
      if (!name.includes('\uFFFD')) {
        next.push(joinPath(folder, name));
        continue;
      }
      let entries: Buffer[];
      try {
        entries = readdirSync(folder, { encoding: 'buffer' });
      } catch {
        continue;
      }
      for (const entry of entries) if (entry.toString('utf8') === name) next.push(joinPath(folder, entry));
    }
    found = next;
  }
  return found;
}

/**
 * Why a path given is not there, or undefined when it is (a dangling link is not there; a loop of links is
 * said as one, not as a missing file; a folder above it that cannot be searched is said too). Null: it
 * is not there, and may be a pattern.
 */
function whyMissing(path: string): string | null | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP') return 'a loop of symbolic links (ELOOP)';
    // A name too long to exist is missing too (and, if it is a pattern, checked against the pattern limits).
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG') return null;
    // Not stat-able for another reason (EACCES on a folder above): linted, and reported there as unreadable.
    try {
      lstatSync(path);
      return undefined;
    } catch {
      return `cannot be read${codeSuffix(error)}`;
    }
  }
}

/** What a folder is searched for when none is named: payloads and HTTP messages (REST Client also keeps them as .rest). */
const payloadExtensions: readonly string[] = ['.json', '.http', '.rest'];

/**
 * Expands files, folders (every file below them with one of the extensions, by default .json, .http and .rest)
 * and quoted glob patterns. An explicitly named file is always linted unless the config ignores it; a
 * pattern or folder that yields nothing is an error unless allowEmpty is set.
 */
export async function expandPaths(
  args: readonly string[],
  options: { cwd: string; config: Config; allowEmpty: boolean; extensions?: readonly string[]; stdinPath?: string | undefined; many?: ManyFiles | undefined },
): Promise<Expansion> {
  const extensions = options.extensions ?? payloadExtensions;
  const { config, cwd } = options;
  const found = new Map<string, ExpandedFile>();
  let only: ExpandedFile[] | undefined;
  const errors: string[] = [];
  const tally: Tally = { outside: false, ignored: 0, hidden: 0 };
  for (const arg of args) {
    if (arg === stdinArgument) {
      const file = standardInputFile(options.stdinPath, config, cwd, tally);
      if (file !== undefined) found.set(standardInputPath, file);
      continue;
    }
    const absolute = resolve(options.cwd, arg);
    let kept: ExpandedFile[];
    let what: string;
    const ignoredBefore = tally.ignored;
    const missing = whyMissing(absolute);
    if (missing === undefined) {
      let isDirectory = false;
      let isFile = false;
      try {
        const stat = statSync(absolute);
        isDirectory = stat.isDirectory();
        isFile = stat.isFile();
      } catch {
        // A path that exists but cannot be stat'ed is linted, and reported there as unreadable.
      }
      if (!isDirectory) {
        const file = expandedFile(absolute, config, cwd, tally, isFile);
        if (file !== undefined) found.set(absolute, file);
        continue;
      }
      const before = errors.length;
      const hiddenBefore = tally.hidden;
      kept = filesBelow(absolute, extensions, errors, cwd, config, tally, options.many);
      // The folder named could not be read: that error says it, not "holds no file".
      if (errors.length > before && kept.length === 0) continue;
      const hidden = tally.hidden - hiddenBefore;
      what = `folder ${arg} holds no ${extensions.length > 1 ? `${extensions.slice(0, -1).join(', ')} or ${extensions[extensions.length - 1] as string}` : extensions.join('')} file${hidden === 0 ? '' : ` but ${plural(hidden, 'hidden one')}, which a folder's walk passes over: name ${hidden === 1 ? 'it' : 'them'} to lint ${hidden === 1 ? 'it' : 'them'}`}`;
    } else if (missing === null && globMagic.test(arg)) {
      checkPattern(arg);
      kept = [];
      // Names that read the same are one result of glob's and each a file of their own: each is taken once.
      const paths = new Map((await globFiles(arg, cwd)).flatMap(onDisk).map((path) => [pathKey(path), path]));
      for (const path of paths.values()) {
        if (isConfigName(basename(pathText(path)))) continue;
        const file = expandedFile(path, config, cwd, tally);
        if (file !== undefined) kept.push(file);
      }
      what = `pattern ${arg.length <= 80 ? arg : shownPattern(arg)} matches no file`;
    } else {
      errors.push(`${arg}: ${missing ?? 'no such file or folder'}`);
      continue;
    }
    // A folder or pattern whose files the config all ignores is what a single ignored file named is: nothing
    // to lint, said once for the run (lint-command), not a folder that holds no file.
    if (kept.length === 0 && tally.ignored === ignoredBefore && !options.allowEmpty) errors.push(`${what} (use --allow-empty to accept that)`);
    // One argument's files are each found once: only files of several arguments may need to be deduplicated.
    if (args.length === 1 && found.size === 0) {
      only = kept;
      continue;
    }
    for (const file of kept) found.set(pathKey(file.path), file);
  }
  const files = only ?? [...found.values()];
  const outsideConfig = tally.outside ? files.filter((file) => isOutside(file, config)).length : 0;
  return { files: files.sort(byShown), errors, outsideConfig };
}
