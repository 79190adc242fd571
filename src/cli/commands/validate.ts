import { decideKind } from '../../contract/decide-kind.js';
import type { Config } from '../config/config.js';
import type { CliIo } from '../io.js';
import { reportTargets, type ValidateOptions } from '../options.js';
import type { ExpandedFile } from '../read/expand-paths.js';
import { lintJob, type FileJob, type FileJobOptions } from '../read/lint-job.js';
import { keepsSource } from '../report/sink.js';
import { settingsPlan } from '../config/rule-settings.js';
import { holdYoungGeneration, manyFiles } from '../start/long-run.js';
import { cutsAfterBaseline, expandFiles, runLintCommand } from './lint-command.js';

/** An HTTP message's file: .http, or .rest as REST Client also names them. */
function isHttpFile(path: string): boolean {
  const lower = path.toLowerCase();
  return lower.endsWith('.http') || lower.endsWith('.rest');
}

/** validate: payloads (.json) and HTTP messages (.http, .rest), each written to the report as it is checked. */
export function validate(options: ValidateOptions, io: CliIo): Promise<number> {
  // The flag wins over the config; made once per config (a run has one), not once per file.
  let made: { readonly config: Config; readonly options: FileJobOptions } | undefined;
  const jobOptions = (config: Config): FileJobOptions => {
    if (made?.config !== config) {
      made = { config, options: { maxBytes: options.maxBytes, maxProblems: options.maxProblems, keepSource: reportTargets(options.report).some((target) => keepsSource(target.format)), apiVersion: options.apiVersion ?? config.apiVersion, settings: settingsPlan(config), uncut: cutsAfterBaseline(options) } };
    }
    return made.options;
  };
  const job = (file: ExpandedFile): FileJob => ({
    path: file.path,
    shown: file.shown,
    type: isHttpFile(file.shown) ? 'http' : 'payload',
    // The two sources known only here (the flag, the config); what they leave open the library decides
    // from the file's own place and content, in the same order.
    kind: decideKind({ flag: options.kind, config: options.kind === undefined ? file.configKind : undefined }),
    namedAs: file.namedAs,
    listed: file.listed,
  });
  return runLintCommand<ExpandedFile>(options, io, {
    stream: true,
    async expand(config, guard, fail, many) {
      const expanded = await expandFiles(options, io, config, guard, fail, { noun: 'file' }, many);
      if (expanded.units.length >= manyFiles) holdYoungGeneration();
      return expanded;
    },
    lint: (file, config) => [lintJob(job(file), jobOptions(config))],
    jobs: { job, options: jobOptions },
  });
}
