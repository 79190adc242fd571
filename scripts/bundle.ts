/**
 * Bundles the CLI into one CommonJS script (dist/bundle/cli.cjs) and records V8's code cache for it
 * (dist/bundle/cli.cache) from a warm run over the documented samples. The installed command
 * (src/cli/start/bin.cts) runs the bundle with that cache, so start-up neither resolves some forty ES modules
 * nor compiles the precompiled validators again: on Node.js 20, which has no module compile cache, that
 * is most of the cold-start time.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { packageRoot } from '../src/paths.js';

const dist = join(packageRoot, 'dist');
const bundleDir = join(dist, 'bundle');
const bundle = join(bundleDir, 'cli.cjs');
const cache = join(bundleDir, 'cli.cache');
const bin = join(dist, 'src', 'cli', 'start', 'bin.cjs');

/**
 * The generated modules load ajv's runtime helpers (ucs2length) through createRequire, which esbuild cannot
 * follow: in the bundle they stayed requires resolved at run time, through node_modules and its links, then
 * compiled without the code cache (some 3 ms of every start). Written as plain requires, they are bundled.
 * So is ajv-formats, which src/validate/formats.ts loads the same way, on first use.
 */
const bundleGeneratedRequires: Plugin = {
  name: 'bundle-generated-requires',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]dist[\\/](?:generated[\\/][^\\/]+|src[\\/]validate[\\/]formats)\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source
        .replace(/^const require = createRequire\(import\.meta\.url\);$/m, '')
        .replace(/createRequire\(import\.meta\.url\)\(("[^"]+"|'[^']+')\)/g, 'require($1)');
      return { contents, loader: 'js' };
    });
  },
};

/**
 * src/paths.ts finds the package from import.meta.url through a URL and fileURLToPath: node compiles a
 * dozen functions of its URL code for that at every start, with no code cache. The bundle sits two folders
 * below the package root as dist/src/paths.js does, so the same relative paths are joined to its folder.
 */
const packagePathsWithoutUrls: Plugin = {
  name: 'package-paths-without-urls',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]dist[\\/]src[\\/]paths\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replace(/fileURLToPath\(new URL\(('[^']+'), import\.meta\.url\)\)/g, "require('node:path').join(__dirname, $1)");
      if (contents === source || contents.includes('import.meta.url')) throw new Error(`${args.path}: the package paths are no longer written as this plugin expects`);
      return { contents, loader: 'js' };
    });
  },
};

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

async function main(): Promise<number> {
  rmSync(bundleDir, { recursive: true, force: true });
  await build({
    entryPoints: [join(dist, 'src', 'cli', 'run.js')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // The modules that createRequire(import.meta.url) get the URL where dist/src/paths.js would be, made
    // only when one of them runs (packagePathsWithoutUrls replaces src/paths.ts's own uses).
    define: { 'import.meta.url': '__packageModule.url' },
    banner: { js: "const __packageModule = { get url() { return require('node:url').pathToFileURL(require('node:path').join(__dirname, '..', 'src', 'paths.js')).href; } };" },
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    // Short names: a smaller source to read and a smaller code cache to load at every start. No code of
    // ours reads a function's or a class's name.
    minifyIdentifiers: true,
    logLevel: 'warning',
    plugins: [bundleGeneratedRequires, packagePathsWithoutUrls],
  });
  // The loader reads the bundle as latin1, which only ASCII text survives unchanged.
  if (!isAscii(readFileSync(bundle))) {
    console.error('bundle: dist/bundle/cli.cjs holds a byte above 0x7f; the loader reads it as ASCII');
    return 1;
  }
  await bundleBin();
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

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(`bundle failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
