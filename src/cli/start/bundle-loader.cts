/**
 * Loads the bundled CLI (dist/bundle/cli.cjs, made by scripts/bundle.ts) with the V8 code cache recorded
 * at build time, so a cold start skips module resolution and compilation.
 */
import fs = require('node:fs');
import path = require('node:path');
import vm = require('node:vm');

const bundleDir = path.join(__dirname, '..', '..', '..', 'bundle');
const bundleFile = path.join(bundleDir, 'cli.cjs');
const cacheFile = path.join(bundleDir, 'cli.cache');

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function isOlder(file: string, than: string): boolean {
  try {
    return fs.statSync(file).mtimeMs < fs.statSync(than).mtimeMs;
  } catch {
    return false;
  }
}

/**
 * Evaluates the bundle as a CommonJS module. With recordCacheTo, no cache is read and the code cache of
 * this process is written there when it exits (the build's warm-up run). Undefined when there is no bundle.
 */
function loadBundle(options: { recordCacheTo?: string } = {}): loadBundle.LoadedBundle | undefined {
  // A bundle older than the compiled CLI is stale (a build that ran tsc alone): the ES modules are current.
  if (isOlder(bundleFile, path.join(__dirname, '..', 'run.js'))) return undefined;
  const source = readOrUndefined(bundleFile);
  if (source === undefined) return undefined;
  const cachedData = options.recordCacheTo === undefined ? readOrUndefined(cacheFile) : undefined;
  // The bundle is ASCII (esbuild escapes everything else; scripts/bundle.ts refuses a bundle that is not):
  // latin1 reads it as utf8 would, without utf8's validation and decoding of some 500 kB at every start.
  // It is stored as a function of the CommonJS module variables, ready to compile as it is read.
  const wrapped = source.toString('latin1');
  const script = new vm.Script(wrapped, { filename: bundleFile, ...(cachedData === undefined ? {} : { cachedData }) });
  const factory = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as Partial<Pick<loadBundle.LoadedBundle, 'run' | 'serveLintJobs'>> };
  factory.call(module.exports, module.exports, require, module, bundleFile, bundleDir);
  const run = module.exports.run;
  if (run === undefined) return undefined;
  const record = options.recordCacheTo;
  if (record !== undefined) process.on('exit', () => fs.writeFileSync(record, script.createCachedData()));
  const { serveLintJobs } = module.exports;
  return { run, ...(serveLintJobs === undefined ? {} : { serveLintJobs }), cacheRejected: cachedData !== undefined && script.cachedDataRejected === true, cacheUsed: cachedData !== undefined };
}

// A function merged with a namespace of types: how a CommonJS module exports both.
namespace loadBundle {
  /** Where the CLI reads and writes. */
  export type BundleIo = import('../run.js').CliIo;

  /** The bundled CLI, and whether V8 accepted its code cache. */
  export interface LoadedBundle {
    run(argv: readonly string[], io: BundleIo): Promise<number>;
    /** The body of a lint worker thread (src/cli/read/lint-job.ts). */
    readonly serveLintJobs?: () => void;
    /** True when there was a cache and V8 refused it (another Node.js version): still works, only slower. */
    readonly cacheRejected: boolean;
    /** False when there was no cache file to use. */
    readonly cacheUsed: boolean;
  }
}

export = loadBundle;
