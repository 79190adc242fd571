/**
 * Glob patterns of the config (kinds and ignore), compiled to regular expressions. A small matcher of
 * our own: loading a glob library costs more than the whole check of a handful of files.
 * Supported: ** (any number of folders), * and ? (within one path segment), {a,b} alternatives and
 * [...] character classes. Paths are matched with / separators, relative to the config's folder.
 */

function escapeRegExp(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}

/** Compiles one glob pattern to an anchored regular expression. */
export function compilePattern(pattern: string): RegExp {
  let source = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern.charAt(i);
    if (char === '*') {
      if (pattern.charAt(i + 1) === '*') {
        const atSegmentStart = i === 0 || pattern.charAt(i - 1) === '/';
        const atSegmentEnd = i + 2 === pattern.length || pattern.charAt(i + 2) === '/';
        if (atSegmentStart && atSegmentEnd) {
          // "**/" matches zero or more whole folders; a trailing "**" matches the rest of the path.
          if (pattern.charAt(i + 2) === '/') {
            source += '(?:[^/]*/)*';
            i += 2;
          } else {
            source += '.*';
            i += 1;
          }
          continue;
        }
      }
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
      } else {
        const body = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
        source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else if (char === '{') {
      braces += 1;
      source += '(?:';
    } else if (char === '}' && braces > 0) {
      braces -= 1;
      source += ')';
    } else if (char === ',' && braces > 0) {
      source += '|';
    } else {
      source += escapeRegExp(char);
    }
  }
  if (braces > 0) throw new SyntaxError(`unclosed { in pattern ${pattern}`);
  return new RegExp(`^${source}$`);
}
