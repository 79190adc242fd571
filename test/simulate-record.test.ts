/** Recordings the exchange command accepts, the scenario's schema, and the simulate command. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseOptions } from '../src/cli/options.js';
import { simulate } from '../src/cli/commands/simulate.js';
import { RunFailure } from '../src/cli/failure.js';
import { packageRoot } from '../src/paths.js';
import { scenarioSchema } from '../src/simulate/scenario-schema.js';
import { RecordFolderError, resolveScenario, startSimulator } from '../src/simulate/index.js';
import { defaultCallbackUrl, defaultCallId } from '../src/simulate/scenario.js';
import { bin, runCli } from './cli-harness.js';
import { inviteBody, postInvite, startBot } from './simulate-bot.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'simulate-'));

test('a well-behaved bot: every recorded exchange passes exchange with no errors', async () => {
  const folder = scratch();
  const bot = await startBot();
  try {
    for (const roster of ['full', 'delta'] as const) {
      const record = join(folder, roster);
      const sim = await startSimulator({ record, scenario: { roster, delays: { operationMs: 1, rosterMs: 2 }, calls: [{ id: 'call-1', callbackUrl: bot.callbackUrl }] } });
      bot.trust(sim.openIdConfigurationUrl, sim.scenario.appId);
      assert.is((await postInvite(sim.url, 'call-1', inviteBody('one'))).status, 200);
      assert.is((await postInvite(sim.url, 'call-1', inviteBody('two', ['11111111-1111-4111-8111-111111111111']), undefined, 'v1.0')).status, 200);
      await sim.close();
      assert.equal(readdirSync(record), ['invite-0001', 'invite-0002']);
      assert.equal(readdirSync(join(record, 'invite-0001')), ['notification-1.json', 'notification-2.json', 'request.http', 'response.http']);
      const outcome = await runCli(['exchange', '--format', 'json', join(record, 'invite-0001'), join(record, 'invite-0002')], { cwd: folder });
      assert.is(outcome.status, 0, outcome.stdout + outcome.stderr);
      assert.not.match(readFileSync(join(record, 'invite-0001', 'request.http'), 'utf8'), /test-token/, 'the token is not kept');
    }
  } finally {
    await bot.close();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('an invalid invite is recorded too, and exchange reports its errors', async () => {
  const folder = scratch();
  try {
    const sim = await startSimulator({ record: folder, scenario: { calls: [{ id: 'c', callbackUrl: 'http://127.0.0.1:9/' }] } });
    assert.is((await postInvite(sim.url, 'c', { participants: [{ identity: { user: { id: 7 } } }] })).status, 400);
    await sim.close();
    const outcome = await runCli(['exchange', join(folder, 'invite-0001')], { cwd: folder });
    assert.is(outcome.status, 1);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the published scenario schema is the one the library checks with, and accepts the documented example', () => {
  const published = JSON.parse(readFileSync(join(packageRoot, 'schemas', 'tooling', 'scenario.schema.json'), 'utf8')) as unknown;
  assert.equal(published, JSON.parse(JSON.stringify(scenarioSchema)));
  const check = new Ajv2020({ strict: false }).compile(published as object);
  const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(readFileSync(join(packageRoot, 'docs', 'simulator.md'), 'utf8'))?.[1] ?? 'null') as unknown;
  assert.ok(check(example), JSON.stringify(check.errors));
  assert.not.ok(check({ calls: [{ id: 'x' }] }));
});

test('zero config: one call, every valid invite completes, callbacks to the Bot Framework port', () => {
  const scenario = resolveScenario();
  assert.equal(scenario.calls.map((call) => [call.id, call.callbackUrl, call.outcome.status]), [[defaultCallId, defaultCallbackUrl, 'completed']]);
  assert.is(scenario.roster, 'full');
  assert.is(scenario.allowRemoteCallbacks, false);
});

test('simulate: options read, usage errors named', () => {
  assert.equal(parseOptions(['simulate', '--port', '4000', '--scenario', 's.json', '--record', 'r', '--format', 'json'], '/'), { command: 'simulate', port: 4000, scenario: 's.json', record: 'r', format: 'json' });
  for (const argv of [['simulate', 'file.json'], ['simulate', '--format', 'xml'], ['simulate', '--port', '70000'], ['simulate', '--port', 'x'], ['simulate', '--strict'], ['validate', '--port', '1', 'a.json'], ['exchange', '--record', 'r', 'ex']]) {
    assert.throws(() => parseOptions(argv, '/'), (error: Error) => error.name === 'UsageError', argv.join(' '));
  }
});

test('simulate: --record refuses a folder that holds anything already, before it listens; a new or empty one is taken', async () => {
  const folder = scratch();
  try {
    mkdirSync(join(folder, 'rec', 'invite-0001'), { recursive: true });
    mkdirSync(join(folder, 'empty'));
    const io = { cwd: folder, env: {}, stdout: { write: () => true }, stderr: { write: () => true } };
    const options = (record: string) => ({ command: 'simulate', port: 0, scenario: undefined, record, format: 'json' }) as const;
    try {
      await simulate(options('rec'), io, Promise.resolve());
      assert.unreachable('a filled folder was taken');
    } catch (error) {
      assert.instance(error, RunFailure);
      assert.match((error as Error).message, /^--record rec: the folder holds an entry already; give a new or empty folder/);
    }
    for (const record of ['empty', 'new']) assert.is(await simulate(options(record), io, Promise.resolve()), 0, record);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('startSimulator refuses a record folder with content before it listens, and takes a new or empty one', async () => {
  const folder = scratch();
  try {
    writeFileSync(join(folder, 'notes.txt'), 'kept\n');
    mkdirSync(join(folder, 'empty'));
    try {
      const sim = await startSimulator({ record: folder });
      await sim.close();
      assert.unreachable('a folder with content was taken');
    } catch (error) {
      assert.instance(error, RecordFolderError);
      assert.match((error as Error).message, /^the folder holds 2 entries already; give a new or empty folder/);
    }
    assert.equal(readdirSync(folder), ['empty', 'notes.txt'], 'nothing written into the refused folder');
    for (const record of [join(folder, 'empty'), join(folder, 'new')]) {
      const sim = await startSimulator({ record });
      await sim.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('simulate: prints what it plays on start, serves until stopped, then reports and exits 1 for the bot\'s errors', async () => {
  const folder = scratch();
  try {
    writeFileSync(join(folder, 'scenario.json'), JSON.stringify({ calls: [{ id: 'c', callbackUrl: 'http://127.0.0.1:9/' }], roster: 'none', faults: { loseOperation: true } }));
    let stderr = '';
    let stdout = '';
    let stop: () => void = () => undefined;
    const until = new Promise<void>((resolve) => (stop = resolve));
    const io = { cwd: folder, env: {}, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
    const status = simulate({ command: 'simulate', port: 0, scenario: 'scenario.json', record: undefined, format: 'json' }, io, until);
    for (let i = 0; i < 200 && !stderr.includes('Simulating'); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const url = /Simulating Graph at (\S+)/.exec(stderr)?.[1] ?? '';
    assert.match(stderr, /call c: POST/);
    assert.is((await postInvite(url, 'c', inviteBody(), { 'content-type': 'application/json' })).status, 401);
    stop();
    assert.is(await status, 1);
    const report = JSON.parse(stdout) as { findings: Array<{ type: string }> };
    assert.equal(report.findings.map((finding) => finding.type), ['missing-token']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('simulate: every linting format reports the findings, an invalid invite by its own problems', async () => {
  for (const format of ['sarif', 'junit', 'github', 'stylish'] as const) {
    const folder = scratch();
    try {
      writeFileSync(join(folder, 'scenario.json'), JSON.stringify({ calls: [{ id: 'c', callbackUrl: 'http://127.0.0.1:9/' }] }));
      let stderr = '';
      let stdout = '';
      let stop: () => void = () => undefined;
      const until = new Promise<void>((resolve) => (stop = resolve));
      const io = { cwd: folder, env: {}, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
      const status = simulate({ command: 'simulate', port: 0, scenario: 'scenario.json', record: 'rec', format }, io, until);
      for (let i = 0; i < 200 && !stderr.includes('Simulating'); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
      const url = /Simulating Graph at (\S+)/.exec(stderr)?.[1] ?? '';
      await postInvite(url, 'c', inviteBody(), { 'content-type': 'application/json' });
      await postInvite(url, 'c', { participants: 'none' });
      stop();
      assert.is(await status, 1);
      assert.ok(stdout.includes('missing-token'), `${format}: ${stdout}`);
      assert.ok(stdout.includes('participants-required'), `${format}: ${stdout}`);
      if (format === 'sarif') {
        const results = (JSON.parse(stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }).runs[0]?.results ?? [];
        assert.ok(results.some((result) => result.ruleId === 'participants-required' && result.locations[0]?.physicalLocation.artifactLocation.uri === 'rec/invite-0001'));
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
});

test('simulate: an unreadable or invalid scenario exits 2 with one line', async () => {
  const folder = scratch();
  try {
    writeFileSync(join(folder, 'bad.json'), JSON.stringify({ roster: 'sometimes' }));
    for (const file of ['missing.json', 'bad.json']) {
      const outcome = await runCli(['simulate', '--scenario', file], { cwd: folder });
      assert.is(outcome.status, 2);
      assert.match(outcome.stderr, new RegExp(`^graph-invite-contract: ${file.replace('.', '\\.')}: `));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the installed command stops cleanly on SIGINT and SIGTERM, its recordings complete', async () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const folder = scratch();
    try {
      writeFileSync(join(folder, 'scenario.json'), JSON.stringify({ calls: [{ id: 'c', callbackUrl: 'http://127.0.0.1:9/' }], delays: { operationMs: 60000, rosterMs: 60000 }, callbacks: { retries: 0, timeoutMs: 1000 } }));
      const child = spawn(process.execPath, [bin, 'simulate', '--scenario', 'scenario.json', '--record', 'rec', '--format', 'json'], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const guard = setTimeout(() => child.kill('SIGKILL'), 20000);
      for (let i = 0; i < 2000 && !stderr.includes('Stop with'); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
      const url = /Simulating Graph at (\S+)/.exec(stderr)?.[1] ?? '';
      assert.is((await postInvite(url, 'c', inviteBody())).status, 200);
      // The callbacks wait a minute: stopping sends them at once and records them.
      child.kill(signal);
      const status = await exited;
      clearTimeout(guard);
      assert.is(status, 1, stderr);
      const report = JSON.parse(stdout) as { invites: { accepted: number }; callbacks: { sent: number } };
      assert.is(report.invites.accepted, 1);
      assert.is(report.callbacks.sent, 2);
      assert.equal(readdirSync(join(folder, 'rec', 'invite-0001')), ['notification-1.json', 'notification-2.json', 'request.http', 'response.http']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
});

test.run();
