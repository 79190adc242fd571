/**
 * The CLI's per-file path work: the read (one open, an fstat of the open file, the reads; for a file the
 * walk listed, one read and no fstat) gives what a stat and a read gave, for every kind of path; and
 * expansion, which works out each file's shown path and the config's say on it once, from its folder's,
 * gives what the general functions give for that file.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isIgnored, kindForPath, loadConfig, type Config } from '../src/cli/config/config.js';
import { displayPath, displayPrefix } from '../src/cli/paths/display-path.js';
import { pathText } from '../src/cli/paths/fs-path.js';
import { expandPaths } from '../src/cli/read/expand-paths.js';
import { readOpen, readSource, type ReadResult } from '../src/cli/read/read-source.js';
import { packageRoot } from '../src/paths.js';

const timeout = 20_000;
const made: string[] = [];

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gic-paths-'));
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

/** What a read gave, as the report would carry it: the bytes as text, or the problem's rule and params. */
function outcome(read: ReadResult): unknown {
  return 'bytes' in read ? { text: Buffer.from(read.bytes).toString('utf8') } : { ruleId: read.problem.ruleId, params: read.problem.params };
}

/**
 * A read made by a user that permissions stop: this process when it is not root, else a child run as
 * nobody (setpriv); undefined when neither can be done here.
 */
function readAsOther(path: string, maxBytes: number): unknown {
  if (process.getuid?.() !== 0) return outcome(readSource(path, maxBytes));
  const module = pathToFileURL(join(packageRoot, 'dist', 'src', 'cli', 'read', 'read-source.js')).href;
  const script = `import { readSource } from ${JSON.stringify(module)}; const r = readSource(process.argv[1], ${maxBytes}); process.stdout.write(JSON.stringify('bytes' in r ? { text: Buffer.from(r.bytes).toString('utf8') } : { ruleId: r.problem.ruleId, params: r.problem.params }));`;
  const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script, path], { timeout, encoding: 'utf8' });
  return run.status === 0 ? JSON.parse(run.stdout) : undefined;
}

const unreadable = (reason: string, code: string | null) => ({ ruleId: 'file-unreadable', params: { reason, code } });


test('a name that starts with two dots is inside the folder: only a first segment that is .. itself leads out', () => {
  assert.is(displayPath('/repo/..dots.json', '/repo'), '..dots.json');
  assert.is(displayPath('/repo/..x/a.json', '/repo'), '..x/a.json');
  assert.is(displayPath('/elsewhere/a.json', '/repo'), '/elsewhere/a.json');
  assert.is(displayPath('/repo/../a.json', '/repo/sub'), '/a.json');
});

test('a regular file is read whole, at and under the size limit', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'a.json'), '{"a":1}');
  writeFileSync(join(dir, 'empty.json'), '');
  assert.equal(outcome(readSource(join(dir, 'a.json'), 7)), { text: '{"a":1}' });
  assert.equal(outcome(readSource(join(dir, 'empty.json'), 0)), { text: '' });
  // A name of bytes that are not UTF-8 opens as bytes.
  const odd = Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xff, 0x2e, 0x6a])]);
  writeFileSync(odd, '[]');
  assert.equal(outcome(readSource(odd, 100)), { text: '[]' });
});

test('a file over the limit is file-too-large with its size and the limit', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'big.json'), 'x'.repeat(5000));
  assert.equal(outcome(readSource(join(dir, 'big.json'), 4999)), { ruleId: 'file-too-large', params: { size: 5000, limit: 4999 } });
});

test('a file that grows between the fstat and the read: read whole within the limit, file-too-large past it', () => {
  const dir = scratch();
  const path = join(dir, 'growing.json');
  writeFileSync(path, '[1]');
  for (const [limit, expected] of [
    [5000, { text: `[1]${' '.repeat(3000)}` }],
    [1000, { ruleId: 'file-too-large', params: { size: 3003, limit: 1000 } }],
  ] as const) {
    writeFileSync(path, '[1]');
    const fd = openSync(path, 'r');
    try {
      // What fstat said (3 bytes), then the file grows before the read.
      appendFileSync(path, ' '.repeat(3000));
      assert.equal(outcome(readOpen(fd, 3, limit)), expected);
    } finally {
      closeSync(fd);
    }
  }
});

test('a folder is file-unreadable: directory; a FIFO nobody writes to is special, without blocking', () => {
  const dir = scratch();
  mkdirSync(join(dir, 'folder.json'));
  assert.equal(outcome(readSource(join(dir, 'folder.json'), 100)), unreadable('directory', null));
  assert.is(spawnSync('mkfifo', [join(dir, 'pipe.json')], { timeout }).status, 0);
  assert.equal(outcome(readSource(join(dir, 'pipe.json'), 100)), unreadable('special', null));
  // A link to either is what it leads to.
  symlinkSync(join(dir, 'folder.json'), join(dir, 'to-folder.json'));
  symlinkSync(join(dir, 'pipe.json'), join(dir, 'to-pipe.json'));
  assert.equal(outcome(readSource(join(dir, 'to-folder.json'), 100)), unreadable('directory', null));
  assert.equal(outcome(readSource(join(dir, 'to-pipe.json'), 100)), unreadable('special', null));
  // A device is special too, and is never read (/dev/zero would never end).
  assert.equal(outcome(readSource('/dev/zero', 100)), unreadable('special', null));
});

test('a path that cannot be opened is file-unreadable: io with the system error code', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'file.json'), '{}');
  symlinkSync(join(dir, 'nowhere.json'), join(dir, 'dangling.json'));
  symlinkSync(join(dir, 'loop-b.json'), join(dir, 'loop-a.json'));
  symlinkSync(join(dir, 'loop-a.json'), join(dir, 'loop-b.json'));
  assert.equal(outcome(readSource(join(dir, 'dangling.json'), 100)), unreadable('io', 'ENOENT'));
  assert.equal(outcome(readSource(join(dir, 'loop-a.json'), 100)), unreadable('io', 'ELOOP'));
  assert.equal(outcome(readSource(join(dir, 'file.json', 'below.json'), 100)), unreadable('io', 'ENOTDIR'));
});

test('without read permission: a file is io EACCES, a folder is still a directory and a FIFO still special', () => {
  const dir = scratch();
  writeFileSync(join(dir, 'locked.json'), '{}');
  chmodSync(join(dir, 'locked.json'), 0o000);
  mkdirSync(join(dir, 'locked-folder.json'));
  chmodSync(join(dir, 'locked-folder.json'), 0o000);
  assert.is(spawnSync('mkfifo', ['-m', '000', join(dir, 'locked-pipe.json')], { timeout }).status, 0);
  const file = readAsOther(join(dir, 'locked.json'), 100);
  if (file === undefined) return; // Root, with no other user to run as: permissions cannot stop a read here.
  assert.equal(file, unreadable('io', 'EACCES'));
  // The open fails for these too; what they are is told by their type, as a stat told it before.
  assert.equal(readAsOther(join(dir, 'locked-folder.json'), 100), unreadable('directory', null));
  assert.equal(readAsOther(join(dir, 'locked-pipe.json'), 100), unreadable('special', null));
});

/** A tree of folders and files, some ignored by a config that also gives kinds. */
function tree(): { root: string; config: Config } {
  const root = scratch();
  writeFileSync(
    join(root, 'graph-invite-contract.config.json'),
    JSON.stringify({ kinds: { '**/*.request.json': 'invite-request', 'deep/**/x-*.json': 'invite-operation', 'top.json': 'comms-notifications' }, ignore: ['**/*.expected.json', 'skip/**', '*.config.json'] }),
  );
  for (const file of ['top.json', 'a.request.json', 'a.expected.json', 'deep/x-1.json', 'deep/er/x-2.json', 'deep/er/y.http', 'skip/s.json', 'sub/b.request.json', 'sub/c.json']) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '{}');
  }
  return { root, config: loadConfig(root) };
}

test('files walked in folders have the shown path and config kind the general functions give them', async () => {
  const { root, config } = tree();
  // From the root, from a folder inside it, and from outside both (shown paths absolute), with the config's
  // folder not the working one.
  for (const [cwd, args] of [
    [root, ['.']],
    [root, [join(root, 'deep'), 'sub', 'top.json', './a.request.json']],
    [join(root, 'sub'), ['..', '.']],
    [join(root, 'deep', 'er'), [join(root, 'sub'), '../..']],
    [tmpdir(), [root]],
  ] as const) {
    const expansion = await expandPaths(args, { cwd, config, allowEmpty: false });
    assert.equal(expansion.errors, []);
    const expected = ['top.json', 'a.request.json', 'deep/x-1.json', 'deep/er/x-2.json', 'deep/er/y.http', 'sub/b.request.json', 'sub/c.json'];
    assert.equal(expansion.files.map((file) => pathText(file.path)).sort(), expected.map((name) => join(root, name)).sort(), `${cwd} ${args.join(' ')}`);
    for (const file of expansion.files) {
      const text = pathText(file.path);
      assert.is(file.shown, displayPath(text, cwd));
      assert.is(file.configKind, kindForPath(config, text));
      assert.not.ok(isIgnored(config, text));
    }
    assert.equal(
      expansion.files.map((file) => file.shown),
      [...expansion.files.map((file) => file.shown)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  }
});

test('files named or globbed have the same shown path and config kind; ignored ones are left out', async () => {
  const { root, config } = tree();
  const expansion = await expandPaths(['top.json', 'a.expected.json', 'deep/**/*.json', 'skip/s.json'], { cwd: root, config, allowEmpty: true });
  assert.equal(
    expansion.files.map((file) => [file.shown, file.configKind]),
    [
      ['deep/er/x-2.json', 'invite-operation'],
      ['deep/x-1.json', 'invite-operation'],
      ['top.json', 'comms-notifications'],
    ],
  );
});

test('the prefix of a folder\'s files is what displayPath shows of them less the name', () => {
  const cwd = join(tmpdir(), 'work');
  for (const folder of [cwd, join(cwd, 'a'), join(cwd, 'a', 'b'), tmpdir(), '/', join(cwd, '..', 'other')]) {
    assert.is(displayPrefix(folder, cwd) + 'n.json', displayPath(join(folder, 'n.json'), cwd), folder);
  }
});

test('the installed command starts without node_modules or node:crypto: its bundle holds what a run needs (after a full build)', () => {
  const bundle = join(packageRoot, 'dist', 'bundle', 'cli.cjs');
  // After tsc alone (npm run test:unit) there is no current bundle and the command runs the ES modules.
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < statSync(join(packageRoot, 'dist', 'src', 'cli', 'run.js')).mtimeMs) return;
  const dir = scratch();
  const hook = join(dir, 'hook.cjs');
  // At exit: the CommonJS modules loaded from files, and whether node:crypto was (it builds the stream stack).
  writeFileSync(
    hook,
    "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify({ files: Object.keys(require.cache), crypto: process.moduleLoadList.includes('NativeModule crypto') })));",
  );
  const bin = join(packageRoot, 'dist', 'src', 'cli', 'start', 'bin.cjs');
  const run = spawnSync(process.execPath, ['-r', hook, bin, 'validate', 'samples/documented', 'samples/valid'], { cwd: packageRoot, encoding: 'utf8', timeout });
  assert.is(run.status, 0, run.stderr);
  const loaded = JSON.parse(run.stderr.slice(run.stderr.lastIndexOf('LOADED ') + 7)) as { files: string[]; crypto: boolean };
  assert.equal(loaded.files.filter((file) => file !== hook), [bin]);
  assert.is(loaded.crypto, false);
});

// A file the expansion saw as a regular file is read without an fstat, into a buffer the thread reuses: that
// read must give what the fstat read gives for every kind of path, including what was put in the file's
// place since it was listed; and the expansion says "listed" only of plain files.

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

test('a walk keeps every entry named for linting that is not a folder: a FIFO, a link to one, a dangling link; not a link to a folder', async () => {
  const dir = scratch();
  mkdirSync(join(dir, 'walk'));
  mkdirSync(join(dir, 'elsewhere'));
  writeFileSync(join(dir, 'walk', 'a.json'), '{}');
  assert.is(spawnSync('mkfifo', [join(dir, 'walk', 'fifo.json'), join(dir, 'elsewhere', 'pipe')], { timeout }).status, 0);
  symlinkSync(join(dir, 'elsewhere', 'pipe'), join(dir, 'walk', 'to-pipe.json'));
  symlinkSync(join(dir, 'nowhere.json'), join(dir, 'walk', 'dangling.json'));
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'walk', 'folder.json'));
  // Not named for linting: still left out.
  assert.is(spawnSync('mkfifo', [join(dir, 'walk', 'fifo.txt')], { timeout }).status, 0);
  const walked = await expandPaths(['walk'], { cwd: dir, config: loadConfig(dir), allowEmpty: false });
  // Only the plain file is known to be regular: the read of the others opens without blocking and fstats.
  assert.equal(
    walked.files.map((file) => [file.shown, file.listed === true]),
    [
      ['walk/a.json', true],
      ['walk/dangling.json', false],
      ['walk/fifo.json', false],
      ['walk/to-pipe.json', false],
    ],
  );
});

test.after(() => {
  for (const dir of made) {
    spawnSync('chmod', ['-R', 'u+rwx', dir], { timeout });
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
