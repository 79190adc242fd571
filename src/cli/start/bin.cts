#!/usr/bin/env node
/**
 * The installed command: the bundled CLI with its code cache (see bundle-loader.cts). Without the bundle
 * it runs the ES module entry point, which does the same work, only slower to start.
 */
import loadBundle = require('./bundle-loader.cjs');
import fdOutput = require('./fd-output.cjs');

/** Set by the build only: where to write the code cache once this run is over. */
const recordCacheTo = process.env['GRAPH_INVITE_CONTRACT_WRITE_CODE_CACHE'];
const bundle = loadBundle(recordCacheTo === undefined ? {} : { recordCacheTo });
if (bundle === undefined) {
  void import('./main.js');
} else {
  const stdout = fdOutput(1, fdOutput.guardedStdout);
  // process.stderr is made on first use only (reading the property builds the stream stack): fdOutput.stderr
  // reads it when a message is written.
  const cwd = fdOutput.workingFolder();
  if (cwd === undefined) {
    process.exitCode = 2;
  } else {
    bundle.run(process.argv.slice(2), { cwd, env: process.env, stdout, stderr: fdOutput.stderr }).then(
      (status) => {
        process.exitCode = status;
        // Every byte of the report went out through fs.writeSync and nothing was written to standard
        // error: nothing is left to flush, so the process ends now instead of first taking its heap and
        // its worker threads apart (about 1 ms of a 70 ms run).
        if (stdout.written && !fdOutput.stderrUsed()) process.exit(status);
      },
      () => {
        process.exitCode = 2;
      },
    );
  }
}
