/**
 * CLI fuzzing: mutated payloads fed through the built binary (dist/src/cli/start/bin.cjs, the installed command), many files per run.
 *
 *   node dist/scripts/fuzz.js [--count N] [--seed S] [--batch B] [--jobs J] [--timeout MS] [--crashes DIR] [--verbose]
 *
 * Defaults: 10,000 inputs, a seed from the clock (printed, to replay the run), 200 files per run, as many
 * runs at once as there are cores (at most 4), 60 s per run, crashes saved under the system's temp folder.
 *
 * Inputs start from every sample (samples/documented, valid and invalid) and get one to three mutations:
 * byte flips, truncations, inserted junk, huge numbers, very long strings, deep nesting,
 * __proto__/constructor keys, invalid UTF-8, lone surrogates, encodings, duplicate keys, type swaps.
 * Each batch of files is linted by one run of the binary with --format json, and checked:
 * - the exit status is 0, 1 or 2, and 1 exactly when the report counts errors;
 * - nothing on stderr (no stack trace, no "internal error");
 * - every file is in the report, every problem has a rule id, a severity, line >= 1 and column >= 1,
 *   and its line exists in the file;
 * - the run ends within the time limit;
 * - every input file is byte-identical after the run.
 * One batch in five is also linted with another format (stylish, github, sarif, junit), which must give the
 * same exit status without a stack trace. A failing batch is bisected down to the inputs that fail it,
 * and those are saved (with the reason) in the crashes folder.
 *
 * The generator is seeded: on the same samples, a seed and a count replay a campaign exactly.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFileName } from '../src/cli/config/config.js';
import { kinds } from '../src/contract/kinds.js';
import { packageRoot } from '../src/paths.js';

export interface CampaignOptions {
  /** How many inputs to generate and lint. */
  readonly count: number;
  readonly seed: number;
  /** Files per run of the binary. */
  readonly batchSize?: number;
  /** Runs of the binary at the same time. */
  readonly jobs?: number;
  /** Longest a run may take before it counts as a hang. */
  readonly batchTimeoutMs?: number;
  /** Where failing inputs are saved; nothing is saved without it. */
  readonly crashDir?: string;
  /** Progress lines; silent without it. */
  readonly log?: (line: string) => void;
  /** The CLI to run; the built binary unless a test hands it a stand-in that is known to fail. */
  readonly binary?: string;
}

export interface Crash {
  /** The input's file name: its index and the sample it was made from. */
  readonly name: string;
  readonly reason: string;
  readonly operators: readonly string[];
  readonly bytes: Buffer;
  /** Where it was saved, when a crash folder was given. */
  readonly savedAs?: string;
}

export interface CampaignResult {
  readonly seed: number;
  readonly inputs: number;
  readonly batches: number;
  /** Exit status of each run of the binary over a batch (json format). */
  readonly batchStatuses: Readonly<Record<string, number>>;
  /** Exit status each input would get alone: 1 when its report has an error, else 0. */
  readonly inputStatuses: Readonly<Record<string, number>>;
  /** Runs with another format, by format. */
  readonly otherFormats: Readonly<Record<string, number>>;
  /** How often each mutation operator was applied. */
  readonly operators: Readonly<Record<string, number>>;
  /** How often each rule id was reported. */
  readonly ruleIds: Readonly<Record<string, number>>;
  readonly crashes: readonly Crash[];
  readonly slowestBatchMs: number;
  readonly durationMs: number;
}

const builtBinary = join(packageRoot, 'dist', 'src', 'cli', 'start', 'bin.cjs');
const samplesDir = join(packageRoot, 'samples');
const otherFormatNames = ['stylish', 'github', 'sarif', 'junit'] as const;


// ---------------------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): the same seed gives the same inputs on every platform.

class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, max). */
  below(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(list: readonly T[]): T {
    const item = list[this.below(list.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Mutation operators. Inputs are handled as latin1 strings, one character per byte, so byte-level edits
// and text edits mix freely; text that must be UTF-8 is converted with utf8().

const utf8 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

function insertAt(input: string, at: number, text: string): string {
  return input.slice(0, at) + text + input.slice(at);
}

/** The [start, end) spans of a token pattern (of its last group, when it has one), to pick one to replace. */
function spans(input: string, pattern: RegExp): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (const match of input.matchAll(pattern)) {
    const end = match.index + match[0].length;
    const group = match[1];
    found.push([group === undefined ? match.index : end - group.length, end]);
  }
  return found;
}

function replaceSpan(input: string, [start, end]: [number, number], text: string): string {
  return input.slice(0, start) + text + input.slice(end);
}

/**
 * Numbers in value position, not digits inside strings: the number is the last group of the match. (A
 * lookbehind would rescan the white space before every position: quadratic on a long run of spaces.)
 */
const numberToken = /[:[,]\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=[\s,}\]])/g;
const stringToken = /"(?:[^"\\]|\\.)*"/g;
const valueToken = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/g;
const memberToken = /"(?:[^"\\]|\\.)*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/g;

const hugeNumbers = [
  '1e400', '-1e400', '1E-400', '-0', '0.0', `1${'0'.repeat(400)}`, `0.${'0'.repeat(400)}1`, '9223372036854775808', '9223372036854775807',
  '-9223372036854775809', '9007199254740993', '2147483648', '-2147483649', '123456789012345678901234567890', '1.7976931348623157e309', '4.9e-325',
];

const junk = [
  '{', '}', '[', ']', ',', ':', '"', '\\', 'null', 'true', 'NaN', 'Infinity', '-', '.', 'e', '//', '/*', '\'', '\t', '\r', '\n', '\u000b', ' ',
  '\\u', '\\ud800', '"\\udc00"', ',,', '{}', '[]', '"":', 'undefined', '0x1F', '+1', '01', '1.', '.5', utf8('\u2028'), utf8('\ufeff'), utf8('😀'), utf8('\u0000'),
];

function longText(random: Random): string {
  const length = random.pick([1_000, 10_000, 100_000, 1_000_000]);
  const unit = random.pick(['a', '/', ' ', '\\u0041', '\\\\', '+1', '%2', 'watermarkProtection,', '/communications/calls/', utf8('é'), utf8('😀'), '\\ud83d\\ude00', '\\ud800']);
  return unit.repeat(Math.ceil(length / unit.length));
}

function wrap(depth: number, open: string, close: string, inner: string): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

type Operator = (input: string, random: Random, others: readonly Seed[]) => string;

const operators: Readonly<Record<string, Operator>> = {
  'bit-flip': (input, random) => {
    if (input.length === 0) return input;
    const bytes = Buffer.from(input, 'latin1');
    for (let flips = 1 + random.below(random.below(4) === 0 ? 8 : 2); flips > 0; flips -= 1) {
      const at = random.below(bytes.length);
      bytes[at] = (bytes[at] as number) ^ (1 << random.below(8));
    }
    return bytes.toString('latin1');
  },
  'byte-set': (input, random) => {
    if (input.length === 0) return String.fromCharCode(random.below(256));
    const bytes = Buffer.from(input, 'latin1');
    for (let sets = 1 + random.below(4); sets > 0; sets -= 1) bytes[random.below(bytes.length)] = random.below(256);
    return bytes.toString('latin1');
  },
  truncate: (input, random) => input.slice(0, random.below(input.length + 1)),
  'delete-range': (input, random) => {
    const start = random.below(input.length + 1);
    return input.slice(0, start) + input.slice(start + 1 + random.below(64));
  },
  'duplicate-range': (input, random) => {
    const start = random.below(input.length + 1);
    const piece = input.slice(start, start + 1 + random.below(200));
    return insertAt(input, random.below(input.length + 1), piece);
  },
  'insert-junk': (input, random) => {
    let out = input;
    for (let count = 1 + random.below(3); count > 0; count -= 1) out = insertAt(out, random.below(out.length + 1), random.pick(junk));
    return out;
  },
  'huge-number': (input, random) => {
    const numbers = spans(input, numberToken);
    // Samples hold few numbers, so any value (a string id, a flag) may become one too.
    const found = numbers.length > 0 && random.below(2) === 0 ? numbers : spans(input, valueToken);
    const number = random.pick(hugeNumbers);
    if (found.length === 0) return insertAt(input, random.below(input.length + 1), number);
    return replaceSpan(input, random.pick(found), number);
  },
  'long-string': (input, random) => {
    const found = spans(input, stringToken);
    const text = `"${longText(random)}"`;
    if (found.length === 0) return text;
    return replaceSpan(input, random.pick(found), text);
  },
  'deep-nesting': (input, random) => {
    const depth = random.pick([10, 500, 999, 1000, 1001, 5000, 100_000]);
    const found = spans(input, valueToken);
    const nest = (inner: string): string =>
      random.below(2) === 0 ? wrap(depth, '[', ']', inner) : wrap(depth, '{"participants":', '}', inner);
    if (found.length === 0 || random.below(4) === 0) return nest(input);
    const span = random.pick(found);
    return replaceSpan(input, span, nest(input.slice(span[0], span[1])));
  },
  'proto-keys': (input, random) => {
    const opens = spans(input, /\{/g);
    const key = random.pick([
      '"__proto__":{"polluted":true},',
      '"__proto__":null,',
      '"__proto__":[],',
      '"constructor":{"prototype":{"polluted":true}},',
      '"prototype":{"polluted":true},',
      '"toString":"x",',
      '"hasOwnProperty":1,',
      '"__proto__":{"participants":[],"value":[],"status":"running"},',
    ]);
    if (opens.length === 0) return `{${key}"x":1}`;
    const [, end] = random.pick(opens);
    return insertAt(input, end, key);
  },
  'invalid-utf8': (input, random) => {
    const bytes = random.pick(['\xc0\xaf', '\xff', '\xfe', '\xed\xa0\x80', '\xed\xbf\xbf', '\xe2\x82', '\xf4\x90\x80\x80', '\xf8\x88\x80\x80\x80', '\x80', '\xc2']);
    return insertAt(input, random.below(input.length + 1), bytes);
  },
  'lone-surrogate': (input, random) => {
    const found = spans(input, stringToken);
    const escape = random.pick(['\\ud800', '\\udfff', '\\ud83d', '\\ude00x', '\\uDBFF\\u0041']);
    if (found.length === 0) return `"${escape}"`;
    const [start] = random.pick(found);
    return insertAt(input, start + 1, escape);
  },
  'type-swap': (input, random) => {
    const found = spans(input, valueToken);
    if (found.length === 0) return input;
    return replaceSpan(input, random.pick(found), random.pick(['null', 'true', '0', '1.5', '"x"', '[]', '{}', '[null]', '{"":null}', '""']));
  },
  'duplicate-key': (input, random) => {
    const found = spans(input, memberToken);
    if (found.length === 0) return input;
    const span = random.pick(found);
    return insertAt(input, span[1], `,${input.slice(span[0], span[1])}`);
  },
  encoding: (input, random) => {
    switch (random.below(6)) {
      case 0:
        return `\xef\xbb\xbf${input}`;
      case 1:
        return `\xff\xfe${Buffer.from(Buffer.from(input, 'latin1').toString('utf8'), 'utf16le').toString('latin1')}`;
      case 2:
        return `\xfe\xff${input}`;
      case 3:
        return input.replace(/\n/g, '\r\n');
      case 4:
        return input.replace(/\n/g, '\r');
      default:
        return insertAt(input, random.below(input.length + 1), '\x00');
    }
  },
  empty: (_input, random) => random.pick(['', ' ', '\n', '\r\n\t ', '\xef\xbb\xbf', '\xef\xbb\xbf \n']),
  splice: (input, random, others) => {
    const other = random.pick(others).text;
    return input.slice(0, random.below(input.length + 1)) + other.slice(random.below(other.length + 1));
  },
};

/** How often each operator is drawn: byte-level ones mostly stop at the parser, so structure-keeping ones weigh more. */
const weights: ReadonlyArray<readonly [string, number]> = [
  ['bit-flip', 8], ['byte-set', 4], ['truncate', 6], ['delete-range', 6], ['duplicate-range', 5], ['insert-junk', 8],
  ['huge-number', 8], ['long-string', 4], ['deep-nesting', 4], ['proto-keys', 8], ['invalid-utf8', 4], ['lone-surrogate', 6],
  ['type-swap', 12], ['duplicate-key', 6], ['encoding', 3], ['empty', 1], ['splice', 3],
];
const totalWeight = weights.reduce((sum, [, weight]) => sum + weight, 0);

function drawOperator(random: Random): string {
  let roll = random.below(totalWeight);
  for (const [name, weight] of weights) {
    if (roll < weight) return name;
    roll -= weight;
  }
  return 'bit-flip';
}

export const operatorNames: readonly string[] = weights.map(([name]) => name);

interface Seed {
  readonly name: string;
  readonly text: string;
}

/** Every sample payload, as the starting points of the mutations. */
function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  for (const folder of ['documented', 'valid', 'invalid']) {
    const dir = join(samplesDir, folder);
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.json') && !name.endsWith('.expected.json')) seeds.push({ name, text: readFileSync(join(dir, name)).toString('latin1') });
    }
  }
  if (seeds.length === 0) throw new Error(`no samples in ${samplesDir}`);
  return seeds;
}

export interface Input {
  readonly name: string;
  readonly bytes: Buffer;
  readonly operators: readonly string[];
}

function makeInput(index: number, random: Random, seeds: readonly Seed[]): Input {
  const seed = random.pick(seeds);
  let text = seed.text;
  const applied: string[] = [];
  const roll = random.below(10);
  for (let count = roll < 6 ? 1 : roll < 9 ? 2 : 3; count > 0; count -= 1) {
    const name = drawOperator(random);
    text = (operators[name] as Operator)(text, random, seeds);
    applied.push(name);
  }
  return { name: `${String(index).padStart(6, '0')}.${seed.name}`, bytes: Buffer.from(text, 'latin1'), operators: applied };
}

/** The inputs of a campaign, in order: the same count and seed always give the same bytes. */
export function generateInputs(total: number, seed: number): Input[] {
  const random = new Random(seed);
  const seeds = loadSeeds();
  return Array.from({ length: total }, (_, index) => makeInput(index, random, seeds));
}

// ---------------------------------------------------------------------------------------------------------
// Running the binary

interface RunOutcome {
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

function runBinary(binary: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [binary, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut, ms: performance.now() - started });
    });
  });
}

interface JsonReport {
  files: Array<{ path: string; problems: Array<{ ruleId: unknown; severity: unknown; line: unknown; column: unknown }> }>;
  summary: { errors: number };
}

/** The most lines a file's bytes can hold, whichever of CRLF, CR and LF ends them. */
function lineBound(bytes: Buffer): number {
  let breaks = 0;
  for (const byte of bytes) if (byte === 0x0a || byte === 0x0d) breaks += 1;
  return breaks + 1;
}

interface BatchCheck {
  /** Failures pinned on one input, by file name. */
  readonly byInput: Map<string, string>;
  /** Failures of the run as a whole (a stack trace, a hang, a bad status). */
  readonly general: string[];
  readonly report: JsonReport | undefined;
  readonly outcome: RunOutcome;
}

/** What every batch of a campaign runs with: the binary, the scratch folder, the time limit of a run. */
interface Runner {
  readonly binary: string;
  readonly root: string;
  readonly timeoutMs: number;
}

/** How one batch is run: extra arguments (--kind), and another format to compare with, if any. */
interface BatchHow {
  readonly args: readonly string[];
  readonly otherFormat: string | undefined;
}

/**
 * Lints a folder of inputs in one run and checks everything the run promises; with another format, lints
 * it again in that format, which must agree on the exit status and print no stack trace either.
 */
async function checkBatch(runner: Runner, folder: string, inputs: readonly Input[], how: BatchHow): Promise<BatchCheck> {
  const { binary, root, timeoutMs } = runner;
  const { args: extraArgs, otherFormat } = how;
  const dir = join(root, folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const input of inputs) writeFileSync(join(dir, input.name), input.bytes);
  const outcome = await runBinary(binary, ['validate', '--format', 'json', ...extraArgs, folder], root, timeoutMs);
  const byInput = new Map<string, string>();
  const general: string[] = [];
  const crashed = (run: RunOutcome, label: string): void => {
    if (run.timedOut) general.push(`${label}: the run took longer than ${timeoutMs} ms`);
    if (run.status === null || ![0, 1, 2].includes(run.status)) general.push(`${label}: exit status ${String(run.status)} (signal ${String(run.signal)})`);
    if (/\n\s+at /.test(run.stderr) || /internal error/i.test(run.stderr)) general.push(`${label}: stack trace or internal error on stderr: ${run.stderr.slice(0, 500)}`);
    else if (run.stderr !== '') general.push(`${label}: unexpected stderr: ${run.stderr.slice(0, 500)}`);
  };
  crashed(outcome, '--format json');
  let report: JsonReport | undefined;
  if (!outcome.timedOut) {
    try {
      report = JSON.parse(outcome.stdout) as JsonReport;
    } catch {
      general.push(`stdout is not a JSON report: ${outcome.stdout.slice(0, 200)}`);
    }
  }
  if (report !== undefined) {
    const expectedStatus = report.summary.errors > 0 ? 1 : 0;
    if (outcome.status !== expectedStatus) general.push(`exit status ${String(outcome.status)} with ${report.summary.errors} errors reported`);
    const byPath = new Map(report.files.map((file) => [file.path, file]));
    for (const input of inputs) {
      const file = byPath.get(`${folder}/${input.name}`);
      if (file === undefined) {
        byInput.set(input.name, 'missing from the report');
        continue;
      }
      const bound = lineBound(input.bytes);
      for (const problem of file.problems) {
        const { ruleId, severity, line, column } = problem;
        if (typeof ruleId !== 'string' || (severity !== 'error' && severity !== 'warning')) byInput.set(input.name, `malformed problem ${JSON.stringify(problem)}`);
        else if (!Number.isInteger(line) || !Number.isInteger(column) || (line as number) < 1 || (column as number) < 1) byInput.set(input.name, `${ruleId} at ${String(line)}:${String(column)}`);
        else if ((line as number) > bound) byInput.set(input.name, `${ruleId} at line ${String(line)} of a file with at most ${bound} lines`);
      }
    }
  }
  if (otherFormat !== undefined && general.length === 0) {
    const other = await runBinary(binary, ['validate', '--format', otherFormat, ...extraArgs, folder], root, timeoutMs);
    crashed(other, `--format ${otherFormat}`);
    if (other.status !== outcome.status) general.push(`--format ${otherFormat} exits ${String(other.status)}, --format json ${String(outcome.status)}`);
  }
  for (const input of inputs) {
    let after: Buffer | undefined;
    try {
      after = readFileSync(join(dir, input.name));
    } catch {
      after = undefined;
    }
    if (after === undefined || !after.equals(input.bytes)) byInput.set(input.name, 'the input file changed during the run');
  }
  rmSync(dir, { recursive: true, force: true });
  return { byInput, general, report, outcome };
}

/** Narrows a failing batch down to the inputs that fail alone. */
async function isolate(runner: Runner, folder: string, inputs: readonly Input[], how: BatchHow): Promise<Map<string, string>> {
  const failing = new Map<string, string>();
  const visit = async (group: readonly Input[], depth: number): Promise<void> => {
    const check = await checkBatch(runner, `${folder}-isolate-${depth}`, group, how);
    for (const [name, reason] of check.byInput) failing.set(name, reason);
    if (check.general.length === 0) return;
    if (group.length === 1) {
      failing.set((group[0] as Input).name, check.general.join('; '));
      return;
    }
    const middle = Math.ceil(group.length / 2);
    await visit(group.slice(0, middle), depth + 1);
    await visit(group.slice(middle), depth + 1);
  };
  await visit(inputs, 0);
  return failing;
}

const count = (record: Record<string, number>, key: string, by = 1): void => {
  record[key] = (record[key] ?? 0) + by;
};

/** Runs a campaign: count inputs from seed, in batches through the binary, every run checked. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 200;
  const jobs = Math.max(1, options.jobs ?? Math.min(availableParallelism(), 4));
  const log = options.log ?? (() => undefined);
  // Run arguments come from their own stream, so the inputs are exactly generateInputs(count, seed).
  const random = new Random(options.seed ^ 0x5bd1e995);
  const inputs = generateInputs(options.count, options.seed);
  const root = mkdtempSync(join(tmpdir(), 'gic-fuzz-'));
  // The project's config, so each input keeps the kind its sample's name gives it.
  writeFileSync(join(root, configFileName), readFileSync(join(packageRoot, configFileName)));
  const runner: Runner = { binary: options.binary ?? builtBinary, root, timeoutMs: options.batchTimeoutMs ?? 60_000 };

  const batchStatuses: Record<string, number> = {};
  const inputStatuses: Record<string, number> = {};
  const otherFormats: Record<string, number> = {};
  const operatorCounts: Record<string, number> = {};
  const ruleIds: Record<string, number> = {};
  const crashes: Crash[] = [];
  let slowest = 0;

  // Everything is drawn up front, in order, so a campaign does not depend on how many jobs run it.
  const batches: Array<{ index: number; inputs: Input[]; args: string[]; otherFormat: string | undefined }> = [];
  for (let index = 0; index * batchSize < inputs.length; index += 1) {
    const args = random.below(4) === 0 ? ['--kind', random.pick(kinds)] : [];
    batches.push({ index, inputs: inputs.slice(index * batchSize, (index + 1) * batchSize), args, otherFormat: index % 5 === 1 ? otherFormatNames[Math.floor(index / 5) % otherFormatNames.length] : undefined });
  }

  const runOne = async (batch: (typeof batches)[number]): Promise<void> => {
    const folder = `batch-${String(batch.index).padStart(5, '0')}`;
    const check = await checkBatch(runner, folder, batch.inputs, batch);
    slowest = Math.max(slowest, check.outcome.ms);
    count(batchStatuses, String(check.outcome.status));
    if (batch.otherFormat !== undefined) count(otherFormats, batch.otherFormat);
    for (const input of batch.inputs) for (const name of input.operators) count(operatorCounts, name);
    const byPath = new Map((check.report?.files ?? []).map((file) => [file.path, file]));
    for (const input of batch.inputs) {
      const file = byPath.get(`${folder}/${input.name}`);
      if (file === undefined) continue;
      count(inputStatuses, file.problems.some((p) => p.severity === 'error') ? '1' : '0');
      for (const problem of file.problems) count(ruleIds, String(problem.ruleId));
    }
    let failing = check.byInput;
    if (check.general.length > 0) {
      log(`batch ${batch.index}: ${check.general.join('; ')}; isolating the inputs`);
      failing = new Map([...failing, ...(await isolate(runner, folder, batch.inputs, batch))]);
      if (failing.size === 0) crashes.push({ name: folder, reason: `only the whole batch fails: ${check.general.join('; ')}`, operators: [], bytes: Buffer.alloc(0) });
    }
    for (const [name, reason] of failing) {
      const input = batch.inputs.find((candidate) => candidate.name === name);
      if (input === undefined) continue;
      let savedAs: string | undefined;
      if (options.crashDir !== undefined) {
        mkdirSync(options.crashDir, { recursive: true });
        savedAs = join(options.crashDir, input.name);
        writeFileSync(savedAs, input.bytes);
        writeFileSync(`${savedAs}.reason.txt`, `${reason}\noperators: ${input.operators.join(', ')}\nseed: ${options.seed}\n`);
      }
      crashes.push({ name, reason, operators: input.operators, bytes: input.bytes, ...(savedAs === undefined ? {} : { savedAs }) });
    }
    log(`batch ${batch.index + 1}/${batches.length}: exit ${String(check.outcome.status)}, ${check.outcome.ms.toFixed(0)} ms${failing.size > 0 ? `, ${failing.size} failing` : ''}`);
  };

  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let batch = batches[next++]; batch !== undefined; batch = batches[next++]) await runOne(batch);
    };
    await Promise.all(Array.from({ length: Math.min(jobs, batches.length) }, worker));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  return {
    seed: options.seed,
    inputs: batches.reduce((sum, batch) => sum + batch.inputs.length, 0),
    batches: batches.length,
    batchStatuses,
    inputStatuses,
    otherFormats,
    operators: operatorCounts,
    ruleIds,
    crashes,
    slowestBatchMs: slowest,
    durationMs: performance.now() - started,
  };
}

function histogram(record: Readonly<Record<string, number>>): string {
  const entries = Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? 'none' : entries.map(([key, value]) => `${key}: ${value}`).join(', ');
}

/** Reads a whole-number option. */
function numberOption(argv: readonly string[], name: string): number | undefined {
  const index = argv.indexOf(`--${name}`);
  if (index === -1) return undefined;
  const value = argv[index + 1];
  if (value === undefined || !/^[0-9]+$/.test(value)) throw new Error(`--${name} takes a whole number`);
  return Number(value);
}

async function main(argv: readonly string[]): Promise<number> {
  const seed = numberOption(argv, 'seed') ?? Date.now() % 2 ** 32;
  const total = numberOption(argv, 'count') ?? 10_000;
  const batchSize = numberOption(argv, 'batch');
  const jobs = numberOption(argv, 'jobs');
  const batchTimeoutMs = numberOption(argv, 'timeout');
  const crashesIndex = argv.indexOf('--crashes');
  const crashDir = crashesIndex === -1 ? join(tmpdir(), `graph-invite-contract-fuzz-${seed}`) : (argv[crashesIndex + 1] as string);
  const verbose = argv.includes('--verbose');
  console.log(`fuzz: seed ${seed}, ${total} inputs through ${builtBinary}`);
  const result = await runCampaign({
    count: total,
    seed,
    crashDir,
    ...(batchSize === undefined ? {} : { batchSize }),
    ...(jobs === undefined ? {} : { jobs }),
    ...(batchTimeoutMs === undefined ? {} : { batchTimeoutMs }),
    log: (line) => {
      if (verbose || !line.startsWith('batch ') || / failing|isolating/.test(line)) console.log(`  ${line}`);
    },
  });
  console.log(`inputs: ${result.inputs} in ${result.batches} runs of the binary, ${(result.durationMs / 1000).toFixed(1)} s (slowest run ${(result.slowestBatchMs / 1000).toFixed(1)} s)`);
  console.log(`exit statuses of the runs (--format json): ${histogram(result.batchStatuses)}`);
  console.log(`exit status each input would get alone: ${histogram(result.inputStatuses)}`);
  console.log(`runs with another format: ${histogram(result.otherFormats)}`);
  console.log(`mutation operators applied: ${histogram(result.operators)}`);
  console.log(`problems reported by rule id: ${histogram(result.ruleIds)}`);
  console.log(`crashes: ${result.crashes.length}`);
  for (const crash of result.crashes) console.log(`  ${crash.name}: ${crash.reason} [${crash.operators.join(', ')}]${crash.savedAs === undefined ? '' : ` saved as ${crash.savedAs}`}`);
  return result.crashes.length === 0 ? 0 : 1;
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      console.error(`fuzz failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    },
  );
}
