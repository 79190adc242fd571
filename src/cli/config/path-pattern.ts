/**
 * Glob patterns of the config (kinds and ignore), read exactly as the command line reads its patterns: by
 * minimatch, the matcher glob builds on, with the options glob hands it. Paths are relative to the config's
 * folder, with / separators, and always name files.
 */
import { GLOBSTAR, Minimatch, type MinimatchOptions, type ParseReturnFiltered } from 'minimatch';
import { globDialect } from '../paths/glob-dialect.js';
import { maxPathLength, patternOverLimit } from '../paths/pattern-limits.js';

export { maxPathLength } from '../paths/pattern-limits.js';

const DOT = 0x2e;

/** A compiled pattern: test() tells whether a relative path matches it. */
export interface PathPattern {
  readonly source: string;
  test(path: string): boolean;
  /**
   * The same answer for a path already split by splitPath, so that one split serves every pattern. Every
   * compiled pattern has it; a pattern without it (a test's RegExp) is given the path whole.
   */
  testParts?(parts: readonly string[] | undefined): boolean;
  /**
   * What of a file's name can change whether a path matches, as bits: whether it starts with a dot (which
   * ** refuses to pass), and which of the pattern's segments it matches. Two files of one folder whose names
   * have the same bits get the same answer, so a walk asks minimatch once per folder and key.
   */
  nameBits?(name: string): number;
  /** How many bits nameBits gives (at most 31: a pattern with more segments has no nameBits). */
  readonly nameBitCount?: number;
}

/** Whether a pattern matches a relative path, given whole and as splitPath split it. */
export function testPattern(pattern: PathPattern, path: string, parts: readonly string[] | undefined): boolean {
  return pattern.testParts === undefined ? pattern.test(path) : pattern.testParts(parts);
}

/** The command line's dialect, plus what glob 11 adds when it compiles a pattern (see its Glob constructor). */
const options: MinimatchOptions = { ...globDialect, nocomment: true, nonegate: true, optimizationLevel: 2 };

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

/** How every pattern splits a path: the options are the same for all, and so is the split. Made on first use. */
let splitter: Minimatch | undefined;

/** A relative path split into its segments for testParts; undefined for a path over maxPathLength, which matches nothing. */
export function splitPath(path: string): string[] | undefined {
  if (path.length > maxPathLength) return undefined;
  splitter ??= new Minimatch('', options);
  return splitter.slashSplit(path);
}

/** Compiles one glob pattern; throws a RangeError for a pattern over a limit of pattern-limits.ts (the command line's too). */
export function compilePattern(pattern: string): PathPattern {
  const over = patternOverLimit(pattern);
  if (over !== undefined) throw new RangeError(over);
  const matcher = new Minimatch(pattern, options);
  const alternatives = matcher.set.flatMap(asGlobWalks);
  const testParts = (parts: readonly string[] | undefined): boolean =>
    // minimatch only reads the segments; its type asks for a mutable array.
    parts !== undefined && alternatives.some((alternative) => matcher.matchOne(parts as string[], alternative));
  const segments = alternatives.flatMap((alternative) => alternative.filter((part) => part !== GLOBSTAR).map((part) => [part]));
  // A name is one segment: off Windows (whose drive letters matchOne reads) matchOne of it against one
  // segment is the segment's own test, asked here directly (matchOne's generic walk was most of a walk's
  // time in config matching).
  const segmentTests = segments.map(([part]): ((name: string) => boolean) => {
    if (!matcher.isWindows && typeof part === 'string') return (name) => name === part;
    if (!matcher.isWindows && part instanceof RegExp) return (name) => part.test(name);
    return (name) => matcher.matchOne([name], [part as ParseReturnFiltered]);
  });
  const compiled = { source: pattern, test: (path: string) => testParts(splitPath(path)), testParts };
  if (segmentTests.length > 30) return compiled;
  const nameBits = (name: string): number => {
    let bits = name.charCodeAt(0) === DOT ? 1 : 0;
    for (let i = 0; i < segmentTests.length; i += 1) if ((segmentTests[i] as (name: string) => boolean)(name)) bits |= 2 << i;
    return bits;
  };
  return { ...compiled, nameBits, nameBitCount: segmentTests.length + 1 };
}
