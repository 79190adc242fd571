import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { isIgnored, type Config } from '../config/config.js';
import { displayPath } from '../paths/display-path.js';
import { globDialect } from '../paths/glob-dialect.js';
import { patternOverLimit } from '../paths/pattern-limits.js';
import { UsageError } from '../usage.js';
import { holdYoungGeneration, manyFiles } from '../start/memory.js';

/** What the path arguments expand to. */
export interface Expansion {
  /** Absolute paths of the files to lint, deduplicated, sorted by the path shown. */
  readonly files: readonly string[];
  /** Arguments that cannot be used (missing paths, patterns or folders that match nothing). */
  readonly errors: readonly string[];
}

const globMagic = /[*?[\]{}!]/;

/** A pattern as an error message shows it: on one line, and cut short when it is long. */
function shownPattern(pattern: string): string {
  return pattern.length <= 80 ? JSON.stringify(pattern) : `${JSON.stringify(pattern.slice(0, 60))}... (${pattern.length} characters)`;
}

/** Refuses a pattern over a limit of pattern-limits.ts, the config's own, before glob can stall on it. */
function checkPattern(pattern: string): void {
  const over = patternOverLimit(pattern);
  if (over !== undefined) throw new UsageError(`pattern ${shownPattern(pattern)} is refused: ${over}`);
}

/** Folders never entered when a folder is walked: dependencies and hidden folders (.git...). */
function skipFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/** True when a symbolic link points at a regular file (links to folders are not followed: no cycles). */
function linksToFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Every file below a folder whose name ends with one of the extensions; links to files count, links to folders are not entered. */
function filesBelow(dir: string, extensions: readonly string[]): string[] {
  const found: string[] = [];
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      // An unreadable subfolder holds nothing we can lint; the folder argument itself was readable.
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!skipFolder(entry.name)) pending.push(join(current, entry.name));
      } else if (extensions.some((extension) => entry.name.toLowerCase().endsWith(extension)) && !entry.name.startsWith('.')) {
        const path = join(current, entry.name);
        if (entry.isFile() || (entry.isSymbolicLink() && linksToFile(path))) {
          found.push(path);
          // A long run: keep memory flat before the file list grows the heap (see memory.ts).
          if (found.length === manyFiles) holdYoungGeneration();
        }
      }
    }
  }
  return found;
}

/**
 * Files matching a glob pattern. glob is loaded only when a pattern is given, through its CommonJS
 * build: a plain require stays outside the bundled CLI, where a dynamic import() has no loader to call.
 */
export async function globFiles(pattern: string, cwd: string): Promise<string[]> {
  const { glob } = createRequire(import.meta.url)('glob') as typeof import('glob');
  // Dependencies are skipped here as when a folder is walked.
  return glob(pattern, { ...globDialect, cwd, absolute: true, nodir: true, follow: false, ignore: ['**/node_modules/**'] });
}

/** What a folder is searched for when none is named: payloads and HTTP messages. */
const payloadExtensions: readonly string[] = ['.json', '.http'];

/**
 * Expands files, folders (every file below them with one of the extensions, by default .json and .http)
 * and quoted glob patterns. An explicitly named file is always linted unless the config ignores it; a
 * pattern or folder that yields nothing is an error unless allowEmpty is set.
 */
export async function expandPaths(
  args: readonly string[],
  options: { cwd: string; config: Config; allowEmpty: boolean; extensions?: readonly string[] },
): Promise<Expansion> {
  const extensions = options.extensions ?? payloadExtensions;
  const found = new Set<string>();
  const errors: string[] = [];
  for (const arg of args) {
    const absolute = resolve(options.cwd, arg);
    let matched: string[];
    let what: string;
    if (existsSync(absolute)) {
      let isDirectory = false;
      try {
        isDirectory = statSync(absolute).isDirectory();
      } catch {
        // A path that exists but cannot be stat'ed is linted, and reported there as unreadable.
      }
      if (!isDirectory) {
        if (!isIgnored(options.config, absolute)) found.add(absolute);
        continue;
      }
      matched = filesBelow(absolute, extensions);
      what = `folder ${arg} holds no ${extensions.join(' or ')} file`;
    } else if (globMagic.test(arg)) {
      checkPattern(arg);
      matched = await globFiles(arg, options.cwd);
      what = `pattern ${arg} matches no file`;
    } else {
      errors.push(`${arg}: no such file or folder`);
      continue;
    }
    const kept = matched.filter((file) => !isIgnored(options.config, file));
    if (kept.length === 0 && !options.allowEmpty) errors.push(`${what} (use --allow-empty to accept that)`);
    for (const file of kept) found.add(file);
  }
  const files = [...found]
    .map((file) => ({ file, shown: displayPath(file, options.cwd) }))
    .sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0))
    .map(({ file }) => file);
  return { files, errors };
}
