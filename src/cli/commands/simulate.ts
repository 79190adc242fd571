import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSimulator } from '../../simulate/server.js';
import { reportText } from '../../simulate/report.js';
import { ScenarioError, type Scenario } from '../../simulate/scenario.js';
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
    throw new RunFailure(`cannot listen on 127.0.0.1:${options.port ?? 0}${codeSuffix(error)}`);
  }
  // The start lines go to standard error, so that standard output holds the report alone.
  io.stderr.write(startText(simulator.url, simulator.scenario, simulator.openIdConfigurationUrl, record));
  await until;
  await simulator.close();
  const report = simulator.report();
  io.stdout.write(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
  return report.errors > 0 ? exitCodes.problems : exitCodes.ok;
}
