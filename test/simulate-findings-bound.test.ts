/**
 * report().findings is bounded by maxFindings: the first ones are listed in order, the rest counted by
 * severity and type, and the totals, the exit status and every format's verdict stay those of all findings.
 */
import { rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asFileReports, simulate } from '../src/cli/commands/simulate.js';
import type { SimulateOptions } from '../src/cli/options.js';
import { summarize } from '../src/model/report.js';
import { startSimulator, type Simulator, type SimulatorReport } from '../src/simulate/index.js';
import { reportText } from '../src/simulate/report.js';
import { defaultMaxFindings } from '../src/simulate/server.js';
import { inviteBody, postInvite } from './simulate-bot.js';

const scenario = { roster: 'none', delays: { operationMs: 1, rosterMs: 2 }, callbacks: { timeoutMs: 1000, retries: 0, backoffMs: 5, slowMs: 10000 }, calls: [{ id: 'c', callbackUrl: 'http://127.0.0.1:9/' }] };

const unknownPath = async (url: string, n: number): Promise<number> => (await fetch(`${url}/beta/nowhere/${n}`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(5000) })).status;

/**
 * Two requests to unknown paths (warnings), two invites without a token, two invalid invites (errors,
 * each with its problems), one after another so that the findings come in this order.
 */
async function misbehave(sim: Simulator): Promise<void> {
  assert.equal([await unknownPath(sim.url, 1), await unknownPath(sim.url, 2)], [404, 404]);
  for (let i = 0; i < 2; i += 1) assert.is((await postInvite(sim.url, 'c', inviteBody(), { 'content-type': 'application/json' })).status, 401);
  for (let i = 0; i < 2; i += 1) assert.is((await postInvite(sim.url, 'c', { participants: 'none' })).status, 400);
  await sim.idle();
}

async function reportOf(maxFindings: number | undefined): Promise<SimulatorReport> {
  const sim = await startSimulator({ scenario, ...(maxFindings === undefined ? {} : { maxFindings }) });
  try {
    await misbehave(sim);
    return sim.report();
  } finally {
    await sim.close();
  }
}

const shape = (report: SimulatorReport): unknown[] => report.findings.map((finding) => [finding.type, finding.severity, finding.exchange, finding.problems?.map((problem) => problem.ruleId)]);

test('past maxFindings the first findings are listed in order and the rest counted by severity and type; the totals are those of all', async () => {
  const whole = await reportOf(Infinity);
  const cut = await reportOf(3);
  assert.equal(shape(whole).map((entry) => (entry as unknown[])[0]), ['unknown-path', 'unknown-path', 'missing-token', 'missing-token', 'invalid-invite', 'invalid-invite']);
  assert.equal(shape(cut), shape(whole).slice(0, 3));
  assert.equal(cut.findingsOmitted, { count: 3, errors: 3, warnings: 0, byType: { 'invalid-invite': 2, 'missing-token': 1 } });
  assert.equal(whole.findingsOmitted, { count: 0, errors: 0, warnings: 0, byType: {} });
  assert.equal([cut.errors, cut.warnings], [4, 2]);
  assert.equal([whole.errors, whole.warnings], [4, 2]);
  assert.equal(cut.invites, whole.invites);
});

test('maxFindings 0 lists none and counts every one; by default a short run lists all', async () => {
  const none = await reportOf(0);
  assert.equal(none.findings, []);
  assert.equal(none.findingsOmitted, { count: 6, errors: 4, warnings: 2, byType: { 'invalid-invite': 2, 'missing-token': 2, 'unknown-path': 2 } });
  assert.equal([none.errors, none.warnings], [4, 2]);
  const byDefault = await reportOf(undefined);
  assert.is(byDefault.findings.length, 6);
  assert.is(byDefault.findingsOmitted.count, 0);
});

test('the linting formats close the simulator file with too-many-findings, an error when an omitted finding is one', async () => {
  const cut = await reportOf(2);
  const files = asFileReports(cut, [], undefined, '/');
  const simulator = files.find((file) => file.path === 'simulator');
  assert.equal(
    simulator?.problems.map((problem) => [problem.ruleId, problem.severity, problem.params]),
    [
      ['unknown-path', 'warning', {}],
      ['unknown-path', 'warning', {}],
      ['too-many-findings', 'error', { limit: 2, omitted: 4, omittedErrors: 4, omittedWarnings: 0, omittedTypes: ['invalid-invite', 'missing-token'], omittedByType: [2, 2] }],
    ],
  );
  // Only the listed findings have files of their own: the omitted invalid invites have none.
  assert.equal(files.map((file) => file.path), ['simulator']);
  // The formats' totals, and so their verdict, count the omitted findings, as the report's own totals do.
  assert.equal(summarize(files), { files: 1, errors: cut.errors, warnings: cut.warnings });
  assert.match(reportText(cut), /^error +.*too-many-findings$/m);
  // With nothing omitted, nothing closes the list.
  const whole = asFileReports(await reportOf(Infinity), [], undefined, '/');
  assert.not.ok(whole.some((file) => file.problems.some((problem) => problem.ruleId === 'too-many-findings')));
});

test('omitted warnings alone close the list with a warning', async () => {
  const sim = await startSimulator({ scenario, maxFindings: 1 });
  try {
    for (let n = 0; n < 3; n += 1) await unknownPath(sim.url, n);
    const report = sim.report();
    assert.equal(report.findingsOmitted, { count: 2, errors: 0, warnings: 2, byType: { 'unknown-path': 2 } });
    const closing = asFileReports(report, [], undefined, '/')[0]?.problems.at(-1);
    assert.equal([closing?.ruleId, closing?.severity], ['too-many-findings', 'warning']);
    assert.match(reportText(report), /^warning +.*too-many-findings$/m);
  } finally {
    await sim.close();
  }
});

/** Runs the simulate command: past the default bound of unknown paths (warnings), one invite without a token (an error). */
async function overTheDefault(format: SimulateOptions['format']): Promise<{ status: number; stdout: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'simulate-findings-'));
  try {
    writeFileSync(join(folder, 'scenario.json'), JSON.stringify(scenario));
    let stderr = '';
    let stdout = '';
    let stop: () => void = () => undefined;
    const until = new Promise<void>((resolve) => (stop = resolve));
    const io = { cwd: folder, env: {}, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
    const status = simulate({ command: 'simulate', port: 0, scenario: 'scenario.json', record: undefined, format }, io, until);
    for (let i = 0; i < 200 && !stderr.includes('Simulating'); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const url = /Simulating Graph at (\S+)/.exec(stderr)?.[1] ?? '';
    for (let n = 0; n < defaultMaxFindings; n += 50) await Promise.all(Array.from({ length: 50 }, (_, i) => unknownPath(url, n + i)));
    assert.is((await postInvite(url, 'c', inviteBody(), { 'content-type': 'application/json' })).status, 401);
    stop();
    return { status: await status, stdout };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('simulate: an error past the default bound still exits 1, and json and sarif say it was cut', async () => {
  const json = await overTheDefault('json');
  assert.is(json.status, 1);
  const report = JSON.parse(json.stdout) as SimulatorReport;
  assert.is(report.findings.length, defaultMaxFindings);
  assert.ok(report.findings.every((finding) => finding.type === 'unknown-path'));
  assert.equal(report.findingsOmitted, { count: 1, errors: 1, warnings: 0, byType: { 'missing-token': 1 } });
  assert.equal([report.errors, report.warnings], [1, defaultMaxFindings]);

  const sarif = await overTheDefault('sarif');
  assert.is(sarif.status, 1);
  const run = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; level: string }>; tool: { driver: { rules: Array<{ id: string }> } } }> }).runs[0];
  assert.equal(run?.results.filter((result) => result.level === 'error').map((result) => result.ruleId), ['too-many-findings']);
  assert.ok(run?.tool.driver.rules.some((rule) => rule.id === 'too-many-findings'));
});

test('an invalid maxFindings is a TypeError naming it', async () => {
  for (const maxFindings of [-1, 1.5, Number.NaN, '10', null, -Infinity]) {
    await startSimulator({ scenario, maxFindings } as never).then(
      async (sim) => {
        await sim.close();
        assert.unreachable(String(maxFindings));
      },
      (error: unknown) => {
        assert.instance(error, TypeError);
        assert.match((error as TypeError).message, /options\.maxFindings/);
      },
    );
  }
});

test.run();
