/**
 * How path patterns are read, on the command line (glob) and in the config (minimatch, which glob builds on):
 * one set of options for both, so that a pattern names the same files wherever it is written. Dot files and
 * dot folders match only a pattern that spells the dot; letter case counts where the file system's does
 * (glob's own default: not on macOS and Windows).
 */
export const globDialect = {
  dot: false,
  nocase: process.platform === 'darwin' || process.platform === 'win32',
} as const;
