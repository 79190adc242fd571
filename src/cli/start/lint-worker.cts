/**
 * The entry of a lint worker thread (src/cli/read/parallel.ts starts it). It runs what its parent runs: the
 * bundled CLI with its code cache when the parent is the bundle, so that a worker starts as cheaply as the
 * command, else the ES modules.
 */
import loadBundle = require('./bundle-loader.cjs');
import workerThreads = require('node:worker_threads');

const { bundled } = workerThreads.workerData as { readonly bundled: boolean };
const bundle = bundled ? loadBundle() : undefined;
if (bundle?.serveLintJobs !== undefined) {
  bundle.serveLintJobs();
} else {
  // No bundle (or a stale one, which the loader refuses): the ES modules do the same work.
  void import('../read/lint-job.js').then((module) => module.serveLintJobs());
}
