/**
 * The limits every path pattern is held to, on the command line and in the config, before a matcher sees
 * it: glob and minimatch compile each brace alternative and match wildcards by backtracking, so a short
 * hostile pattern can take minutes or all memory. Each limit is far above what a real pattern needs.
 */
import { braceExpand } from 'minimatch';
import { globDialect } from './glob-dialect.js';

/** Longest pattern: Linux's PATH_MAX; a pattern longer than any path it could name is a mistake. */
export const maxPatternLength = 4096;

/** Most alternatives {a,b}{c,d}... or {1..n} may expand to (each one is compiled and walked). */
export const maxAlternatives = 256;

/**
 * Longest path a pattern is tested against: Linux's PATH_MAX, longer than any path a file system here opens.
 * Minimatch's walk of a pattern with a folder between two globstars (the usual ignore of node_modules) is
 * quadratic in the number of folders; the bound keeps a hostile path from stalling the run. A longer path
 * matches nothing.
 */
export const maxPathLength = 4096;

/**
 * Most runs of * in one path segment. Matching backtracks once per run over the name: with four runs
 * (a*b*c*d*e), a few hundred files with long names took minutes; three stay within milliseconds a file.
 */
export const maxWildcardsPerSegment = 3;

/** Most runs of * in a whole pattern, a ** folder counted as one. */
export const maxWildcards = 8;

/**
 * Most extglob groups, ?(a|b) @(a|b) !(a) *(a) +(a), in a pattern: each becomes a regular expression group
 * with its alternatives, and a chain of optional groups backtracks through every combination.
 */
export const maxGroups = 4;

/** Where the group opened at `open` (the index of its parenthesis) closes; the end of the pattern when it does not. */
function groupEnd(pattern: string, open: number): number {
  let depth = 0;
  for (let at = open; at < pattern.length; at += 1) {
    const char = pattern[at];
    if (char === '\\') at += 1;
    else if (char === '(') depth += 1;
    else if (char === ')' && --depth === 0) return at;
  }
  return pattern.length;
}

/**
 * Whether a group's body can match one text in more than one way, which makes matching try every way:
 * +(a|aa)b on a long name of a's never ends, and so does @(a|aa)*@(a|aa)*@(a|aa)b, where each group's
 * choice multiplies the star's. A body of plain alternatives none of which starts another (@(a|b),
 * +(json|http)) splits a name one way only; wildcards and nested groups are refused.
 */
function ambiguousGroup(body: string): boolean {
  if (/[(*?[\\]/.test(body)) return true;
  const alternatives = body.split('|');
  return alternatives.some((one, i) => alternatives.some((other, j) => i !== j && other.startsWith(one)));
}

/** Why the extglob groups of a pattern are refused: too many, or a group (@(...), +(...)...) that is ambiguous. */
function groupsOverLimit(pattern: string): string | undefined {
  let groups = 0;
  for (let at = 0; at < pattern.length - 1; at += 1) {
    const char = pattern[at] as string;
    if (char === '\\') {
      at += 1;
      continue;
    }
    if (pattern[at + 1] !== '(' || !'?*+@!'.includes(char)) continue;
    groups += 1;
    if (groups > maxGroups) return `it holds more than ${maxGroups} groups such as @(a|b); the limit is ${maxGroups}`;
    const body = pattern.slice(at + 2, groupEnd(pattern, at + 1));
    if (ambiguousGroup(body)) {
      return `the group ${char}(${body.length > 40 ? `${body.slice(0, 40)}...` : body}) can match a name in more than one way; a group may hold only plain alternatives none of which starts another`;
    }
  }
  return undefined;
}

/** Runs of * in each /-separated segment; a character after a backslash is literal and is skipped. */
function wildcardRuns(pattern: string): number[] {
  const runs = [0];
  for (let at = 0; at < pattern.length; at += 1) {
    const char = pattern[at];
    if (char === '\\') at += 1;
    else if (char === '/') runs.push(0);
    else if (char === '*') {
      runs[runs.length - 1] = (runs.at(-1) as number) + 1;
      while (pattern[at + 1] === '*') at += 1;
    }
  }
  return runs;
}

/** Why a pattern is over a limit, in words that name the limit; undefined when it is within every one. */
export function patternOverLimit(pattern: string): string | undefined {
  // Length first: every other check reads the whole pattern.
  if (pattern.length > maxPatternLength) return `it is too long: ${pattern.length} characters; the limit is ${maxPatternLength}`;
  const runs = wildcardRuns(pattern);
  const most = Math.max(...runs);
  if (most > maxWildcardsPerSegment) return `a path segment holds ${most} runs of *; the limit is ${maxWildcardsPerSegment} a segment`;
  const total = runs.reduce((sum, count) => sum + count, 0);
  if (total > maxWildcards) return `it holds ${total} runs of *; the limit is ${maxWildcards}`;
  const groups = groupsOverLimit(pattern);
  if (groups !== undefined) return groups;
  // Expanded one past the bound, so that a pattern over it is refused rather than cut short.
  if (braceExpand(pattern, { ...globDialect, braceExpandMax: maxAlternatives + 1 }).length > maxAlternatives) {
    return `it expands to more than ${maxAlternatives} alternatives`;
  }
  return undefined;
}
