import { displayPath } from '../../lint/lint-json.js';
import type { FileReport } from '../../model/report.js';
import { readTextFile } from './text-file.js';
import { lintPage } from '../../inputs/docs/page.js';

/** A page's report and what the page holds. */
export interface PageFileResult {
  readonly report: FileReport;
  readonly payloads: number;
  readonly exchanges: number;
}

/** Lints one reference page file; a page that cannot be read is a located problem of that file. */
export async function lintPageFile(path: string, options: { readonly maxBytes: number; readonly cwd: string }): Promise<PageFileResult> {
  const shown = displayPath(path, options.cwd);
  const read = readTextFile(path, options.maxBytes);
  if ('problems' in read) return { report: { path: shown, kind: null, problems: read.problems }, payloads: 0, exchanges: 0 };
  const page = await lintPage(read.text);
  const report: FileReport = { path: shown, kind: null, problems: page.problems, ...(page.problems.length > 0 ? { source: read.text } : {}) };
  return { report, payloads: page.payloads, exchanges: page.exchanges.length };
}
