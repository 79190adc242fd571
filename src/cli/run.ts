import { appendFileSync, existsSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { isKind, kinds, type Kind } from '../contract/kinds.js';
import { defaultMaxBytes } from '../rules/file/file-too-large.js';
import { displayPath } from './paths/display-path.js';
import { lintFile } from './read/lint-file.js';
import { kindForPath } from './config/config.js';
import { packageRoot } from '../paths.js';
import type { FormatOptions } from './formatters/types.js';
import type { FileReport, Summary } from '../model/report.js';
import { rules } from '../rules/index.js';
import { expandPaths, type Expansion } from './read/expand-paths.js';
import { formatNames, isFormatName, loadFormatter } from './formatters/index.js';
import { plural } from './formatters/shared.js';
import { exitCodes, exitStatus, verdict } from './verdict.js';
import { holdYoungGeneration, manyFiles } from './start/memory.js';
import { findSourceRoot } from './paths/source-root.js';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
}

const usage = `Usage: graph-invite-contract <command> [options]

Commands:
  validate <paths...>    Lint payload files (.json), HTTP messages (.http), folders (every .json and
                         .http below) and quoted glob patterns
  docs <pages...>        Lint API reference pages (Graph docs Markdown; folders: every .md below):
                         every annotated request, response and example, and the exchanges they form
  exchange <folders...>  Lint the exchange kept in each folder: request.http or request.json,
                         response.http or response.json, notification-<n>.json (in number order)
  rules                  List every rule: id, severity, what it checks

Options of validate, docs and exchange:
  --kind <kind>         validate only: check every file as ${kinds.join(' | ')}
  --format <name>       ${'stylish (default) | json | github | sarif | junit'}
  --output <file>       Write the report to a file instead of standard output
  --max-warnings <n>    Exit 1 when there are more than n warnings
  --strict              Exit 1 on any warning
  --max-bytes <n>       Size limit of one file (default ${defaultMaxBytes})
  --allow-empty         A pattern or folder that matches no file is not an error
  --config <file>       Config file (default: graph-invite-contract.config.json or the
                        graphInviteContract key of package.json, found upwards)
  --color, --no-color   Force colour on or off (default: on a TTY, unless NO_COLOR is set)
  -h, --help            Show this help
  -v, --version         Show the version

docs and exchange print what they found (payloads, exchanges) on standard error.

Exit status: 0 no errors, 1 errors (or warnings beyond --max-warnings / --strict), 2 could not lint.
`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function nonNegativeInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`--${name} takes a whole number, not "${value}"`);
  return Number(value);
}

function parse(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        kind: { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string' },
        'max-warnings': { type: 'string' },
        strict: { type: 'boolean' },
        'max-bytes': { type: 'string' },
        'allow-empty': { type: 'boolean' },
        config: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
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
  return parsed;
}

/** The real path of a file (links resolved), or its absolute path when it does not exist (yet). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

type Parsed = ReturnType<typeof parse>;

/** How a run reports, read once from the options every linting command shares. */
interface Reporting {
  readonly format: string;
  /** Absolute path of --output, if given. */
  readonly output: string | undefined;
  readonly maxWarnings: number | undefined;
  readonly maxBytes: number;
  /** Only stylish draws code frames; the other formats drop each file's text as soon as it is checked. */
  readonly keepSource: boolean;
}

function reporting(values: Parsed['values'], io: CliIo): Reporting {
  const format = values.format ?? 'stylish';
  if (!isFormatName(format)) throw new UsageError(`--format ${format} is not one of ${formatNames.join(', ')}`);
  return {
    format,
    output: values.output === undefined ? undefined : resolve(io.cwd, values.output),
    maxWarnings: nonNegativeInteger('max-warnings', values['max-warnings']),
    maxBytes: nonNegativeInteger('max-bytes', values['max-bytes']) ?? defaultMaxBytes,
    keepSource: format === 'stylish',
  };
}

function projectConfig(values: Parsed['values'], io: CliIo): Config {
  return loadConfig(io.cwd, values.config);
}

function refuseOutputOntoInput(settings: Reporting, values: Parsed['values'], inputs: readonly string[]): void {
  if (settings.output === undefined) return;
  // The output's real path is found once, not once per input: thousands of inputs are common.
  const output = realPath(settings.output);
  if (inputs.some((file) => realPath(file) === output)) {
    throw new UsageError(`--output ${values.output} is one of the input files; the linter never writes to its inputs`);
  }
}

/** How much report text the CLI gathers before writing it out (UTF-16 code units). */
const outputBlock = 64 * 1024;

/** Where a linting command's file reports go, one at a time; finish writes what is left and gives the exit status. */
interface ReportSink {
  add(file: FileReport): void;
  finish(unusable: boolean): Promise<number>;
}

/**
 * The sink of every linting command. A format that can stream turns each file into text as the file comes
 * and keeps nothing else of it (memory stays flat however many files there are): to standard output the
 * text goes out in blocks as it grows; for --output it is gathered and the file written once at the end,
 * so that an interrupted or failed run leaves the previous report whole. A format that cannot stream keeps
 * the reports for the end. stream: false keeps them all the same, for a command that writes progress to
 * standard error as it goes (docs: the report must not cut into it) or that learns only while it runs
 * whether --output is one of its inputs (exchange).
 */
async function reportSink(settings: Reporting, values: Parsed['values'], io: CliIo, stream = true): Promise<ReportSink> {
  const { format, output, maxWarnings } = settings;
  const noColor = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
  const color = values['no-color'] === true ? false : values.color === true ? true : output === undefined && io.stdout.isTTY === true && !noColor;
  const loaded = await loadFormatter(format);
  const streaming = stream ? loaded.stream : undefined;
  // Only the formats read against a repository look for its root.
  const sourceRoot = format === 'sarif' || format === 'github' ? { cwd: io.cwd, root: findSourceRoot(io.cwd, io.env) } : undefined;
  const options: FormatOptions = {
    color,
    rules,
    // Read from package.json only by a format that names the tool's version (SARIF).
    get toolVersion() {
      return toolVersion();
    },
    verdict: (totals) => verdict(totals, { strict: values.strict === true, max: maxWarnings }),
    ...(sourceRoot === undefined ? {} : { sourceRoot }),
  };
  const summaryFile = io.env['GITHUB_STEP_SUMMARY'];
  const stepSummary = format === 'github' && summaryFile !== undefined && summaryFile !== '';

  // Kept to the end: every report for a format that needs the whole, else those the step summary lists.
  const keptFiles: FileReport[] = [];
  const totals = { files: 0, errors: 0, warnings: 0 };
  // Text not written yet. To standard output it goes in blocks: a write per file cost more time than the
  // checks of a small file.
  let pending = '';
  const write = (text: string): void => {
    pending += text;
    if (output === undefined && pending.length >= outputBlock) {
      io.stdout.write(pending);
      pending = '';
    }
  };

  return {
    add(file) {
      for (const problem of file.problems) {
        if (problem.severity === 'error') totals.errors += 1;
        else totals.warnings += 1;
      }
      if (streaming === undefined) {
        keptFiles.push(kept(file, settings));
      } else {
        if (totals.files === 0) write(streaming.start(options));
        write(streaming.file(file, totals.files, options));
        if (stepSummary && file.problems.length > 0) keptFiles.push(withoutSource(file));
      }
      totals.files += 1;
    },
    async finish(unusable) {
      const summary: Summary = { ...totals };
      if (streaming === undefined) {
        write(loaded.whole({ files: keptFiles, summary }, options));
      } else {
        if (totals.files === 0) write(streaming.start(options));
        write(streaming.end(summary, options));
      }
      if (output === undefined) {
        if (pending !== '') io.stdout.write(pending);
      } else {
        try {
          writeFileSync(output, pending);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          io.stderr.write(`graph-invite-contract: cannot write the report to ${values.output ?? output}${code === undefined ? '' : ` (${code})`}\n`);
          return exitCodes.unusable;
        }
      }

      if (stepSummary) {
        const { githubStepSummary } = await import('./formatters/github.js');
        appendFileSync(summaryFile, githubStepSummary({ files: keptFiles, summary }));
      }

      if (unusable) return exitCodes.unusable;
      return exitStatus(verdict(summary, { strict: values.strict === true, max: maxWarnings }), io.stderr);
    },
  };
}

/** The report without the file's text. */
function withoutSource(report: FileReport): FileReport {
  if (report.source === undefined) return report;
  const { source: _source, ...rest } = report;
  return rest;
}

/** The report as the format needs it: the file's text only for stylish, which draws code frames. */
function kept(report: FileReport, settings: Reporting): FileReport {
  return settings.keepSource ? report : withoutSource(report);
}

/**
 * Expands path arguments, reports the ones that cannot be used on standard error, and refuses a run
 * that would write onto an input or that has nothing left to lint.
 */
async function expandArguments(
  paths: readonly string[],
  how: { values: Parsed['values']; io: CliIo; config: Config; settings: Reporting; noun: string; extensions?: readonly string[] },
): Promise<Expansion> {
  const allowEmpty = how.values['allow-empty'] === true;
  const expansion = await expandPaths(paths, { cwd: how.io.cwd, config: how.config, allowEmpty, ...(how.extensions === undefined ? {} : { extensions: how.extensions }) });
  for (const message of expansion.errors) how.io.stderr.write(`graph-invite-contract: ${message}\n`);
  refuseOutputOntoInput(how.settings, how.values, expansion.files);
  if (expansion.files.length === 0 && expansion.errors.length === 0 && !allowEmpty) {
    // Not an error: a pre-commit hook or lint-staged may pass only files the config ignores (say, only
    // *.expected.json), and the commit must go through.
    how.io.stderr.write(`graph-invite-contract: every ${how.noun} named is ignored by the config; nothing to lint\n`);
  }
  return expansion;
}

function isHttpFile(path: string): boolean {
  return path.toLowerCase().endsWith('.http');
}

async function validateCommand(parsed: Parsed, io: CliIo): Promise<number> {
  const { values, positionals } = parsed;
  const paths = positionals.slice(1);
  const settings = reporting(values, io);
  let kind: Kind | undefined;
  if (values.kind !== undefined) {
    if (!isKind(values.kind)) throw new UsageError(`--kind ${values.kind} is not one of ${kinds.join(', ')}`);
    kind = values.kind;
  }
  if (paths.length === 0) throw new UsageError('validate needs at least one file, folder or pattern');

  const config = projectConfig(values, io);
  const expansion = await expandArguments(paths, { values, io, config, settings, noun: 'file' });
  if (expansion.files.length >= manyFiles) holdYoungGeneration();

  const sink = await reportSink(settings, values, io);
  // One file at a time, each written as it is checked: memory stays flat however many files there are.
  for (const file of expansion.files) {
    const options = { type: isHttpFile(file) ? 'http' : 'payload', kind: kind ?? kindForPath(config, file), maxBytes: settings.maxBytes, cwd: io.cwd, keepSource: settings.keepSource } as const;
    sink.add(lintFile(file, options).report);
  }
  return sink.finish(expansion.errors.length > 0);
}

function refuseKind(values: Parsed['values'], command: string, why: string): void {
  if (values.kind !== undefined) throw new UsageError(`--kind is an option of validate only; ${command} ${why}`);
}

async function docsCommand(parsed: Parsed, io: CliIo): Promise<number> {
  const { values, positionals } = parsed;
  refuseKind(values, 'docs', "tells each block's kind from its annotation");
  const settings = reporting(values, io);
  const paths = positionals.slice(1);
  if (paths.length === 0) throw new UsageError('docs needs at least one page, folder or pattern');
  const config = projectConfig(values, io);
  const expansion = await expandArguments(paths, { values, io, config, settings, noun: 'page', extensions: ['.md'] });

  // Gathered: each page's counts go to standard error as it is read, and the report must not cut into them.
  const sink = await reportSink(settings, values, io, false);
  for (const file of expansion.files) {
    const { report, linted } = lintFile(file, { type: 'page', kind: undefined, maxBytes: settings.maxBytes, cwd: io.cwd, keepSource: true });
    sink.add(report);
    // Counts go to standard error: the machine-readable formats on standard output have a fixed shape.
    io.stderr.write(`${report.path}: ${plural(linted.payloads ?? 0, 'payload')}, ${plural(linted.exchanges ?? 0, 'exchange')}\n`);
  }
  return sink.finish(expansion.errors.length > 0);
}

async function exchangeCommand(parsed: Parsed, io: CliIo): Promise<number> {
  const { values, positionals } = parsed;
  refuseKind(values, 'exchange', 'tells each file\'s kind from its name');
  const settings = reporting(values, io);
  const folders = positionals.slice(1);
  if (folders.length === 0) throw new UsageError('exchange needs at least one folder');
  const config = projectConfig(values, io);

  const { lintExchangeFolder } = await import('./read/exchange-folder.js');
  const { roleOf } = await import('../lint/lint.js');
  // Gathered: whether --output is one of the files is known only folder by folder, and counts go to
  // standard error as each folder is read.
  const sink = await reportSink(settings, values, io, false);
  let unusable = false;
  const seen = new Set<string>();
  for (const folder of folders) {
    const absolute = resolve(io.cwd, folder);
    // The same folder named twice (ex1 and ./ex1/) is one exchange, as validate counts a file once.
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    let isFolder = false;
    try {
      isFolder = statSync(absolute).isDirectory();
    } catch {
      isFolder = false;
    }
    if (!isFolder) {
      io.stderr.write(`graph-invite-contract: ${folder}: ${existsSync(absolute) ? 'not a folder; an exchange is a folder of files named for their roles' : 'no such folder'}\n`);
      unusable = true;
      continue;
    }
    const reports = lintExchangeFolder(absolute, { config, maxBytes: settings.maxBytes, cwd: io.cwd });
    refuseOutputOntoInput(settings, values, reports.map((report) => resolve(io.cwd, report.path)));
    for (const report of reports) sink.add(report);
    const roles = reports.map((report) => roleOf(basename(report.path)));
    const count = (role: string): number => roles.filter((found) => found === role).length;
    io.stderr.write(`${displayPath(absolute, io.cwd)}: ${plural(count('request'), 'request')}, ${plural(count('response'), 'response')}, ${plural(count('notification'), 'notification')}\n`);
  }
  return sink.finish(unusable);
}

function rulesCommand(parsed: Parsed, io: CliIo): number {
  if (parsed.values.format === 'json') {
    io.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return exitCodes.ok;
  }
  if (parsed.values.format !== undefined) throw new UsageError('rules takes --format json or no --format');
  const width = Math.max(...rules.map((rule) => rule.id.length));
  for (const rule of rules) io.stdout.write(`${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.description}\n`);
  return exitCodes.ok;
}

/** Runs the CLI and returns its exit status. Never throws; never prints a stack trace. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parse(argv);
    if (parsed.values.help === true) {
      io.stdout.write(usage);
      return exitCodes.ok;
    }
    if (parsed.values.version === true) {
      io.stdout.write(`${toolVersion()}\n`);
      return exitCodes.ok;
    }
    const command = parsed.positionals[0];
    if (command === 'validate') return await validateCommand(parsed, io);
    if (command === 'docs') return await docsCommand(parsed, io);
    if (command === 'exchange') return await exchangeCommand(parsed, io);
    if (command === 'rules') return rulesCommand(parsed, io);
    throw new UsageError(command === undefined ? 'no command given' : `unknown command ${command}`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`graph-invite-contract: ${error.message}\n\n${usage}`);
    } else if (error instanceof ConfigError) {
      // The arguments were fine; the usage text would only hide the config's problem.
      io.stderr.write(`graph-invite-contract: ${error.message}\n`);
    } else {
      io.stderr.write(`graph-invite-contract: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    return exitCodes.unusable;
  }
}
