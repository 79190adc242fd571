/**
 * Glob patterns of the config (kinds and ignore), read exactly as the command line reads its patterns: by
 * minimatch, the matcher glob builds on, with the options glob hands it. Paths are relative to the config's
 * folder, with / separators, and always name files.
 */
import { braceExpand, GLOBSTAR, Minimatch, type MinimatchOptions, type ParseReturnFiltered } from 'minimatch';
import { globDialect } from '../paths/glob-dialect.js';

/** A compiled pattern: test() tells whether a relative path matches it. */
export interface PathPattern {
  readonly source: string;
  test(path: string): boolean;
}

/** The command line's dialect, plus what glob 11 adds when it compiles a pattern (see its Glob constructor). */
const options: MinimatchOptions = { ...globDialect, nocomment: true, nonegate: true, optimizationLevel: 2 };

/** Patterns of a config are short; this bounds what {a,b}{c,d}... may expand to (each alternative is compiled). */
const maxAlternatives = 256;

/**
 * Longest path a pattern is tested against: Linux's PATH_MAX, longer than any path a file system here opens.
 * Minimatch's walk of a pattern with a folder between two globstars (the usual ignore of node_modules) is
 * quadratic in the number of folders; the bound keeps a hostile path from stalling the run. A longer path
 * matches nothing.
 */
export const maxPathLength = 4096;

type Parts = ParseReturnFiltered[];

/**
 * One compiled alternative as glob's walk reads it, where minimatch alone would not: a leading ./ is the
 * folder the walk starts in, and a trailing ** matches no folder at all, so that a/** names a file called a.
 */
function asGlobWalks(parts: Parts): Parts[] {
  let start = 0;
  while (parts[start] === '.' && start < parts.length - 1) start += 1;
  const rest = parts.slice(start);
  return rest.length > 1 && rest.at(-1) === GLOBSTAR ? [rest, rest.slice(0, -1)] : [rest];
}

/** Compiles one glob pattern; throws for a pattern over minimatch's length limit or with too many alternatives. */
export function compilePattern(pattern: string): PathPattern {
  // Expanded once up front, one past the bound, so that a pattern over it is refused rather than cut short.
  if (braceExpand(pattern, { ...options, braceExpandMax: maxAlternatives + 1 }).length > maxAlternatives) {
    throw new RangeError(`it expands to more than ${maxAlternatives} alternatives`);
  }
  const matcher = new Minimatch(pattern, options);
  const alternatives = matcher.set.flatMap(asGlobWalks);
  return {
    source: pattern,
    test(path: string): boolean {
      if (path.length > maxPathLength) return false;
      const parts = matcher.slashSplit(path);
      return alternatives.some((alternative) => matcher.matchOne(parts, alternative));
    },
  };
}
