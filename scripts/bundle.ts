/**
 * Bundles the CLI into one CommonJS script (dist/bundle/cli.cjs) and records V8's code cache for it
 * (dist/bundle/cli.cache) from a warm run over the documented samples. The installed command
 * (src/cli/start/bin.cts) runs the bundle with that cache, so start-up neither resolves some forty ES modules
 * nor compiles the precompiled validators again: on Node.js 20, which has no module compile cache, that
 * is most of the cold-start time.
 *
 * Also builds the hook bundle (dist/hook/graph-invite-contract.cjs): the whole command in one script that
 * needs no node_modules, no build and no code cache, which the repository commits as
 * bin/graph-invite-contract.cjs for pre-commit and the GitHub Action (docs/ci.md). `--write-hook` writes
 * it there too; test/hooks.test.ts bundles the compiled sources again and fails while the committed copy
 * differs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { packageRoot, toPosix } from '../src/paths.js';

const dist = join(packageRoot, 'dist');
const bundleDir = join(dist, 'bundle');
const bundle = join(bundleDir, 'cli.cjs');
const cache = join(bundleDir, 'cli.cache');
const bin = join(dist, 'src', 'cli', 'start', 'bin.cjs');

/** What dist/bundle/cli.cjs holds around the bundled module's code: a function of CommonJS's module variables. */
const bundleWrapper = ['(function (exports, require, module, __filename, __dirname) {', '\n})'] as const;

/** The hook bundle as the build makes it, and the committed copy pre-commit and the Action run. */
export const hookBundle = join(dist, 'hook', 'graph-invite-contract.cjs');
export const committedHookBundle = join(packageRoot, 'bin', 'graph-invite-contract.cjs');

/** Rewrites createRequire(import.meta.url)(name) in the files the filter matches as plain requires, which esbuild follows. */
function plainRequires(name: string, filter: RegExp): Plugin {
  return {
    name,
    setup(builder) {
      builder.onLoad({ filter }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const contents = source
          .replace(/^const require = createRequire\(import\.meta\.url\);$/m, '')
          .replace(/createRequire\(import\.meta\.url\)\(("[^"]+"|'[^']+')\)/g, 'require($1)');
        return { contents, loader: 'js' };
      });
    },
  };
}

/**
 * The generated modules load ajv's runtime helpers (ucs2length) through createRequire, which esbuild cannot
 * follow: in the bundle they stayed requires resolved at run time, through node_modules and its links, then
 * compiled without the code cache (some 3 ms of every start). Written as plain requires, they are bundled.
 * So is ajv-formats, which src/validate/formats.ts loads the same way, on first use.
 */
const bundleGeneratedRequires = plainRequires('bundle-generated-requires', /[\\/]dist[\\/](?:generated[\\/][^\\/]+|src[\\/]validate[\\/]formats)\.js$/);

/**
 * The hook bundle also takes in what the CLI loads through createRequire on first use (glob, for
 * patterns), so that it needs no node_modules. Node's own modules stay requires.
 */
const bundleAllRequires = plainRequires('bundle-all-requires', /[\\/]dist[\\/](?:src|generated)[\\/].*\.js$/);

/**
 * What both bundles are: one CommonJS script for Node.js 20, minified. Short names: a smaller source to read
 * and a smaller code cache to load at every start. No code of ours reads a function's or a class's name.
 */
const scriptOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: true,
  logLevel: 'warning',
} as const satisfies BuildOptions;

/**
 * src/paths.ts finds the package from import.meta.url through a URL and fileURLToPath: node compiles a
 * dozen functions of its URL code for that at every start, with no code cache. Each path is written
 * instead relative to the folder the bundle is written to (dist/bundle, bin), joined to its __dirname.
 */
function packagePathsWithoutUrls(outDir: string): Plugin {
  return {
    name: 'package-paths-without-urls',
    setup(builder) {
      builder.onLoad({ filter: /[\\/]dist[\\/]src[\\/]paths\.js$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const contents = source.replace(/fileURLToPath\(new URL\('([^']+)', import\.meta\.url\)\)/g, (_, path: string) => {
          const target = toPosix(relative(outDir, resolve(dirname(args.path), path)));
          return `require('node:path').join(__dirname, '${target}${path.endsWith('/') ? '/' : ''}')`;
        });
        if (contents === source || contents.includes('import.meta.url')) throw new Error(`${args.path}: the package paths are no longer written as this plugin expects`);
        return { contents, loader: 'js' };
      });
    },
  };
}

/**
 * The installed command's entry, its bundle loader and its output in one script: three CommonJS modules
 * cost Node three resolutions (a realpath each, the package scope), three reads and three compilations.
 * The ES module fallback (main.js) stays a file of its own, loaded only without the bundle.
 */
async function bundleBin(): Promise<void> {
  await build({
    entryPoints: [bin],
    outfile: bin,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['./main.js'],
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/**
 * The third-party packages a bundle holds, from esbuild's metafile (paths relative to the package root):
 * name@version (license), sorted. A package nested in another's node_modules is read from its own folder.
 */
function bundledPackages(inputs: readonly string[]): string[] {
  const packages = new Map<string, string>();
  for (const input of inputs) {
    const folder = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(toPosix(input))?.[1];
    if (folder === undefined) continue;
    const pkg = JSON.parse(readFileSync(join(resolve(packageRoot, folder), 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    packages.set(`${pkg.name} ${pkg.version}`, `${pkg.name}@${pkg.version} (${pkg.license ?? 'see its package'})`);
  }
  return [...packages.keys()].sort().map((key) => packages.get(key) ?? key);
}

/**
 * The command in one script for pre-commit and the GitHub Action: the same work as src/cli/start/main.ts,
 * without top-level await (a CommonJS script has none). It runs from bin/ of a clone of this repository,
 * where package.json (the version) is one folder up; the package paths are written for that folder.
 */
export async function bundleHook(): Promise<string> {
  const entry = [
    "import fdOutput from './src/cli/start/fd-output.cjs';",
    "import { run } from './src/cli/run.js';",
    'const cwd = fdOutput.workingFolder();',
    'if (cwd === undefined) process.exitCode = 2;',
    'else run(process.argv.slice(2), { cwd, env: process.env, stdout: fdOutput.guardedStdout(), stderr: fdOutput.stderr }).then(',
    '  (status) => { process.exitCode = status; },',
    '  () => { process.exitCode = 2; },',
    ');',
  ].join('\n');
  const result = await build({
    stdin: { contents: entry, resolveDir: dist, sourcefile: 'hook-entry.js', loader: 'js' },
    write: false,
    outfile: hookBundle,
    ...scriptOptions,
    // Only Node's own modules are still required through createRequire, which any URL serves.
    define: { 'import.meta.url': '__hookModuleUrl' },
    banner: { js: "const __hookModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    metafile: true,
    absWorkingDir: packageRoot,
    // The paths plugin first: esbuild loads a file with the first plugin that returns its contents.
    plugins: [packagePathsWithoutUrls(dirname(committedHookBundle)), bundleAllRequires],
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('.cjs'))?.text;
  if (code === undefined) throw new Error('esbuild wrote no hook bundle');
  const header = [
    '#!/usr/bin/env node',
    '// graph-invite-contract: the whole command in one script, for pre-commit and the GitHub Action (docs/ci.md).',
    '// Generated by `npm run build && node dist/scripts/bundle.js --write-hook` from src/; do not edit.',
    '// Bundled packages:',
    ...bundledPackages(Object.keys(result.metafile.inputs)).map((line) => `//   ${line}`),
    '',
  ].join('\n');
  return header + code;
}

/** Modification times, or undefined for a file that is not there. */
function modified(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Whether every output is there and newer than every input (an input that is not there counts as new). */
export function outputsNewer(outputs: readonly string[], inputs: readonly string[]): boolean {
  const times = outputs.map(modified);
  if (times.some((time) => time === undefined)) return false;
  const oldest = Math.min(...(times as number[]));
  return inputs.every((file) => (modified(file) ?? Number.POSITIVE_INFINITY) < oldest);
}

/**
 * Whether a build here would make what is there already: its outputs newer than the compiled sources, the
 * lockfile (which pins what the bundles take from node_modules) and this script. bin.cjs is both: the
 * compiler emits it and bundleBin rewrites it in place, after the bundle, so it is left out.
 */
function upToDate(): boolean {
  const compiled = [join(dist, 'src'), join(dist, 'generated')].flatMap((dir) =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name)),
  );
  return outputsNewer([bundle, cache, hookBundle], [...compiled.filter((file) => file !== bin), join(packageRoot, 'package-lock.json'), fileURLToPath(import.meta.url)]);
}

async function main(): Promise<number> {
  // `npm run build` passes --if-stale: a build that changed nothing here skips the bundling and the warm-up
  // run, half a second of every npm test.
  if (process.argv.includes('--if-stale') && !process.argv.includes('--write-hook') && upToDate()) return 0;
  rmSync(bundleDir, { recursive: true, force: true });
  await build({
    entryPoints: [join(dist, 'src', 'cli', 'run.js')],
    outfile: bundle,
    ...scriptOptions,
    // The modules that createRequire(import.meta.url) get the URL where dist/src/paths.js would be, made
    // only when one of them runs (packagePathsWithoutUrls replaces src/paths.ts's own uses).
    define: { 'import.meta.url': '__packageModule.url' },
    banner: { js: "const __packageModule = { get url() { return require('node:url').pathToFileURL(require('node:path').join(__dirname, '..', 'src', 'paths.js')).href; } };" },
    plugins: [bundleGeneratedRequires, packagePathsWithoutUrls(bundleDir)],
  });
  // The loader reads the bundle as latin1, which only ASCII text survives unchanged.
  const code = readFileSync(bundle);
  if (!isAscii(code)) {
    console.error('bundle: dist/bundle/cli.cjs holds a byte above 0x7f; the loader reads it as ASCII');
    return 1;
  }
  // Stored as the function the loader compiles, the CommonJS wrapper around the module's code: joining the
  // two at every start made V8 copy half a megabyte into one string first (0.75 ms of a 72 ms cold start).
  writeFileSync(bundle, `${bundleWrapper[0]}${code.toString('latin1')}${bundleWrapper[1]}`, 'latin1');
  await bundleBin();
  const hook = await bundleHook();
  mkdirSync(dirname(hookBundle), { recursive: true });
  writeFileSync(hookBundle, hook);
  if (process.argv.includes('--write-hook')) {
    mkdirSync(dirname(committedHookBundle), { recursive: true });
    writeFileSync(committedHookBundle, hook);
    // pre-commit runs it as a script: git keeps the mode it is committed with.
    chmodSync(committedHookBundle, 0o755);
  }
  // The cache holds the functions compiled during this run: the common path of a lint with problems.
  const warm = spawnSync(process.execPath, [bin, 'validate', join(packageRoot, 'samples', 'documented')], {
    env: { ...process.env, GRAPH_INVITE_CONTRACT_WRITE_CODE_CACHE: cache, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (warm.status !== 0) {
    console.error(`bundle: the warm-up run exited ${String(warm.status)}: ${warm.stderr}`);
    return 1;
  }
  return 0;
}

// Run as a script; test/hooks.test.ts imports the bundle paths only.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      console.error(`bundle failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
