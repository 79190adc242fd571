import { readTextFile as readText } from '../../lint/lint-json.js';
import type { LocatedProblem } from '../../model/report.js';

/** A file read as UTF-8 text, or the file-level problems that stopped it being read. */
export type TextFile = { readonly text: string } | { readonly problems: readonly LocatedProblem[] };

/** Reads a text file (a reference page, a .http file) with the checks every linted file gets. */
export function readTextFile(path: string, maxBytes: number): TextFile {
  const read = readText(path, maxBytes);
  return 'problem' in read ? { problems: [read.problem] } : read;
}
