#!/usr/bin/env node
import fdOutput from './fd-output.cjs';
import { run } from '../run.js';

const cwd = fdOutput.workingFolder();
// process.exitCode rather than process.exit(), so buffered output is flushed before the process ends.
process.exitCode =
  cwd === undefined
    ? 2
    : await run(process.argv.slice(2), {
        cwd,
        env: process.env,
        stdout: fdOutput.guardedStdout(),
        stderr: fdOutput.stderr,
      });
