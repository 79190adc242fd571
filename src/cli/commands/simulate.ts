import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LocatedProblem } from '../../model/problem.js';
import { summarize, type FileReport } from '../../model/report.js';
import type { RuleMeta } from '../../model/rule.js';
import { rules } from '../../rules/index.js';
import { exchangeFolderName, type Exchange } from '../../simulate/exchange.js';
import { startSimulator } from '../../simulate/server.js';
import { findingTypes, reportText, tooManyFindings, type SimulatorReport } from '../../simulate/report.js';
import { loadFormatter } from '../formatters/index.js';
import { displayPath } from '../paths/display-path.js';
import { findSourceRoot } from '../paths/source-root.js';
import { toolVersion } from '../tool-version.js';
import { verdict } from '../verdict.js';
import { ScenarioError, type Scenario } from '../../simulate/scenario.js';
import { RecordFolderError } from '../../simulate/record-folder.js';
import { codeSuffix, RunFailure } from '../failure.js';
import type { CliIo } from '../io.js';
import type { SimulateOptions } from '../options.js';
import { exitCodes } from '../verdict.js';

/** Resolves on the first SIGINT or SIGTERM; while it waits, neither signal ends the process. */
function signalled(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function readScenario(given: string, cwd: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, given), 'utf8');
  } catch (error) {
    throw new RunFailure(`${given}: cannot read the scenario${codeSuffix(error)}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new RunFailure(`${given}: the scenario is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** What the run plays, printed on start so that a zero-config run says what to point the bot at. */
function startText(url: string, scenario: Scenario, openId: string, record: string | undefined): string {
  const lines = [
    `Simulating Graph at ${url}`,
    `  app id (token audience) ${scenario.appId}, tenant ${scenario.tenantId}, issuer ${scenario.issuer}`,
    `  OpenID configuration ${openId}`,
    ...scenario.calls.map((call) => `  call ${call.id}: POST ${url}/beta/communications/calls/${call.id}/participants/invite → callbacks to ${call.callbackUrl} (${call.outcome.status})`),
    `  roster ${scenario.roster}; delays: operation ${scenario.delays.operationMs} ms, roster ${scenario.delays.rosterMs} ms; bearer token: ${scenario.token === undefined ? 'any' : 'the scenario\'s'}`,
    ...(record === undefined ? [] : [`  recording each invite into ${record}`]),
    'Stop with Ctrl+C (SIGINT) or SIGTERM.',
  ];
  return `${lines.join('\n')}\n`;
}

/** The finding types as rules, for the formats that describe the rules their results name (SARIF). */
const findingRules: readonly RuleMeta[] = [...Object.entries(findingTypes).map(([id, meta]) => ({ id, ...meta, params: {} })), { ...tooManyFindings, severity: 'error' }];

/** The closing result of a report whose findings were cut: an error when any finding cut was, so the verdict is the whole list's. */
function omittedProblem(report: SimulatorReport): LocatedProblem | undefined {
  const { count, errors, warnings, byType } = report.findingsOmitted;
  if (count === 0) return undefined;
  const limit = report.findings.length;
  return {
    ruleId: tooManyFindings.id,
    severity: errors > 0 ? 'error' : 'warning',
    message: `${count} more findings (${errors} errors, ${warnings} warnings) are not listed: a run lists at most ${limit}`,
    pointer: '',
    params: { limit, omitted: count, omittedErrors: errors, omittedWarnings: warnings, omittedTypes: Object.keys(byType), omittedByType: Object.values(byType) },
    line: 1,
    column: 1,
  };
}

/**
 * The report as the linting commands' formats take it: a file per invite (its recorded folder, or
 * invite-0001...) holding the body's own problems and the findings about it, and one file, simulator, for
 * findings that belong to no invite (a request without a token, an unknown path) and the count of the
 * findings past maxFindings.
 */
export function asFileReports(report: SimulatorReport, exchanges: readonly Exchange[], record: string | undefined, cwd: string): FileReport[] {
  const pathOf = (exchange: Pick<Exchange, 'id'>): string => (record === undefined ? exchangeFolderName(exchange) : displayPath(join(record, exchangeFolderName(exchange)), cwd));
  const byExchange = new Map<number | undefined, LocatedProblem[]>();
  for (const finding of report.findings) {
    const problems = finding.problems !== undefined ? [...finding.problems] : [{ ruleId: finding.type, severity: finding.severity, message: finding.message, pointer: '', params: {}, line: 1, column: 1 }];
    byExchange.set(finding.exchange, [...(byExchange.get(finding.exchange) ?? []), ...problems]);
  }
  const files: FileReport[] = exchanges.map((exchange) => ({ path: pathOf(exchange), kind: 'invite-request', apiVersion: exchange.apiVersion, problems: byExchange.get(exchange.id) ?? [] }));
  // An invite let go past keepExchanges still has its findings (the report keeps them): its file is made
  // from its number alone, in the order of the invites.
  const kept = new Set(exchanges.map((exchange) => exchange.id));
  const dropped = [...byExchange.keys()].filter((id): id is number => id !== undefined && !kept.has(id));
  if (dropped.length > 0) {
    const order = new Map<FileReport, number>(files.map((file, index) => [file, (exchanges[index] as Exchange).id]));
    for (const id of dropped) {
      const file: FileReport = { path: pathOf({ id }), kind: 'invite-request', problems: byExchange.get(id) ?? [] };
      order.set(file, id);
      files.push(file);
    }
    files.sort((a, b) => (order.get(a) as number) - (order.get(b) as number));
  }
  const cut = omittedProblem(report);
  const loose = cut === undefined ? byExchange.get(undefined) : [...(byExchange.get(undefined) ?? []), cut];
  if (loose !== undefined) files.push({ path: 'simulator', kind: null, problems: loose });
  return files;
}

/** The report in the asked-for format: stylish (a line per finding, then the counts), json (the report as report() gives it), or a linting format. */
async function formatReport(options: SimulateOptions, io: CliIo, report: SimulatorReport, exchanges: readonly Exchange[], record: string | undefined): Promise<string> {
  if (options.format === 'stylish') return reportText(report);
  if (options.format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const files = asFileReports(report, exchanges, record, io.cwd);
  const { whole } = await loadFormatter(options.format);
  const limits = { strict: false, max: undefined };
  return whole(
    { files, summary: summarize(files) },
    { color: false, rules: [...rules, ...findingRules], toolVersion: toolVersion(), verdict: (totals) => verdict(totals, limits), sourceRoot: { cwd: io.cwd, root: findSourceRoot(io.cwd, io.env) } },
  );
}

/**
 * simulate: serves Graph's side of the invite until stopped (by default on SIGINT or SIGTERM), then prints
 * what the bot did wrong. Exit 1 when it did anything that is an error, 0 otherwise, 2 when it cannot start.
 */
export async function simulate(options: SimulateOptions, io: CliIo, until: Promise<unknown> = signalled()): Promise<number> {
  const scenario = options.scenario === undefined ? undefined : readScenario(options.scenario, io.cwd);
  const record = options.record === undefined ? undefined : resolve(io.cwd, options.record);
  let simulator;
  try {
    simulator = await startSimulator({ port: options.port, scenario, record });
  } catch (error) {
    if (error instanceof ScenarioError) throw new RunFailure(`${options.scenario ?? 'scenario'}: ${error.message}`);
    if (error instanceof RecordFolderError) throw new RunFailure(`--record ${options.record ?? ''}: ${error.message}`);
    throw new RunFailure(`cannot listen on 127.0.0.1:${options.port ?? 0}${codeSuffix(error)}`);
  }
  // The start lines go to standard error, so that standard output holds the report alone.
  io.stderr.write(startText(simulator.url, simulator.scenario, simulator.openIdConfigurationUrl, record));
  await until;
  await simulator.close();
  const report = simulator.report();
  io.stdout.write(await formatReport(options, io, report, simulator.exchanges(), record));
  return report.errors > 0 ? exitCodes.problems : exitCodes.ok;
}
