import { kindForPath } from '../config/config.js';
import { displayPath, type LintOptions } from '../../lint/lint-json.js';
import { byPosition, type FileReport } from '../../model/report.js';
import { lintMessage } from '../../inputs/http/lint-message.js';
import { wholeFile } from '../../inputs/http/position.js';
import { readTextFile } from './text-file.js';

/** Lints a .http file: one request or response as REST clients keep it, checked outside any reference page. */
export async function lintHttpFile(path: string, options: LintOptions): Promise<FileReport> {
  const shown = displayPath(path, options.cwd);
  const read = readTextFile(path, options.maxBytes);
  if ('problems' in read) return { path: shown, kind: null, problems: read.problems };
  const kind = options.kind ?? kindForPath(options.config, path);
  const linted = await lintMessage(read.text, wholeFile, { onPage: false, truncated: false, ...(kind === undefined ? {} : { kind }) });
  const problems = [...linted.problems, ...(linted.body?.problems ?? [])].sort(byPosition);
  return { path: shown, kind: linted.body?.kind ?? null, problems, ...(problems.length > 0 && options.keepSource !== false ? { source: read.text } : {}) };
}
