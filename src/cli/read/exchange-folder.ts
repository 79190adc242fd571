import type { LocatedProblem } from '../../model/problem.js';
import { lintExchange, roleOf, settleExchange, type ExchangeFile, type LintedExchange } from '../../lint/lint.js';
import { defaultMaxProblems } from '../../rules/file/too-many-problems.js';
import { findingsCeiling } from '../../rules/file/validation-stopped.js';
import type { RuleSettings } from '../../validate/rule-settings.js';
import { settingsForPath, settingsPlan } from '../config/rule-settings.js';
import { decodeText } from '../../lint/decode.js';
import type { ApiVersion } from '../../model/api-version.js';
import type { FileReport } from '../../model/report.js';
import { isIgnored, type Config } from '../config/config.js';
import { displayPath } from '../paths/display-path.js';
import { joinPath, pathText, type FsPath } from '../paths/fs-path.js';
import { followedType, listFolder } from './list-folder.js';
import { readSource } from './read-source.js';

/** Settings of an exchange run. */
export interface ExchangeOptions {
  readonly config: Config;
  readonly maxBytes: number;
  /** Problems each file lists (the library's default unless given). */
  readonly maxProblems?: number | undefined;
  /** The profile the flag or the config names; undefined: the request path's, else beta. */
  readonly apiVersion?: ApiVersion | undefined;
  readonly cwd: string;
  /** Told every file of the folder, read or only reported, so that the run never writes onto one. */
  readonly listed?: (path: FsPath) => void;
  /** Reports hold every problem, not cut at maxProblems: the run cuts them after its baseline. */
  readonly uncut?: boolean | undefined;
}

/** One file of the folder, read when its name gives it a role (the others are only reported). */
function exchangeFile(name: string, path: FsPath, maxBytes: number): ExchangeFile {
  if (roleOf(name) === undefined) return { name, problems: [] };
  const read = readSource(path, maxBytes);
  if ('problem' in read) return { name, problems: [read.problem] };
  const decoded = decodeText(read.bytes);
  return 'problem' in decoded ? { name, problems: [decoded.problem] } : { name, text: decoded.text };
}

/** The names of the subfolders (the first 20 looked at) that hold a request file: exchange folders, in order. */
function subfoldersWithRequest(entries: ReturnType<typeof listFolder>): string[] {
  const found: string[] = [];
  for (const listed of entries.filter((entry) => followedType(entry) === 'folder').slice(0, 20)) {
    try {
      if (listFolder(listed.path).some((inner) => roleOf(inner.name) === 'request')) found.push(listed.name);
    } catch {
      // A subfolder that cannot be listed is simply not named.
    }
  }
  return found.sort();
}

/** The exchange linted; under the config's rule settings, found with no cap and settled file by file. */
function lintedWithSettings(folder: FsPath, files: readonly ExchangeFile[], options: ExchangeOptions): LintedExchange {
  const maxProblems = options.maxProblems ?? defaultMaxProblems;
  const uncut = options.uncut === true;
  if (settingsPlan(options.config) === undefined && !uncut) return lintExchange(files, { maxProblems: options.maxProblems, apiVersion: options.apiVersion });
  // Cut after settling (or by the run, after its baseline), but validations still stop where the cap's ceiling is.
  const found = lintExchange(files, { maxProblems: Number.POSITIVE_INFINITY, apiVersion: options.apiVersion, ceiling: findingsCeiling(maxProblems) });
  const text = pathText(folder);
  const settingsOf = (name: string): RuleSettings | undefined => settingsForPath(options.config, pathText(joinPath(text, name)));
  return settleExchange(found, settingsForPath(options.config, text), uncut ? Number.POSITIVE_INFINITY : maxProblems, settingsOf);
}

/**
 * Lints the exchange kept in one folder: a report per file, and one for the folder when its files break the
 * naming convention. Links are followed as validate follows them: a link to a file is that file, and a
 * link that leads nowhere is a file the run cannot read. Throws the system's error when the folder cannot
 * be listed.
 */
export function lintExchangeFolder(folder: FsPath, options: ExchangeOptions): FileReport[] {
  const entries = listFolder(folder);
  const files = entries
    .filter((listed) => {
      const type = followedType(listed);
      if (type === 'folder') return false;
      options.listed?.(listed.path);
      // A FIFO, socket or device is not a file of the exchange (reading it could block).
      if (type === 'other') return false;
      return !listed.name.startsWith('.') && !isIgnored(options.config, pathText(listed.path));
    })
    .map((listed) => exchangeFile(listed.name, listed.path, options.maxBytes));
  const linted = lintedWithSettings(folder, files, options);
  const reports: FileReport[] = [];
  const shownFolder = pathText(folder);
  // A file named for no role is the problem's place: annotations and code scanning need a file, not a folder.
  const misnamed = (problem: LocatedProblem): string | undefined => {
    const files = problem.params['files'];
    return problem.params['fault'] === 'unknown-name' && Array.isArray(files) && typeof files[0] === 'string' ? files[0] : undefined;
  };
  // A folder of exchange folders (a simulator's --record folder) named in place of them: said so.
  const exchangeFolders = files.some((file) => roleOf(file.name) !== undefined) ? [] : subfoldersWithRequest(entries);
  const hint = exchangeFolders.length === 0 ? '' : `; it holds exchange folders (${exchangeFolders.slice(0, 2).join(', ')}${exchangeFolders.length > 2 ? ', ...' : ''}): name each of them (${displayPath(pathText(folder), options.cwd)}/*)`;
  const ofFolder = linted.folderProblems.filter((problem) => misnamed(problem) === undefined).map((problem) => (hint !== '' && problem.params['fault'] === 'missing-role' ? { ...problem, message: `${problem.message}${hint}` } : problem));
  if (ofFolder.length > 0) reports.push({ path: displayPath(shownFolder, options.cwd), kind: null, problems: ofFolder });
  for (const problem of linted.folderProblems) {
    const name = misnamed(problem);
    if (name !== undefined) reports.push({ path: displayPath(pathText(joinPath(shownFolder, name)), options.cwd), kind: null, problems: [problem] });
  }
  for (const { name, report } of linted.files) reports.push({ path: displayPath(pathText(joinPath(shownFolder, name)), options.cwd), ...report });
  return reports;
}
