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
  /**
   * True when nameBits follows from a name's tail, from its first dot on, for every name whose first dot is
   * not its first character: each segment is either text with no dot (which such a name never is) or stars
   * and text whose every piece starts with a dot (found only in the tail, at the same places). The usual
   * kinds and ignore patterns are: the segments *.request.json, *.notification*.json and node_modules.
   */
  readonly tailDecided?: boolean;
}

/** Whether a pattern matches a relative path, given whole and as splitPath split it. */
export function testPattern(pattern: PathPattern, path: string, parts: readonly string[] | undefined): boolean {
  return pattern.testParts === undefined ? pattern.test(path) : pattern.testParts(parts);
}

/**
 * Why a pattern can never match a file's path relative to the config's folder, or undefined: a config that
 * ignores "/abs/legacy/**" or "legacy/" would otherwise ignore nothing, and say nothing.
 */
function neverMatches(pattern: string): string | undefined {
  if (pattern === '') return 'an empty pattern matches no path';
  if (pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pattern)) return "it is absolute, and patterns are matched against paths relative to the config's folder";
  if (pattern.endsWith('/')) return `it ends with / and so names a folder, while patterns match files: ${JSON.stringify(`${pattern}**`)} matches every file below it`;
  return undefined;
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

/** Characters that make a glob segment more than stars and literal text. */
const segmentMagic = /[?[\]{}()!@+\\]/;

/**
 * The literal pieces between the stars of a segment such as *.request.json or *.notification*.json
 * (minimatch keeps a segment's glob on its RegExp as _glob), when it starts with a star and holds nothing
 * else that is magic; undefined for any other segment. Such a segment is tested with endsWith and
 * indexOf instead of the regular expression, once for every file a walk finds (the usual kinds patterns,
 * *.request.json and the like, are all of this form).
 */
function starPieces(part: RegExp): readonly string[] | undefined {
  const glob = (part as RegExp & { _glob?: unknown })._glob;
  if (typeof glob !== 'string' || !glob.startsWith('*') || segmentMagic.test(glob)) return undefined;
  return glob.split('*');
}

/**
 * Whether a name matches a segment of stars and literal pieces (starPieces, whose first piece is empty): as
 * minimatch reads it without dot, no name that starts with a dot; each middle piece found in order, as
 * early as it can be, then the last piece at the end, after them.
 */
function matchesStars(name: string, pieces: readonly string[]): boolean {
  if (name.charCodeAt(0) === DOT) return false;
  const last = pieces[pieces.length - 1] as string;
  const end = name.length - last.length;
  if (end < 0 || !name.endsWith(last)) return false;
  let at = 0;
  for (let i = 1; i < pieces.length - 1; i += 1) {
    const piece = pieces[i] as string;
    const found = name.indexOf(piece, at);
    if (found === -1 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

/** Compiles one glob pattern; throws a RangeError for a pattern over a limit of pattern-limits.ts (the command line's too). */
export function compilePattern(pattern: string): PathPattern {
  const over = patternOverLimit(pattern);
  if (over !== undefined) throw new RangeError(over);
  const never = neverMatches(pattern);
  if (never !== undefined) throw new RangeError(never);
  const matcher = new Minimatch(pattern, options);
  const alternatives = matcher.set.flatMap(asGlobWalks);
  const testParts = (parts: readonly string[] | undefined): boolean =>
    // minimatch only reads the segments; its type asks for a mutable array.
    parts !== undefined && alternatives.some((alternative) => matcher.matchOne(parts as string[], alternative));
  const segments = alternatives.flatMap((alternative) => alternative.filter((part) => part !== GLOBSTAR).map((part) => [part]));
  // A name is one segment: off Windows (whose drive letters matchOne reads) matchOne of it against one
  // segment is the segment's own test, asked here directly (matchOne's generic walk was most of a walk's
  // time in config matching).
  let tailDecided = true;
  const segmentTests = segments.map(([part]): ((name: string) => boolean) => {
    if (!matcher.isWindows && typeof part === 'string') {
      if (part.includes('.')) tailDecided = false;
      return (name) => name === part;
    }
    const stars = matcher.isWindows || options.nocase === true || !(part instanceof RegExp) ? undefined : starPieces(part);
    // starPieces' first piece is the empty text before the leading star.
    if (stars === undefined || !stars.every((piece) => piece === '' || piece.charCodeAt(0) === DOT)) tailDecided = false;
    if (stars !== undefined) return (name) => matchesStars(name, stars);
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
  return { ...compiled, nameBits, nameBitCount: segmentTests.length + 1, tailDecided };
}
