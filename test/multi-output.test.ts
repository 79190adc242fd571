import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseOptions, reportTargets, type LintOptions } from '../src/cli/options.js';
import { UsageError } from '../src/cli/usage.js';
import { packageRoot } from '../src/paths.js';
import { runCli } from './cli-harness.js';
import { inScratch, jsonReport, junitDocument, sarifDocument } from './report-checks.js';

const documented = join(packageRoot, 'samples', 'documented');
const invalid = join(packageRoot, 'samples', 'invalid');

function seed(dir: string): void {
  mkdirSync(join(dir, 'payloads'));
  copyFileSync(join(documented, 'example-1.response.json'), join(dir, 'payloads', 'response.json'));
  copyFileSync(join(invalid, 'call-resource.json'), join(dir, 'payloads', 'call.json'));
}

test('one run writes several reports: one to standard output, the others to their files, each the same run', async () => {
  await inScratch('gic-outputs-', async (dir) => {
    seed(dir);
    const alone = await runCli(['validate', 'payloads'], { cwd: dir });
    mkdirSync(join(dir, 'out'));
    const result = await runCli(['validate', '--format', 'stylish', '--format', 'sarif=out/r.sarif', '--format', 'junit=r.xml', '--format', 'json=r.json', 'payloads'], { cwd: dir });
    assert.is(result.status, 1, result.stderr);
    // Standard output holds the stylish report alone, as a run with that format alone writes it.
    assert.is(result.stdout, alone.stdout);
    const report = jsonReport(readFileSync(join(dir, 'r.json'), 'utf8'));
    const problems = report.files.flatMap((file) => file.problems.map((problem) => [file.path, problem.ruleId, problem.pointer]));
    assert.ok(problems.length > 1);
    const log = sarifDocument(readFileSync(join(dir, 'out', 'r.sarif'), 'utf8'));
    assert.equal(log.runs[0]?.results.map((r) => r.ruleId), problems.map(([, ruleId]) => ruleId));
    const junit = junitDocument(readFileSync(join(dir, 'r.xml'), 'utf8'));
    assert.equal(junit.testsuites.testsuite.testcase.map((testcase) => testcase.name), report.files.map((file) => file.path));
    // No temporary file is left beside a report.
    assert.equal(readdirSync(dir).sort(), ['out', 'payloads', 'r.json', 'r.xml']);
    assert.equal(readdirSync(join(dir, 'out')), ['r.sarif']);
  });
});

test('reports only to files leave standard output empty; --output keeps working for one format', async () => {
  await inScratch('gic-outputs-', async (dir) => {
    seed(dir);
    const files = await runCli(['validate', '--format', 'json=a.json', '--format', 'sarif=a.sarif', 'payloads'], { cwd: dir });
    assert.is(files.stdout, '');
    assert.is(files.status, 1);
    const single = await runCli(['validate', '--format', 'json', '--output', 'b.json', 'payloads'], { cwd: dir });
    assert.is(single.stdout, '');
    assert.is(readFileSync(join(dir, 'b.json'), 'utf8'), readFileSync(join(dir, 'a.json'), 'utf8'));
    const named = await runCli(['validate', '--format', 'json=c.json', 'payloads'], { cwd: dir });
    assert.is(readFileSync(join(dir, 'c.json'), 'utf8'), readFileSync(join(dir, 'a.json'), 'utf8'));
    assert.is(named.stdout, '');
  });
});

test('--format name=path reads into one report each; the same --format twice is one', () => {
  const cwd = '/work/project';
  const options = parseOptions(['validate', '--format', 'stylish', '--format', 'sarif=r.sarif', '--format', 'junit=out/r.xml', '--format', 'stylish', 'a'], cwd) as LintOptions;
  assert.equal(reportTargets(options.report), [
    { format: 'stylish', output: undefined },
    { format: 'sarif', output: { given: 'r.sarif', path: '/work/project/r.sarif' } },
    { format: 'junit', output: { given: 'out/r.xml', path: '/work/project/out/r.xml' } },
  ]);
});

test('two reports to standard output or to one file, a format twice, --output beside several formats, an empty path: usage errors', () => {
  const refused: ReadonlyArray<readonly [readonly string[], RegExp]> = [
    [['--format', 'stylish', '--format', 'json'], /standard output/],
    [['--format', 'json=r.out', '--format', 'sarif=./r.out'], /both write to/],
    [['--format', 'json=a.json', '--format', 'json=b.json'], /given twice/],
    [['--format', 'json', '--format', 'sarif=r.sarif', '--output', 'r.json'], /--output/],
    [['--format', 'json=r.json', '--output', 'o.json'], /--output/],
    [['--format', 'json='], /names no file/],
    [['--format', 'xml=r.xml'], /^--format xml is not one of/],
  ];
  for (const [args, error] of refused) {
    try {
      parseOptions(['validate', ...args, 'a'], '/work/project');
      assert.unreachable(args.join(' '));
    } catch (thrown) {
      assert.instance(thrown, UsageError, args.join(' '));
      assert.match((thrown as Error).message, error, args.join(' '));
    }
  }
});

test('no report is written onto a file the run reads, and then none at all', async () => {
  await inScratch('gic-outputs-', async (dir) => {
    seed(dir);
    const input = join(dir, 'payloads', 'call.json');
    const before = readFileSync(input);
    const result = await runCli(['validate', '--format', 'json=r.json', '--format', 'sarif=payloads/call.json', 'payloads'], { cwd: dir });
    assert.is(result.status, 2);
    assert.equal(readFileSync(input), before);
    assert.not.ok(existsSync(join(dir, 'r.json')));
  });
});

test('a report that replaces a file replaces it whole', async () => {
  await inScratch('gic-outputs-', async (dir) => {
    seed(dir);
    writeFileSync(join(dir, 'r.sarif'), 'x'.repeat(1_000_000));
    await runCli(['validate', '--format', 'stylish', '--format', 'sarif=r.sarif', 'payloads'], { cwd: dir });
    sarifDocument(readFileSync(join(dir, 'r.sarif'), 'utf8'));
  });
});

test('a report replaces a file whose name is near the longest a name may be', async () => {
  await inScratch('gic-outputs-', async (dir) => {
    seed(dir);
    // 250 bytes: a temporary name that repeated it whole would be over 255 (ENAMETOOLONG).
    for (const name of [`${'r'.repeat(245)}.json`, `${'é'.repeat(120)}.json`]) {
      writeFileSync(join(dir, name), 'old');
      const written = await runCli(['validate', '--format', 'json', '--output', name, 'payloads'], { cwd: dir });
      assert.is(written.stderr, '', name.slice(0, 8));
      assert.is(jsonReport(readFileSync(join(dir, name), 'utf8')).summary.files, 2);
    }
    assert.equal(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
  });
});

test('a report of many blocks written to a file is byte for byte the one written to standard output', async () => {
  await inScratch('gic-outputs-', async (dir) => {
    mkdirSync(join(dir, 'payloads'));
    // 1,000 duplicate-key problems a file: each report is several of the blocks a report is kept in (64 KB).
    const text = `{"participants":[]${',\n"a":1'.repeat(1200)}}`;
    for (const name of ['a', 'b', 'c']) writeFileSync(join(dir, 'payloads', `${name}.json`), text);
    for (const format of ['json', 'stylish', 'sarif']) {
      const printed = await runCli(['validate', '--kind', 'invite-request', '--format', format, 'payloads'], { cwd: dir });
      const written = await runCli(['validate', '--kind', 'invite-request', '--format', format, '--output', `r.${format}`, 'payloads'], { cwd: dir });
      assert.is(written.status, printed.status, format);
      assert.ok(printed.stdout.length > 4 * 64 * 1024, `${format}: ${printed.stdout.length} characters`);
      assert.is(readFileSync(join(dir, `r.${format}`), 'utf8'), printed.stdout, format);
    }
  });
});

test.run();
