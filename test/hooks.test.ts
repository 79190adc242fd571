import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';

test('the pre-commit hook runs the package binary on the staged files', () => {
  const hooks = readFileSync(join(packageRoot, '.pre-commit-hooks.yaml'), 'utf8');
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const entry = /^\s*entry:\s*(\S+)\s+validate\s*$/m.exec(hooks)?.[1];
  assert.ok(entry !== undefined && entry in pkg.bin, `entry ${String(entry)} is a bin of the package`);
  assert.match(hooks, /^\s*pass_filenames:\s*true\s*$/m);
  assert.match(hooks, /^- id: graph-invite-contract$/m);
  assert.match(hooks, /^\s*language:\s*node\s*$/m);
});

test.run();
