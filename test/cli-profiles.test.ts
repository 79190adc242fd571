/**
 * The profile on the command line: --api-version, the config's apiVersion, which wins, the profile an HTTP
 * message, a page or an exchange takes from its request path, the exit statuses, and wrong values.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { apiVersions } from '../src/model/api-version.js';
import { packageRoot } from '../src/paths.js';
import { batchFiles, threadsVariable } from '../src/cli/read/parallel.js';
import { runCli, spawnCli } from './cli-harness.js';
import { invitePage } from './invite-page.js';

const dir = mkdtempSync(join(tmpdir(), 'gic-profiles-'));

const body = '{"participants":[{"endpointType":"voicemail","identity":{"user":{"id":"u1"}}}],"clientContext":"c"}\n';
const message = (path: string): string => `POST ${path}\nContent-Type: application/json\nAuthorization: Bearer x\n\n${body}`;
const operation = '{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"o1","status":"running","clientContext":"c","participants":[{"endpointType":"voicemail","identity":{"user":{"id":"u1"}}}]}\n';
const roster =
  '{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/1/participants","resourceData":[{"id":"p1","info":{"identity":{"user":{"id":"u1"}}},"isInLobby":false,"isMuted":false,"mediaStreams":[{"mediaType":"unknown","direction":"sendReceive","serverMuted":false,"sourceId":"1"}]}]}]}\n';

/** The kinds of the files by their names, as the package's own config gives them. */
const kinds = { '**/*.request.json': 'invite-request', '**/*.notification.json': 'comms-notifications' };

/** A config file's text: the kinds, and what else is given. */
const configText = (extra: Readonly<Record<string, unknown>> = {}): string => JSON.stringify({ kinds, ignore: ['graph-invite-contract.config.json'], ...extra });

/** A project folder with its files and a config (the kinds, and what else is given). */
function project(name: string, files: Readonly<Record<string, string>>, config: Readonly<Record<string, unknown>> = {}): string {
  const root = join(dir, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'graph-invite-contract.config.json'), configText(config));
  return root;
}

interface Found {
  readonly status: number | null;
  /** "file pointer" of every beta-only problem. */
  readonly betaOnly: string[];
  /** "file profile" of every file of the report ("file -" when it names none). */
  readonly profiles: string[];
  readonly stderr: string;
}

const reportSchema = JSON.parse(readFileSync(join(packageRoot, 'schemas', 'tooling', 'lint-report.schema.json'), 'utf8')) as {
  $defs: { file: { properties: { apiVersion: { enum: unknown[] } } } };
};
const validReport = new Ajv2020({ strict: true }).compile(reportSchema);

async function lintIn(cwd: string, argv: readonly string[], env?: Record<string, string>): Promise<Found> {
  const outcome = await runCli([...argv, '--format', 'json'], { cwd, ...(env === undefined ? {} : { env: { ...process.env, ...env } }) });
  if (outcome.stdout === '') return { status: outcome.status, betaOnly: [], profiles: [], stderr: outcome.stderr };
  const report = JSON.parse(outcome.stdout) as { files: Array<{ path: string; apiVersion?: string; problems: Array<{ ruleId: string; pointer: string; line: number }> }> };
  assert.ok(validReport(report), JSON.stringify(validReport.errors));
  const betaOnly = report.files.flatMap((file) => file.problems.filter((p) => p.ruleId === 'beta-only').map((p) => `${file.path} ${p.pointer}`));
  const profiles = report.files.map((file) => `${file.path} ${file.apiVersion ?? '-'}`);
  return { status: outcome.status, betaOnly, profiles, stderr: outcome.stderr };
}

test('validate: beta by default; --api-version v1.0 reports beta-only content and exits 1', async () => {
  const root = project('flag', { 'a.request.json': body, 'b.notification.json': roster });
  const beta = await lintIn(root, ['validate', 'a.request.json', 'b.notification.json']);
  assert.is(beta.status, 0);
  assert.equal(beta.betaOnly, []);
  assert.is((await lintIn(root, ['validate', '--api-version', 'beta', 'a.request.json'])).status, 0);
  const v1 = await lintIn(root, ['validate', '--api-version', 'v1.0', 'a.request.json', 'b.notification.json']);
  assert.is(v1.status, 1);
  assert.equal(v1.betaOnly, ['a.request.json /participants/0/endpointType', 'b.notification.json /value/0/resourceData/0/mediaStreams/0/mediaType']);
  const kind = await lintIn(root, ['validate', '--kind', 'invite-request', '--api-version', 'v1.0', 'a.request.json']);
  assert.equal(kind.betaOnly, ['a.request.json /participants/0/endpointType']);
});

test("the config's apiVersion applies; the flag wins over it", async () => {
  const root = project('config', { 'a.request.json': body }, { apiVersion: 'v1.0' });
  const fromConfig = await lintIn(root, ['validate', 'a.request.json']);
  assert.is(fromConfig.status, 1);
  assert.equal(fromConfig.betaOnly, ['a.request.json /participants/0/endpointType']);
  assert.is((await lintIn(root, ['validate', '--api-version', 'beta', 'a.request.json'])).status, 0);
  const betaConfig = project('config-beta', { 'a.request.json': body }, { apiVersion: 'beta' });
  assert.is((await lintIn(betaConfig, ['validate', 'a.request.json'])).status, 0);
  assert.is((await lintIn(betaConfig, ['validate', '--api-version', 'v1.0', 'a.request.json'])).status, 1);
});

test('worker threads check against the same profile', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i <= batchFiles; i += 1) files[`p${i}.request.json`] = body;
  const root = project('threads', files, { apiVersion: 'v1.0' });
  const threaded = await lintIn(root, ['validate', '.'], { [threadsVariable]: '2' });
  assert.is(threaded.status, 1);
  assert.is(threaded.betaOnly.length, batchFiles + 1);
  assert.is((await lintIn(root, ['validate', '--api-version', 'beta', '.'], { [threadsVariable]: '2' })).status, 0);
});

test('.http messages take the profile from the request path, unless the flag or the config names one', async () => {
  const root = project('http', {
    'absolute.http': message('https://graph.microsoft.com/v1.0/communications/calls/1/participants/invite'),
    'relative.http': message('/v1.0/communications/calls/1/participants/invite'),
    'beta.http': message('https://graph.microsoft.com/beta/communications/calls/1/participants/invite'),
    'none.http': message('/communications/calls/1/participants/invite'),
  });
  const found = await lintIn(root, ['validate', '.']);
  assert.is(found.status, 1);
  assert.equal(found.betaOnly, ['absolute.http /participants/0/endpointType', 'relative.http /participants/0/endpointType']);
  // The json report says which profile each file was checked against.
  assert.equal(found.profiles, ['absolute.http v1.0', 'beta.http beta', 'none.http beta', 'relative.http v1.0']);
  assert.equal(reportSchema.$defs.file.properties.apiVersion.enum, [...apiVersions]);
  const flagBeta = await lintIn(root, ['validate', '--api-version', 'beta', '.']);
  assert.equal(flagBeta.betaOnly, []);
  assert.is(flagBeta.status, 0);
  const flagV1 = await lintIn(root, ['validate', '--api-version', 'v1.0', '.']);
  assert.is(flagV1.betaOnly.length, 4);
  writeFileSync(join(root, 'graph-invite-contract.config.json'), configText({ apiVersion: 'beta' }));
  assert.equal((await lintIn(root, ['validate', '.'])).betaOnly, [], 'a config that names a profile wins over the paths');
});

const page = (version: string): string =>
  invitePage(`https://graph.microsoft.com/${version}/communications/calls/1/participants/invite`, `https://graph.microsoft.com/${version}/communications/calls/1/operations/o1`, operation.trim());

test('docs: a page takes the profile from its request paths; the flag wins', async () => {
  const root = project('docs', { 'v1.md': page('v1.0'), 'beta.md': page('beta') });
  const found = await lintIn(root, ['docs', '.']);
  assert.is(found.status, 1);
  assert.equal(found.betaOnly, ['v1.md /participants/0/endpointType']);
  assert.equal(found.profiles, ['beta.md beta', 'v1.md v1.0']);
  assert.equal((await lintIn(root, ['docs', '--api-version', 'beta', '.'])).betaOnly, []);
  assert.is((await lintIn(root, ['docs', '--api-version', 'beta', '.'])).status, 0);
  assert.is((await lintIn(root, ['docs', '--api-version', 'v1.0', '.'])).betaOnly.length, 2);
});

test("exchange: the response and notifications take the request's profile; the config wins", async () => {
  const request = message('https://graph.microsoft.com/v1.0/communications/calls/1/participants/invite').replace('"endpointType":"voicemail",', '');
  const root = project('exchange', { 'ex/request.http': request, 'ex/response.json': operation, 'ex/notification-1.json': roster });
  const found = await lintIn(root, ['exchange', 'ex']);
  assert.is(found.status, 1);
  assert.equal(found.betaOnly, ['ex/response.json /participants/0/endpointType', 'ex/notification-1.json /value/0/resourceData/0/mediaStreams/0/mediaType']);
  assert.equal(found.profiles, ['ex/request.http v1.0', 'ex/response.json v1.0', 'ex/notification-1.json v1.0']);
  writeFileSync(join(root, 'graph-invite-contract.config.json'), configText({ apiVersion: 'beta' }));
  assert.equal((await lintIn(root, ['exchange', 'ex'])).betaOnly, []);
  assert.is((await lintIn(root, ['exchange', '--api-version', 'v1.0', 'ex'])).betaOnly.length, 2);
});

test('a wrong --api-version or config apiVersion exits 2 with a message naming it', async () => {
  const root = project('wrong', { 'a.request.json': body });
  for (const argv of [['validate', '--api-version', 'v2', 'a.request.json'], ['docs', '--api-version', 'V1.0', 'a.md'], ['exchange', '--api-version', '', 'ex']]) {
    const outcome = await runCli(argv, { cwd: root });
    assert.is(outcome.status, 2, argv.join(' '));
    assert.match(outcome.stderr, `--api-version ${argv[2]} is not one of beta, v1.0`);
  }
  const twice = await runCli(['validate', '--api-version', 'beta', '--api-version', 'v1.0', 'a.request.json'], { cwd: root });
  assert.is(twice.status, 2);
  assert.match(twice.stderr, '--api-version is given twice');
  const missing = await runCli(['validate', 'a.request.json', '--api-version'], { cwd: root });
  assert.is(missing.status, 2);
  assert.match(missing.stderr, 'api-version');
  const badConfig = project('wrong-config', { 'a.request.json': body }, { apiVersion: 'v2' });
  const config = await runCli(['validate', 'a.request.json'], { cwd: badConfig });
  assert.is(config.status, 2);
  assert.match(config.stderr, '"apiVersion" is "v2", not one of beta, v1.0');
});

test('the installed command takes the flag too', () => {
  const root = project('spawned', { 'a.request.json': body });
  assert.is(spawnCli(['validate', 'a.request.json'], { cwd: root }).status, 0);
  const v1 = spawnCli(['validate', '--api-version', 'v1.0', 'a.request.json'], { cwd: root });
  assert.is(v1.status, 1);
  assert.match(v1.stdout, 'beta-only');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
