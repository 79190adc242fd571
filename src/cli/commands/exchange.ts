import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { roleOf } from '../../lint/lint.js';
import { plural } from '../plural.js';
import type { CliIo } from '../io.js';
import type { LintOptions } from '../options.js';
import { displayPath } from '../paths/display-path.js';
import { codeSuffix, errorCode } from '../failure.js';
import { cutsAfterBaseline, runLintCommand } from './lint-command.js';
import { exchangeFolder } from '../../rules/exchange/exchange-folder.js';
import { oneLine } from '../one-line.js';

/** A folder argument: as given, and absolute. */
interface Folder {
  readonly given: string;
  readonly path: string;
}

/** Why a folder argument is not a folder the run can list, or undefined when it is one. */
function notAFolder(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? undefined : 'not a folder; an exchange is a folder of files named for their roles';
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such folder';
    if (code === 'ELOOP') return 'a loop of symbolic links (ELOOP)';
    return `cannot be read${codeSuffix(error)}`;
  }
}

/** exchange: the exchange kept in each folder, with what it held said on standard error. */
export async function exchange(options: LintOptions, io: CliIo): Promise<number> {
  const { lintExchangeFolder } = await import('../read/exchange-folder.js');
  return runLintCommand<Folder>(options, io, {
    // Gathered: whether --output is one of the files is known only folder by folder, and counts go to
    // standard error as each folder is read.
    stream: false,
    async expand() {
      const seen = new Set<string>();
      const units: Folder[] = [];
      for (const given of options.inputs) {
        const path = resolve(io.cwd, given);
        // The same folder named twice (ex1 and ./ex1/) is one exchange, as validate counts a file once.
        if (seen.has(path)) continue;
        seen.add(path);
        units.push({ given, path });
      }
      return { units };
    },
    lint(folder, config, guard, fail) {
      const why = notAFolder(folder.path);
      if (why !== undefined) {
        fail(`${folder.given}: ${why}`);
        return undefined;
      }
      let reports;
      try {
        reports = lintExchangeFolder(folder.path, { config, maxBytes: options.maxBytes, maxProblems: options.maxProblems, apiVersion: options.apiVersion ?? config.apiVersion, cwd: io.cwd, listed: (path) => guard.add(path), uncut: cutsAfterBaseline(options) });
      } catch (error) {
        // A folder that cannot be listed (no permission, an I/O error) is that folder's failure; the others are still reported.
        if (errorCode(error) === undefined) throw error;
        fail(`${folder.given}: cannot read the folder${codeSuffix(error)}`);
        return undefined;
      }
      const roles = reports.map((report) => roleOf(basename(report.path)));
      // A role with two files (request.http and request.json) has neither read: said, not counted as none.
      const doubled = new Map<string, number>();
      for (const report of reports) {
        for (const problem of report.problems) {
          const files = problem.params['files'];
          if (problem.ruleId === exchangeFolder.id && problem.params['fault'] === 'duplicate-role' && Array.isArray(files)) doubled.set(String(problem.params['role']), files.length);
        }
      }
      const part = (role: string): string => {
        const files = doubled.get(role);
        return files === undefined ? plural(roles.filter((found) => found === role).length, role) : `${plural(files, `${role} file`)} (none read)`;
      };
      io.stderr.write(`${oneLine(displayPath(folder.path, io.cwd))}: ${part('request')}, ${part('response')}, ${part('notification')}\n`);
      return reports;
    },
  });
}
