import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OutputFile } from '../options.js';
import { UsageError } from '../usage.js';

/** The real path of a file (links resolved), or its absolute path when it does not exist (yet). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Refuses a run whose --output is one of its inputs (by real path, links and all): the linter never writes to its inputs. */
export function refuseOutputOntoInput(output: OutputFile | undefined, inputs: readonly string[]): void {
  if (output === undefined) return;
  // The output's real path is found once, not once per input: thousands of inputs are common.
  const target = realPath(output.path);
  if (inputs.some((file) => realPath(file) === target)) {
    throw new UsageError(`--output ${output.given} is one of the input files; the linter never writes to its inputs`);
  }
}
