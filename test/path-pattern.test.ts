/**
 * The config's patterns and the command line's are one dialect: every case runs through the config's
 * matcher and through glob itself (the call the CLI makes) over a folder holding just the case's file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compilePattern, maxPathLength } from '../src/cli/config/path-pattern.js';
import { globDialect } from '../src/cli/paths/glob-dialect.js';
import { globFiles } from '../src/cli/read/expand-paths.js';
import { toPosix } from '../src/paths.js';

type Case = readonly [pattern: string, path: string, matches: boolean];

const cases: readonly Case[] = [
  // Globstar: any number of folders, none included, as a whole segment only.
  ['**/*.request.json', 'samples/valid/a.request.json', true],
  ['**/*.request.json', 'a.request.json', true],
  ['**/*.request.json', 'a.response.json', false],
  ['**/*.notification*.json', 'x/y.notification-roster.json', true],
  ['**/*.notification*.json', 'x/y.notifications.json', true],
  ['**/*.notification*.json', 'x/y.notification.jsonx', false],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/c', false],
  ['a/**', 'a/x/y.json', true],
  ['a/**', 'a', true],
  ['a/**', 'ab/x.json', false],
  ['a**b.json', 'a/x/b.json', false],
  ['a**b.json', 'axb.json', true],
  // Dot files and folders: only where the pattern spells the dot.
  ['**/*.json', '.hidden/x.json', false],
  ['**/*.json', 'a/.hidden/x.json', false],
  ['**/*.json', '.x.json', false],
  ['*.json', '.x.json', false],
  ['a/**', 'a/.hidden/x.json', false],
  ['.*rc.json', '.eslintrc.json', true],
  ['.hidden/*.json', '.hidden/x.json', true],
  ['**/.hidden/*.json', 'a/.hidden/x.json', true],
  ['./a/*.json', 'a/x.json', true],
  // Paths are relative to where the pattern is read from: ** never climbs out of it.
  ['**/*.json', '../x/a.json', false],
  ['../x/*.json', '../x/a.json', true],
  // One segment: * and ? never cross a /.
  ['bodies/*.json', 'bodies/one.json', true],
  ['bodies/*.json', 'bodies/x/one.json', false],
  ['a?c', 'abc', true],
  ['a?c', 'ac', false],
  ['a?c', 'a/c', false],
  // Braces: alternatives, nested, sequences; an unclosed one is literal.
  ['{a,b}/*.json', 'b/x.json', true],
  ['{a,b}/*.json', 'c/x.json', false],
  ['{a,{b,c}d}/x', 'cd/x', true],
  ['x{1..3}.json', 'x2.json', true],
  ['x{1..3}.json', 'x4.json', false],
  ['{a,b', '{a,b', true],
  // Character classes: ranges, negation, POSIX classes.
  ['[!a]*.json', 'b.json', true],
  ['[!a]*.json', 'a.json', false],
  ['[a-c]?.json', 'b1.json', true],
  ['[a-c]?.json', 'd1.json', false],
  ['[[:digit:]].json', '7.json', true],
  ['[[:digit:]].json', 'x.json', false],
  // Extglobs.
  ['+(a|b).json', 'abba.json', true],
  ['+(a|b).json', 'c.json', false],
  ['!(x).json', 'y.json', true],
  ['!(x).json', 'x.json', false],
  ['@(one|two)/*.json', 'two/a.json', true],
  ['?(x)y.json', 'y.json', true],
  ['*(ab)c.json', 'ababc.json', true],
  // Escapes make a special character literal.
  ['\\*.json', '*.json', true],
  ['\\*.json', 'a.json', false],
  ['\\[a\\].json', '[a].json', true],
  ['\\{a,b\\}.json', '{a,b}.json', true],
  // A leading # or ! is an ordinary character: no comments, no negation.
  ['#x.json', '#x.json', true],
  ['!x.json', '!x.json', true],
  ['!x.json', 'y.json', false],
  // Letter case counts where the file system's does.
  ['*.JSON', 'a.json', globDialect.nocase],
];

/** Whether glob, called as the CLI calls it in a folder, finds the file (the only one in or around that folder). */
async function globFinds(pattern: string, path: string): Promise<boolean> {
  const root = mkdtempSync(join(tmpdir(), 'gic-pattern-'));
  try {
    const cwd = join(root, 'cwd');
    mkdirSync(cwd);
    mkdirSync(dirname(join(cwd, path)), { recursive: true });
    writeFileSync(join(cwd, path), '{}');
    const found = await globFiles(pattern, cwd);
    return found.map((file) => toPosix(relative(cwd, file))).includes(path);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('config patterns match exactly the files command-line patterns match', async () => {
  for (const [pattern, path, matches] of cases) {
    assert.is(await globFinds(pattern, path), matches, `glob: ${pattern} ~ ${path}`);
    assert.is(compilePattern(pattern).test(path), matches, `config: ${pattern} ~ ${path}`);
  }
});

test('the ignore of dependencies matches them at any depth (glob skips node_modules on its own)', () => {
  const dependencies = compilePattern('**/node_modules/**');
  assert.ok(dependencies.test('node_modules/x.json'));
  assert.ok(dependencies.test('a/node_modules/b/c.json'));
  assert.not.ok(dependencies.test('a/node_modules_old/c.json'));
});

test('a path longer than the bound matches nothing, so no path can stall the run', () => {
  const atBound = `${'a/'.repeat((maxPathLength - 6) / 2)}x.json`;
  assert.is(atBound.length, maxPathLength);
  assert.ok(compilePattern('**/*.json').test(atBound));
  assert.not.ok(compilePattern('**/*.json').test(`a${atBound}`));
});

test('bad patterns are refused with a reason', () => {
  assert.throws(() => compilePattern('{a,b}'.repeat(9)), /more than 256 alternatives/);
  assert.not.throws(() => compilePattern('{a,b}'.repeat(8)));
  assert.throws(() => compilePattern(`${'x'.repeat(64 * 1024)}*`), /too long/);
});

test.run();
