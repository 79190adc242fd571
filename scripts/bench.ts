/**
 * npm run bench: every figure of the performance targets, each measured side by side with its baseline in
 * the same run, in interleaved rounds, as a median and range of the per-round ratio. Nothing here is a
 * pass/fail test; docs/performance.md describes the figures and keeps those of each release.
 *
 * 1. Cold start: `validate samples/documented` vs `node -e 0`, and vs ajv-cli on the same 16 files.
 * 2. validate() throughput vs bare ajv + ajv-formats on the same payloads.
 * 3. Many files: trees of 10,000 and 50,000 generated files, vs a script that reads and parses them
 *    (marginal cost per file, peak RSS) and vs ajv-cli on exactly the same files.
 * 4. A clean roster of 5,000 participants: lint() of the file's bytes vs JSON.parse + validate().
 * 5. A roster with 100,000 warnings through the CLI vs a process that reads and parses it.
 * 6. The invite tracker fed 100,000 invites with their completions and roster updates vs a plain Map
 *    that keeps the same data: heap kept, peak RSS, throughput.
 * 7. The Graph simulator driven by a bot on loopback with 100,000 invites, every callback awaited, vs a
 *    bare node:http server with the same traffic: invites per second, p50/p99 latency, heap and RSS
 *    at a quarter and at the end (scripts/bench-simulator.ts).
 *
 * npm run bench -- --only 1,3 runs some of them; --quick is a smoke run (few rounds, smaller inputs). Each
 * runs in a process of its own, so that none is timed in a process an earlier one has used.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createValidators } from '../generated/validators.js';
import { validatorExport } from '../src/contract/kinds.js';
import { lint, validate } from '../src/index.js';
import { kinds, type Kind } from '../src/model/kind.js';
import { packageRoot } from '../src/paths.js';
import { contractFormats } from '../src/validate/formats.js';
import { simulatorFigure } from './bench-simulator.js';
import { buildStartupSnapshot } from './bench-snapshot.js';
import { rosterText, writeTree, type Tree } from './bench-trees.js';
import { atLeast, atMost, interleave, mb, met, ms, perRound, perSecond, runNode, shown, spread, times, us, type Run, type SummaryRow } from './bench-stats.js';
import { createAjv, loadSchemaFiles, rootSchemaId } from './schema-registry.js';
import { ajvArgs, ajvChecked, cli, documentedDir, kindOfName, projectConfig, readBaseline, trackerRun } from './bench-commands.js';

const quick = process.argv.includes('--quick');
/** Rounds and sizes: --quick only checks that every measurement runs. */
const plan = quick
  ? { cold: 3, throughputRounds: 3, throughputMs: 50, trees: [500, 2_500], treeRounds: 2, roster: 2_000, rosterRounds: 5, warnings: 5_000, warningRounds: 2, invites: 20_000, inviteRounds: 2, simulated: 8_000, simulatedRounds: 2 }
  : { cold: 15, throughputRounds: 9, throughputMs: 200, trees: [10_000, 50_000], treeRounds: 5, roster: 5_000, rosterRounds: 21, warnings: 100_000, warningRounds: 5, invites: 100_000, inviteRounds: 5, simulated: 100_000, simulatedRounds: 3 };

const summary: SummaryRow[] = [];

/** Sums the runs of one step that is several commands (ajv-cli: one run per kind). */
const together = (runs: readonly Run[]): Run => ({
  time: runs.reduce((sum, run) => sum + run.time, 0),
  rss: Math.max(...runs.map((run) => run.rss)),
  stdout: runs.map((run) => run.stdout).join(''),
  stderr: runs.map((run) => run.stderr).join(''),
  status: Math.max(...runs.map((run) => run.status)),
});

function coldStart(): void {
  const files = readdirSync(documentedDir).filter((name) => kindOfName(name) !== undefined).sort();
  const ajvRuns = kinds.map((kind) => ajvArgs(kind, files.filter((name) => kindOfName(name) === kind).map((name) => join(documentedDir, name))));
  // Beside the command: what loading it costs alone (--version lints nothing), and the same run started from
  // a warm V8 startup snapshot instead of the bundle and its code cache (bench-snapshot.ts).
  const scratch = mkdtempSync(join(tmpdir(), 'gic-bench-'));
  try {
    const snapshot = buildStartupSnapshot(scratch);
    const blob = 'blob' in snapshot ? snapshot.blob : undefined;
    const notRun: Run = { time: Number.NaN, rss: Number.NaN, stdout: '', stderr: '', status: 0 };
    // Where this environment sets NODE_EXTRA_CA_CERTS, the cold start is also timed with it, on both sides:
    // figures taken that way read lower, each start paying the same read of the file.
    const extraCaCerts = process.env['NODE_EXTRA_CA_CERTS'] !== undefined;
    const { rounds, warmup } = interleave(
      { rounds: plan.cold, warmups: 2 },
      {
        node: () => runNode(['-e', '0'], { cwd: packageRoot, rss: false }),
        ours: () => runNode([cli, 'validate', documentedDir], { cwd: packageRoot, rss: false }),
        loadOnly: () => runNode([cli, '--version'], { cwd: packageRoot, rss: false }),
        ajv: (files) => together(ajvRuns.map((args) => runNode(args, { cwd: packageRoot, rss: false, files }))),
        snapshot: () => (blob === undefined ? notRun : runNode(['--snapshot-blob', blob, 'validate', documentedDir], { cwd: packageRoot, rss: false })),
        nodeAsGiven: () => (extraCaCerts ? runNode(['-e', '0'], { cwd: packageRoot, rss: false, asGiven: true }) : notRun),
        oursAsGiven: () => (extraCaCerts ? runNode([cli, 'validate', documentedDir], { cwd: packageRoot, rss: false, asGiven: true }) : notRun),
      },
    );
    const checked = ajvChecked(warmup.ajv);
    if (checked.valid + checked.invalid !== files.length) throw new Error(`ajv-cli checked ${checked.valid + checked.invalid} of the ${files.length} documented files`);
    if (blob !== undefined && (warmup.snapshot.stdout !== warmup.ours.stdout || warmup.snapshot.status !== warmup.ours.status)) {
      throw new Error('the run from the startup snapshot did not write the report the command writes');
    }
    if (extraCaCerts && (warmup.oursAsGiven.stdout !== warmup.ours.stdout || warmup.oursAsGiven.status !== warmup.ours.status)) {
      throw new Error('the command wrote another report with NODE_EXTRA_CA_CERTS set');
    }
    const node = spread(rounds.map((r) => r.node.time));
    const ours = spread(rounds.map((r) => r.ours.time));
    const ajv = spread(rounds.map((r) => r.ajv.time));
    const vsNode = perRound(rounds, (r) => r.ours.time / r.node.time);
    const vsAjv = perRound(rounds, (r) => r.ajv.time / r.ours.time);
    console.log(`\n1. Cold start, the ${files.length} documented payloads (stylish, output on a pipe), ${rounds.length} interleaved rounds: median (min–max)`);
    if (extraCaCerts) console.log('   (NODE_EXTRA_CA_CERTS is set here: every command is timed without it, as Node.js starts by default; the last two lines keep it)');
    console.log(`   node -e 0                                  ${shown(node, ms)}`);
    console.log(`   graph-invite-contract validate             ${shown(ours, ms)}`);
    console.log(`   ajv-cli, one run per kind, same 16 files   ${shown(ajv, ms)}`);
    console.log(`   ours / node -e 0, per round                ${shown(vsNode, times)}`);
    console.log(`   ajv-cli / ours, per round                  ${shown(vsAjv, times)}`);
    summary.push({ figure: 'cold start, 16 documented payloads, vs node -e 0', ours: ms(ours.median), baseline: ms(node.median), ratio: vsNode, target: atMost(1.3) });
    summary.push({ figure: 'cold start, ajv-cli on the same files vs ours (times faster)', ours: ms(ours.median), baseline: ms(ajv.median), ratio: vsAjv });
    const loadOnly = spread(rounds.map((r) => r.loadOnly.time));
    const loadOnlyVsNode = perRound(rounds, (r) => r.loadOnly.time / r.node.time);
    console.log(`   graph-invite-contract --version            ${shown(loadOnly, ms)}   (loads the command, lints nothing)`);
    console.log(`   --version / node -e 0, per round           ${shown(loadOnlyVsNode, times)}`);
    summary.push({ figure: 'the command loaded, nothing linted (--version), vs node -e 0', ours: ms(loadOnly.median), baseline: ms(node.median), ratio: loadOnlyVsNode });
    if ('failure' in snapshot) {
      console.log(`   from a startup snapshot: not measured (${snapshot.failure})`);
    } else {
      const fromSnapshot = spread(rounds.map((r) => r.snapshot.time));
      const snapshotVsNode = perRound(rounds, (r) => r.snapshot.time / r.node.time);
      console.log(`   the same run from a warm startup snapshot  ${shown(fromSnapshot, ms)}   (node --snapshot-blob: no bundle read or compiled)`);
      console.log(`   snapshot / node -e 0, per round            ${shown(snapshotVsNode, times)}`);
      summary.push({ figure: 'cold start from a warm V8 startup snapshot instead, vs node -e 0', ours: ms(fromSnapshot.median), baseline: ms(node.median), ratio: snapshotVsNode });
    }
    if (extraCaCerts) {
      const nodeAsGiven = spread(rounds.map((r) => r.nodeAsGiven.time));
      const oursAsGiven = spread(rounds.map((r) => r.oursAsGiven.time));
      const asGivenVsNode = perRound(rounds, (r) => r.oursAsGiven.time / r.nodeAsGiven.time);
      console.log(`   both with NODE_EXTRA_CA_CERTS: node -e 0  ${shown(nodeAsGiven, ms)};  graph-invite-contract validate ${shown(oursAsGiven, ms)}`);
      console.log(`   the same, ours / node -e 0, per round      ${shown(asGivenVsNode, times)}`);
      summary.push({ figure: 'cold start with NODE_EXTRA_CA_CERTS kept on both sides, vs node -e 0', ours: ms(oursAsGiven.median), baseline: ms(nodeAsGiven.median), ratio: asGivenVsNode });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The sample payloads (documented and valid) with the kind the config gives them, else their own. */
function samplePayloads(): Array<{ value: unknown; kind: Kind }> {
  const payloads: Array<{ value: unknown; kind: Kind }> = [];
  for (const folder of ['documented', 'valid']) {
    const dir = join(packageRoot, 'samples', folder);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && !n.endsWith('.expected.json'))) {
      const value = JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;
      const kind = kindOfName(name) ?? validate(value).kind;
      if (kind !== null) payloads.push({ value, kind });
    }
  }
  return payloads;
}

type Check = (payload: { value: unknown; kind: Kind }) => unknown;

/**
 * Calls per second of each function over the payloads, in interleaved rounds: after a warm-up, each runs
 * for a fixed time in every round, so that the machine's drift falls on all of them alike.
 */
function throughputRounds(payloads: ReadonlyArray<{ value: unknown; kind: Kind }>, checks: readonly Check[]): number[][] {
  for (const check of checks) for (let i = 0; i < 20_000; i += 1) check(payloads[i % payloads.length] as { value: unknown; kind: Kind });
  const rounds: number[][] = [];
  for (let round = 0; round < plan.throughputRounds; round += 1) {
    rounds.push(
      checks.map((check) => {
        let calls = 0;
        const start = performance.now();
        while (performance.now() - start < plan.throughputMs) {
          for (const payload of payloads) check(payload);
          calls += payloads.length;
        }
        return calls / ((performance.now() - start) / 1000);
      }),
    );
  }
  return rounds;
}

function inProcess(): void {
  const payloads = samplePayloads();
  // The baseline: ajv and ajv-formats as a bare set-up has them, compiled from the same schemas.
  const files = loadSchemaFiles();
  const stock = createAjv({ stockFormats: true, files });
  const bareValidators = new Map(
    kinds.map((kind) => {
      const validator = stock.getSchema(rootSchemaId(files, kind));
      if (validator === undefined) throw new Error(`no schema for ${kind}`);
      return [kind, validator] as const;
    }),
  );
  const ours = createValidators(contractFormats) as unknown as Record<string, (data: unknown) => boolean>;
  // validate()'s one-pass checks are made once per process, for its walker: a second set made here for a
  // line of their own would share their call-site feedback with validate()'s and slow it down.
  const rounds = throughputRounds(payloads, [
    ({ value, kind }) => (bareValidators.get(kind) as (data: unknown) => boolean)(value),
    ({ value, kind }) => (ours[validatorExport[kind]] as (data: unknown) => boolean)(value),
    ({ value, kind }) => validate(value, { kind }),
  ]);
  const rate = (i: number) => spread(rounds.map((round) => round[i] as number));
  const ofBare = (i: number) => perRound(rounds, (round) => (round[i] as number) / (round[0] as number));
  console.log(`\n2. In-process throughput, ${payloads.length} sample payloads (documented and valid), ${rounds.length} interleaved rounds of ${plan.throughputMs} ms each`);
  console.log(`   bare ajv + ajv-formats, compiled from the same schemas   ${shown(rate(0), perSecond)}`);
  console.log(`   our ajv standalone validators (errors only)              ${shown(rate(1), perSecond)}   ${shown(ofBare(1), times)} of bare ajv`);
  console.log(`   validate(), schemas + every rule                         ${shown(rate(2), perSecond)}   ${shown(ofBare(2), times)} of bare ajv`);
  summary.push({ figure: 'validate() throughput vs bare ajv + ajv-formats', ours: perSecond(rate(2).median), baseline: perSecond(rate(0).median), ratio: ofBare(2), target: atLeast(0.9) });
}

/** Checks once that our report and ajv-cli's cover exactly the files the tree holds, with its problems. */
function checkTreeRuns(tree: Tree, read: Run, ours: Run, ajv: Run | undefined): void {
  if (read.stdout.trim() !== String(tree.files)) throw new Error(`the read + parse script read ${read.stdout.trim()} files of ${tree.files}`);
  const report = JSON.parse(ours.stdout) as { summary: { files: number; errors: number; warnings: number } };
  const { files, errors, warnings } = report.summary;
  if (files !== tree.files || errors !== tree.variants.error || warnings !== tree.variants.warning) {
    throw new Error(`the CLI reported ${files} files, ${errors} errors, ${warnings} warnings; the tree holds ${tree.files} files, ${tree.variants.error} with an error, ${tree.variants.warning} with a warning`);
  }
  if (ajv === undefined) return;
  const checked = ajvChecked(ajv);
  if (checked.valid + checked.invalid !== tree.files || checked.invalid !== tree.variants.error) {
    throw new Error(`ajv-cli checked ${checked.valid} valid and ${checked.invalid} invalid files; the tree holds ${tree.files}, ${tree.variants.error} with an error`);
  }
}

function manyFiles(): void {
  const root = mkdtempSync(join(tmpdir(), 'gic-bench-'));
  try {
    // The project's config (kinds by file name) above the trees; the trees hold payload files only.
    writeFileSync(join(root, 'graph-invite-contract.config.json'), readFileSync(projectConfig));
    const [smallCount, largeCount] = plan.trees as [number, number];
    const small = writeTree(join(root, `tree-${smallCount}`), smallCount);
    const large = writeTree(join(root, `tree-${largeCount}`), largeCount);
    const options = (files: boolean) => ({ cwd: root, rss: true, files });
    // ajv-cli takes one schema per run: one run per kind, over that kind's folder (the same files).
    const ajvOn = (tree: Tree, files: boolean) => together(kinds.map((kind) => runNode(ajvArgs(kind, [`${join(tree.dir, kind)}/**/*.json`]), options(files))));
    const { rounds, warmup } = interleave(
      { rounds: plan.treeRounds, warmups: 1 },
      {
        readSmall: (files) => runNode([readBaseline, small.dir], options(files)),
        oursSmall: (files) => runNode([cli, 'validate', '--format', 'json', small.dir], options(files)),
        readLarge: (files) => runNode([readBaseline, large.dir], options(files)),
        oursLarge: (files) => runNode([cli, 'validate', '--format', 'json', large.dir], options(files)),
        ajvLarge: (files) => ajvOn(large, files),
      },
    );
    checkTreeRuns(small, warmup.readSmall, warmup.oursSmall, undefined);
    checkTreeRuns(large, warmup.readLarge, warmup.oursLarge, warmup.ajvLarge);

    const extra = largeCount - smallCount;
    const marginal = (r: (typeof rounds)[number], a: 'ours' | 'read') => (((a === 'ours' ? r.oursLarge : r.readLarge).time - (a === 'ours' ? r.oursSmall : r.readSmall).time) * 1000) / extra;
    const series = (pick: (r: (typeof rounds)[number]) => number) => spread(rounds.map(pick));
    const n = (count: number) => count.toLocaleString('en-US');
    console.log(
      `\n3. Many files: generated trees of ${n(smallCount)} and ${n(largeCount)} payload files (${n(large.variants.error)} with an error and ${n(large.variants.warning)} with a warning at ${n(largeCount)}), ${rounds.length} interleaved rounds`,
    );
    console.log(`   ours: validate --format json <tree>; read + parse: a script that lists, reads and JSON.parses the same files one at a time`);
    for (const [label, pick] of [
      [`read + parse, ${n(smallCount)} files`, (r: (typeof rounds)[number]) => r.readSmall],
      [`ours, ${n(smallCount)} files`, (r: (typeof rounds)[number]) => r.oursSmall],
      [`read + parse, ${n(largeCount)} files`, (r: (typeof rounds)[number]) => r.readLarge],
      [`ours, ${n(largeCount)} files`, (r: (typeof rounds)[number]) => r.oursLarge],
      [`ajv-cli, ${n(largeCount)} files, one run per kind`, (r: (typeof rounds)[number]) => r.ajvLarge],
    ] as const) {
      console.log(`   ${label.padEnd(42)} ${shown(series((r) => pick(r).time), ms)}   peak RSS ${shown(series((r) => pick(r).rss), mb)}`);
    }
    const oursMarginal = series((r) => marginal(r, 'ours'));
    const readMarginal = series((r) => marginal(r, 'read'));
    const marginalRatio = perRound(rounds, (r) => marginal(r, 'ours') / marginal(r, 'read'));
    const vsAjv = perRound(rounds, (r) => r.ajvLarge.time / r.oursLarge.time);
    const oursGrowth = perRound(rounds, (r) => r.oursLarge.rss / r.oursSmall.rss);
    const readGrowth = perRound(rounds, (r) => r.readLarge.rss / r.readSmall.rss);
    console.log(`   marginal cost per file, ${n(smallCount)} → ${n(largeCount)}: ours ${shown(oursMarginal, us)}; read + parse ${shown(readMarginal, us)}`);
    console.log(`   ours / read + parse, per round                      ${shown(marginalRatio, times)}`);
    console.log(`   ${n(largeCount)} files, ajv-cli / ours, per round              ${shown(vsAjv, times)}`);
    console.log(`   peak RSS ${n(largeCount)} / ${n(smallCount)} files: ours ${shown(oursGrowth, times)}; read + parse ${shown(readGrowth, times)}`);
    summary.push({ figure: `marginal cost per file (${n(smallCount)} → ${n(largeCount)}), vs read + parse`, ours: us(oursMarginal.median), baseline: us(readMarginal.median), ratio: marginalRatio, target: atMost(2) });
    summary.push({ figure: `${n(largeCount)} files, ajv-cli on the same files vs ours (times faster)`, ours: ms(series((r) => r.oursLarge.time).median), baseline: ms(series((r) => r.ajvLarge.time).median), ratio: vsAjv, target: atLeast(3) });
    // Flat memory: from the smaller tree to the larger, ours grows no more than reading and parsing does.
    const readGrowthMedian = readGrowth.median;
    summary.push({
      figure: `peak RSS growth ${n(smallCount)} → ${n(largeCount)} files (ours; baseline: read + parse's)`,
      ours: times(oursGrowth.median),
      baseline: times(readGrowthMedian),
      ratio: oursGrowth,
      target: atMost(readGrowthMedian + 0.05, `flat: at most read + parse's + 0.05x`),
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The CLI path of one big file, in process: the file's bytes as the CLI reads them, through lint() (decode,
 * parse, the checks for what JSON.parse hides, validate, placing problems) — against reading the text and
 * JSON.parse + validate(). Both include the read; neither includes starting a process, expanding paths
 * or writing a report (figures 1 and 3 measure those).
 */
function bigRoster(): void {
  const root = mkdtempSync(join(tmpdir(), 'gic-bench-'));
  try {
    const sizes = [Math.round(plan.roster / 4), plan.roster];
    const paths = sizes.map((count) => {
      const path = join(root, `roster-${count}.notification-roster.json`);
      writeFileSync(path, rosterText(count, 'clean'));
      return path;
    }) as [string, string];
    const kind: Kind = 'comms-notifications';
    const timed = (run: () => number): { time: number; problems: number } => {
      const start = performance.now();
      const problems = run();
      return { time: performance.now() - start, problems };
    };
    const [smallPath, path] = paths;
    const { rounds } = interleave(
      { rounds: plan.rosterRounds, warmups: 3 },
      {
        parse: () => timed(() => validate(JSON.parse(readFileSync(path, 'utf8')), { kind }).problems.length),
        ours: () => timed(() => lint({ text: readFileSync(path), type: 'payload', kind }).problems.length),
        oursQuarter: () => timed(() => lint({ text: readFileSync(smallPath), type: 'payload', kind }).problems.length),
      },
    );
    if (rounds.some((r) => r.parse.problems + r.ours.problems + r.oursQuarter.problems > 0)) throw new Error('the generated rosters should be clean');
    const size = (readFileSync(path).length / 1024 / 1024).toFixed(1);
    const parse = spread(rounds.map((r) => r.parse.time));
    const ours = spread(rounds.map((r) => r.ours.time));
    const ratio = perRound(rounds, (r) => r.ours.time / r.parse.time);
    const linear = perRound(rounds, (r) => r.ours.time / (sizes[1] as number) / (r.oursQuarter.time / (sizes[0] as number)));
    console.log(`\n4. A clean roster notification of ${plan.roster.toLocaleString('en-US')} participants (${size} MB), in process, ${rounds.length} interleaved rounds`);
    console.log(`   readFileSync(text) + JSON.parse + validate(value, { kind })       ${shown(parse, ms)}`);
    console.log(`   readFileSync(bytes) + lint({ text: bytes, type: 'payload', kind }) ${shown(ours, ms)}`);
    console.log(`   lint path / parse + validate(), per round                          ${shown(ratio, times)}`);
    console.log(`   lint path, time per participant at ${sizes[1]} vs ${sizes[0]} (linear is 1x)   ${shown(linear, times)}`);
    summary.push({ figure: `clean ${plan.roster.toLocaleString('en-US')}-participant roster, lint() of the bytes vs parse + validate()`, ours: ms(ours.median), baseline: ms(parse.median), ratio, target: atMost(1.5) });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function warningsFile(): void {
  const root = mkdtempSync(join(tmpdir(), 'gic-bench-'));
  try {
    const count = plan.warnings;
    const text = rosterText(count, 'warning');
    // The count is checked once, in process, with every problem listed.
    const listed = lint({ text, type: 'payload', kind: 'comms-notifications', maxProblems: Infinity }).problems;
    if (listed.length !== count || listed.some((problem) => problem.ruleId !== 'identity-provider-undeclared')) throw new Error(`the warning roster should hold ${count} identity-provider-undeclared warnings, not ${listed.length} problems`);
    const dir = join(root, 'warnings');
    mkdirSync(dir);
    const file = join(dir, `roster-${count}.notification-roster.json`);
    writeFileSync(file, text);
    // Limits raised so that the report lists every warning: the file is over the 10 MB default, and the
    // default --max-problems would list 1,000 and count the rest in one problem.
    const limits = ['--max-bytes', String(text.length * 2), '--max-problems', String(count)];
    const options = (files: boolean) => ({ cwd: root, rss: true, files });
    const { rounds, warmup } = interleave(
      { rounds: plan.warningRounds, warmups: 1 },
      {
        floor: (files) => runNode([readBaseline, file], options(files)),
        json: (files) => runNode([cli, 'validate', '--format', 'json', ...limits, file], options(files)),
        stylish: (files) => runNode([cli, 'validate', ...limits, file], options(files)),
      },
    );
    const reported = (JSON.parse(warmup.json.stdout) as { summary: { warnings: number; errors: number } }).summary;
    if (reported.warnings !== count || reported.errors !== 0) throw new Error(`the CLI reported ${reported.warnings} warnings and ${reported.errors} errors; the file holds ${count} warnings`);
    const series = (pick: (r: (typeof rounds)[number]) => number) => spread(rounds.map(pick));
    const n = count.toLocaleString('en-US');
    console.log(`\n5. One roster of ${n} participants, each with one identity-provider-undeclared warning (${(text.length / 1024 / 1024).toFixed(0)} MB), ${rounds.length} interleaved rounds`);
    console.log(`   the CLI with --max-problems ${count} (every warning listed) and --max-bytes above the file's size; the floor: a process that reads and JSON.parses the file`);
    for (const [label, pick] of [
      ['read + parse (the floor)', (r: (typeof rounds)[number]) => r.floor],
      ['validate --format json', (r: (typeof rounds)[number]) => r.json],
      ['validate (stylish)', (r: (typeof rounds)[number]) => r.stylish],
    ] as const) {
      console.log(`   ${label.padEnd(26)} ${shown(series((r) => pick(r).time), ms)}   peak RSS ${shown(series((r) => pick(r).rss), mb)}`);
    }
    for (const format of ['json', 'stylish'] as const) {
      const time = perRound(rounds, (r) => r[format].time / r.floor.time);
      const rss = perRound(rounds, (r) => r[format].rss / r.floor.rss);
      console.log(`   ${format} / floor, per round: time ${shown(time, times)}; peak RSS ${shown(rss, times)}`);
      const label = `${n}-warning file, --format ${format}`;
      const json = format === 'json';
      summary.push({ figure: `${label}: time vs the parse floor`, ours: ms(series((r) => r[format].time).median), baseline: ms(series((r) => r.floor.time).median), ratio: time, ...(json ? { target: atMost(3) } : {}) });
      summary.push({ figure: `${label}: peak RSS vs the parse floor`, ours: mb(series((r) => r[format].rss).median), baseline: mb(series((r) => r.floor.rss).median), ratio: rss, ...(json ? { target: atMost(2) } : {}) });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** What one run of bench-tracker-run.js prints. */
interface TrackerRun {
  readonly time: number;
  readonly events: number;
  readonly retainedMb: number;
  readonly expected: { readonly invites: number; readonly failed: number; readonly invitees: number };
  readonly kept: { readonly finished?: number; readonly failed?: number; readonly appeared?: number; readonly invites?: number; readonly notifications?: number };
}

/**
 * The invite tracker in processes of their own (--expose-gc, so that the heap kept at the end is read
 * after a full collection): the same stream of invites, completions and roster updates fed to the tracker
 * and to a plain Map that keeps everything, and to the tracker with a quarter of the invites, which shows
 * whether what it keeps grows with what it has seen.
 */
function inviteTracker(): void {
  const count = plan.invites;
  const quarter = count / 4;
  const runTracker = (variant: 'tracker' | 'map', invites: number) => {
    const run = runNode(['--expose-gc', trackerRun, variant, String(invites)], { cwd: packageRoot, rss: true });
    return { rss: run.rss, ...(JSON.parse(run.stdout) as TrackerRun) };
  };
  const { rounds, warmup } = interleave(
    { rounds: plan.inviteRounds, warmups: 1 },
    { map: () => runTracker('map', count), tracker: () => runTracker('tracker', count), quarter: () => runTracker('tracker', quarter) },
  );
  for (const run of [warmup.tracker, warmup.quarter]) {
    const { kept, expected } = run;
    if (kept.finished !== expected.invites || kept.failed !== expected.failed || kept.appeared !== expected.invitees) {
      throw new Error(`the tracker reported ${kept.finished} finished invites (${kept.failed} failed) and ${kept.appeared} invitees appearing; the stream holds ${expected.invites} (${expected.failed}) and ${expected.invitees}`);
    }
  }
  if (warmup.map.kept.invites !== count || warmup.map.kept.notifications !== count * 2) throw new Error(`the Map kept ${warmup.map.kept.invites} invites and ${warmup.map.kept.notifications} notifications of ${count} and ${count * 2}`);
  const series = (pick: (r: (typeof rounds)[number]) => number) => spread(rounds.map(pick));
  const n = (value: number) => value.toLocaleString('en-US');
  console.log(`\n6. The invite tracker: ${n(count)} invites (${n(count * 3)} events: the invite, a delta roster update, the operation's end; one in ten ends early), ${rounds.length} interleaved rounds, a process each`);
  console.log(`   the baseline: a plain Map that keeps every invite and notification by operation id and call; heap kept = heap after a full collection at the end, less before`);
  for (const [label, pick] of [
    [`plain Map, ${n(count)} invites`, (r: (typeof rounds)[number]) => r.map],
    [`tracker, ${n(quarter)} invites`, (r: (typeof rounds)[number]) => r.quarter],
    [`tracker, ${n(count)} invites`, (r: (typeof rounds)[number]) => r.tracker],
  ] as const) {
    console.log(`   ${label.padEnd(28)} ${shown(series((r) => pick(r).events / (pick(r).time / 1000)), perSecond)} events   heap kept ${shown(series((r) => pick(r).retainedMb), mb)}   peak RSS ${shown(series((r) => pick(r).rss), mb)}`);
  }
  const heap = perRound(rounds, (r) => r.tracker.retainedMb / r.map.retainedMb);
  const growth = perRound(rounds, (r) => r.tracker.retainedMb / r.quarter.retainedMb);
  const rss = perRound(rounds, (r) => r.tracker.rss / r.map.rss);
  const throughput = perRound(rounds, (r) => r.map.time / r.tracker.time);
  console.log(`   tracker / Map, per round: heap kept ${shown(heap, times)}; peak RSS ${shown(rss, times)}; events per second ${shown(throughput, times)}`);
  console.log(`   tracker, heap kept at ${n(count)} / ${n(quarter)} invites: ${shown(growth, times)}`);
  const label = `invite tracker, ${n(count)} invites`;
  summary.push({ figure: `${label}: heap kept vs a plain Map of the same data`, ours: mb(series((r) => r.tracker.retainedMb).median), baseline: mb(series((r) => r.map.retainedMb).median), ratio: heap, target: atMost(0.25) });
  summary.push({ figure: `${label}: heap kept vs at ${n(quarter)} invites (bounded)`, ours: mb(series((r) => r.tracker.retainedMb).median), baseline: mb(series((r) => r.quarter.retainedMb).median), ratio: growth, target: atMost(1.25) });
  summary.push({ figure: `${label}: events per second vs the plain Map`, ours: perSecond(series((r) => r.tracker.events / (r.tracker.time / 1000)).median), baseline: perSecond(series((r) => r.map.events / (r.map.time / 1000)).median), ratio: throughput });
}

function simulator(): void {
  summary.push(...simulatorFigure({ invites: plan.simulated, rounds: plan.simulatedRounds }));
}

function printSummary(): void {
  if (summary.length === 0) return;
  const header = ['figure', 'ours', 'baseline', 'ratio: median (min–max)', 'target', 'met'];
  const cells = summary.map((row) => [row.figure, row.ours, row.baseline, shown(row.ratio, times), row.target?.text ?? '—', row.target === undefined ? '—' : met(row.target, row.ratio.median) ? 'met' : 'NOT MET']);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => (row[i] as string).length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  console.log(`\nSummary${quick ? ' (--quick: few rounds, smaller inputs; not figures to quote)' : ''}: medians of interleaved rounds; each ratio is the median (and range) of the per-round ratios`);
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of cells) console.log(line(row));
}

// --only 1,3 runs those measurements alone (npm run bench -- --only 1).
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? undefined : new Set((process.argv[onlyAt + 1] ?? '').split(',').map(Number));
const measurements = [coldStart, inProcess, manyFiles, bigRoster, warningsFile, inviteTracker, simulator];
if (only !== undefined && [...only].some((n) => !Number.isInteger(n) || n < 1 || n > measurements.length)) {
  console.error(`bench: --only takes measurement numbers from 1 to ${measurements.length}, such as --only 1,3`);
  process.exit(2);
}
const selected = measurements.map((_, i) => i + 1).filter((number) => only === undefined || only.has(number));

/**
 * Each measurement runs in a process of its own (this script with --figure N <rows file>), which writes its
 * summary rows to the file: figures 2 and 4 time code in process, and figure 4 moved with what the figures
 * before it had left in the process (the clean roster read 1.42x in a full run, 1.45x after figure 3,
 * 1.23x to 1.26x alone).
 */
const figureAt = process.argv.indexOf('--figure');

/** Rows as JSON, with the numbers JSON cannot hold (a ratio over a zero time) kept as their names. */
const numberKeys = new Set(['median', 'min', 'max', 'limit']);
const rowsText = (rows: readonly SummaryRow[]): string => JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
const rowsOf = (text: string): SummaryRow[] => JSON.parse(text, (key, value: unknown) => (numberKeys.has(key) && typeof value === 'string' ? Number(value) : value)) as SummaryRow[];

/** Longest a figure may take before the bench stops it (the simulator's, the longest, takes some 3 minutes). */
const figureLimitMs = 20 * 60 * 1000;

/**
 * Ends a figure and what it runs (commands, ajv-cli, the simulator): off Windows a figure leads a process
 * group of its own, and the whole group is signalled.
 */
function endFigure(child: ChildProcess, signal: NodeJS.Signals): void {
  if (process.platform !== 'win32' && child.pid !== undefined) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  } else {
    child.kill(signal);
  }
}

/**
 * A signal that stops the bench (Ctrl-C, a CI's cancel): the figure running is ended (SIGTERM, or SIGKILL
 * at a second signal) and the bench removes its temporary files before it exits, instead of dying with
 * them on disk.
 */
class FigureStop {
  signal: NodeJS.Signals | undefined;
  running: ChildProcess | undefined;
  readonly #signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  readonly #listener = (signal: NodeJS.Signals): void => {
    const again = this.signal !== undefined;
    this.signal ??= signal;
    if (this.running !== undefined) endFigure(this.running, again ? 'SIGKILL' : 'SIGTERM');
  };

  constructor() {
    for (const signal of this.#signals) process.on(signal, this.#listener);
  }

  close(): void {
    for (const signal of this.#signals) process.off(signal, this.#listener);
  }
}

/** One figure in a process of its own, its temporary files in `scratch`; stopped after figureLimitMs. */
function runFigure(args: readonly string[], scratch: string, stop: FigureStop): Promise<{ status: number | null; signal: NodeJS.Signals | null; error?: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, TMPDIR: scratch, TMP: scratch, TEMP: scratch };
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env, detached: process.platform !== 'win32' });
    stop.running = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      endFigure(child, 'SIGKILL');
    }, figureLimitMs);
    let settled = false;
    const done = (result: { status: number | null; signal: NodeJS.Signals | null; error?: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop.running = undefined;
      resolve(timedOut ? { ...result, error: `stopped after ${figureLimitMs / 60_000} minutes` } : result);
    };
    // A figure that could not start has no pid and may never close; one that runs is done when it closes.
    child.on('error', (error) => {
      if (child.pid === undefined) done({ status: null, signal: null, error: error.message });
    });
    child.on('close', (status, signal) => done({ status, signal }));
  });
}

if (figureAt !== -1) {
  const number = Number(process.argv[figureAt + 1]);
  const rowsFile = process.argv[figureAt + 2] ?? '';
  const measure = measurements[number - 1];
  if (measure === undefined || rowsFile === '') throw new Error('--figure takes a measurement number and the file to write its rows to');
  measure();
  writeFileSync(rowsFile, rowsText(summary));
} else {
  const started = performance.now();
  console.log(`npm run bench${quick ? ' --quick' : ''}: Node.js ${process.version}, ${new Date().toISOString()}`);
  // Every temporary file of the run goes here (the rows, and the figures' trees, through their TMPDIR), so
  // that a run stopped part way leaves nothing behind.
  const scratch = mkdtempSync(join(tmpdir(), 'gic-bench-run-'));
  const stop = new FigureStop();
  try {
    for (const number of selected) {
      const rowsFile = join(scratch, `rows-${number}.json`);
      const args = [process.argv[1] as string, ...(quick ? ['--quick'] : []), '--figure', String(number), rowsFile];
      const figure = await runFigure(args, scratch, stop);
      if (stop.signal !== undefined) break;
      if (figure.status !== 0) {
        console.error(`bench: measurement ${number} failed (${figure.error ?? figure.signal ?? `exit status ${String(figure.status)}`})`);
        process.exitCode = 1;
        continue;
      }
      summary.push(...rowsOf(readFileSync(rowsFile, 'utf8')));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    stop.close();
  }
  if (stop.signal === undefined) {
    printSummary();
    console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
  } else {
    console.error(`bench: stopped by ${stop.signal}; its temporary files are removed`);
    process.exitCode = 128 + (constants.signals[stop.signal] ?? 0);
  }
}
