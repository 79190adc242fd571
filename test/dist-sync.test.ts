/**
 * scripts/dist-sync.cjs, run in a scratch copy of the layout it expects: outputs of deleted sources go,
 * and a missing output drops the build info so that the incremental compile emits everything again.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';

const root = mkdtempSync(join(tmpdir(), 'graph-invite-contract-dist-sync-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

function write(path: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), '');
}

const sync = (): void => {
  execFileSync(process.execPath, [join(root, 'scripts', 'dist-sync.cjs')]);
};
const has = (path: string): boolean => existsSync(join(root, path));

mkdirSync(join(root, 'scripts'));
copyFileSync(join(packageRoot, 'scripts', 'dist-sync.cjs'), join(root, 'scripts', 'dist-sync.cjs'));
for (const source of ['src/a.ts', 'src/deep/b.cts', 'src/types.d.ts', 'generated/validators.js', 'generated/types.ts', 'test/a.test.ts']) write(source);
const outputs = ['dist/src/a.js', 'dist/src/a.d.ts', 'dist/src/deep/b.cjs', 'dist/src/deep/b.d.cts', 'dist/generated/types.js', 'dist/generated/types.d.ts', 'dist/test/a.test.js', 'dist/test/a.test.d.ts'];

test('with every output there, only the outputs of deleted sources go', () => {
  for (const file of [...outputs, 'dist/generated/validators.js', 'dist/tsconfig.tsbuildinfo', 'dist/test/gone.test.js', 'dist/test/gone.test.d.ts', 'dist/bundle/cli.cjs']) write(file);
  sync();
  assert.equal(outputs.filter((file) => !has(file)), []);
  assert.ok(has('dist/generated/validators.js'), 'the copied validators stay');
  assert.ok(!has('dist/test/gone.test.js') && !has('dist/test/gone.test.d.ts'), 'a deleted test does not run on');
  assert.ok(has('dist/bundle/cli.cjs'), 'folders the compiler does not write are left alone');
  assert.ok(has('dist/tsconfig.tsbuildinfo'), 'nothing is missing: the build info stays');
});

test('the copied validators missing leave the build info, an emitted output missing drops it', () => {
  rmSync(join(root, 'dist', 'generated', 'validators.js'));
  sync();
  assert.ok(has('dist/tsconfig.tsbuildinfo'), 'the build copies the validators after the compile');
  rmSync(join(root, 'dist', 'src', 'deep', 'b.d.cts'));
  sync();
  assert.ok(!has('dist/tsconfig.tsbuildinfo'));
  assert.ok(has('dist/src/a.js'), 'the outputs that are there stay');
});

test('with no dist/, nothing is done', () => {
  rmSync(join(root, 'dist'), { recursive: true });
  sync();
  assert.ok(!has('dist'));
});

test.run();
