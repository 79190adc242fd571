import type { Formatter } from '../../report.js';

/** The names --format accepts, the default first. */
export const formatNames = ['stylish', 'json', 'github', 'sarif', 'junit'] as const;

/** One of the output formats. */
export type FormatName = (typeof formatNames)[number];

// Each import names its module literally so that the compiler checks it and bundlers still see it;
// `satisfies` makes a format added to formatNames without a loader (or the reverse) a type error.
const loaders = {
  stylish: async () => (await import('./stylish.js')).stylish,
  json: async () => (await import('./json.js')).json,
  github: async () => (await import('./github.js')).github,
  sarif: async () => (await import('./sarif.js')).sarif,
  junit: async () => (await import('./junit.js')).junit,
} satisfies Record<FormatName, () => Promise<Formatter>>;

/** True when the text names an output format. */
export function isFormatName(value: string): value is FormatName {
  return (formatNames as readonly string[]).includes(value);
}

/** Imports only the asked-for formatter's module, so a run never loads the others; rejects an unknown name. */
export async function loadFormatter(name: string): Promise<Formatter> {
  if (!isFormatName(name)) throw new Error(`unknown format "${name}": use one of ${formatNames.join(', ')}`);
  return loaders[name]();
}
