/**
 * `prepare` runs this first (`node scripts/can-skip-build.cjs || npm run build`): it exits 0, and the build
 * is skipped, only when TypeScript is not installed (devDependencies omitted: `npm ci --omit=dev`) and the
 * committed bundle, bin/graph-invite-contract.cjs, is there to run instead. Otherwise it exits 1 and the
 * build runs: `npm ci` in this repository and git installs (which install devDependencies) still build.
 * Plain CommonJS, not compiled: it runs before anything is built.
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
let typescript = true;
try {
  require.resolve('typescript', { paths: [root] });
} catch {
  typescript = false;
}
if (!typescript && existsSync(join(root, 'bin', 'graph-invite-contract.cjs'))) {
  process.stderr.write('graph-invite-contract: no TypeScript (devDependencies omitted), so no build; bin/graph-invite-contract.cjs is the command\n');
  process.exit(0);
}
process.exit(1);
