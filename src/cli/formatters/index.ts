import type { Formatter, StreamFormatter } from './types.js';

/** The names --format accepts, the default first. */
export const formatNames = ['stylish', 'json', 'github', 'sarif', 'junit'] as const;

/** One of the output formats. */
export type FormatName = (typeof formatNames)[number];

// Each import names its module literally so that the compiler checks it and bundlers still see it;
// `satisfies` makes a format added to formatNames without a loader (or the reverse) a type error.
/**
 * A loaded format: the whole-report formatter, and the streaming one for formats that can write a file at a
 * time (SARIF lists every file before any result, and JUnit counts them in its first element).
 */
export interface LoadedFormat {
  readonly whole: Formatter;
  readonly stream?: StreamFormatter;
}

const loaders = {
  stylish: async () => {
    const { stylish, stylishStream } = await import('./stylish.js');
    return { whole: stylish, stream: stylishStream };
  },
  json: async () => {
    const { json, jsonStream } = await import('./json.js');
    return { whole: json, stream: jsonStream };
  },
  github: async () => {
    const { github, githubStream } = await import('./github.js');
    return { whole: github, stream: githubStream };
  },
  sarif: async () => ({ whole: (await import('./sarif.js')).sarif }),
  junit: async () => ({ whole: (await import('./junit.js')).junit }),
} satisfies Record<FormatName, () => Promise<LoadedFormat>>;

/** True when the text names an output format. */
export function isFormatName(value: string): value is FormatName {
  return (formatNames as readonly string[]).includes(value);
}

/** Imports only the asked-for formatter's module, so a run never loads the others; rejects an unknown name. */
export async function loadFormatter(name: string): Promise<LoadedFormat> {
  if (!isFormatName(name)) throw new Error(`unknown format "${name}": use one of ${formatNames.join(', ')}`);
  return loaders[name]();
}
