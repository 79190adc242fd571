import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { apiVersionNamed, apiVersions, type ApiVersion } from '../model/api-version.js';
import { isKind, kinds, type Kind } from '../model/kind.js';
import { defaultMaxBytes } from '../rules/file/file-too-large.js';
import { defaultMaxProblems } from '../rules/file/too-many-problems.js';
import { formatNames, isFormatName, type FormatName } from './formatters/index.js';
import { UsageError } from './usage.js';
import type { WarningLimits } from './verdict.js';

/** --output: the path as given (for messages) and resolved against the working folder. */
export interface OutputFile {
  readonly given: string;
  readonly path: string;
}

/** How a linting command reports. */
export interface ReportOptions {
  readonly format: FormatName;
  readonly output: OutputFile | undefined;
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
}

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
  | { readonly command: 'rules'; readonly format: 'text' | 'json' }
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

function parseAll(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        kind: { type: 'string' },
        'api-version': { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string' },
        'max-warnings': { type: 'string' },
        strict: { type: 'boolean' },
        'max-bytes': { type: 'string' },
        'max-problems': { type: 'string' },
        'allow-empty': { type: 'boolean' },
        config: { type: 'string' },
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
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    const earlier = given.get(token.name);
    if (earlier !== undefined && earlier !== token.value) {
      throw new UsageError(`--${token.name} is given twice, as "${earlier}" and "${token.value}"; give it once`);
    }
    given.set(token.name, token.value);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

type Values = Parsed['values'];

function nonNegativeInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`--${name} takes a whole number, not "${value}"`);
  return Number(value);
}

/** The options of every linting command but its inputs, checked in the order the errors are reported. */
function lintOptions(values: Values, cwd: string): Omit<LintOptions, 'inputs'> {
  const format = values.format ?? 'stylish';
  if (!isFormatName(format)) throw new UsageError(`--format ${format} is not one of ${formatNames.join(', ')}`);
  const max = nonNegativeInteger('max-warnings', values['max-warnings']);
  const maxBytes = nonNegativeInteger('max-bytes', values['max-bytes']) ?? defaultMaxBytes;
  const maxProblems = nonNegativeInteger('max-problems', values['max-problems']) ?? defaultMaxProblems;
  // A cap of 0 would list nothing and count everything: a mistake rather than a wish.
  if (maxProblems === 0) throw new UsageError('--max-problems takes a whole number of at least 1, not 0');
  const apiVersion = apiVersionOption(values['api-version']);
  const output = values.output === undefined ? undefined : { given: values.output, path: resolve(cwd, values.output) };
  const color = values['no-color'] === true ? false : values.color === true ? true : undefined;
  return {
    maxBytes,
    maxProblems,
    allowEmpty: values['allow-empty'] === true,
    config: values.config,
    apiVersion,
    report: { format, output, color, limits: { strict: values.strict === true, max } },
  };
}

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
  const format = values.format ?? 'stylish';
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
  const misplaced = command === 'simulate' ? undefined : simulateOnly.find((name) => values[name as keyof Values] !== undefined);
  if (misplaced !== undefined) throw new UsageError(`--${misplaced} is an option of simulate only`);
  switch (command) {
    case 'validate': {
      const shared = lintOptions(values, cwd);
      const kind = kindOption(values.kind);
      return { command, kind, ...shared, inputs: requireInputs(inputs, 'validate needs at least one file, folder or pattern') };
    }
    case 'docs': {
      refuseKind(values, command, "tells each block's kind from its annotation");
      const shared = lintOptions(values, cwd);
      return { command, ...shared, inputs: requireInputs(inputs, 'docs needs at least one page, folder or pattern') };
    }
    case 'exchange': {
      refuseKind(values, command, "tells each file's kind from its name");
      const shared = lintOptions(values, cwd);
      return { command, ...shared, inputs: requireInputs(inputs, 'exchange needs at least one folder') };
    }
    case 'simulate':
      return simulateOptions(values, inputs);
    case 'rules': {
      if (values.format === undefined) return { command, format: 'text' };
      if (values.format === 'json') return { command, format: 'json' };
      throw new UsageError('rules takes --format json or no --format');
    }
    default:
      throw new UsageError(command === undefined ? 'no command given' : `unknown command ${command}`);
  }
}
