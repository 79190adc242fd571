/**
 * Preloaded by the benchmark (node -r): reports the process's peak RSS in KB on exit, as the last line
 * of standard error. CommonJS, so that measuring does not start the ES module loader in a CommonJS program.
 */
process.on('exit', () => {
  process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\n`);
});
