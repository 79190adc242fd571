/**
 * The package's CommonJS form (dist/cjs/), for bots compiled with module commonjs: each library entry
 * bundled by esbuild from the ES modules tsc emitted (dependencies stay requires), and a copy of the
 * declaration files those entries reach, under dist/cjs/package.json's "type": "commonjs", so that
 * TypeScript's node16 resolution reads them as CommonJS. package.json's exports send require() here.
 * Node 20 before 20.19 cannot require() an ES module, and no TypeScript resolution lets a CommonJS file
 * import an ES module's declarations, hence a build rather than a re-export.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { packageRoot } from '../src/paths.js';

const dist = join(packageRoot, 'dist');
const out = join(dist, 'cjs');

/** The entries of package.json's exports that have code, as tsc emitted them. */
const cjsEntries = ['src/index.js', 'src/api/convert.js', 'src/simulate/index.js', 'generated/types.js', 'generated/types-v1.0.js'] as const;

/** The declaration files a declaration file reaches through relative specifiers, itself included. */
function reachedDeclarations(entry: string): Set<string> {
  const found = new Set<string>();
  const visit = (file: string): void => {
    if (found.has(file)) return;
    found.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g)) {
      const target = resolve(dirname(file), `${match[1] ?? ''}.d.ts`);
      if (!existsSync(target)) throw new Error(`${relative(dist, file)} names ${match[1] ?? ''}.js, which has no declaration file`);
      visit(target);
    }
  };
  visit(entry);
  return found;
}

async function main(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints: cjsEntries.map((entry) => join(dist, entry)),
    outdir: out,
    outbase: dist,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    // The validators and the formats load ajv's helpers through createRequire(import.meta.url).
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  const declarations = new Set(cjsEntries.flatMap((entry) => [...reachedDeclarations(join(dist, entry.replace(/\.js$/, '.d.ts')))]));
  for (const file of declarations) {
    const target = join(out, relative(dist, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(`build-cjs failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
