/**
 * Builds the V8 startup snapshot of figure 1 (bench-snapshot-entry.cts): the bundled CLI, warmed by a run
 * over the documented samples, in a blob that `node --snapshot-blob <blob> validate ...` starts from. Not
 * a way to ship the command (a blob is read only through a flag, which `#!/usr/bin/env node` cannot pass,
 * and only by the Node.js that built it): a measurement of what the other way to start costs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';
import { documentedDir } from './bench-commands.js';
import { timedEnvironment } from './bench-stats.js';

const entry = join(packageRoot, 'dist', 'scripts', 'bench-snapshot-entry.cjs');
export const bundledCli = join(packageRoot, 'dist', 'bundle', 'cli.cjs');

/** The blob's path, written into `dir`; or why it could not be built (the message of Node.js, in short). */
export function buildStartupSnapshot(dir: string, bundle = bundledCli): { readonly blob: string } | { readonly failure: string } {
  const blob = join(dir, 'cli.blob');
  // The builder runs its entry as a script given require, __filename and __dirname only: the compiled
  // CommonJS module is handed the exports object it marks.
  const script = join(dir, 'entry.cjs');
  writeFileSync(script, `(function (exports) {${readFileSync(entry, 'utf8')}\n})({});\n`);
  const built = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', script], {
    cwd: packageRoot,
    env: { ...timedEnvironment(), GIC_SNAPSHOT_BUNDLE: bundle, GIC_SNAPSHOT_WARM_UP: documentedDir, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (built.error !== undefined) return { failure: built.error.message };
  if (built.status !== 0) {
    // Node warns about modules not yet verified in snapshots on every build: the error's own line tells the failure.
    const lines = built.stderr.trim().split('\n');
    const said = lines.find((line) => /^[A-Za-z]*Error\b/.test(line)) ?? lines.at(-1) ?? '';
    return { failure: `node --build-snapshot exited ${String(built.status)}: ${said}` };
  }
  return { blob };
}
