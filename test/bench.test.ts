/**
 * The benchmark's inputs and commands, on small sizes: the generated trees hold what the bench says they
 * hold (payload files only, by kind folder, real-world strings, a known share of errors and warnings), and
 * our CLI, ajv-cli and the read + parse floor all check exactly those files. No timing is asserted here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/lint/lint.js';
import { kinds, type Kind } from '../src/model/kind.js';
import { packageRoot } from '../src/paths.js';
import { ajvArgs, ajvChecked, cli, documentedDir, kindOfName, projectConfig, readBaseline } from '../scripts/bench-commands.js';
import { buildStartupSnapshot } from '../scripts/bench-snapshot.js';
import { rosterText, treeFile, variantOf, variantRules, writeTree, type Variant } from '../scripts/bench-trees.js';
import { runNode, timedEnvironment } from '../scripts/bench-stats.js';

/** Each spawn is bounded: a hang fails on its status instead of stalling the suite. */
const limit = 60_000;

const bench = join(packageRoot, 'dist', 'scripts', 'bench.js');

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function withTree(count: number, run: (root: string, tree: ReturnType<typeof writeTree>) => void): void {
  const root = mkdtempSync(join(tmpdir(), 'gic-bench-test-'));
  try {
    writeFileSync(join(root, 'graph-invite-contract.config.json'), readFileSync(projectConfig));
    run(root, writeTree(join(root, 'tree'), count));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('a tree holds payload files only, each in the folder of the kind its name gives, with real-world strings', () => {
  withTree(400, (_root, tree) => {
    assert.equal(readdirSync(tree.dir).sort(), [...kinds].sort());
    const files = filesBelow(tree.dir);
    assert.is(files.length, 400);
    for (const file of files) {
      const kind = relative(tree.dir, file).split(/[\\/]/)[0];
      assert.is(kindOfName(file), kind, file);
    }
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    assert.ok(texts.some((text) => /"clientVersion": "\d{5}\.\d{4}\.\d{4}\.\d{4}"/.test(text)));
    assert.ok(texts.some((text) => /"8:acs:[0-9a-f-]{36}_0000001[0-9a-f]-/.test(text)));
    const expected = { clean: 0, error: 0, warning: 0 };
    for (let i = 0; i < 400; i += 1) expected[variantOf(i)] += 1;
    assert.equal(tree.variants, expected);
    assert.ok(expected.error > 0 && expected.warning > 0);
  });
});

test('every shape gets 2% of files with an error and 3% with a warning', () => {
  const counts = new Map<string, number>();
  for (let i = 0; i < 2000; i += 1) {
    const key = `${treeFile(i).shape}/${variantOf(i)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // 2,000 files: 600 requests, 400 operations, 700 rosters, 300 completions.
  for (const [shape, files] of [['request', 600], ['operation', 400], ['roster', 700], ['completed', 300]] as const) {
    assert.is(counts.get(`${shape}/error`), files / 50, shape);
    assert.is(counts.get(`${shape}/warning`), (files * 3) / 100, shape);
  }
});

test('each generated file has exactly the problem its variant says', () => {
  for (let i = 0; i < 1000; i += 1) {
    const file = treeFile(i);
    const problems = lint({ text: file.text, type: 'payload', kind: file.kind, maxProblems: Infinity }).problems.map((p) => `${p.severity}:${p.ruleId}`);
    const expected: Record<Variant, string[]> = {
      clean: [],
      error: [`error:${variantRules[file.shape].error}`],
      warning: [`warning:${variantRules[file.shape].warning}`],
    };
    assert.equal(problems, expected[file.variant], `file ${i} (${file.shape}, ${file.variant})`);
  }
});

test('commands are timed as Node.js starts by default, without NODE_EXTRA_CA_CERTS (read at every start), unless kept on purpose', () => {
  assert.equal(timedEnvironment({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/ca.pem' }), { PATH: '/bin' });
  const before = process.env['NODE_EXTRA_CA_CERTS'];
  const certificates = join(tmpdir(), 'ca.pem');
  process.env['NODE_EXTRA_CA_CERTS'] = certificates;
  try {
    const script = ['-p', 'process.env.NODE_EXTRA_CA_CERTS ?? "unset"'];
    assert.is(runNode(script, { cwd: packageRoot, rss: false }).stdout, 'unset\n');
    // Figure 1's second cold start: the environment as it is (the missing file only makes Node.js warn).
    assert.is(runNode(script, { cwd: packageRoot, rss: false, asGiven: true }).stdout, `${certificates}\n`);
  } finally {
    if (before === undefined) delete process.env['NODE_EXTRA_CA_CERTS'];
    else process.env['NODE_EXTRA_CA_CERTS'] = before;
  }
});

test('the startup snapshot of figure 1 runs the command: the same report as the installed one, from its own arguments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-bench-test-'));
  try {
    const built = buildStartupSnapshot(dir);
    assert.ok('blob' in built, 'failure' in built ? built.failure : '');
    const blob = (built as { blob: string }).blob;
    const one = join(documentedDir, 'example-2.request.json');
    for (const args of [['validate', documentedDir], ['validate', '--format', 'json', one]]) {
      const fromSnapshot = runNode(['--snapshot-blob', blob, ...args], { cwd: packageRoot, rss: false });
      const installed = runNode([cli, ...args], { cwd: packageRoot, rss: false });
      assert.is(fromSnapshot.status, installed.status);
      assert.is(fromSnapshot.stdout, installed.stdout);
      assert.ok(installed.stdout.length > 0);
    }
    // Without a bundle (a build that ran tsc alone) the figure says why, and the bench goes on.
    const unbuilt = buildStartupSnapshot(dir, join(dir, 'no-bundle.cjs'));
    assert.ok('failure' in unbuilt);
    assert.match((unbuilt as { failure: string }).failure, /exited 1: .*ENOENT.*no-bundle\.cjs/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('our CLI, ajv-cli and the read + parse floor check exactly the files of a tree', () => {
  withTree(200, (root, tree) => {
    const ours = spawnSync(process.execPath, [cli, 'validate', '--format', 'json', tree.dir], { cwd: root, encoding: 'utf8', timeout: limit });
    assert.is(ours.status, 1, ours.stderr);
    const summary = (JSON.parse(ours.stdout) as { summary: unknown }).summary;
    assert.equal(summary, { files: 200, errors: tree.variants.error, warnings: tree.variants.warning });

    const read = spawnSync(process.execPath, [readBaseline, tree.dir], { cwd: root, encoding: 'utf8', timeout: limit });
    assert.is(read.status, 0, read.stderr);
    assert.is(read.stdout.trim(), '200');

    const files = filesBelow(tree.dir);
    for (const kind of kinds) {
      const run = spawnSync(process.execPath, ajvArgs(kind, [`${join(tree.dir, kind)}/**/*.json`]), { cwd: root, encoding: 'utf8', timeout: limit });
      const ofKind = files.filter((file) => kindOfName(file) === kind);
      const withError = ofKind.filter((file) => treeFile(Number(/(\d+)\.[^/\\]+$/.exec(file)?.[1])).variant === 'error');
      assert.equal(ajvChecked(run), { valid: ofKind.length - withError.length, invalid: withError.length }, kind);
      assert.is(run.status, withError.length > 0 ? 1 : 0, kind);
    }
  });
});

test('the rosters: the clean one has no problem, the other one warning per participant', () => {
  const kind: Kind = 'comms-notifications';
  assert.equal(lint({ text: rosterText(300, 'clean'), type: 'payload', kind, maxProblems: Infinity }).problems, []);
  const warnings = lint({ text: rosterText(300, 'warning'), type: 'payload', kind, maxProblems: Infinity }).problems;
  assert.is(warnings.length, 300);
  assert.ok(warnings.every((problem) => problem.ruleId === 'identity-provider-undeclared' && problem.severity === 'warning'));
});

test('a figure run alone (--figure N <file>) writes its summary rows as data, and prints no summary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-bench-figure-'));
  try {
    const rowsFile = join(dir, 'rows.json');
    const run = spawnSync(process.execPath, [bench, '--quick', '--figure', '4', rowsFile], { cwd: packageRoot, encoding: 'utf8', timeout: limit });
    assert.is(run.status, 0, run.stderr);
    assert.is(run.stdout.split('\n4. A clean roster notification').length, 2, run.stdout);
    assert.not.match(run.stdout, /^Summary/m);
    const rows = JSON.parse(readFileSync(rowsFile, 'utf8')) as Array<{ figure: string; ratio: { median: number; min: number; max: number }; target?: unknown }>;
    assert.is(rows.length, 1);
    const [row] = rows;
    assert.ok(row !== undefined);
    // --quick reached the figure's process: its smaller roster.
    assert.is(row.figure, 'clean 2,000-participant roster, lint() of the bytes vs parse + validate()');
    assert.ok(row.ratio.min <= row.ratio.median && row.ratio.median <= row.ratio.max, JSON.stringify(row.ratio));
    assert.equal(row.target, { text: 'at most 1.50x', limit: 1.5, at: 'most' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the bench prints the rows its figures hand back, with each target judged', () => {
  const run = spawnSync(process.execPath, [bench, '--quick', '--only', '4'], { cwd: packageRoot, encoding: 'utf8', timeout: limit });
  assert.is(run.status, 0, run.stderr);
  // The figure's section, printed by its own process, once; then the bench's summary with the row it handed back.
  assert.is(run.stdout.split('\n4. A clean roster notification').length, 2, run.stdout);
  const row = run.stdout.split('\n').find((line) => line.startsWith('| clean 2,000-participant roster'));
  assert.ok(row !== undefined, run.stdout);
  const cells = row.split('|').map((cell) => cell.trim());
  assert.is(cells[5], 'at most 1.50x');
  const ratio = Number(/^([\d.]+)x/.exec(cells[4] ?? '')?.[1]);
  assert.ok(Number.isFinite(ratio), row);
  // The column judges the exact median; a printed 1.50x may be either side of the limit.
  if (ratio !== 1.5) assert.is(cells[6], ratio < 1.5 ? 'met' : 'NOT MET', row);
  assert.ok(cells[6] === 'met' || cells[6] === 'NOT MET', row);

  const unknown = spawnSync(process.execPath, [bench, '--only', '9'], { cwd: packageRoot, encoding: 'utf8', timeout: limit });
  assert.is(unknown.status, 2);
  assert.match(unknown.stderr, /--only takes measurement numbers from 1 to 7/);
});

test('a bench stopped part way ends the figure it runs and leaves no temporary file behind', async () => {
  // Windows has no signal a process can catch: there the bench cannot clean up after one.
  if (process.platform === 'win32') return;
  const dir = mkdtempSync(join(tmpdir(), 'gic-bench-stop-'));
  // Figure 3 writes its trees first: the bench is stopped once they are on their way.
  const run = spawn(process.execPath, [bench, '--quick', '--only', '3'], { cwd: packageRoot, env: { ...process.env, TMPDIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  run.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<number | null>((resolve) => run.on('close', (status) => resolve(status)));
  try {
    const treeStarted = (): boolean => {
      try {
        return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((path) => /gic-bench-run-[^/\\]*[/\\]gic-bench-/.test(path));
      } catch {
        // A folder went away while it was listed.
        return false;
      }
    };
    const started = Date.now();
    while (!treeStarted() && Date.now() - started < limit && run.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(treeStarted(), `no figure tree appeared\n${stdout}\n${stderr}`);
    // The bench alone is signalled, as by kill: the figure (its own process group) hears of it from the bench.
    run.kill('SIGTERM');
    assert.is(await ended, 128 + 15, stderr);
    assert.match(stderr, /bench: stopped by SIGTERM; its temporary files are removed/);
    // The figure prints its section once it has measured: it was ended before that.
    assert.not.match(stdout, /^3\. Many files/m);
    assert.not.match(stdout, /^Summary/m);
    assert.equal(readdirSync(dir), []);
  } finally {
    if (run.exitCode === null && run.signalCode === null) {
      run.kill('SIGTERM');
      await ended;
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
