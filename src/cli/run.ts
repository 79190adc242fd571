import { appendFileSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { isKind, kinds, type Kind } from '../kinds.js';
import { defaultMaxBytes, lintFile } from '../lint.js';
import { packageRoot } from '../paths.js';
import { summarize, type FileReport, type Report } from '../report.js';
import { rules } from '../rules/index.js';
import { expandPaths } from './files.js';
import { formatNames, loadFormatter } from './formatters/index.js';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
}

/** Exit statuses: scripts rely on them. */
export const exitCodes = { ok: 0, problems: 1, unusable: 2 } as const;

const usage = `Usage: graph-invite-contract <command> [options]

Commands:
  validate <paths...>   Lint payload files, folders (every .json below) and quoted glob patterns
  rules                 List every rule: id, severity, what it checks

Options of validate:
  --kind <kind>         Check every file as ${kinds.join(' | ')}
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
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
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
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

async function validateCommand(parsed: ReturnType<typeof parse>, io: CliIo): Promise<number> {
  const { values, positionals } = parsed;
  const paths = positionals.slice(1);
  const format = values.format ?? 'stylish';
  if (!(formatNames as readonly string[]).includes(format)) throw new UsageError(`--format ${format} is not one of ${formatNames.join(', ')}`);
  let kind: Kind | undefined;
  if (values.kind !== undefined) {
    if (!isKind(values.kind)) throw new UsageError(`--kind ${values.kind} is not one of ${kinds.join(', ')}`);
    kind = values.kind;
  }
  const maxWarnings = nonNegativeInteger('max-warnings', values['max-warnings']);
  const maxBytes = nonNegativeInteger('max-bytes', values['max-bytes']) ?? defaultMaxBytes;
  if (paths.length === 0) throw new UsageError('validate needs at least one file, folder or pattern');

  let config;
  try {
    config = loadConfig(io.cwd, values.config);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const expansion = await expandPaths(paths, { cwd: io.cwd, config, allowEmpty: values['allow-empty'] === true });
  for (const message of expansion.errors) io.stderr.write(`graph-invite-contract: ${message}\n`);
  const output = values.output === undefined ? undefined : resolve(io.cwd, values.output);
  if (output !== undefined && expansion.files.some((file) => sameFile(file, output))) {
    throw new UsageError(`--output ${values.output} is one of the input files; the linter never writes to its inputs`);
  }
  if (expansion.files.length === 0 && expansion.errors.length === 0 && values['allow-empty'] !== true) {
    throw new UsageError('no file to lint (every file named is ignored by the config)');
  }

  const files: FileReport[] = [];
  // One file at a time: memory stays flat however many files there are.
  // Only stylish draws code frames; other formats drop each file's text as soon as it is checked.
  const keepSource = format === 'stylish';
  for (const file of expansion.files) files.push(await lintFile(file, { ...(kind === undefined ? {} : { kind }), config, maxBytes, cwd: io.cwd, keepSource }));
  const report: Report = { files, summary: summarize(files) };
  const noColor = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
  const color = values['no-color'] === true ? false : values.color === true ? true : output === undefined && io.stdout.isTTY === true && !noColor;
  const formatter = await loadFormatter(format);
  const text = formatter(report, { color, rules, toolVersion: toolVersion() });
  if (output === undefined) io.stdout.write(text);
  else writeFileSync(output, text);

  const summaryFile = io.env['GITHUB_STEP_SUMMARY'];
  if (format === 'github' && summaryFile !== undefined && summaryFile !== '') {
    const { githubStepSummary } = await import('./formatters/github.js');
    appendFileSync(summaryFile, githubStepSummary(report));
  }

  if (expansion.errors.length > 0) return exitCodes.unusable;
  const { errors, warnings } = report.summary;
  if (errors > 0) return exitCodes.problems;
  if (values.strict === true && warnings > 0) return exitCodes.problems;
  if (maxWarnings !== undefined && warnings > maxWarnings) return exitCodes.problems;
  return exitCodes.ok;
}

function rulesCommand(parsed: ReturnType<typeof parse>, io: CliIo): number {
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
    if (command === 'rules') return rulesCommand(parsed, io);
    throw new UsageError(command === undefined ? 'no command given' : `unknown command ${command}`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`graph-invite-contract: ${error.message}\n\n${usage}`);
    } else {
      io.stderr.write(`graph-invite-contract: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    return exitCodes.unusable;
  }
}
