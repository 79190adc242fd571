/** Preloaded by the benchmark (node --import): reports the process's peak RSS on exit, on stderr. */
process.on('exit', () => {
  process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\n`);
});
