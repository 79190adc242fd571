/**
 * Rule settings: the config's rules and overrides (checked, with the nearest id suggested), the severity
 * each rule has for a file (rules --for), the library's rules option (validate, lint, lintExchange, the
 * guards), and the report, exit status and worker threads under them.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { apiVersions, isInviteOperation, isInviteRequest, kinds, lint, lintExchange, rules, validate, parseCommsNotifications, type Problem } from '../src/index.js';
import { threadsVariable } from '../src/cli/read/parallel.js';
import { packageRoot } from '../src/paths.js';
import { fixedRules, nearestName } from '../src/validate/rule-settings.js';
import { runCli, spawnCli } from './cli-harness.js';

const documented = join(packageRoot, 'samples', 'documented');
const made: string[] = [];

/** A scratch project holding the documented samples (no expectations), the project's kinds, and a config with the given settings. */
function project(settings: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'gic-rules-'));
  made.push(dir);
  for (const name of readdirSync(documented).filter((file) => !file.endsWith('.expected.json'))) cpSync(join(documented, name), join(dir, 'samples', name));
  const base = JSON.parse(readFileSync(join(packageRoot, 'graph-invite-contract.config.json'), 'utf8')) as Record<string, unknown>;
  writeConfig(dir, { ...base, ...settings });
  return dir;
}

function writeConfig(dir: string, config: unknown): void {
  writeFileSync(join(dir, 'graph-invite-contract.config.json'), JSON.stringify(config, null, 2));
}

interface Report {
  files: Array<{ path: string; problems: Array<{ ruleId: string; severity: string; pointer: string; params: Record<string, unknown> }> }>;
  summary: { errors: number; warnings: number };
}

/** "path ruleId severity pointer" for each problem of a json report. */
function found(report: Report): string[] {
  return report.files.flatMap((file) => file.problems.map((problem) => `${file.path} ${problem.ruleId} ${problem.severity} ${problem.pointer}`));
}

async function lintJson(dir: string, args: readonly string[] = ['validate', 'samples']): Promise<{ status: number | null; report: Report; stderr: string }> {
  const outcome = await runCli([...args, '--format', 'json'], { cwd: dir, env: { NO_COLOR: '1' } });
  return { status: outcome.status, report: JSON.parse(outcome.stdout) as Report, stderr: outcome.stderr };
}

/** A config error: exit 2, one line on standard error naming the config file. */
async function configError(settings: Record<string, unknown>): Promise<string> {
  const dir = project(settings);
  const outcome = await runCli(['validate', 'samples'], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.is(outcome.status, 2, outcome.stderr);
  // Nothing was linted: the report says only that (a failed run says so in every format).
  assert.ok(outcome.stdout.startsWith('✖ Run failed:') && outcome.stdout.trim().split('\n').length === 1, outcome.stdout);
  assert.is(outcome.stderr.trim().split('\n').length, 1, outcome.stderr);
  assert.ok(outcome.stderr.includes(join(dir, 'graph-invite-contract.config.json')), outcome.stderr);
  return outcome.stderr;
}

test('an unknown rule id is a config error that names its place and the nearest id', async () => {
  const stderr = await configError({ rules: { 'phone-e.164': 'off' } });
  assert.ok(stderr.includes('rules["phone-e.164"]'), stderr);
  assert.ok(stderr.includes('"phone-e164"'), stderr);
  const far = await configError({ rules: { 'no-such-thing-at-all': 'off' } });
  assert.not.ok(far.includes('did you mean'), far);
});

test('an unknown severity, in an override, is a config error naming overrides[n].rules["id"] and the nearest setting', async () => {
  const stderr = await configError({ overrides: [{ files: ['**'], rules: {} }, { files: ['**'], rules: { 'status-casing': 'warn' } }] });
  assert.ok(stderr.includes('overrides[1].rules["status-casing"]'), stderr);
  assert.ok(stderr.includes('"warning"?'), stderr);
  assert.ok((await configError({ rules: { 'status-casing': 1 } })).includes('rules["status-casing"]'));
});

test('the overrides are checked: an array of { files, rules }, files non-empty patterns, no other key; a misspelt top key is suggested', async () => {
  assert.ok((await configError({ overrides: {} })).includes('"overrides"'));
  assert.ok((await configError({ overrides: [{ files: [], rules: {} }] })).includes('overrides[0].files'));
  assert.ok((await configError({ overrides: [{ files: ['a'], rules: {}, rule: {} }] })).includes('"rule"'));
  assert.ok((await configError({ overrides: [{ files: ['a'] }] })).includes('overrides[0]'));
  assert.ok((await configError({ overrides: [{ files: ['a', '*'.repeat(5000)], rules: {} }] })).includes('overrides[0].files[1]'));
  assert.ok((await configError({ rule: {} })).includes('"rules"?'));
});

test('rules that say a file was not checked cannot be turned off or down; too-many-problems takes no setting', async () => {
  for (const id of fixedRules) {
    assert.ok((await configError({ rules: { [id]: 'off' } })).includes(`rules["${id}"]`), id);
    assert.ok((await configError({ rules: { [id]: 'warning' } })).includes(`rules["${id}"]`), id);
  }
  assert.ok((await configError({ rules: { 'too-many-problems': 'error' } })).includes('rules["too-many-problems"]'));
  // docs/configuration.md lists them all.
  const doc = readFileSync(join(packageRoot, 'docs', 'configuration.md'), 'utf8');
  for (const id of fixedRules) assert.ok(doc.includes(`\`${id}\``), id);
  // error, their default, is taken.
  const { status } = await lintJson(project({ rules: { 'json-syntax': 'error', 'kind-unknown': 'error' } }));
  assert.is(status, 0);
});

test('rules re-level and drop problems; later overrides win over earlier ones and over rules; off problems leave no trace', async () => {
  const plain = await lintJson(project());
  assert.is(plain.status, 0);
  const dir = project({
    rules: { 'status-casing': 'error', 'identity-provider-undeclared': 'off' },
    overrides: [
      { files: ['samples/example-2.*'], rules: { 'status-casing': 'off', 'invitation-participant-id': 'error' } },
      { files: ['**/example-2.response.json'], rules: { 'status-casing': 'warning' } },
    ],
  });
  const { status, report } = await lintJson(dir);
  const problems = found(report);
  assert.is(status, 1);
  assert.not.ok(problems.some((line) => line.includes('identity-provider-undeclared')));
  assert.ok(problems.includes('samples/example-1.response.json status-casing error /status'));
  assert.ok(problems.includes('samples/example-2.response.json status-casing warning /status'));
  assert.ok(problems.includes('samples/example-2.response.json invitation-participant-id error /participants/0/id'));
  assert.ok(problems.includes('samples/example-1.response.json invitation-participant-id warning /participants/0/id'));
  // Everything else is as without settings.
  const untouched = (lines: string[]): string[] => lines.filter((line) => !/status-casing|identity-provider-undeclared|invitation-participant-id/.test(line));
  assert.equal(untouched(problems), untouched(found(plain.report)));
  assert.is(report.summary.errors, problems.filter((line) => line.includes(' error ')).length);
});

test('the exit status follows the effective severities: a warning raised to error fails, an error lowered passes', async () => {
  assert.is((await runCli(['validate', 'samples', '--strict'], { cwd: project(), env: {} })).status, 1);
  const off = { rules: Object.fromEntries(rules.filter((rule) => rule.severity === 'warning').map((rule) => [rule.id, 'off'])) };
  assert.is((await runCli(['validate', 'samples', '--max-warnings', '0'], { cwd: project(off), env: {} })).status, 0);
  const dir = join(project({ rules: { 'participants-limit': 'warning' } }), 'samples');
  writeFileSync(join(dir, 'six.request.json'), JSON.stringify({ participants: Array.from({ length: 6 }, (_, i) => ({ '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: { '@odata.type': '#microsoft.graph.identitySet', user: { '@odata.type': '#microsoft.graph.identity', id: `u${i}` } } })) }));
  const outcome = await lintJson(join(dir, '..'));
  assert.is(outcome.status, 0);
  assert.ok(found(outcome.report).includes('samples/six.request.json participants-limit warning /participants'));
});

test('SARIF results carry the effective level', async () => {
  const dir = project({ rules: { 'status-casing': 'error' } });
  const outcome = await runCli(['validate', 'samples/example-1.response.json', '--format', 'sarif'], { cwd: dir, env: {} });
  const log = JSON.parse(outcome.stdout) as { runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
  assert.equal(log.runs[0]?.results.find((result) => result.ruleId === 'status-casing')?.level, 'error');
  assert.is(outcome.status, 1);
});

test('docs and exchange follow the settings too', async () => {
  const dir = project({ rules: { 'exchange-call-id': 'error', 'http-authorization': 'off' }, overrides: [{ files: ['mismatched/response.json'], rules: { 'exchange-client-context': 'warning' } }] });
  cpSync(join(packageRoot, 'test', 'fixtures', 'exchanges', 'mismatched'), join(dir, 'mismatched'), { recursive: true });
  const exchange = await lintJson(dir, ['exchange', 'mismatched']);
  assert.equal(found(exchange.report), [
    'mismatched/response.json exchange-client-context warning /clientContext',
    'mismatched/notification-1.json exchange-operation-id error /value/0/resourceData/id',
    'mismatched/notification-2.json exchange-identity-kind warning /value/0/resourceData/0/info/identity/guest',
    'mismatched/notification-10.json exchange-call-id error /value/0/resourceUrl',
  ]);
  cpSync(join(packageRoot, 'test', 'fixtures', 'pages', 'deviations.md'), join(dir, 'deviations.md'));
  writeConfig(dir, { rules: { 'exchange-client-context': 'off', 'http-location': 'error' } });
  const page = found((await lintJson(dir, ['docs', 'deviations.md'])).report);
  assert.not.ok(page.some((line) => line.includes('exchange-client-context')));
  assert.ok(page.includes('deviations.md http-location error '), page.join('\n'));
});

test('rules --for prints each rule\'s severity for a file and where it comes from', async () => {
  const dir = project({
    rules: { 'status-casing': 'error' },
    overrides: [{ files: ['samples/**'], rules: { 'status-casing': 'off' } }, { files: ['other/**'], rules: { 'entity-id-null': 'error' } }],
  });
  const text = await runCli(['rules', '--for', 'samples/example-1.response.json'], { cwd: dir, env: {} });
  assert.is(text.status, 0);
  const rows = new Map(text.stdout.trim().split('\n').map((line) => [line.split(/\s+/)[0], line.split(/\s+/).slice(1, 3).join(' ')]));
  assert.is(rows.size, rules.length);
  assert.is(rows.get('status-casing'), 'off overrides[0]');
  assert.is(rows.get('entity-id-null'), 'warning default');
  const json = await runCli(['rules', '--for', 'other/x.json', '--format', 'json'], { cwd: dir, env: {} });
  const listed = (JSON.parse(json.stdout) as { rules: Array<{ id: string; severity: string; default: string; from: string }> }).rules;
  assert.equal(listed.find((rule) => rule.id === 'status-casing'), { id: 'status-casing', severity: 'error', default: 'warning', from: 'rules' });
  assert.equal(listed.find((rule) => rule.id === 'entity-id-null'), { id: 'entity-id-null', severity: 'error', default: 'warning', from: 'overrides[1]' });
  // --config names another config; a bad one is exit 2; --for belongs to rules only.
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ rules: { 'status-casing': 'nope' } }));
  assert.is((await runCli(['rules', '--for', 'a.json', '--config', 'other.json'], { cwd: dir, env: {} })).status, 2);
  assert.is((await runCli(['validate', 'samples', '--for', 'a.json'], { cwd: dir, env: {} })).status, 2);
});

test('validate(value, { rules }): re-levelled, off dropped, valid follows; the same checks as the config, as a TypeError', () => {
  const operation = JSON.parse(readFileSync(join(documented, 'example-1.response.json'), 'utf8')) as unknown;
  const plain = validate(operation, { kind: 'invite-operation' });
  assert.ok(plain.valid);
  const raised = validate(operation, { kind: 'invite-operation', rules: { 'status-casing': 'error', 'invitation-participant-id': 'off' } });
  assert.not.ok(raised.valid);
  assert.equal(raised.problems.map((problem: Problem) => `${problem.ruleId} ${problem.severity} ${problem.pointer}`), plain.problems.filter((problem) => problem.ruleId !== 'invitation-participant-id').map((problem) => `${problem.ruleId} ${problem.ruleId === 'status-casing' ? 'error' : problem.severity} ${problem.pointer}`));
  assert.not.ok(isInviteOperation(operation, { rules: { 'status-casing': 'error' } }));
  assert.ok(isInviteOperation(operation));
  const throwsNaming = (run: () => unknown, ...parts: string[]): void => {
    try {
      run();
      assert.unreachable('no TypeError');
    } catch (error) {
      assert.instance(error, TypeError);
      for (const part of parts) assert.ok((error as Error).message.includes(part), (error as Error).message);
    }
  };
  throwsNaming(() => validate(operation, { rules: { 'phone-e.164': 'off' } }), 'validate: options.rules["phone-e.164"]', '"phone-e164"');
  throwsNaming(() => validate(operation, { rules: { 'phone-e164': 'warn' as 'warning' } }), 'options.rules["phone-e164"]', '"warning"');
  throwsNaming(() => validate(operation, { rules: { 'kind-unknown': 'off' } }), 'options.rules["kind-unknown"]');
  throwsNaming(() => validate(operation, { rules: [] as never }), 'validate: options.rules');
  throwsNaming(() => lint({ text: '{}', type: 'payload', rules: { nope: 'off' } as never }), 'lint: request.rules["nope"]');
  throwsNaming(() => lintExchange([], { rules: { 'status-casing': 'loud' } as never }), 'lintExchange: options.rules["status-casing"]');
  throwsNaming(() => isInviteOperation(operation, { rules: { x: 'off' } as never }), 'isInviteOperation: options.rules["x"]');
  throwsNaming(() => validate(operation, { rules: Object.defineProperty({}, 'status-casing', { get: () => 'off', enumerable: true }) as never }), 'options.rules["status-casing"]');
});

test('lint({ rules }): settings come before the cap, so too-many-problems counts only what they keep', () => {
  // Three participants, each with three problems: identity-property-undeclared and identity-provider-undeclared (warnings), phone-e164 (an error).
  const identity = { user: { '@odata.type': '#microsoft.graph.identity', id: 'u', tenantId: 't', identityProvider: 'AAD' }, phone: { id: '123' } };
  const text = JSON.stringify({ participants: [{ identity }, { identity }, { identity }] }, null, 2);
  const closing = (rules?: Record<string, 'off' | 'warning' | 'error'>): { listed: string[]; closing: unknown; severity: string | undefined } => {
    const { problems } = lint({ text, type: 'payload', kind: 'invite-request', maxProblems: 1, ...(rules === undefined ? {} : { rules }) });
    const last = problems.at(-1);
    return { listed: problems.slice(0, -1).map((problem) => `${problem.ruleId} ${problem.severity} ${problem.pointer}`), closing: last?.params, severity: last?.severity };
  };
  assert.equal(closing(), { listed: ['identity-property-undeclared warning /participants/0/identity/user/tenantId'], closing: { limit: 1, omitted: 8, omittedErrors: 3, omittedWarnings: 5 }, severity: 'error' });
  assert.equal(closing({ 'phone-e164': 'off', 'identity-provider-undeclared': 'off', 'identity-property-undeclared': 'error' }), {
    listed: ['identity-property-undeclared error /participants/0/identity/user/tenantId'],
    closing: { limit: 1, omitted: 2, omittedErrors: 2, omittedWarnings: 0 },
    severity: 'error',
  });
  assert.equal(closing({ 'phone-e164': 'warning' }), { listed: ['identity-property-undeclared warning /participants/0/identity/user/tenantId'], closing: { limit: 1, omitted: 8, omittedErrors: 0, omittedWarnings: 8 }, severity: 'warning' });
  // Every problem off: the report is a clean one.
  const clean = lint({ text, type: 'payload', kind: 'invite-request', rules: { 'phone-e164': 'off', 'identity-provider-undeclared': 'off', 'identity-property-undeclared': 'off' } });
  assert.equal(clean.problems, []);
  assert.is(clean.source, undefined);
  // An HTTP message and a page go the same way.
  const http = lint({ text: `POST /communications/calls/1/participants/invite\nContent-Type: application/json\n\n${text}`, type: 'http', kind: 'invite-request', rules: { 'http-authorization': 'warning', 'phone-e164': 'off' } });
  assert.ok(http.problems.some((problem) => problem.ruleId === 'http-authorization' && problem.severity === 'warning'));
  assert.not.ok(http.problems.some((problem) => problem.ruleId === 'phone-e164'));
});

test('the guards and parseCommsNotifications keep the rules their types stand for as errors: a value they pass is of its type', () => {
  const throwsNaming = (run: () => unknown, ...parts: string[]): void => {
    assert.throws(run, (error: unknown) => error instanceof TypeError && parts.every((part) => error.message.includes(part)));
  };
  // Turned off, a guard passed { participants: 5 } as an InviteRequest, whose participants.map then threw.
  throwsNaming(() => isInviteRequest(JSON.parse('{"participants":5}'), { rules: { 'type-mismatch': 'off', 'participants-required': 'off' } }), 'isInviteRequest: options.rules["type-mismatch"]', 'validate()');
  const body = readFileSync(join(documented, 'example-1.notification-completed.json'), 'utf8');
  throwsNaming(() => parseCommsNotifications(body, { rules: { 'enum-member': 'warning' } }), 'parseCommsNotifications: options.rules["enum-member"]', '"warning"');
  for (const id of ['required-property', 'not-nullable', 'flags-member', 'schema-violation']) throwsNaming(() => isInviteOperation({}, { rules: { [id]: 'off' } }), `isInviteOperation: options.rules["${id}"]`);
  // Those rules as errors, and any other rule at any setting, are taken.
  assert.ok(parseCommsNotifications(body, { rules: { 'enum-member': 'error', 'deprecated-app-path': 'off' } }).ok);
  assert.ok(isInviteRequest(JSON.parse('{"participants":[{"identity":{"user":{"id":"u"}}}]}'), { rules: { 'type-mismatch': 'error', 'participants-limit': 'off' } }));
  // validate() judges by any setting: its result carries no type.
  assert.ok(validate(JSON.parse('{"participants":5}'), { kind: 'invite-request', rules: { 'type-mismatch': 'off', 'participants-required': 'off' } }).valid);
});

test('lintExchange({ rules }) and parseCommsNotifications({ rules })', () => {
  const folder = join(packageRoot, 'test', 'fixtures', 'exchanges', 'mismatched');
  const files = readdirSync(folder).map((name) => ({ name, text: readFileSync(join(folder, name), 'utf8') }));
  const linted = lintExchange(files, { rules: { 'exchange-operation-id': 'off', 'exchange-call-id': 'error' } });
  const all = linted.files.flatMap((file) => file.report.problems.map((problem) => `${file.name} ${problem.ruleId} ${problem.severity}`));
  assert.not.ok(all.some((line) => line.includes('exchange-operation-id')));
  assert.ok(all.includes('notification-10.json exchange-call-id error'));
  const body = readFileSync(join(documented, 'example-1.notification-roster.json'), 'utf8');
  assert.ok(parseCommsNotifications(body).ok);
  const refused = parseCommsNotifications(body, { rules: { 'deprecated-app-path': 'error' } });
  assert.not.ok(refused.ok);
});

test('a run over worker threads carries the settings: the report is the one thread\'s, and not the one without settings', async () => {
  const dir = project({ rules: { 'status-casing': 'error', 'deprecated-app-path': 'off' }, overrides: [{ files: ['samples/copy-1*/**'], rules: { 'status-casing': 'off' } }] });
  for (let copy = 0; copy < 12; copy += 1) cpSync(join(dir, 'samples'), join(dir, 'more', `copy-${copy}`), { recursive: true });
  rmSync(join(dir, 'samples'), { recursive: true });
  mkdirSync(join(dir, 'samples'));
  cpSync(join(dir, 'more'), join(dir, 'samples'), { recursive: true });
  const transcript = async (threads: string): Promise<string> => {
    const outcome = await runCli(['validate', 'samples', '--format', 'json'], { cwd: dir, env: { NO_COLOR: '1', [threadsVariable]: threads } });
    return `exit ${outcome.status}\n${outcome.stdout}\n${outcome.stderr}`;
  };
  const single = await transcript('1');
  assert.ok(/"ruleId": "status-casing",\s*"severity": "error"/.test(single));
  assert.ok(/copy-10\/example-1.response.json/.test(single));
  assert.not.ok(single.includes('deprecated-app-path'));
  assert.fixture(await transcript('3'), single);
  // The installed command: the bundle, and workers that load it.
  const spawned = spawnCli(['validate', 'samples', '--format', 'json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', [threadsVariable]: '2' } });
  assert.fixture(`exit ${spawned.status}\n${spawned.stdout}\n${spawned.stderr}`, single);
});

test('nearestName: edits up to a third of the name (at least 2), and names cut short', () => {
  assert.is(nearestName('phone-e.164', rules.map((rule) => rule.id)), 'phone-e164');
  assert.is(nearestName('status-casng', rules.map((rule) => rule.id)), 'status-casing');
  assert.is(nearestName('warn', ['off', 'warning', 'error']), 'warning');
  assert.is(nearestName('errr', ['off', 'warning', 'error']), 'error');
  assert.is(nearestName('loud', ['off', 'warning', 'error']), undefined);
});

test('schemas/tooling/config.schema.json takes the project\'s config and the documented examples, and refuses what the CLI refuses', () => {
  const schema = JSON.parse(readFileSync(join(packageRoot, 'schemas', 'tooling', 'config.schema.json'), 'utf8')) as {
    $defs: { ruleId: { enum: string[] } };
    properties: { kinds: { additionalProperties: { enum: string[] } }; apiVersion: { enum: string[] } };
  };
  assert.equal(schema.$defs.ruleId.enum, rules.map((rule) => rule.id));
  assert.equal(schema.properties.kinds.additionalProperties.enum, [...kinds]);
  assert.equal(schema.properties.apiVersion.enum, [...apiVersions]);
  const check = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
  const doc = readFileSync(join(packageRoot, 'docs', 'configuration.md'), 'utf8');
  // A package.json example holds the config under its key.
  const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1] as string) as Record<string, unknown>).map((json) => json['graphInviteContract'] ?? json);
  assert.ok(examples.length >= 3);
  for (const example of [JSON.parse(readFileSync(join(packageRoot, 'graph-invite-contract.config.json'), 'utf8')), ...examples]) {
    assert.ok(check(example), JSON.stringify(check.errors));
  }
  const neverMatching = [{ ignore: [''] }, { ignore: ['/abs/legacy/**'] }, { ignore: ['C:\\legacy\\**'] }, { ignore: ['legacy/'] }, { kinds: { 'legacy/': 'invite-request' } }, { overrides: [{ files: ['/abs/**'], rules: {} }] }];
  for (const wrong of [{ rules: { 'phone-e.164': 'off' } }, { rules: { 'phone-e164': 'warn' } }, { overrides: [{ files: [], rules: {} }] }, { overrides: [{ files: ['a'] }] }, { rule: {} }, ...neverMatching]) {
    assert.not.ok(check(wrong), JSON.stringify(wrong));
  }
});

test.after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

test.run();
