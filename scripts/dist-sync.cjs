/**
 * Runs before the compiler in `npm run build`, which compiles incrementally (`tsc -b`): a build that
 * changes nothing then takes under a second instead of six, which every `npm test` pays.
 *
 * An incremental compile trusts its build info, not dist/. So that dist/ ends as a clean build would
 * leave it, this first deletes what the compiler emitted for a source that is gone (a deleted test must
 * not run on), and when an output of a source that is there is missing, deletes the build info as well,
 * so that the compiler emits everything again.
 * Plain CommonJS, not compiled: it runs before anything is built.
 */
const { existsSync, readdirSync, rmSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const dist = join(root, 'dist');
/** The folders tsconfig.json includes; their outputs mirror them under dist/. */
const compiled = ['src', 'generated', 'scripts', 'test'];
const buildInfo = join(dist, 'tsconfig.tsbuildinfo');

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/** What the compiler emits under dist/ for a source file. */
function emittedFor(rel) {
  if (/\.d\.[cm]?ts$/.test(rel)) return [];
  const ts = /^(.*)\.([cm]?)ts$/.exec(rel);
  return ts === null ? [] : [`${ts[1]}.${ts[2]}js`, `${ts[1]}.d.${ts[2]}ts`];
}

/** generated/'s JavaScript (ajv's standalone validators), which the build copies after the compile. */
const copiedFor = (rel) => (/^generated[\\/][^\\/]*\.js$/.test(rel) ? [rel] : []);

if (existsSync(dist)) {
  const sources = compiled.flatMap((folder) => filesUnder(join(root, folder))).map((file) => relative(root, file));
  const emitted = sources.flatMap(emittedFor);
  const expected = new Set([...emitted, ...sources.flatMap(copiedFor)]);
  const present = new Set(compiled.flatMap((folder) => filesUnder(join(dist, folder))).map((file) => relative(dist, file)));
  for (const file of present) if (!expected.has(file)) rmSync(join(dist, file));
  if (emitted.some((file) => !present.has(file))) rmSync(buildInfo, { force: true });
}
