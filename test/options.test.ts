import { resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseOptions, type Options } from '../src/cli/options.js';
import { UsageError } from '../src/cli/usage.js';
import { defaultMaxBytes } from '../src/rules/file/file-too-large.js';
import { defaultMaxProblems } from '../src/rules/file/too-many-problems.js';

const cwd = '/work/project';
const report = { format: 'stylish', output: undefined, color: undefined, limits: { strict: false, max: undefined } } as const;
const lint = { maxBytes: defaultMaxBytes, maxProblems: defaultMaxProblems, allowEmpty: false, config: undefined, apiVersion: undefined, report } as const;

const parsed: ReadonlyArray<readonly [argv: readonly string[], options: Options]> = [
  [['validate', 'a.json'], { command: 'validate', kind: undefined, inputs: ['a.json'], ...lint }],
  [
    ['validate', '--kind', 'invite-request', '--format', 'json', '--output', 'out/r.json', '--max-warnings', '3', '--strict', '--max-bytes', '10', '--max-problems', '25', '--allow-empty', '--config', 'c.json', '--color', 'a', 'b'],
    {
      command: 'validate',
      kind: 'invite-request',
      inputs: ['a', 'b'],
      maxBytes: 10,
      maxProblems: 25,
      allowEmpty: true,
      config: 'c.json',
      apiVersion: undefined,
      report: { format: 'json', output: { given: 'out/r.json', path: resolve(cwd, 'out/r.json') }, color: true, limits: { strict: true, max: 3 } },
    },
  ],
  [['validate', '--color', '--no-color', 'a'], { command: 'validate', kind: undefined, inputs: ['a'], ...lint, report: { ...report, color: false } }],
  [['validate', '--kind', 'invite-request', '--kind', 'invite-request', 'a'], { command: 'validate', kind: 'invite-request', inputs: ['a'], ...lint }],
  [['docs', 'p.md', 'pages'], { command: 'docs', inputs: ['p.md', 'pages'], ...lint }],
  [['exchange', 'ex', './ex/'], { command: 'exchange', inputs: ['ex', './ex/'], ...lint }],
  [['rules'], { command: 'rules', format: 'text' }],
  [['rules', '--format', 'json'], { command: 'rules', format: 'json' }],
  [['validate', '--max-warnings', '-1', '--format', 'json', '--output', '-', 'a'], { command: 'validate', kind: undefined, inputs: ['a'], ...lint, report: { ...report, format: 'json' } }],
  [['--help'], { command: 'help' }],
  [['validate', '-h', '--format', 'xml'], { command: 'help' }],
  [['-v'], { command: 'version' }],
  [['--version', 'lint'], { command: 'version' }],
];

// Each error names the first thing wrong, in the order the checks run.
const refused: ReadonlyArray<readonly [argv: readonly string[], error: RegExp]> = [
  [[], /^no command given$/],
  [['lint', 'a.json'], /^unknown command lint$/],
  [['validate', '--fast', 'a.json'], /--fast/],
  [['validate', '--kind'], /--kind/],
  [['validate', '--kind', 'invite-request', '--kind', 'invite-operation', 'a'], /^--kind is given twice/],
  [['validate'], /^validate needs at least one/],
  [['validate', '--format', 'xml', '--kind', 'call'], /^--format xml is not one of/],
  [['validate', '--max-warnings', 'many', '--max-bytes', '1.5', 'a'], /^--max-warnings takes a whole number/],
  [['validate', '--max-bytes', '1.5', '--kind', 'call', 'a'], /^--max-bytes takes a whole number/],
  [['validate', '--max-problems', '0', 'a'], /^--max-problems takes a whole number of at least 1/],
  [['validate', '--max-problems', '-3', 'a'], /--max-problems/],
  [['validate', '--max-problems', 'all', 'a'], /^--max-problems takes a whole number/],
  [['validate', '--kind', 'call'], /^--kind call is not one of/],
  // An empty path would resolve to the working folder: said as a bad value, not as a failed write (EISDIR).
  [['validate', '--output', '', 'a'], /^--output takes a path, not an empty one$/],
  [['docs', '--format', 'json', '--output', '', 'a.md'], /^--output takes a path/],
  [['validate', '--baseline', '', 'a'], /^--baseline takes a path, not an empty one$/],
  [['validate', '--write-baseline', '', 'a'], /^--write-baseline takes a path, not an empty one$/],
  [['validate', '--config', '', 'a'], /^--config takes a path, not an empty one$/],
  [['rules', '--for', 'a.json', '--config', ''], /^--config takes a path, not an empty one$/],
  [['docs', '--kind', 'invite-request', '--format', 'xml'], /^--kind is an option of validate only; docs/],
  [['docs', '--format', 'xml'], /^--format xml/],
  [['docs'], /^docs needs at least one/],
  [['exchange', '--kind', 'invite-request', 'ex'], /^--kind is an option of validate only; exchange/],
  [['exchange'], /^exchange needs at least one folder$/],
  [['rules', '--format', 'sarif'], /^rules takes --format json or no --format$/],
  // An option rules would not use is refused rather than dropped.
  [['rules', '--max-warnings', 'many'], /^--max-warnings is not an option of rules/],
];

test('a command line reads into one options object', () => {
  for (const [argv, options] of parsed) assert.equal(parseOptions(argv, cwd), options, argv.join(' '));
});

test('a command line the CLI cannot run is a usage error naming the first thing wrong', () => {
  for (const [argv, error] of refused) {
    try {
      parseOptions(argv, cwd);
      assert.unreachable(argv.join(' '));
    } catch (thrown) {
      assert.instance(thrown, UsageError, argv.join(' '));
      assert.match((thrown as Error).message, error, argv.join(' '));
    }
  }
});

test.run();
