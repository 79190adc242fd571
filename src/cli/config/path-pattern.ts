/**
 * Glob patterns of the config (kinds and ignore). A small matcher of our own: loading a glob library
 * costs more than the whole check of a handful of files, and a pattern compiled to a regular expression
 * backtracks quadratically on long names ("*.notification*.json" against ".notification" repeated).
 * This one backtracks only to the last wildcard, so matching is linear in the path for a given pattern.
 *
 * Supported: ** (any number of folders, as a whole segment), * and ? (within one segment), {a,b}
 * alternatives and [...] / [!...] character classes with ranges. Paths use / separators, relative to the
 * config's folder; dot files are matched like any other.
 */

/** A compiled pattern: test() tells whether a relative path matches it. */
export interface PathPattern {
  readonly source: string;
  test(path: string): boolean;
}

/** One unit of a segment pattern: a wildcard run, one any character, a class, or a literal. */
type Token = { readonly star: true } | { readonly star: false; matches(char: string): boolean };

const globstar = Symbol('**');
type Segment = readonly Token[] | typeof globstar;

/** Patterns of the config are short; this bounds what {a,b}{c,d}... can expand to. */
const maxAlternatives = 256;

function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open === -1) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < pattern.length && close === -1; i += 1) {
    const char = pattern.charAt(i);
    if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) close = i;
    } else if (char === ',' && depth === 1) commas.push(i);
  }
  if (close === -1) throw new SyntaxError(`unclosed { in pattern ${pattern}`);
  const bounds = [open, ...commas, close];
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k += 1) {
    for (const expanded of expandBraces(`${head}${pattern.slice((bounds[k] as number) + 1, bounds[k + 1])}${tail}`)) {
      out.push(expanded);
      if (out.length > maxAlternatives) throw new SyntaxError(`pattern ${pattern} expands to more than ${maxAlternatives} alternatives`);
    }
  }
  return out;
}

function classMatcher(body: string): (char: string) => boolean {
  const negate = body.startsWith('!') || body.startsWith('^');
  const spec = negate ? body.slice(1) : body;
  const ranges: Array<[string, string]> = [];
  for (let i = 0; i < spec.length; i += 1) {
    const from = spec.charAt(i);
    if (spec.charAt(i + 1) === '-' && i + 2 < spec.length) {
      ranges.push([from, spec.charAt(i + 2)]);
      i += 2;
    } else {
      ranges.push([from, from]);
    }
  }
  return (char) => ranges.some(([from, to]) => char >= from && char <= to) !== negate;
}

function tokenize(segment: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < segment.length; i += 1) {
    const char = segment.charAt(i);
    if (char === '*') {
      if (tokens.at(-1)?.star !== true) tokens.push({ star: true });
    } else if (char === '?') {
      tokens.push({ star: false, matches: () => true });
    } else if (char === '[' && segment.indexOf(']', i + 2) !== -1) {
      const close = segment.indexOf(']', i + 2);
      tokens.push({ star: false, matches: classMatcher(segment.slice(i + 1, close)) });
      i = close;
    } else {
      tokens.push({ star: false, matches: (c) => c === char });
    }
  }
  return tokens;
}

/**
 * The classic wildcard walk, used at both levels: characters within a segment (star = *) and segments
 * within a path (star = **). On a mismatch it resumes just after the last star, one unit further on.
 */
function wildcardMatch<P, T>(pattern: readonly P[], text: readonly T[] | string, isStar: (p: P) => boolean, one: (p: P, t: T) => boolean): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1;
  let resumeAt = 0;
  const length = text.length;
  const at = (i: number): T => (typeof text === 'string' ? (text.charAt(i) as T) : (text[i] as T));
  while (t < length) {
    const unit = pattern[p];
    if (unit !== undefined && isStar(unit)) {
      starAt = p;
      resumeAt = t;
      p += 1;
    } else if (unit !== undefined && one(unit, at(t))) {
      p += 1;
      t += 1;
    } else if (starAt !== -1) {
      p = starAt + 1;
      resumeAt += 1;
      t = resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && isStar(pattern[p] as P)) p += 1;
  return p === pattern.length;
}

function segmentMatches(tokens: readonly Token[], name: string): boolean {
  return wildcardMatch(tokens, name, (token) => token.star, (token, char: string) => !token.star && token.matches(char));
}

function compileOne(pattern: string): Segment[] {
  return pattern.split('/').map((segment) => (segment === '**' ? globstar : tokenize(segment)));
}

/** Compiles one glob pattern; throws SyntaxError for an unclosed { or too many alternatives. */
export function compilePattern(pattern: string): PathPattern {
  const alternatives = expandBraces(pattern).map(compileOne);
  return {
    source: pattern,
    test(path: string): boolean {
      const parts = path.split('/');
      return alternatives.some((segments) =>
        wildcardMatch(segments, parts, (segment) => segment === globstar, (segment, part: string) => segment !== globstar && segmentMatches(segment, part)),
      );
    },
  };
}
