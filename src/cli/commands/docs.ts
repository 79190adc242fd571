import { plural } from '../plural.js';
import type { CliIo } from '../io.js';
import type { LintOptions } from '../options.js';
import { lintFile } from '../read/lint-file.js';
import { cutsAfterBaseline, expandFiles, runLintCommand } from './lint-command.js';
import { settingsForPath } from '../config/rule-settings.js';
import { pathText } from '../paths/fs-path.js';
import { oneLine } from '../one-line.js';

/** What follows the counts of a file in which nothing was checked: a page may have no examples; a payload file is validate's. */
function nothingCheckedNote(shown: string): string {
  return shown.toLowerCase().endsWith('.md') ? '; nothing in it was checked' : '; nothing in it was checked: it is not a Markdown reference page (payload files are checked with `validate`)';
}

/** docs: API reference pages, each with what it held (payloads, exchanges, blocks outside the contract) said on standard error. */
export function docs(options: LintOptions, io: CliIo): Promise<number> {
  return runLintCommand(options, io, {
    // Gathered: each page's counts go to standard error as it is read, and the report must not cut into them.
    stream: false,
    expand: (config, guard, fail) => expandFiles(options, io, config, guard, fail, { noun: 'page', extensions: ['.md'] }),
    lint(file, config) {
      const apiVersion = options.apiVersion ?? config.apiVersion;
      const rules = settingsForPath(config, file.namedAs ?? pathText(file.path));
      const { report, linted } = lintFile(file.path, { type: 'page', kind: undefined, maxBytes: options.maxBytes, maxProblems: options.maxProblems, keepSource: true, apiVersion, rules, uncut: cutsAfterBaseline(options) }, file.shown);
      // Counts go to standard error: the machine-readable formats on standard output have a fixed shape.
      // Blocks outside the contract are said only when there are some, beside the path, so that every line ends as before.
      const outside = linted.outside ?? 0;
      const others = outside > 0 ? ` (${plural(outside, 'block')} outside the contract)` : '';
      const payloads = linted.payloads ?? 0;
      const exchanges = linted.exchanges ?? 0;
      // A file in which nothing was checked is often not a reference page (a payload named to the wrong
      // command): said, so that "0 payloads" and exit 0 do not read as a page checked and found clean.
      const nothing = payloads === 0 && exchanges === 0 && outside === 0 && linted.problems.length === 0 ? nothingCheckedNote(report.path) : '';
      io.stderr.write(`${oneLine(report.path)}${others}: ${plural(payloads, 'payload')}, ${plural(exchanges, 'exchange')}${nothing}\n`);
      return [report];
    },
  });
}
