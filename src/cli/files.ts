import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { globSync } from 'glob';
import { isIgnored, type Config } from '../config.js';
import { displayPath } from '../lint.js';

/** What the path arguments expand to. */
export interface Expansion {
  /** Absolute paths of the files to lint, deduplicated, sorted by the path shown. */
  readonly files: readonly string[];
  /** Arguments that cannot be used (missing paths, patterns or folders that match nothing). */
  readonly errors: readonly string[];
}

const globMagic = /[*?[\]{}!]/;

function globJson(pattern: string, cwd: string): string[] {
  return globSync(pattern, { cwd, absolute: true, nodir: true, dot: false, follow: false });
}

/**
 * Expands files, folders (every .json below them) and quoted glob patterns. An explicitly named file is
 * always linted unless the config ignores it; a pattern or folder that yields nothing is an error unless
 * allowEmpty is set.
 */
export function expandPaths(args: readonly string[], options: { cwd: string; config: Config; allowEmpty: boolean }): Expansion {
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
      matched = globJson('**/*.json', absolute);
      what = `folder ${arg} holds no .json file`;
    } else if (globMagic.test(arg)) {
      matched = globJson(arg, options.cwd);
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
