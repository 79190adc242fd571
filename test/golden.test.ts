/**
 * Whole reports through the CLI's entry (run(), as the installed command calls it), byte for byte: every
 * format on the samples, the pages and the exchanges of the fixtures, and colour. A change that alters a report shows up here as a diff to review; when the
 * change is meant, UPDATE_GOLDEN=1 npm test rewrites test/golden/ (and the diff goes into the commit).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../src/cli/run.js';
import { packageRoot } from '../src/paths.js';

const goldenDir = join(packageRoot, 'test', 'golden');
const update = process.env['UPDATE_GOLDEN'] === '1';
const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

const formats = ['stylish', 'json', 'github', 'sarif', 'junit'] as const;
const exchanges = ['clean', 'incomplete', 'mismatched'].map((name) => `test/fixtures/exchanges/${name}`);

// [name, argv]: the command lines whose whole output is kept.
const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
  ...formats.map((format) => [`validate-samples.${format}`, ['validate', 'samples', '--format', format]] as const),
  ['validate-as-request.json', ['validate', 'samples/documented', 'samples/valid', '--kind', 'invite-request', '--format', 'json']],
  ...formats.map((format) => [`docs-pages.${format}`, ['docs', 'test/fixtures/pages', '--format', format]] as const),
  ...formats.map((format) => [`exchange-folders.${format}`, ['exchange', ...exchanges, '--format', format]] as const),
  ['validate-samples.color', ['validate', 'samples/invalid', '--color']],
  ['rules', ['rules']],
  ['rules-json', ['rules', '--format', 'json']],
  ['help', ['--help']],
];

/** The run's exit status, standard output and standard error, with what depends on the machine made neutral. */
async function transcript(argv: readonly string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const status = await run(argv, {
    cwd: packageRoot,
    env: { NO_COLOR: '1' },
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
  });
  const root = pathToFileURL(packageRoot).href.replace(/\/$/, '');
  const neutral = (text: string): string => text.split(root).join('file://<root>').split(packageRoot.replace(/\/$/, '')).join('<root>').split(`"${version}"`).join('"<version>"');
  return `exit ${status}\n--- stdout\n${neutral(stdout)}\n--- stderr\n${neutral(stderr)}`;
}

for (const [name, argv] of cases) {
  test(`golden: ${argv.join(' ')}`, async () => {
    const file = join(goldenDir, `${name}.txt`);
    const now = await transcript(argv);
    if (update) {
      writeFileSync(file, now);
      return;
    }
    let kept: string;
    try {
      kept = readFileSync(file, 'utf8');
    } catch {
      assert.unreachable(`${file} is missing: run UPDATE_GOLDEN=1 npm test`);
      return;
    }
    // A plain comparison first: a diff of two large reports is costly and only needed on failure.
    if (now !== kept) assert.fixture(now, kept, `${name} differs from test/golden (UPDATE_GOLDEN=1 npm test rewrites it when the change is meant)`);
  });
}

test('every kept transcript belongs to a case', async () => {
  const { readdirSync } = await import('node:fs');
  const kept = readdirSync(goldenDir).sort();
  assert.equal(kept, cases.map(([name]) => `${name}.txt`).sort());
});

test.run();
