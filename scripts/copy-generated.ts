/**
 * Puts generated/'s JavaScript (ajv's standalone validators) beside what the compiler emitted into
 * dist/generated/: the compiler takes their declaration files and emits only TypeScript.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';

/** The file's bytes, or undefined when it is not there. */
function bytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

const from = join(packageRoot, 'generated');
const to = join(packageRoot, 'dist', 'generated');
mkdirSync(to, { recursive: true });

// A copy the same as before is left alone, its time with it: the bundle step rebuilds only what is newer.
for (const name of readdirSync(from)) {
  if (!name.endsWith('.js')) continue;
  const source = join(from, name);
  const target = join(to, name);
  if (!bytes(target)?.equals(readFileSync(source))) copyFileSync(source, target);
}
