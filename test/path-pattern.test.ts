import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compilePattern } from '../src/cli/config/path-pattern.js';

const cases: Array<[pattern: string, path: string, matches: boolean]> = [
  ['**/*.request.json', 'samples/valid/a.request.json', true],
  ['**/*.request.json', 'a.request.json', true],
  ['**/*.request.json', 'a.response.json', false],
  ['**/*.notification*.json', 'x/y.notification-roster.json', true],
  ['**/*.notification*.json', 'x/y.notifications.json', true],
  ['**/*.notification*.json', 'x/y.notification.jsonx', false],
  ['**/node_modules/**', 'node_modules/x.json', true],
  ['**/node_modules/**', 'a/node_modules/b/c.json', true],
  ['**/node_modules/**', 'a/node_modules_old/c.json', false],
  ['bodies/*.json', 'bodies/one.json', true],
  ['bodies/*.json', 'bodies/x/one.json', false],
  ['{a,b}/*.json', 'b/x.json', true],
  ['{a,b}/*.json', 'c/x.json', false],
  ['{a,{b,c}d}/x', 'cd/x', true],
  ['[!a]*.json', 'b.json', true],
  ['[!a]*.json', 'a.json', false],
  ['[a-c]?.json', 'b1.json', true],
  ['[a-c]?.json', 'd1.json', false],
  ['a?c', 'abc', true],
  ['a?c', 'ac', false],
  ['a/**', 'a', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/c', false],
  ['.*rc.json', '.eslintrc.json', true],
];

test('glob patterns match paths as documented', () => {
  for (const [pattern, path, matches] of cases) assert.is(compilePattern(pattern).test(path), matches, `${pattern} ~ ${path}`);
});

test('bad patterns are refused with a reason', () => {
  assert.throws(() => compilePattern('{a,b'), /unclosed/);
  assert.throws(() => compilePattern('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}'), /alternatives/);
});

test.run();
