import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { bin, waitUntilPipeFull } from './cli-harness.js';

type FdOutput = typeof import('../src/cli/start/fd-output.cjs');
// A CommonJS module, as the bin that uses it; required from the build.
const fdOutput = createRequire(import.meta.url)(join(packageRoot, 'dist', 'src', 'cli', 'start', 'fd-output.cjs')) as FdOutput;

/** A stand-in for the fallback stream that records what reaches it. */
function recorder() {
  const chunks: Buffer[] = [];
  let made = 0;
  return {
    stream: () => {
      made += 1;
      return { write: (chunk: string | Uint8Array) => chunks.push(Buffer.from(chunk)) };
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
    made: () => made,
  };
}

const errno = (code: string): Error => Object.assign(new Error(code), { code });

test('a file gets every byte through writeSync, and is not a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-fd-'));
  const fd = openSync(join(dir, 'out.txt'), 'w');
  try {
    const fallback = recorder();
    const out = fdOutput(fd, fallback.stream);
    assert.is(out.isTTY, false);
    out.write('first ');
    out.write('ünïcödé 😀\n');
    closeSync(fd);
    assert.is(readFileSync(join(dir, 'out.txt'), 'utf8'), 'first ünïcödé 😀\n');
    assert.is(fallback.made(), 0, 'the stream is never made');
    assert.ok(out.written, 'nothing is left for a stream to write: the command may exit at once');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('blocks of any script, one after another and one bigger than the kept buffer, reach the file byte for byte', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-fd-'));
  const fd = openSync(join(dir, 'out.txt'), 'w');
  try {
    // A block of three-byte characters that fills most of the kept buffer, a shorter one after it (no byte
    // of the first may be left over), surrogate pairs, and a text too big for the buffer.
    const texts = ['€'.repeat(80_000), 'ascii after\n', '😀'.repeat(1000), `${'é'.repeat(150_000)}end\n`];
    const out = fdOutput(fd, recorder().stream);
    for (const text of texts) assert.ok(out.write(text));
    closeSync(fd);
    assert.is(readFileSync(join(dir, 'out.txt'), 'utf8'), texts.join(''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('partial writes continue where they stopped; EAGAIN hands the rest, in order, to the stream', () => {
  const written: Buffer[] = [];
  let calls = 0;
  const fakeWrite = (_fd: number, bytes: Uint8Array, offset: number): number => {
    calls += 1;
    if (calls === 3) throw errno('EAGAIN');
    const part = Buffer.from(bytes.subarray(offset, offset + 4));
    written.push(part);
    return part.length;
  };
  const fallback = recorder();
  // A descriptor that is no terminal: standard input of the test, a pipe or /dev/null, is not asked.
  const out = fdOutput(-1, fallback.stream, fakeWrite);
  out.write('0123456789ab');
  assert.not.ok(out.written, 'the stream holds what is left: the command must let it drain before exiting');
  out.write('tail');
  assert.is(Buffer.concat(written).toString() + fallback.text(), '0123456789abtail');
  assert.is(Buffer.concat(written).toString(), '01234567');
});

test('a reader that has gone (EPIPE) ends the output quietly', () => {
  const fallback = recorder();
  let calls = 0;
  const out = fdOutput(-1, fallback.stream, () => {
    calls += 1;
    throw errno('EPIPE');
  });
  assert.is(out.write('lost'), false);
  assert.is(out.write('also lost'), false);
  assert.is(calls, 1);
  assert.is(fallback.made(), 0);
  assert.ok(out.written, 'nothing is left to write anywhere');
});

test('other write errors are not swallowed', () => {
  const out = fdOutput(-1, recorder().stream, () => {
    throw errno('EIO');
  });
  assert.throws(() => out.write('x'), /EIO/);
});

test('guardedStdout: a write error on process.stdout ends quietly on EPIPE, and is said in one line otherwise', () => {
  const module = join(packageRoot, 'dist', 'src', 'cli', 'start', 'fd-output.cjs');
  const emit = (code: string) =>
    spawnSync(process.execPath, ['-e', `const out = require(${JSON.stringify(module)}).guardedStdout(); out.emit('error', Object.assign(new Error('failed'), { code: ${JSON.stringify(code)} }));`], {
      encoding: 'utf8',
    });
  const epipe = emit('EPIPE');
  assert.is(epipe.status, 0);
  assert.is(epipe.stderr, '');
  const eio = emit('EIO');
  assert.is(eio.status, 2);
  assert.is(eio.stderr, 'graph-invite-contract: cannot write the report (EIO)\n');
});

test('the command exits early only with nothing left to flush: standard error to a slow reader arrives whole', () => {
  // The shell pipeline below needs a POSIX shell.
  if (process.platform === 'win32') return;
  const dir = mkdtempSync(join(tmpdir(), 'gic-fd-'));
  try {
    // A line on standard error for each path that is not there: far more than a pipe holds.
    const args = Array.from({ length: 3000 }, (_, i) => `missing-${i}.json`);
    const whole = spawnSync(process.execPath, [bin, 'validate', ...args], { cwd: dir, encoding: 'utf8' });
    assert.is(whole.status, 2);
    assert.ok(Buffer.byteLength(whole.stderr) > 128 * 1024, `${Buffer.byteLength(whole.stderr)} bytes`);
    // The same run, its standard error on a pipe that nobody reads until it is full.
    const slow = spawnSync('sh', ['-c', `"$0" "$@" 2>&1 >/dev/null | { ${waitUntilPipeFull}; wc -c; }`, process.execPath, bin, 'validate', ...args], { cwd: dir, encoding: 'utf8' });
    assert.is(slow.stderr, '');
    assert.is(Number(slow.stdout.trim()), Buffer.byteLength(whole.stderr));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
