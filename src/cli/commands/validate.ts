import { kindForPath } from '../config/config.js';
import type { CliIo } from '../io.js';
import type { ValidateOptions } from '../options.js';
import { pathText } from '../paths/fs-path.js';
import { lintFile } from '../read/lint-file.js';
import { keepsSource } from '../report/sink.js';
import { holdYoungGeneration, manyFiles } from '../start/memory.js';
import { expandFiles, runLintCommand } from './lint-command.js';

function isHttpFile(path: string): boolean {
  return path.toLowerCase().endsWith('.http');
}

/** validate: payloads (.json) and HTTP messages (.http), each written to the report as it is checked. */
export function validate(options: ValidateOptions, io: CliIo): Promise<number> {
  const keepSource = keepsSource(options.report.format);
  return runLintCommand(options, io, {
    stream: true,
    async expand(config, guard) {
      const expanded = await expandFiles(options, io, config, guard, { noun: 'file' });
      if (expanded.units.length >= manyFiles) holdYoungGeneration();
      return expanded;
    },
    lint(file, config) {
      const text = pathText(file);
      // The first two sources of src/contract/decide-kind.ts, known only here; the library decides the rest.
      const kind = options.kind ?? kindForPath(config, text);
      return [lintFile(file, { type: isHttpFile(text) ? 'http' : 'payload', kind, maxBytes: options.maxBytes, maxProblems: options.maxProblems, cwd: io.cwd, keepSource }).report];
    },
  });
}
