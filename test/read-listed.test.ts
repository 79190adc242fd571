/**
 * A file the expansion saw as a regular file is read without an fstat, into a buffer the thread reuses
 * (read-source.ts). That read must give what the fstat read gives for every kind of path, including what
 * was put in the file's place since it was listed; and the expansion must say "listed" only of plain files.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../src/cli/config/config.js';
import { expandPaths } from '../src/cli/read/expand-paths.js';
import { readSource, type ReadResult } from '../src/cli/read/read-source.js';

const made: string[] = [];

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gic-listed-'));
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

/** What a read gave, copied out at once (a listed read's bytes live until the thread's next read). */
function outcome(read: ReadResult): unknown {
  return 'bytes' in read ? { text: Buffer.from(read.bytes).toString('latin1') } : { ruleId: read.problem.ruleId, params: read.problem.params };
}

test('a listed read gives what the fstat read gives: sizes around the buffer and the limit', () => {
  const dir = scratch();
  const sizes = [0, 1, 7, 4096, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 700_000];
  for (const size of sizes) {
    const path = join(dir, `f-${size}.json`);
    // Bytes that differ from file to file, so that a buffer read twice would show.
    writeFileSync(path, Buffer.from(Array.from({ length: size }, (_, i) => 0x41 + ((i * 7 + size) % 26))));
    for (const limit of [size === 0 ? 0 : size - 1, size, size + 1, 10 * 1024 * 1024]) {
      if (limit < 0) continue;
      const plain = outcome(readSource(path, limit, false));
      const listed = outcome(readSource(path, limit, true));
      assert.equal(listed, plain, `${size} bytes, limit ${limit}`);
    }
  }
});

test('a listed read of consecutive files gives each its own bytes', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'long.json'), '{"a":"0123456789"}');
  writeFileSync(join(dir, 'short.json'), '[1]');
  assert.equal(outcome(readSource(join(dir, 'long.json'), 100, true)), { text: '{"a":"0123456789"}' });
  assert.equal(outcome(readSource(join(dir, 'short.json'), 100, true)), { text: '[1]' });
});

test('what was put in a listed file\'s place is told as the fstat read tells it', () => {
  const dir = scratch();
  mkdirSync(join(dir, 'folder.json'));
  assert.is(spawnSync('mkfifo', [join(dir, 'pipe.json')], { timeout: 20_000 }).status, 0);
  symlinkSync(join(dir, 'pipe.json'), join(dir, 'to-pipe.json'));
  symlinkSync(join(dir, 'nowhere.json'), join(dir, 'dangling.json'));
  for (const path of [join(dir, 'folder.json'), join(dir, 'pipe.json'), join(dir, 'to-pipe.json'), join(dir, 'dangling.json'), '/dev/zero', '/dev/null']) {
    const plain = outcome(readSource(path, 100, false));
    assert.equal(outcome(readSource(path, 100, true)), plain, path);
    assert.is((plain as { ruleId?: string }).ruleId, 'file-unreadable', path);
  }
});

test('the expansion says listed of plain files, walked or named, and not of links', async () => {
  const dir = scratch();
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'a.json'), '{}');
  writeFileSync(join(dir, 'b.json'), '{}');
  symlinkSync(join(dir, 'b.json'), join(dir, 'sub', 'link.json'));
  const config = loadConfig(dir);
  const walked = await expandPaths(['sub'], { cwd: dir, config, allowEmpty: false });
  assert.equal(walked.files.map((file) => [file.shown, file.listed === true]), [['sub/a.json', true], ['sub/link.json', false]]);
  const named = await expandPaths(['b.json', 'sub/link.json'], { cwd: dir, config, allowEmpty: false });
  // A path named is stat'ed, which follows the link: both are regular files there.
  assert.equal(named.files.map((file) => [file.shown, file.listed === true]), [['b.json', true], ['sub/link.json', true]]);
});

test.after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

test.run();
