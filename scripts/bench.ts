/**
 * npm run bench: speed and memory of the linter, each measured side by side with a baseline in the
 * same run and reported as a ratio. Nothing here is a pass/fail test; docs/performance.md quotes the figures.
 *
 * 1. CLI cold start on the 16 documented samples vs `node -e 0` and vs ajv-cli with the same schemas.
 * 2. In-process validate() (schema + every rule) vs bare ajv + ajv-formats compiled from the same
 *    schemas, same payloads; our precompiled schema check alone is shown beside them.
 * 3. 10,000 generated payload files: wall time and peak RSS at 1,000 and 10,000 files.
 * 4. One roster notification of 1,250 / 2,500 / 5,000 participants: time, and time per participant.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createValidators } from '../generated/validators.js';
import { contractFormats } from '../src/validate/formats.js';
import { loadConfig, kindForPath } from '../src/cli/config/config.js';
import { rootSchemaFile, validatorExport } from '../src/contract/kinds.js';
import { kinds, type Kind } from '../src/model/kind.js';
import { lint } from '../src/lint/lint.js';
import { packageRoot, schemasDir } from '../src/paths.js';
import { validate } from '../src/validate/validate.js';
import { createAjv, loadSchemaFiles, rootSchemaId } from './schema-registry.js';

/** The installed command: the bundled CLI with its code cache. */
const cli = join(packageRoot, 'dist', 'src', 'cli', 'start', 'bin.cjs');
const ajvCli = join(packageRoot, 'node_modules', '.bin', 'ajv');
const documentedDir = join(packageRoot, 'samples', 'documented');
const rssHook = join(packageRoot, 'dist', 'scripts', 'bench-rss-hook.js');
const readBaseline = join(packageRoot, 'dist', 'scripts', 'bench-read-baseline.js');

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const ratio = (value: number): string => `${value.toFixed(2)}x`;

/**
 * Median wall time of a command over several runs, after warm-up runs (file cache, not the process).
 * Standard output is a pipe, read by this process, as in CI logs and pre-commit hooks.
 */
function timeCommand(argv: string[], runs: number, cwd = packageRoot): number {
  const [command, ...args] = argv as [string, ...string[]];
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i += 1) {
    const start = performance.now();
    const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const elapsed = performance.now() - start;
    if (result.status !== 0 && result.status !== 1) throw new Error(`${argv.join(' ')} exited ${String(result.status)}: ${String(result.stderr)}`);
    if (i >= 2) times.push(elapsed);
  }
  return median(times);
}

function coldStart(runs: number): void {
  const baseline = timeCommand([process.execPath, '-e', '0'], runs);
  const ours = timeCommand([process.execPath, cli, 'validate', documentedDir], runs);
  // ajv-cli takes one schema per run, so each kind is one invocation over its documented samples.
  const samplesOf: Record<Kind, string> = { 'invite-request': '*.request.json', 'invite-operation': '*.response.json', 'comms-notifications': '*.notification-*.json' };
  const schemaFiles = loadSchemaFiles().map(({ file }) => file);
  let ajv = 0;
  for (const kind of kinds) {
    const schema = rootSchemaFile[kind];
    const refs = schemaFiles.filter((f) => f !== schema).flatMap((f) => ['-r', join(schemasDir, f)]);
    ajv += timeCommand(
      [ajvCli, 'validate', '--spec=draft2020', '--strict=false', '--all-errors', '-c', 'ajv-formats', '-s', join(schemasDir, schema), ...refs, '-d', join(documentedDir, samplesOf[kind])],
      runs,
    );
  }
  console.log('\n1. CLI cold start, 16 documented samples (median of %d runs)', runs);
  console.log(`   node -e 0                      ${ms(baseline)}`);
  console.log(`   graph-invite-contract validate ${ms(ours)}   = ${ratio(ours / baseline)} node -e 0 (target <= 1.50x)`);
  console.log(`   ajv-cli, 3 runs (one per kind) ${ms(ajv)}   = ${ratio(ajv / ours)} slower than graph-invite-contract (target >= 4x)`);
}

function samplePayloads(): Array<{ value: unknown; kind: Kind }> {
  const config = loadConfig(packageRoot);
  const payloads: Array<{ value: unknown; kind: Kind }> = [];
  for (const folder of ['documented', 'valid']) {
    const dir = join(packageRoot, 'samples', folder);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && !n.endsWith('.expected.json'))) {
      const value = JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;
      const kind = kindForPath(config, join(dir, name)) ?? validate(value).kind;
      if (kind !== null) payloads.push({ value, kind });
    }
  }
  return payloads;
}

type Check = (payload: { value: unknown; kind: Kind }) => unknown;

/**
 * Calls per second of each function over the payloads, measured in turns: after a warm-up, 9 rounds in
 * which each runs for 200 ms, so that the machine's drift falls on all of them alike. Each gets its median
 * round, and each ratio to the first is the median of the per-round ratios.
 */
function throughputs(payloads: ReadonlyArray<{ value: unknown; kind: Kind }>, checks: readonly Check[]): { rates: number[]; ratios: number[] } {
  for (const check of checks) for (let i = 0; i < 20_000; i += 1) check(payloads[i % payloads.length] as { value: unknown; kind: Kind });
  const rounds: number[][] = [];
  for (let round = 0; round < 9; round += 1) {
    rounds.push(
      checks.map((check) => {
        let calls = 0;
        const start = performance.now();
        while (performance.now() - start < 200) {
          for (const payload of payloads) check(payload);
          calls += payloads.length;
        }
        return calls / ((performance.now() - start) / 1000);
      }),
    );
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  return {
    rates: checks.map((_, i) => median(rounds.map((round) => round[i] as number))),
    ratios: checks.map((_, i) => median(rounds.map((round) => (round[i] as number) / (round[0] as number)))),
  };
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
  const { rates, ratios } = throughputs(payloads, [
    ({ value, kind }) => (bareValidators.get(kind) as (data: unknown) => boolean)(value),
    ({ value, kind }) => (ours[validatorExport[kind]] as (data: unknown) => boolean)(value),
    ({ value, kind }) => validate(value, { kind }),
  ]);
  const [bareRate, standaloneRate, fullRate] = rates.map(Math.round);
  const [, standaloneRatio = 0, fullRatio = 0] = ratios;
  console.log(`\n2. In-process throughput, ${payloads.length} sample payloads (documented and valid), 9 interleaved rounds`);
  console.log(`   bare ajv + ajv-formats, compiled           ${bareRate} payloads/s`);
  console.log(`   our ajv standalone validators (errors)     ${standaloneRate} payloads/s   = ${ratio(standaloneRatio)} of bare ajv`);
  console.log(`   validate(), schemas + all rules            ${fullRate} payloads/s   = ${ratio(fullRatio)} of bare ajv (target >= 0.80x)`);
}

/** Writes n valid payload files (a request, an operation and a roster notification in turn). */
function writePayloads(dir: string, count: number): void {
  const valid = join(packageRoot, 'samples', 'valid');
  const templates = ['phone-invite.request.json', 'running-lowercase.operation.json', 'six-participant-roster.notification-roster.json'].map((name) => ({
    suffix: name.slice(name.indexOf('.')),
    text: readFileSync(join(valid, name), 'utf8'),
  }));
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i += 1) {
    const template = templates[i % templates.length] as { suffix: string; text: string };
    const folder = join(dir, `batch-${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(folder);
    writeFileSync(join(folder, `payload-${i}${template.suffix}`), template.text.replace(/"clientContext":\s*"[^"]*"/, `"clientContext": "bench-${i}"`));
  }
}

function manyFiles(): void {
  const root = mkdtempSync(join(tmpdir(), 'gic-bench-'));
  try {
    writeFileSync(join(root, 'graph-invite-contract.config.json'), readFileSync(join(packageRoot, 'graph-invite-contract.config.json')));
    console.log('\n3. Many files (valid payloads; kinds from the config), --format json');
    console.log('   baseline: a Node.js script that lists, reads and JSON.parses the same files one at a time');
    const rows: Array<{ count: number; time: number; rss: number; baselineRss: number }> = [];
    const peakRss = (argv: string[]): number => {
      const result = spawnSync(process.execPath, ['--import', rssHook, ...argv], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const match = /maxrss=(\d+)/.exec(result.stderr);
      if (result.status !== 0 || match === null) throw new Error(`bench run failed (${String(result.status)}): ${result.stderr.slice(0, 500)}`);
      return Number(match[1]) / 1024;
    };
    for (const count of [1000, 10000]) {
      const dir = join(root, `files-${count}`);
      writePayloads(dir, count);
      const times: number[] = [];
      let rss = 0;
      let baselineRss = 0;
      for (let run = 0; run < 3; run += 1) {
        const start = performance.now();
        rss = Math.max(rss, peakRss([cli, 'validate', '--format', 'json', dir]));
        times.push(performance.now() - start);
        baselineRss = Math.max(baselineRss, peakRss([readBaseline, dir]));
      }
      rows.push({ count, time: median(times), rss, baselineRss });
      console.log(`   ${String(count).padStart(6)} files  ${ms(median(times)).padStart(10)}  peak RSS ${rss.toFixed(1)} MB   baseline ${baselineRss.toFixed(1)} MB`);
    }
    const [small, large] = rows as [(typeof rows)[number], (typeof rows)[number]];
    console.log(`   10,000 files: ${ms(large.time)} (target < 2000 ms)`);
    console.log(
      `   peak RSS 10,000 / 1,000 files = ${ratio(large.rss / small.rss)}; the baseline's = ${ratio(large.baselineRss / small.baselineRss)} (flat: no more growth than the baseline)`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function roster(count: number): string {
  const participant = (i: number) => ({
    '@odata.type': '#microsoft.graph.participant',
    id: `p-${i}`,
    info: { identity: { user: { id: `u-${i}`, displayName: `Attendee ${i}`, tenantId: 't' } }, endpointType: 'default', languageId: 'en-US' },
    mediaStreams: [{ mediaType: 'audio', sourceId: String(i), direction: 'sendReceive', serverMuted: false }],
    isMuted: i % 2 === 0,
    isInLobby: false,
    endpointId: `e-${i}`,
  });
  const body = {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [{ changeType: 'updated', resourceUrl: '/communications/calls/c1/participants', resourceData: Array.from({ length: count }, (_, i) => participant(i)) }],
  };
  return JSON.stringify(body, null, 2);
}

async function bigRoster(): Promise<void> {
  console.log('\n4. One roster notification: parse + validate + rules (lint), median of 9 runs');
  const perParticipant: number[] = [];
  for (const count of [1250, 2500, 5000]) {
    const text = roster(count);
    const times: number[] = [];
    for (let run = 0; run < 11; run += 1) {
      const start = performance.now();
      const report = lint({ text: text, type: 'payload', kind: 'comms-notifications' });
      times.push(performance.now() - start);
      if (report.problems.length > 0) throw new Error('the generated roster should be clean');
    }
    const time = median(times.slice(2));
    perParticipant.push(time / count);
    console.log(`   ${String(count).padStart(5)} participants (${(text.length / 1024).toFixed(0)} KB)  ${ms(time)}  ${((time / count) * 1000).toFixed(2)} µs per participant`);
  }
  const first = perParticipant[0] as number;
  const last = perParticipant[perParticipant.length - 1] as number;
  console.log(`   time per participant at 5,000 vs 1,250: ${ratio(last / first)} (linear is ~1x); target for 5,000: < 100 ms`);
}

const quick = process.argv.includes('--quick');
// --only 1,3 runs those measurements alone (npm run bench -- --only 1).
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? undefined : new Set((process.argv[onlyAt + 1] ?? '').split(',').map(Number));
const runs = (n: number): boolean => only === undefined || only.has(n);
if (runs(1)) coldStart(quick ? 5 : 15);
if (runs(2)) inProcess();
if (runs(3)) manyFiles();
if (runs(4)) await bigRoster();
