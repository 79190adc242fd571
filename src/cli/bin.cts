#!/usr/bin/env node
/**
 * The installed command. It runs the CLI bundled into one script with the V8 code cache recorded at build
 * time (scripts/bundle.ts), so a cold start skips module resolution and compilation. Without the bundle,
 * or when V8 rejects the cache (another Node.js version), it still works, only slower.
 */
import fs = require('node:fs');
import path = require('node:path');
import vm = require('node:vm');

interface Io {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}
type Run = (argv: readonly string[], io: Io) => Promise<number>;

const bundleDir = path.join(__dirname, '..', '..', 'bundle');
const bundleFile = path.join(bundleDir, 'cli.cjs');
const cacheFile = path.join(bundleDir, 'cli.cache');
/** Set by the build only: where to write the code cache once this run is over. */
const recordCacheTo = process.env['GRAPH_INVITE_CONTRACT_WRITE_CODE_CACHE'];

function readOrUndefined(file: string, encoding?: 'utf8'): string | Buffer | undefined {
  try {
    return encoding === undefined ? fs.readFileSync(file) : fs.readFileSync(file, encoding);
  } catch {
    return undefined;
  }
}

/** Evaluates the bundle as a CommonJS module, with the code cache when there is one. */
function loadBundle(): Run | undefined {
  const source = readOrUndefined(bundleFile, 'utf8');
  if (typeof source !== 'string') return undefined;
  const cachedData = recordCacheTo === undefined ? readOrUndefined(cacheFile) : undefined;
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, {
    filename: bundleFile,
    ...(Buffer.isBuffer(cachedData) ? { cachedData } : {}),
  });
  const factory = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as { run?: Run } };
  factory.call(module.exports, module.exports, require, module, bundleFile, bundleDir);
  if (recordCacheTo !== undefined) process.on('exit', () => fs.writeFileSync(recordCacheTo, script.createCachedData()));
  return module.exports.run;
}

const run = loadBundle();
if (run === undefined) {
  // No bundle (a build that skipped it): the ES module entry point does the same work.
  void import('./main.js');
} else {
  run(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
    (status) => {
      process.exitCode = status;
    },
    () => {
      process.exitCode = 2;
    },
  );
}
