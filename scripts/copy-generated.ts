/**
 * Puts generated/'s JavaScript (ajv's standalone validators) beside what the compiler emitted into
 * dist/generated/: the compiler takes their declaration files and emits only TypeScript.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';

const from = join(packageRoot, 'generated');
const to = join(packageRoot, 'dist', 'generated');
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) if (name.endsWith('.js')) copyFileSync(join(from, name), join(to, name));
