#!/usr/bin/env node
import fdOutput from './fd-output.cjs';
import { run } from '../run.js';

// process.exitCode rather than process.exit(), so buffered output is flushed before the process ends.
process.exitCode = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: fdOutput.guardedStdout(),
  stderr: process.stderr,
});
