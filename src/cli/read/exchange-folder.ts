import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lintExchange, roleOf, type ExchangeFile } from '../../lint/lint.js';
import { decodeText } from '../../lint/decode.js';
import type { FileReport } from '../../model/report.js';
import { isIgnored, type Config } from '../config/config.js';
import { displayPath } from '../paths/display-path.js';
import { readSource } from './read-source.js';

/** Settings of an exchange run. */
export interface ExchangeOptions {
  readonly config: Config;
  readonly maxBytes: number;
  /** Problems each file lists (the library's default unless given). */
  readonly maxProblems?: number | undefined;
  readonly cwd: string;
}

/** One file of the folder, read when its name gives it a role (the others are only reported). */
function exchangeFile(folder: string, name: string, maxBytes: number): ExchangeFile {
  if (roleOf(name) === undefined) return { name, problems: [] };
  const read = readSource(join(folder, name), maxBytes);
  if ('problem' in read) return { name, problems: [read.problem] };
  const decoded = decodeText(read.bytes);
  return 'problem' in decoded ? { name, problems: [decoded.problem] } : { name, text: decoded.text };
}

/** Lints the exchange kept in one folder: a report per file, and one for the folder when its files break the naming convention. */
export function lintExchangeFolder(folder: string, options: ExchangeOptions): FileReport[] {
  const files = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !isIgnored(options.config, join(folder, entry.name)))
    .map((entry) => exchangeFile(folder, entry.name, options.maxBytes));
  const linted = lintExchange(files, { maxProblems: options.maxProblems });
  const reports: FileReport[] = [];
  if (linted.folderProblems.length > 0) reports.push({ path: displayPath(folder, options.cwd), kind: null, problems: linted.folderProblems });
  for (const { name, report } of linted.files) reports.push({ path: displayPath(join(folder, name), options.cwd), ...report });
  return reports;
}
