import { docs } from './commands/docs.js';
import { exchange } from './commands/exchange.js';
import { listRules } from './commands/rules.js';
import { validate } from './commands/validate.js';
import { ConfigError } from './config/config.js';
import { errorCode, RunFailure } from './failure.js';
import type { CliIo } from './io.js';
import { parseOptions } from './options.js';
import { toolVersion } from './tool-version.js';
import { usage, UsageError } from './usage.js';
import { exitCodes } from './verdict.js';
import { oneLine } from './one-line.js';

export type { CliIo } from './io.js';
// The body of a lint worker thread: exported so that a worker loads it from the bundle (start/lint-worker.cts).
export { serveLintJobs } from './read/lint-job.js';

/** Runs the CLI and returns its exit status. Never throws; never prints a stack trace. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const options = parseOptions(argv, io.cwd);
    switch (options.command) {
      case 'help':
        io.stdout.write(usage);
        return exitCodes.ok;
      case 'version':
        io.stdout.write(`${toolVersion()}\n`);
        return exitCodes.ok;
      case 'rules':
        return listRules(options, io);
      case 'validate':
        return await validate(options, io);
      case 'docs':
        return await docs(options, io);
      case 'exchange':
        return await exchange(options, io);
      case 'simulate':
        // Loaded only for this command: the linting commands never pay for the server and jose.
        return await (await import('./commands/simulate.js')).simulate(options, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`graph-invite-contract: ${oneLine(error.message)}\n\n${usage}`);
    } else if (error instanceof ConfigError || error instanceof RunFailure) {
      // The arguments were fine; the usage text would only hide the config's or the files' problem.
      io.stderr.write(`graph-invite-contract: ${oneLine(error.message)}\n`);
    } else if (errorCode(error) !== undefined) {
      // A failure of the system (no space, no permission, an I/O error), not of the linter: named as such.
      io.stderr.write(`graph-invite-contract: ${oneLine((error as Error).message)}\n`);
    } else {
      io.stderr.write(`graph-invite-contract: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    }
    return exitCodes.unusable;
  }
}
