/**
 * What the many-files path keeps cheap must stay the same as the plain path: the expanded list's order and
 * paths (files held as folder and name), and the json entry of a clean file (written without stringify).
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { folderMatcher, loadConfig, matchRelative, outsideConfigFolder } from '../src/cli/config/config.js';
import { compilePattern } from '../src/cli/config/path-pattern.js';
import { displayPath } from '../src/cli/paths/display-path.js';
import { jsonStream } from '../src/cli/formatters/json.js';
import type { FormatOptions } from '../src/cli/formatters/types.js';
import { expandPaths } from '../src/cli/read/expand-paths.js';
import type { FileReport } from '../src/model/report.js';

const made: string[] = [];
test.after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

test('a walked tree is listed in the order of its shown paths, across folders whose names sort around a separator', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gic-many-'));
  made.push(root);
  // "-" and "." sort before "/", "B" before "a", "_" after "Z": a folder's files interleave with its neighbours'.
  const names = ['a/b.json', 'a/b/c.json', 'a/b-c/d.json', 'a/b.c/e.json', 'a/B.json', 'a/b/_.json', 'a/b/Z.json', 'a0.json', 'a/b/c/f.json', 'ab.json', 'a/ü.json', 'a/z.json'];
  for (const name of names) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), '{}');
  }
  const config = loadConfig(root, undefined, () => undefined);
  // From inside a/, its files are shown relative and the others whole: two kinds of prefix in one list.
  for (const [cwd, arg] of [
    [root, '.'],
    [join(root, 'a'), '..'],
  ] as const) {
    const expansion = await expandPaths([arg], { cwd, config, allowEmpty: false });
    assert.equal(expansion.errors, []);
    const shown = expansion.files.map((file) => file.shown);
    assert.equal(shown, names.map((name) => displayPath(join(root, name), cwd)).sort(byText), `${cwd} ${arg}`);
    assert.equal(
      expansion.files.map((file) => file.path),
      shown.map((path) => resolve(cwd, path)),
    );
  }
});

test('a walk takes a file by its extension in any case, and never a dot file', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gic-many-'));
  made.push(root);
  // Lower case (matched as it is), capitals and a capital beyond ASCII (lower-cased first), and names that
  // only look close.
  const taken = ['a.json', 'B.JSON', 'c.Http', '\u00c9.JSON', 'd.request.json'];
  for (const name of [...taken, 'e.txt', 'f.jsonx', '.g.json', 'json', 'h.JSON.txt']) writeFileSync(join(root, name), '{}');
  const config = loadConfig(root, undefined, () => undefined);
  const expansion = await expandPaths(['.'], { cwd: root, config, allowEmpty: false });
  assert.equal(expansion.errors, []);
  assert.equal(
    expansion.files.map((file) => file.shown),
    [...taken].sort(byText),
  );
});

test('a segment of stars and literal text is matched by name as minimatch matches it', () => {
  const root = mkdtempSync(join(tmpdir(), 'gic-many-'));
  made.push(root);
  // Segments that are stars and text take the quick test (where case matters, as off macOS and Windows);
  // an escaped star or a class beside them keep minimatch's expression. All must give its answers.
  const patterns = ['**/*.request.json', '**/*.notification*.json', '*.json', '**/*', '**/*a*a', '**/*.x*y*z', '**/**.json', '**/*a**b', '**/*\\*.json', '**/*[ab].json', '**/*.JSON'];
  const file = join(root, 'stars.json');
  writeFileSync(file, JSON.stringify({ kinds: Object.fromEntries(patterns.map((pattern, index) => [pattern, index % 2 === 0 ? 'invite-request' : 'comms-notifications'])), ignore: ['**/*.z*z'] }));
  const config = loadConfig(root, file);
  const match = folderMatcher(config, '');
  const name = fc.stringMatching(/^[a-z.*\\xyzJSONé]{1,14}$/);
  fc.assert(
    fc.property(name, (text) => {
      assert.equal(match(text), matchRelative(config, text), text);
    }),
    { numRuns: 3000 },
  );
  // The quick test's own edges, each against the whole-path answer.
  for (const text of ['.request.json', 'a.request.json', 'x.notification.json', 'x.notificationjson', '.notification.json', 'aa', 'a', 'xyz.x', '.x.json', '*.json', 'a\\*.json', 'ab.json', 'b.JSON', 'a.z', 'zz.z', 'a.zz']) {
    assert.equal(match(text), matchRelative(config, text), text);
  }
});

test('patterns whose answer follows from a name\'s tail are told apart from those whose answer does not', () => {
  const decided = ['**/*.request.json', '**/*.notification*.json', '**/node_modules/**', '**/*.json*', '*.a.*.b', '**/x/*.json', '**/*.{json,http}'];
  const undecided = ['**/a.json', '**/*-x.json', '**/*.x*y', '**/[ab]*.json', '**/*a', '**/a?.json', '**/.*'];
  for (const pattern of decided) assert.ok(compilePattern(pattern).tailDecided, pattern);
  for (const pattern of undecided) assert.not.ok(compilePattern(pattern).tailDecided, pattern);
});

test('a folder whose patterns are all decided by the tail answers each name as the whole path does', () => {
  const root = mkdtempSync(join(tmpdir(), 'gic-many-'));
  made.push(root);
  const file = join(root, 'tails.json');
  const kinds = { '**/*.request.json': 'invite-request', '**/*.notification*.json': 'comms-notifications', '**/*.a.*.b': 'invite-operation', '**/x/*.json': 'invite-operation' };
  writeFileSync(file, JSON.stringify({ kinds, ignore: ['**/*.expected.json', '**/node_modules/**', '**/*.json.*'] }));
  const config = loadConfig(root, file);
  assert.ok([...config.ignore, ...config.kinds.map(([pattern]) => pattern)].every((pattern) => pattern.tailDecided), 'every pattern is decided by the tail');
  // Few letters, so that names of one tail come often, with prefixes of every length; each folder's matcher
  // is asked every name, the remembered tails answering most.
  const name = fc.stringMatching(/^[ab.x]{0,3}(\.(request|notification|expected|json|a|b|x)){0,4}$/).filter((text) => text !== '');
  for (const folder of ['', 'x/', 'a/x/', '../x/', 'node_modules/']) {
    const match = folderMatcher(config, folder);
    fc.assert(
      fc.property(name, (text) => {
        assert.equal(match(text), matchRelative(config, folder + text), folder + text);
      }),
      { numRuns: 2000 },
    );
    for (const text of ['a.request.json', 'ab.request.json', '.request.json', 'a.expected.json', 'x.json', 'x.json.x', 'a.notification.json', 'a.x.a.b', 'b.a.x.b', 'node_modules', 'a.b']) {
      assert.equal(match(text), matchRelative(config, folder + text), folder + text);
    }
  }
  // A folder of more tails than a matcher remembers: those after are answered by the bits, as rightly.
  const match = folderMatcher(config, 'x/');
  for (let i = 0; i < 600; i += 1) {
    for (const text of [`f.${i}.json`, `f.${i}.request.json`, `g.${i % 7}.expected.json`, 'h.notification.json']) {
      assert.equal(match(text), matchRelative(config, `x/${text}`), `x/${text}`);
    }
  }
});

test('a clean file\'s json entry is the text of JSON.stringify of the document, whatever its path and kind', () => {
  const options = {} as FormatOptions;
  const files: FileReport[] = [
    { path: 'plain.json', kind: 'invite-request', problems: [] },
    { path: 'a "quoted"\\back\u0001\u2028ü.json', kind: 'comms-notifications', problems: [] },
    { path: 'unknown.json', kind: null, problems: [] },
    { path: 'bad.json', kind: 'invite-operation', problems: [{ ruleId: 'json-syntax', severity: 'error', message: 'x', pointer: '', line: 1, column: 2, params: { at: [1, 'a'] } }] },
  ] as FileReport[];
  let text = jsonStream.start(options);
  files.forEach((file, index) => {
    text += jsonStream.file(file, index, options);
  });
  text += jsonStream.end({ files: files.length, errors: 1, warnings: 0 }, options);
  const document = {
    version: 1,
    files: files.map((file) => ({ path: file.path, kind: file.kind, problems: file.problems })),
    summary: { files: files.length, errors: 1, warnings: 0 },
  };
  assert.is(text, `${JSON.stringify(document, null, 2)}\n`);
});

test('a folder\'s matcher says of each name what the config says of the whole path', () => {
  const root = mkdtempSync(join(tmpdir(), 'gic-many-'));
  made.push(root);
  const patterns = ['**/*.request.json', '**/*.notification*.json', '**/{a,b}.json', '**/.hidden.json', '**/.*', '**/x/*.json', '**/node_modules/**', '**/[a-c]*.json', '**/a?.json', '**', '*.json', 'a/**/*.json', '**/*.JSON', '{**/a.json,**/b/*.json}'];
  const folders = ['', 'a/', 'x/', 'a/x/', '.git/', 'a/.b/', '../', '../x/', 'node_modules/', 'a/node_modules/', 'a/b/c/', 'A/', '..a/', '.../', 'b/'];
  const names = ['a.json', 'b.json', 'x.request.json', '.hidden.json', 'b.JSON', 'z.notification-roster.json', 'a1.json', 'c.json', 'd.http'];
  // Both answers must occur, or the comparison says little.
  const seen = new Set<boolean>();
  for (const pattern of patterns) {
    for (const key of ['kinds', 'ignore'] as const) {
      const file = join(root, `${key}-${patterns.indexOf(pattern)}.json`);
      writeFileSync(file, JSON.stringify(key === 'kinds' ? { kinds: { [pattern]: 'invite-request' } } : { ignore: [pattern] }));
      const config = loadConfig(root, file);
      for (const folder of folders) {
        const match = folderMatcher(config, folder);
        for (const name of names) {
          const said = matchRelative(config, folder + name);
          assert.equal(match(name), said, `${key} ${pattern}: ${folder}${name}`);
          seen.add(said.ignored || said.kind !== undefined);
        }
      }
    }
  }
  assert.equal([...seen].sort(), [false, true]);

  // Several patterns at once, as a real config has them: an ignored file is never given a kind, and the
  // first kind that matches wins. Few patterns key a name by one small number; many (over 30 bits in all)
  // by a string; each name is asked twice, the second time answered from what the folder remembers.
  const kinds = ['invite-request', 'invite-operation', 'comms-notifications'];
  const configs = {
    few: { kinds: { '**/*.request.json': 'invite-request', '**/[a-c]*.json': 'invite-operation', '**/x/*.json': 'comms-notifications' }, ignore: ['**/.*', '**/node_modules/**'] },
    many: { kinds: Object.fromEntries(patterns.map((pattern, index) => [pattern, kinds[index % kinds.length]])), ignore: ['**/a?.json', '**/node_modules/**'] },
  };
  for (const [label, settings] of Object.entries(configs)) {
    const file = join(root, `${label}.json`);
    writeFileSync(file, JSON.stringify(settings));
    const config = loadConfig(root, file);
    const said = new Set<string>();
    for (const folder of folders) {
      const match = folderMatcher(config, folder);
      for (const round of [1, 2]) {
        for (const name of names) {
          const whole = matchRelative(config, folder + name);
          assert.equal(match(name), whole, `${label}, round ${round}: ${folder}${name}`);
          said.add(whole.ignored ? 'ignored' : String(whole.kind));
        }
      }
    }
    // Ignored files, files of more than one kind and files of none all occur.
    assert.ok(said.has('ignored') && said.has('undefined') && said.size >= 4, `${label}: ${[...said].join(', ')}`);
  }
});

test("a path outside the config's folder is told apart only where none of its patterns can reach it", () => {
  const root = mkdtempSync(join(tmpdir(), 'gic-outside-'));
  made.push(root);
  const configWith = (settings: unknown) => {
    const file = join(root, `${made.length}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(settings));
    return loadConfig(root, file);
  };
  const paths = ['x/a.json', 'a.json', '..', '../a.json', '../x/a.json', '..a/b.json', '/abs/a.json', 'D:/a.json'];
  const outside = (settings: unknown) => {
    const config = configWith(settings);
    return paths.filter((path) => outsideConfigFolder(config, path));
  };
  const beyond = ['..', '../a.json', '../x/a.json', '/abs/a.json', 'D:/a.json'];
  assert.equal(outside({ kinds: { '**/*.json': 'invite-request' } }), beyond);
  assert.equal(outside({ ignore: ['**/node_modules/**'] }), beyond);
  assert.equal(outside({ overrides: [{ files: ['**/*.json'], rules: { 'phone-e164': 'off' } }] }), beyond);
  // A pattern that climbs out may match such a path (minimatch takes ../x/*.json literally): nothing is told.
  const climbing = configWith({ kinds: { '**/*.json': 'invite-request', '../x/*.json': 'invite-operation' } });
  assert.is(matchRelative(climbing, '../x/a.json').kind, 'invite-operation');
  assert.equal(paths.filter((path) => outsideConfigFolder(climbing, path)), []);
  // No pattern to miss, or no config file at all: nothing to tell either.
  assert.equal(outside({ rules: { 'phone-e164': 'off' } }), []);
  const none = loadConfig(root);
  assert.is(none.source, null);
  assert.equal(paths.filter((path) => outsideConfigFolder(none, path)), []);
});

test.run();
