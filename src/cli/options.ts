import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { apiVersionNamed, apiVersions, type ApiVersion } from '../model/api-version.js';
import { isKind, kinds, type Kind } from '../model/kind.js';
import { defaultMaxBytes } from '../rules/file/file-too-large.js';
import { defaultMaxProblems } from '../rules/file/too-many-problems.js';
import { formatNames, isFormatName, type FormatName } from './formatters/index.js';
import { UsageError } from './usage.js';
import type { WarningLimits } from './verdict.js';

/** --fix writes the fixed files; --fix-dry-run prints what it would write as a unified diff. */
export type FixMode = 'write' | 'dry-run';

/** --output: the path as given (for messages) and resolved against the working folder. */
export interface OutputFile {
  readonly given: string;
  readonly path: string;
}

/** One report of a run: its format, and its file (undefined: standard output). */
export interface ReportTarget {
  readonly format: FormatName;
  readonly output: OutputFile | undefined;
}

/**
 * How a linting command reports. format and output are the first report; more, present only when --format
 * is given several times, the others in the order given (reportTargets lists them all).
 */
export interface ReportOptions {
  readonly format: FormatName;
  readonly output: OutputFile | undefined;
  readonly more?: readonly ReportTarget[];
  /** --color (true) or --no-color (false); undefined: colour on a terminal, unless NO_COLOR is set. */
  readonly color: boolean | undefined;
  readonly limits: WarningLimits;
}

/** The options every linting command shares. */
export interface LintOptions {
  /** What the command line names, in order: files, folders and patterns (validate, docs) or folders (exchange). */
  readonly inputs: readonly string[];
  readonly maxBytes: number;
  /** --max-problems: problems a file lists before the rest are counted in one too-many-problems. */
  readonly maxProblems: number;
  readonly allowEmpty: boolean;
  /** --config, as given. */
  readonly config: string | undefined;
  /** --api-version: the profile every file is checked against, over the config's and the request paths'. */
  readonly apiVersion: ApiVersion | undefined;
  readonly report: ReportOptions;
  // --- baseline and standard input (present only when given) ---
  /** --baseline: the accepted problems; only the others are reported and counted. */
  readonly baseline?: OutputFile;
  /** --write-baseline: where to write every problem found, as a baseline. */
  readonly writeBaseline?: OutputFile;
  /** --stdin-path: the path standard input (-) stands for, as given. */
  readonly stdinPath?: string;
  // --- end ---
  /** --fix or --fix-dry-run (validate only): make the certain fixes before linting, or show them as a diff. */
  readonly fix?: FixMode;
}

/** Every report of a run, the first one first. */
export function reportTargets(report: ReportOptions): readonly ReportTarget[] {
  return [{ format: report.format, output: report.output }, ...(report.more ?? [])];
}

/** The path argument that stands for standard input. */
export const stdinArgument = '-';

export interface ValidateOptions extends LintOptions {
  readonly command: 'validate';
  /** --kind: every file is checked as this kind. */
  readonly kind: Kind | undefined;
}

/** simulate: where to listen, the scenario and recording folder as given, the report's format. */
export interface SimulateOptions {
  readonly command: 'simulate';
  readonly port: number | undefined;
  readonly scenario: string | undefined;
  readonly record: string | undefined;
  readonly format: FormatName;
}

/** The command line, read once: what to do and how. */
export type Options =
  | { readonly command: 'help' | 'version' }
  | { readonly command: 'rules'; readonly format: 'text' | 'json'; readonly for?: string; readonly config?: string | undefined }
  | ValidateOptions
  | (LintOptions & { readonly command: 'docs' | 'exchange' })
  | SimulateOptions;

type Parsed = ReturnType<typeof parseAll>;

/**
 * The command line as parseArgs reads it. Without a word that starts with '-' there is no option to read:
 * every word is a positional, as parseArgs would say, and node's argument parser (two modules compiled
 * at start-up, with no code cache) is not loaded at all.
 */
function readArgs(argv: readonly string[]): Parsed {
  if (argv.every((arg) => !arg.startsWith('-'))) return { values: Object.create(null) as Parsed['values'], positionals: [...argv] };
  return parseAll(argv);
}

/**
 * `--max-warnings -1` (ESLint's "no limit") as one argument: parseArgs takes a value that starts with a
 * dash for an option of its own and refuses it as ambiguous.
 */
function withNegativeWarnings(argv: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (arg === '--max-warnings' && argv[i + 1] === '-1') {
      args.push('--max-warnings=-1');
      i += 1;
    } else args.push(arg);
  }
  return args;
}

function parseAll(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: withNegativeWarnings(argv),
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        kind: { type: 'string' },
        'api-version': { type: 'string' },
        format: { type: 'string', multiple: true },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        'stdin-path': { type: 'string' },
        output: { type: 'string' },
        'max-warnings': { type: 'string' },
        strict: { type: 'boolean' },
        'max-bytes': { type: 'string' },
        'max-problems': { type: 'string' },
        'allow-empty': { type: 'boolean' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        config: { type: 'string' },
        for: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        port: { type: 'string' },
        scenario: { type: 'string' },
        record: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  // parseArgs keeps the last of a repeated option; two different values mean the command line contradicts
  // itself (--kind twice, say), and silently checking as one of them would hide it.
  const given = new Map<string, string>();
  let lastColor: 'color' | 'no-color' | undefined;
  for (const token of parsed.tokens) {
    if (token.kind === 'option' && (token.name === 'color' || token.name === 'no-color')) lastColor = token.name;
    // --format is given once per report (formats.ts checks it).
    if (token.kind !== 'option' || token.value === undefined || token.name === 'format') continue;
    const earlier = given.get(token.name);
    if (earlier !== undefined && earlier !== token.value) {
      throw new UsageError(`--${token.name} is given twice, as "${earlier}" and "${token.value}"; give it once`);
    }
    given.set(token.name, token.value);
  }
  // --color and --no-color both given: the last one wins, as in ESLint.
  if (lastColor !== undefined) delete parsed.values[lastColor === 'color' ? 'no-color' : 'color'];
  return { values: parsed.values, positionals: parsed.positionals };
}

type Values = Parsed['values'];

function nonNegativeInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`--${name} takes a whole number, not "${value}"`);
  return Number(value);
}

/** --fix or --fix-dry-run: validate's files only (pages and exchange folders are not fixed), one of the two. */
function fixOption(values: Values, command: string, inputs: readonly string[] = []): { readonly fix?: FixMode } {
  const write = values.fix === true;
  const dryRun = values['fix-dry-run'] === true;
  if (!write && !dryRun) return {};
  const flag = write ? '--fix' : '--fix-dry-run';
  if (write && dryRun) throw new UsageError('--fix and --fix-dry-run exclude each other; give one');
  if (command !== 'validate') throw new UsageError(`${flag} is an option of validate only; fix not supported for ${command === 'docs' ? 'pages' : 'exchange folders'}`);
  if (inputs.includes(stdinArgument)) throw new UsageError(`${flag} fixes files; standard input (-) is not one`);
  // The diff goes to standard output: a machine-read report there too would be neither a diff nor its format.
  // `-` names standard output too (--output -, --format json=-).
  const formats = values.format ?? [];
  const toStandardOutput = values.output === undefined ? formats.filter((format) => !format.includes('=') || format.endsWith('=-')) : values.output === '-' ? formats : [];
  const onStandardOutput = toStandardOutput.map((format) => format.replace(/=-$/, '')).filter((format) => format !== 'stylish');
  if (dryRun && onStandardOutput.length > 0) {
    throw new UsageError(`--fix-dry-run prints its diff on standard output; give --output for the ${onStandardOutput[0]} report`);
  }
  return { fix: write ? 'write' : 'dry-run' };
}

/** The options of every linting command but its inputs, checked in the order the errors are reported. */
function lintOptions(values: Values, cwd: string, inputs: readonly string[]): Omit<LintOptions, 'inputs'> {
  const targets = reportTargetsOf(values.format ?? [], values.output, cwd);
  // -1 is ESLint's "no limit", as leaving the option out is.
  const max = values['max-warnings'] === '-1' ? undefined : nonNegativeInteger('max-warnings', values['max-warnings']);
  const maxBytes = nonNegativeInteger('max-bytes', values['max-bytes']) ?? defaultMaxBytes;
  const maxProblems = nonNegativeInteger('max-problems', values['max-problems']) ?? defaultMaxProblems;
  // A cap of 0 would list nothing and count everything: a mistake rather than a wish.
  if (maxProblems === 0) throw new UsageError('--max-problems takes a whole number of at least 1, not 0');
  const apiVersion = apiVersionOption(values['api-version']);
  const color = values['no-color'] === true ? false : values.color === true ? true : undefined;
  const [first, ...more] = targets as [ReportTarget, ...ReportTarget[]];
  return {
    maxBytes,
    maxProblems,
    allowEmpty: values['allow-empty'] === true,
    config: nonEmptyPath('config', values.config),
    apiVersion,
    report: { ...first, ...(more.length === 0 ? {} : { more }), color, limits: { strict: values.strict === true, max } },
    ...baselineAndStdin(values, cwd, inputs, targets),
  };
}

// --- several reports, baseline and standard input ---

/** A path option, refused here when empty: it would resolve to the working folder itself. */
function nonEmptyPath(name: string, given: string | undefined): string | undefined {
  if (given === '') throw new UsageError(`--${name} takes a path, not an empty one`);
  return given;
}

/** A file option's path; an empty one is refused (nonEmptyPath). */
function fileOption(name: string, given: string, cwd: string): OutputFile {
  nonEmptyPath(name, given);
  return { given, path: resolve(cwd, given) };
}

/**
 * The reports --format asks for: `name` (standard output, or --output when it is the only one) or
 * `name=path` (that file). At most one goes to standard output, no format is asked for twice, and no two
 * reports share a file. The same --format given twice is one.
 */
function reportTargetsOf(formats: readonly string[], output: string | undefined, cwd: string): readonly ReportTarget[] {
  const given = [...new Set(formats.length === 0 ? ['stylish'] : formats)];
  if (output !== undefined && given.length > 1) throw new UsageError('--output is for one --format; give each report its file as --format name=path');
  const targets: ReportTarget[] = [];
  for (const value of given) {
    const equals = value.indexOf('=');
    const name = equals < 0 ? value : value.slice(0, equals);
    const path = equals < 0 ? undefined : value.slice(equals + 1);
    if (!isFormatName(name)) throw new UsageError(`--format ${name} is not one of ${formatNames.join(', ')}`);
    if (path === '') throw new UsageError(`--format ${value} names no file; write --format ${name}=path, or --format ${name} for standard output`);
    if (path !== undefined && output !== undefined) throw new UsageError(`--format ${value} names its file; --output is for --format without one`);
    if (targets.some((target) => target.format === name)) throw new UsageError(`--format ${name} is given twice; give each format once`);
    const file = path ?? output;
    // `-` is standard output, as it is standard input among the paths.
    targets.push({ format: name, output: file === undefined || file === '-' ? undefined : fileOption('output', file, cwd) });
  }
  const toStdout = targets.filter((target) => target.output === undefined);
  if (toStdout.length > 1) throw new UsageError(`--format ${toStdout.map((target) => target.format).join(' and --format ')} both write to standard output; give all but one a file as --format name=path`);
  for (const [index, target] of targets.entries()) {
    const same = targets.slice(index + 1).find((other) => other.output !== undefined && other.output.path === target.output?.path);
    if (same !== undefined) throw new UsageError(`--format ${target.format} and --format ${same.format} both write to ${same.output?.given ?? ''}; give each report its own file`);
  }
  return targets;
}

function baselineAndStdin(values: Values, cwd: string, inputs: readonly string[], targets: readonly ReportTarget[]): Pick<LintOptions, 'baseline' | 'writeBaseline' | 'stdinPath'> {
  for (const name of ['baseline', 'write-baseline'] as const) {
    if (values[name] === '-') throw new UsageError(`--${name} takes a file; - (standard input or output) is not one here`);
  }
  const baseline = values.baseline === undefined ? undefined : fileOption('baseline', values.baseline, cwd);
  const writeBaseline = values['write-baseline'] === undefined ? undefined : fileOption('write-baseline', values['write-baseline'], cwd);
  if (writeBaseline !== undefined) {
    const report = targets.find((target) => target.output?.path === writeBaseline.path);
    if (report !== undefined) throw new UsageError(`--write-baseline ${writeBaseline.given} is where the ${report.format} report goes; give each its own file`);
  }
  const stdinCount = inputs.filter((input) => input === stdinArgument).length;
  if (stdinCount > 1) throw new UsageError('- (standard input) is given twice; standard input can be read once');
  const stdinPath = values['stdin-path'];
  if (stdinPath !== undefined && stdinCount === 0) throw new UsageError('--stdin-path names standard input: give - among the paths');
  if (stdinPath === '') throw new UsageError('--stdin-path takes a path');
  return { ...(baseline === undefined ? {} : { baseline }), ...(writeBaseline === undefined ? {} : { writeBaseline }), ...(stdinPath === undefined ? {} : { stdinPath }) };
}

// --- end ---

function kindOption(value: string | undefined): Kind | undefined {
  if (value === undefined || isKind(value)) return value;
  throw new UsageError(`--kind ${value} is not one of ${kinds.join(', ')}`);
}

function apiVersionOption(value: string | undefined): ApiVersion | undefined {
  if (value === undefined) return undefined;
  const named = apiVersionNamed(value);
  if (named === undefined) throw new UsageError(`--api-version ${value} is not one of ${apiVersions.join(', ')}`);
  return named;
}

function refuseKind(values: Values, command: string, why: string): void {
  if (values.kind !== undefined) throw new UsageError(`--kind is an option of validate only; ${command} ${why}`);
}

function requireInputs(inputs: readonly string[], message: string): readonly string[] {
  if (inputs.length === 0) throw new UsageError(message);
  return inputs;
}

/** The options only simulate takes: another command given one is a command line that mixes two commands up. */
const simulateOnly: readonly string[] = ['port', 'scenario', 'record'];

function simulateOptions(values: Values, inputs: readonly string[]): SimulateOptions {
  if (inputs.length > 0) throw new UsageError(`simulate takes no paths; the scenario is given with --scenario, not "${inputs[0]}"`);
  const foreign = Object.keys(values).find((name) => !simulateOnly.includes(name) && name !== 'format');
  if (foreign !== undefined) throw new UsageError(`--${foreign} is not an option of simulate`);
  // One report at the end of the run, on standard output.
  if ((values.format?.length ?? 0) > 1) throw new UsageError('simulate writes one report: give --format once');
  const format = values.format?.[0] ?? 'stylish';
  if (!isFormatName(format)) throw new UsageError(`--format ${format} is not one of ${formatNames.join(', ')}`);
  const port = nonNegativeInteger('port', values.port);
  if (port !== undefined && port > 65535) throw new UsageError(`--port takes a port from 0 to 65535, not ${port}`);
  return { command: 'simulate', port, scenario: values.scenario, record: values.record, format };
}

/**
 * Reads the command line into options, or throws a UsageError naming the first thing wrong with it.
 * --help and --version win over everything but a malformed command line.
 */
export function parseOptions(argv: readonly string[], cwd: string): Options {
  const { values, positionals } = readArgs(argv);
  if (values.help === true) return { command: 'help' };
  if (values.version === true) return { command: 'version' };
  const [command, ...inputs] = positionals;
  if (values.for !== undefined && command !== 'rules') throw new UsageError('--for is an option of rules only');
  const misplaced = command === 'simulate' ? undefined : simulateOnly.find((name) => values[name as keyof Values] !== undefined);
  if (misplaced !== undefined) throw new UsageError(`--${misplaced} is an option of simulate only`);
  switch (command) {
    case 'validate': {
      const shared = lintOptions(values, cwd, inputs);
      const kind = kindOption(values.kind);
      return { command, kind, ...shared, ...fixOption(values, command, inputs), inputs: requireInputs(inputs, 'validate needs at least one file, folder or pattern') };
    }
    case 'docs': {
      refuseKind(values, command, "tells each block's kind from its annotation");
      const shared = lintOptions(values, cwd, inputs);
      fixOption(values, command);
      return { command, ...shared, inputs: requireInputs(inputs, 'docs needs at least one page, folder or pattern') };
    }
    case 'exchange': {
      refuseKind(values, command, "tells each file's kind from its name");
      if (inputs.includes(stdinArgument)) throw new UsageError('exchange reads folders; - (standard input) is for validate and docs');
      const shared = lintOptions(values, cwd, inputs);
      fixOption(values, command);
      return { command, ...shared, inputs: requireInputs(inputs, 'exchange needs at least one folder') };
    }
    case 'simulate':
      return simulateOptions(values, inputs);
    case 'rules': {
      // An option rules does not use is refused, not dropped: `rules --output r.json` wrote no file.
      const unused = Object.keys(values).find((name) => !['format', 'for', 'config'].includes(name));
      if (unused !== undefined) throw new UsageError(`--${unused} is not an option of rules (it takes --format json, --for <path> and --config <file>)`);
      if (values.config !== undefined && values.for === undefined) throw new UsageError('--config is read by rules --for <path> only: the list of rules is the same under every config');
      if (inputs.length > 0) throw new UsageError(`rules takes no paths (${inputs[0] ?? ''}...): to see a file's settings, give rules --for <path>`);
      const formats = values.format === undefined ? [] : [...new Set(values.format)];
      if (formats.length > 1 || (formats.length === 1 && formats[0] !== 'json')) throw new UsageError('rules takes --format json or no --format');
      const format = formats.length === 1 ? 'json' : 'text';
      if (values.for === undefined) return { command, format };
      return { command, format, for: nonEmptyPath('for', values.for) as string, config: nonEmptyPath('config', values.config) };
    }
    default:
      throw new UsageError(command === undefined ? 'no command given' : `unknown command ${command}`);
  }
}
