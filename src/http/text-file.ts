import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { lintFile } from '../lint.js';
import type { LocatedProblem } from '../report.js';
import { fileRules } from '../rules/file-rules.js';

/** A file read as UTF-8 text, or the file-level problems that stopped it being read. */
export type TextFile = { readonly text: string } | { readonly problems: readonly LocatedProblem[] };

const fileRuleIds = new Set<string>([fileRules.fileUnreadable.id, fileRules.fileTooLarge.id, fileRules.fileEncoding.id]);

function startsWithUtf16Or32Mark(bytes: Uint8Array): boolean {
  const [b0, b1, b2, b3] = bytes;
  return (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff);
}

/** Reads a text file (a reference page, a .http file) with the checks lintFile makes on JSON files. */
export async function readTextFile(path: string, maxBytes: number, cwd: string): Promise<TextFile> {
  let bytes: Buffer | undefined;
  try {
    const stat = statSync(path);
    if (!stat.isDirectory() && stat.size <= maxBytes) bytes = readFileSync(path);
  } catch {
    bytes = undefined;
  }
  if (bytes !== undefined && !startsWithUtf16Or32Mark(bytes) && !bytes.includes(0) && isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  // lintFile words and places every reason a file cannot be read; asking it keeps both in one place.
  const report = await lintFile(path, { kind: 'invite-request', config: { root: cwd, kinds: [], ignore: [], source: null }, maxBytes, cwd });
  const problems = report.problems.filter((problem) => fileRuleIds.has(problem.ruleId));
  // The file changed between the two reads; say so rather than read it a third time.
  return { problems: problems.length > 0 ? problems : [{ ruleId: fileRules.fileUnreadable.id, severity: fileRules.fileUnreadable.severity, message: 'the file changed while it was read', pointer: '', line: 1, column: 1 }] };
}
