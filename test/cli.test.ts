/**
 * Black-box tests of the CLI: each case is data (arguments, files, expected exit status and output
 * properties). Every case also checks that no input file changed and that nothing printed a stack trace.
 * The cases run in this process through the CLI's own entry (test/cli-harness.ts); those marked `spawn`
 * also run as the built binary, which must give the same status and the same output. The tests after the
 * table need a process of their own (sockets, pipes, fd output).
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { bin, runCli, spawnCli, waitUntilPipeFull, type CliOutcome } from './cli-harness.js';

const documented = join(packageRoot, 'samples', 'documented');

interface JsonReport {
  version: number;
  files: Array<{ path: string; kind: string | null; problems: Array<{ ruleId: string; severity: string; pointer: string; line: number; column: number }> }>;
  summary: { files: number; errors: number; warnings: number };
}

interface Outcome extends CliOutcome {
  dir: string;
  json(): JsonReport;
  /** "path ruleId line:column" for every problem of the JSON report. */
  located(): string[];
}

interface Case {
  name: string;
  /** Files to create: text, or bytes for encodings and binary content. */
  files?: Record<string, string | Uint8Array>;
  /** Anything else to make in the scratch folder (links, FIFOs). */
  setup?: (dir: string) => void;
  args: string[];
  env?: Record<string, string>;
  /** Files the run is meant to write (exempt from the unchanged-input check). */
  outputs?: string[];
  /** Leave out the project config the other cases get. */
  noConfig?: boolean;
  /** Run in this subfolder of the scratch folder (made if missing) rather than in the scratch folder. */
  cwd?: string;
  status: 0 | 1 | 2;
  check?: (outcome: Outcome) => void | Promise<void>;
  /**
   * true: also run the built binary, which must give the same status, standard output and standard error.
   * 'only': run the binary alone, for what differs in process (a relative GITHUB_STEP_SUMMARY is appended
   * from the process's working folder, not the CLI's io.cwd).
   */
  spawn?: true | 'only';
}

const clean = '{"participants":[{"identity":{"user":{"id":"u1"}}}]}';
const notifications = (value: string) => `{"@odata.type":"#microsoft.graph.commsNotifications","value":${value}}`;
const warnOnly = '{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"op","status":"Running","participants":[]}';
const broken = '{"participants":[]}';
/** 1-based column of the first occurrence of a needle in one-line text (after a skip of earlier ones). */
const columnOf = (text: string, needle: string, from = 0): number => text.indexOf(needle, from) + 1;
const bigNumber = notifications('[{"changeType":"updated","resourceUrl":"/communications/calls/c/participants","resourceData":[{"info":{"identity":{"user":{"id":"u"}}},"rosterSequenceNumber":9007199254740993}]}]');
// In an invitation, an open type: the request body itself takes no key but its parameters.
const protoKeys = '{"participants":[{"__proto__":{"x":1},"constructor":{"y":2},"identity":{"user":{"id":"a"},"user":{"id":"b"}}}]}';
const config = JSON.stringify({ kinds: { '**/*.request.json': 'invite-request' }, ignore: ['**/*.expected.json'] });
const fixtures = join(packageRoot, 'test', 'fixtures');
/** The text of one of the test fixtures (reference pages, exchange folders). */
const fixture = (path: string): string => readFileSync(join(fixtures, path), 'utf8');
/** Every file of a fixture exchange folder, placed in a folder of the case's own. */
const folderFiles = (name: string, as: string): Record<string, string> =>
  Object.fromEntries(readdirSync(join(fixtures, 'exchanges', name)).map((file) => [`${as}/${file}`, fixture(`exchanges/${name}/${file}`)]));
/** A page whose one example carries a warning and no error. */
const warningPage = `<!-- { "blockType": "example" } -->\n\`\`\`json\n${warnOnly}\n\`\`\`\n`;

async function run(c: Case): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'gic-cli-'));
  if (c.noConfig !== true) writeFileSync(join(dir, 'graph-invite-contract.config.json'), config);
  for (const [name, content] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  c.setup?.(dir);
  const before = snapshot(dir);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...c.env };
  delete env['GITHUB_STEP_SUMMARY'];
  delete env['GITHUB_WORKSPACE'];
  Object.assign(env, c.env);
  const cwd = c.cwd === undefined ? dir : join(dir, c.cwd);
  mkdirSync(cwd, { recursive: true });
  const checkUnchanged = (how: string): void => {
    const after = snapshot(dir);
    for (const [file, hash] of before) {
      if (!(c.outputs ?? []).includes(file)) assert.is(after.get(file), hash, `${c.name}: ${file} changed (${how})`);
    }
  };
  const result = c.spawn === 'only' ? spawnCli(c.args, { cwd, env }) : await runCli(c.args, { cwd, env });
  checkUnchanged(c.spawn === 'only' ? 'the binary' : 'in process');
  if (c.spawn === true) {
    const spawned = spawnCli(c.args, { cwd, env });
    checkUnchanged('the binary');
    assert.equal({ status: spawned.status, stdout: spawned.stdout, stderr: spawned.stderr }, result, `${c.name}: the binary and the CLI's entry differ`);
  }
  const outcome: Outcome = {
    ...result,
    dir,
    json: () => JSON.parse(result.stdout) as JsonReport,
    located: () => outcome.json().files.flatMap((f) => f.problems.map((p) => `${f.path} ${p.ruleId} ${p.line}:${p.column}`)),
  };
  return outcome;
}

function snapshot(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (lstatSync(path).isFile()) hashes.set(name, createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
  return hashes;
}

const cases: Case[] = [
  // Exit statuses
  { name: 'a clean file exits 0', spawn: true, files: { 'a.request.json': clean }, args: ['validate', 'a.request.json'], status: 0 },
  { name: 'an error exits 1', spawn: true, files: { 'a.request.json': broken }, args: ['validate', 'a.request.json'], status: 1 },
  { name: 'warnings alone exit 0', files: { 'w.json': warnOnly }, args: ['validate', 'w.json'], status: 0 },
  { name: '--strict makes a warning exit 1', files: { 'w.json': warnOnly }, args: ['validate', '--strict', 'w.json'], status: 1, check: (o) => assert.match(o.stderr, /1 warning with --strict/) },
  {
    name: 'warnings beyond --max-warnings exit 1',
    files: { 'w.json': warnOnly },
    args: ['validate', '--max-warnings', '0', 'w.json'],
    status: 1,
    check: (o) => assert.match(o.stderr, /more than --max-warnings 0/),
  },
  { name: 'warnings within --max-warnings exit 0', files: { 'w.json': warnOnly }, args: ['validate', '--max-warnings', '1', 'w.json'], status: 0 },
  {
    name: 'a missing path exits 2 and the other files are still checked',
    spawn: true,
    files: { 'a.request.json': broken },
    args: ['validate', '--format', 'json', 'nope.json', 'a.request.json'],
    status: 2,
    check: (o) => {
      assert.match(o.stderr, /nope\.json: no such file or folder/);
      assert.equal(o.located(), ['a.request.json participants-required 1:17']);
    },
  },
  { name: 'a pattern that matches nothing exits 2', args: ['validate', 'captures/**/*.json'], status: 2, check: (o) => assert.match(o.stderr, /matches no file/) },
  { name: '--allow-empty accepts a pattern that matches nothing', args: ['validate', '--allow-empty', 'captures/**/*.json'], status: 0 },
  { name: 'an empty folder exits 2', files: { 'empty/readme.txt': 'x' }, args: ['validate', 'empty'], status: 2 },
  { name: 'an unknown kind exits 2', files: { 'a.json': clean }, args: ['validate', '--kind', 'call', 'a.json'], status: 2, check: (o) => assert.match(o.stderr, /--kind call/) },
  { name: 'an unknown format exits 2', files: { 'a.json': clean }, args: ['validate', '--format', 'xml', 'a.json'], status: 2 },
  { name: 'an unknown option exits 2', args: ['validate', '--fast', 'a.json'], status: 2 },
  {
    name: 'an option given twice with different values exits 2',
    files: { 'a.json': clean },
    args: ['validate', '--kind', 'invite-request', '--kind', 'invite-operation', 'a.json'],
    status: 2,
    check: (o) => assert.match(o.stderr, /--kind is given twice, as "invite-request" and "invite-operation"/),
  },
  { name: 'an option repeated with the same value is accepted', files: { 'a.json': clean }, args: ['validate', '--kind', 'invite-request', '--kind', 'invite-request', 'a.json'], status: 0 },
  { name: 'no command exits 2', spawn: true, args: [], status: 2, check: (o) => assert.match(o.stderr, /Usage:/) },
  { name: 'validate without paths exits 2', args: ['validate'], status: 2 },
  { name: 'a bad --max-warnings exits 2', files: { 'a.json': clean }, args: ['validate', '--max-warnings', 'many', 'a.json'], status: 2 },
  { name: '--max-warnings -1 is no limit, as in ESLint, given apart or with =', files: { 'w.json': warnOnly }, args: ['validate', '--max-warnings', '-1', 'w.json'], status: 0, spawn: true },
  { name: '--max-warnings=-1 is no limit too', files: { 'w.json': warnOnly }, args: ['validate', '--max-warnings=-1', '--strict', 'w.json'], status: 1, check: (o) => assert.not.match(o.stderr, /max-warnings/) },
  {
    name: '--output - and --format name=- are standard output; no file named - is written',
    files: { 'a.request.json': broken },
    args: ['validate', '--format', 'json', '--output', '-', 'a.request.json'],
    status: 1,
    check: async (o) => {
      assert.is(o.json().summary.errors, 1);
      assert.not.ok(existsSync(join(o.dir, '-')));
      const other = await runCli(['validate', '--format', 'sarif=-', 'a.request.json'], { cwd: o.dir, env: { ...process.env, NO_COLOR: '1' } });
      assert.match(other.stdout, /"version": "2\.1\.0"/);
      assert.not.ok(existsSync(join(o.dir, '-')));
    },
  },
  { name: '--write-baseline - and --baseline - are refused: a baseline is a file', files: { 'a.request.json': broken }, args: ['validate', '--write-baseline', '-', 'a.request.json'], status: 2, check: (o) => assert.match(o.stderr, /--write-baseline takes a file/) },
  {
    name: 'an empty --output is a usage error that writes nothing, not a failed write',
    files: { 'a.json': clean },
    args: ['validate', '--output', '', 'a.json'],
    status: 2,
    check: (o) => {
      assert.match(o.stderr, /^graph-invite-contract: --output takes a path, not an empty one\n\nUsage:/);
      assert.is(o.stdout, '');
    },
  },
  { name: 'an unreadable config exits 2', files: { 'a.json': clean, 'bad.config.json': '{ nope' }, args: ['validate', '--config', 'bad.config.json', 'a.json'], status: 2 },
  { name: 'a config naming an unknown kind exits 2', files: { 'a.json': clean, 'k.json': '{"kinds":{"*.json":"call"}}' }, args: ['validate', '--config', 'k.json', 'a.json'], status: 2 },
  {
    name: 'a config with a misspelt key exits 2 and names the key, without the usage text',
    files: { 'a.json': clean, 'typo.json': '{"ignores":["**/*.expected.json"]}' },
    args: ['validate', '--config', 'typo.json', 'a.json'],
    status: 2,
    check: (o) => {
      assert.match(o.stderr, /unknown key "ignores"/);
      assert.not.match(o.stderr, /Usage:/);
    },
  },
  {
    name: 'a config that is not JSON is placed at its line and column',
    noConfig: true,
    files: { 'a.json': clean, 'graph-invite-contract.config.json': '{\n  "rules": {\n    "status-casing": "off",\n  }\n}' },
    args: ['validate', '--kind', 'invite-request', 'a.json'],
    status: 2,
    check: (o) => assert.match(o.stderr, /graph-invite-contract\.config\.json:3:27: the config is not JSON: trailing comma/),
  },
  {
    name: 'a key given twice in the config is refused at its second place: JSON would keep the last silently',
    noConfig: true,
    files: { 'a.json': clean, 'graph-invite-contract.config.json': '{\n  "rules": { "status-casing": "off" },\n  "rules": {}\n}' },
    args: ['validate', '--kind', 'invite-request', 'a.json'],
    status: 2,
    check: (o) => assert.match(o.stderr, /graph-invite-contract\.config\.json:3:3: the config gives "rules" twice in one object, and JSON keeps only the last: give it once/),
  },
  {
    name: "package.json: a key twice under the tool's key is refused; twice elsewhere is other tools' business",
    noConfig: true,
    files: {
      'a.json': clean,
      'package.json': '{ "scripts": {}, "scripts": {}, "graphInviteContract": { "rules": {}, "rules": { "status-casing": "off" } } }',
      'b/package.json': '{ "scripts": {}, "scripts": {}, "graphInviteContract": {} }',
      'b/a.json': clean,
    },
    args: ['validate', '--kind', 'invite-request', 'a.json'],
    status: 2,
    check: async (o) => {
      assert.match(o.stderr, /package\.json:1:71: the config gives "rules" twice/);
      const inner = await runCli(['validate', '--kind', 'invite-request', 'a.json'], { cwd: join(o.dir, 'b'), env: { ...process.env, NO_COLOR: '1' } });
      assert.is(inner.status, 0, inner.stderr);
    },
  },
  ...['', '\ufeff'].map(
    (bom): Case => ({
      name: `a baseline that is not JSON is placed at its line and column${bom === '' ? '' : ', after the byte order mark it may start with'}`,
      files: { 'a.json': clean, 'b.json': `${bom}{\n "entries": [,]}` },
      args: ['validate', '--kind', 'invite-request', '--baseline', 'b.json', 'a.json'],
      status: 2,
      check: (o) => assert.match(o.stderr, /--baseline b\.json:2:14: not JSON: unexpected ','/),
    }),
  ),
  ...['null', '[]', '"off"'].map(
    (rules): Case => ({
      name: `config rules of the wrong type (${rules}) are named as such, not as a fault of reading them`,
      noConfig: true,
      files: { 'a.json': clean, 'graph-invite-contract.config.json': `{"overrides":[{"files":["x"],"rules":${rules}}]}` },
      args: ['validate', '--kind', 'invite-request', 'a.json'],
      status: 2,
      check: (o) => {
        assert.match(o.stderr, /overrides\[0\]\.rules must map rule ids to "off", "warning" or "error", not (null|an array|a string)/);
        assert.not.match(o.stderr, /Proxy/);
      },
    }),
  ),
  {
    name: 'a config may start with a byte order mark, and is placed after it when it is not JSON',
    noConfig: true,
    files: { 'a.json': clean, 'graph-invite-contract.config.json': '\ufeff{"rules":{"participants-required":"off"}}', 'bad/graph-invite-contract.config.json': '\ufeff{\n "rules": [,]}' },
    args: ['validate', '--kind', 'invite-request', 'a.json'],
    status: 0,
    check: async (o) => {
      const bad = await runCli(['validate', '--kind', 'invite-request', '--config', 'bad/graph-invite-contract.config.json', 'a.json'], { cwd: o.dir, env: { ...process.env, NO_COLOR: '1' } });
      assert.is(bad.status, 2);
      assert.match(bad.stderr, /graph-invite-contract\.config\.json:2:12: the config is not JSON: unexpected ','/);
    },
  },
  {
    name: 'a config may name its JSON Schema under "$schema", as editors read it',
    noConfig: true,
    files: { 'a.json': clean, 'graph-invite-contract.config.json': '{"$schema":"./node_modules/graph-invite-contract/schemas/tooling/config.schema.json","rules":{}}' },
    args: ['validate', '--kind', 'invite-request', 'a.json'],
    status: 0,
  },
  {
    name: 'a "$schema" that is not a string is refused',
    noConfig: true,
    files: { 'a.json': clean, 'graph-invite-contract.config.json': '{"$schema":1}' },
    args: ['validate', '--kind', 'invite-request', 'a.json'],
    status: 2,
    check: (o) => assert.match(o.stderr, /"\$schema" must be a string/),
  },
  {
    name: 'a folder walked or a pattern globbed passes over the config file; named alone, it is linted',
    files: { 'in.request.json': clean, 'sub/graph-invite-contract.config.json': '{"kinds":{}}' },
    args: ['validate', '--format', 'json', '.', '**/*.json'],
    status: 0,
    check: (o) => assert.equal(o.json().files.map((f) => f.path), ['in.request.json']),
  },
  { name: 'the config file named on its own is linted as asked', files: { 'in.request.json': clean }, args: ['validate', 'graph-invite-contract.config.json'], status: 1, check: (o) => assert.match(o.stdout, /kind-unknown/) },
  { name: '--output onto an input file exits 2 and writes nothing', files: { 'a.request.json': clean }, args: ['validate', '--output', 'a.request.json', 'a.request.json'], status: 2 },
  {
    name: 'only ignored files named (a commit touching only expectations) exits 0 with a note',
    files: { 'a.request.expected.json': '{}' },
    args: ['validate', 'a.request.expected.json'],
    status: 0,
    check: (o) => assert.match(o.stderr, /ignored by the config; nothing to lint/),
  },
  {
    name: 'a folder or pattern whose files the config all ignores is no empty folder: the others are linted, and alone it exits 0 with the note',
    files: { 'legacy/a.request.expected.json': '{}', 'legacy/b.request.expected.json': '{}', 'payloads/in.request.json': clean },
    args: ['validate', '--format', 'json', 'legacy', 'payloads', 'legacy/*.json'],
    status: 0,
    check: (o) => {
      assert.equal(o.json().files.map((f) => f.path), ['payloads/in.request.json']);
      assert.is(o.stderr, '');
    },
  },
  { name: 'the ignored folder alone', files: { 'legacy/a.request.expected.json': '{}' }, args: ['validate', 'legacy'], status: 0, check: (o) => assert.match(o.stderr, /named, or found in the folders and patterns given, is ignored by the config; nothing to lint/) },
  ...['', '/abs/legacy/**', 'legacy/'].map((pattern): Case => ({
    name: `a config pattern that can never match a file is refused, exit 2: ${JSON.stringify(pattern)}`,
    noConfig: true,
    files: { 'graph-invite-contract.config.json': JSON.stringify({ ignore: [pattern] }), 'a.request.json': clean },
    args: ['validate', 'a.request.json'],
    status: 2,
    check: (o) => assert.match(o.stderr, /pattern ".*" is not valid: (an empty pattern|it is absolute|it ends with \/)/),
  })),
  {
    name: 'a file name holding a line break cannot start a line of standard error: a CI runner would read ::error there as a command',
    files: { 'pages/x\n::error file=README.md,line=1::fake.md': fixture('pages/clean.md'), 'ex\n::warning::x/request.json': '{}' },
    args: ['docs', '--format', 'github', 'pages', 'gone\n::error file=README.md::injected', 'ex\n::warning::x'],
    status: 2,
    check: (o) => {
      const lines = o.stderr.split('\n').filter((line) => line !== '');
      assert.ok(lines.length >= 2, o.stderr);
      assert.equal(lines.filter((line) => line.trimStart().startsWith('::')), [], o.stderr);
      assert.ok(lines.some((line) => line.startsWith('pages/x ::error file=README.md,line=1::fake.md: 4 payloads')), o.stderr);
      assert.ok(lines.some((line) => line.includes('gone ::error file=README.md::injected')), o.stderr);
    },
  },
  { name: 'a folder with no file at all is still an error', files: { 'empty/notes.txt': 'x' }, args: ['validate', 'empty'], status: 2, check: (o) => assert.match(o.stderr, /folder empty holds no \.json, \.http or \.rest file/) },
  {
    name: "files outside the config's folder are linted, with a note that its patterns never match them",
    noConfig: true,
    files: { 'proj/graph-invite-contract.config.json': config, 'proj/in.request.json': clean, 'elsewhere/out.request.json': clean, 'elsewhere/sub/two.request.json': clean },
    cwd: 'proj',
    // out.request.json is named twice (in its folder and on its own): one file, counted once.
    args: ['validate', '--format', 'json', 'in.request.json', '../elsewhere', '../elsewhere/out.request.json'],
    spawn: true,
    status: 1,
    check: (o) => {
      assert.match(o.stderr, /^graph-invite-contract: 2 files lie outside \S*proj, the folder of \S*proj[\\/]graph-invite-contract\.config\.json: the config's kinds, ignore and overrides patterns are matched from that folder and never match them\n$/);
      // The file inside takes its kind from the config; the two outside (shown whole, being outside the working folder too) have none to take.
      assert.equal(
        o.json().files.map((f) => `${f.path.replace(/^.*[\\/](?=elsewhere[\\/])/, '')} ${f.kind ?? 'null'} ${f.problems.map((p) => p.ruleId).join(',')}`),
        ['elsewhere/out.request.json null kind-unknown', 'elsewhere/sub/two.request.json null kind-unknown', 'in.request.json invite-request '],
      );
    },
  },
  {
    name: 'validate checks the JSON parts of an exchange folder by their role names when nothing else names a kind; @odata.type comes first',
    files: {
      'ex/request.json': clean,
      'ex/response.json': '{"@odata.type":"#microsoft.graph.commsNotifications","value":[]}',
      'ex/notification-1.json': '{"value":[]}',
      'ex/copy-of-request.json': clean,
    },
    args: ['validate', '--format', 'json', 'ex'],
    spawn: true,
    status: 1,
    check: (o) => {
      assert.equal(
        o.json().files.map((f) => `${f.path} ${f.kind ?? 'null'} ${f.problems.map((p) => p.ruleId).join(',')}`),
        [
          'ex/copy-of-request.json null kind-unknown',
          'ex/notification-1.json comms-notifications ',
          'ex/request.json invite-request ',
          'ex/response.json comms-notifications ',
        ],
      );
    },
  },
  {
    name: 'a walk passes over hidden files as it does hidden folders, and a folder of only hidden ones says so; named, one is linted',
    files: { 'caps/.last-webhook.json': '{bad', 'caps/.git/x.request.json': '{bad', 'only/.one.json': '{bad', 'only/.two.http': 'x' },
    args: ['validate', 'caps', 'only'],
    status: 2,
    check: (o) => {
      assert.match(o.stderr, /folder caps holds no \.json, \.http or \.rest file but 1 hidden one, which a folder's walk passes over: name it to lint it/);
      assert.match(o.stderr, /folder only holds no \.json, \.http or \.rest file but 2 hidden ones, which a folder's walk passes over: name them to lint them/);
    },
  },
  { name: 'a hidden file named on its own is linted', files: { 'caps/.last-webhook.json': '{bad' }, args: ['validate', 'caps/.last-webhook.json'], status: 1, check: (o) => assert.match(o.stdout, /json-syntax/) },
  {
    name: 'a config without path patterns says nothing of files outside its folder',
    noConfig: true,
    files: { 'proj/graph-invite-contract.config.json': '{"rules":{"phone-e164":"off"}}', 'elsewhere/out.request.json': clean },
    cwd: 'proj',
    args: ['validate', '--kind', 'invite-request', '../elsewhere/out.request.json'],
    status: 0,
    check: (o) => assert.is(o.stderr, ''),
  },
  {
    name: 'the same exchange folder named twice is one exchange',
    files: { 'ex/request.json': clean, 'ex/response.json': '{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"op","status":"running","participants":[{"identity":{"user":{"id":"u1"}}}]}' },
    args: ['exchange', '--format', 'json', 'ex', './ex/'],
    status: 0,
    check: (o) => assert.equal(o.json().files.map((f) => f.path), ['ex/request.json', 'ex/response.json']),
  },
  { name: '--help exits 0', args: ['--help'], status: 0, check: (o) => assert.match(o.stdout, /Exit status/) },
  { name: '--version exits 0', spawn: true, args: ['--version'], status: 0, check: (o) => assert.match(o.stdout, /^\d+\.\d+\.\d+\n$/) },
  {
    name: 'rules lists every rule; --format json gives data',
    args: ['rules', '--format', 'json'],
    status: 0,
    check: (o) => {
      const list = JSON.parse(o.stdout) as Array<{ id: string; severity: string; description: string }>;
      assert.ok(list.some((r) => r.id === 'participants-limit' && r.severity === 'error'));
    },
  },
  ...[
    [['rules', '--format', 'json', '--output', 'r.json'], /--output is not an option of rules/],
    [['rules', '--strict'], /--strict is not an option of rules/],
    [['rules', '--config', 'graph-invite-contract.config.json'], /--config is read by rules --for <path> only/],
    [['rules', 'payloads'], /rules takes no paths \(payloads\.\.\.\)/],
  ].map(
    ([args, said]): Case => ({
      name: `rules refuses what it would not use: ${(args as string[]).slice(1).join(' ')}`,
      args: args as string[],
      status: 2,
      check: (o) => {
        assert.match(o.stderr, said as RegExp);
        assert.not.ok(existsSync(join(o.dir, 'r.json')));
      },
    }),
  ),

  // Inputs: files, folders, globs, config kinds, ordering
  {
    name: 'folders and quoted globs expand, deduplicate and sort; ignored files are skipped',
    files: { 'b/z.request.json': clean, 'b/a.request.json': broken, 'b/a.request.expected.json': '{}', 'b/node_modules/x.json': '{' },
    args: ['validate', '--format', 'json', 'b', 'b/*.request.json', 'b/a.request.json'],
    status: 1,
    check: (o) => assert.equal(o.json().files.map((f) => f.path), ['b/a.request.json', 'b/z.request.json']),
  },
  {
    name: 'the kind comes from --kind, then the config, then @odata.type; otherwise a located error',
    files: { 'x.request.json': clean, 'plain.json': clean, 'typed.json': warnOnly },
    args: ['validate', '--format', 'json', 'x.request.json', 'plain.json', 'typed.json'],
    status: 1,
    check: (o) => {
      const kinds = Object.fromEntries(o.json().files.map((f) => [f.path, f.kind]));
      assert.equal(kinds, { 'plain.json': null, 'typed.json': 'invite-operation', 'x.request.json': 'invite-request' });
      assert.ok(o.located().includes('plain.json kind-unknown 1:1'));
    },
  },
  { name: '--kind overrides', files: { 'plain.json': clean }, args: ['validate', '--kind', 'invite-request', 'plain.json'], status: 0 },
  {
    name: 'config patterns are read from the config folder: a file outside it matches only a pattern that climbs out',
    files: {
      'proj/graph-invite-contract.config.json': JSON.stringify({ ignore: ['**/*.expected.json', '../common/*.skip.json'] }),
      'other/x.expected.json': '{}',
      'common/y.skip.json': '{}',
    },
    cwd: 'proj',
    args: ['validate', '--format', 'json', '../other/x.expected.json', '../common/y.skip.json'],
    status: 1,
    check: (o) => assert.equal(o.json().files.map((f) => f.path.split('/').slice(-2).join('/')), ['other/x.expected.json']),
  },
  {
    name: 'a graphInviteContract key in package.json is a config',
    files: { 'package.json': JSON.stringify({ name: 'bot', graphInviteContract: { kinds: { 'bodies/*.json': 'invite-request' } } }), 'bodies/one.json': clean },
    args: ['validate', 'bodies'],
    noConfig: true,
    status: 0,
  },

  // Positions
  {
    name: 'positions point at the offending value, the key of a misplaced property, the object missing a property',
    files: {
      'p.request.json': '{\n  "participants": [\n    {\n      "id": null,\n      "identity": {\n        "phone": { "id": "555" }\n      }\n    },\n    {}\n  ]\n}\n',
    },
    args: ['validate', '--format', 'json', 'p.request.json'],
    status: 1,
    check: (o) =>
      assert.equal(o.located().sort(), [
        'p.request.json invitation-participant-id 4:7',
        'p.request.json phone-e164 6:26',
        'p.request.json required-property 9:5',
      ]),
  },
  {
    name: 'CRLF line ends, tabs and a BOM do not shift positions',
    files: { 'c.request.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{\r\n\t"participants":\t[\r\n\t\t{ "identity": {} }\r\n\t]\r\n}\r\n')]) },
    args: ['validate', '--format', 'json', 'c.request.json'],
    status: 1,
    check: (o) => assert.equal(o.located(), ['c.request.json identity-set-empty 3:17']),
  },

  // Hard inputs: each a located problem of its file; the other files are still checked
  {
    name: 'invalid JSON is located at the syntax error',
    files: { 'bad.request.json': '{\n  "participants": [\n    { "identity": }\n  ]\n}\n', 'good.request.json': clean },
    args: ['validate', '--format', 'json', 'bad.request.json', 'good.request.json'],
    status: 1,
    check: (o) => {
      assert.equal(o.located(), ['bad.request.json json-syntax 3:19']);
      assert.is(o.json().files.length, 2);
    },
  },
  { name: 'an empty file', files: { 'e.request.json': '' }, args: ['validate', '--format', 'json', 'e.request.json'], status: 1, check: (o) => assert.equal(o.located(), ['e.request.json file-empty 1:1']) },
  { name: 'white space only', files: { 'e.request.json': ' \n\t\n' }, args: ['validate', '--format', 'json', 'e.request.json'], status: 1, check: (o) => assert.equal(o.located(), ['e.request.json file-empty 1:1']) },
  {
    name: 'UTF-16 text',
    files: { 'u.request.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(clean, 'utf16le')]) },
    args: ['validate', '--format', 'json', 'u.request.json'],
    status: 1,
    check: (o) => assert.equal(o.located(), ['u.request.json file-encoding 1:1']),
  },
  {
    name: 'binary content',
    files: { 'b.request.json': Uint8Array.from([0x7b, 0x0a, 0x00, 0x01, 0x02, 0xff]) },
    args: ['validate', '--format', 'json', 'b.request.json'],
    status: 1,
    check: (o) => assert.equal(o.located(), ['b.request.json file-encoding 2:1']),
  },
  {
    name: 'invalid UTF-8 bytes',
    files: { 'i.request.json': Buffer.concat([Buffer.from('{"clientContext":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]) },
    args: ['validate', '--format', 'json', 'i.request.json'],
    status: 1,
    check: (o) => assert.equal(o.located(), ['i.request.json file-encoding 1:19']),
  },
  {
    name: 'an encoding fault is placed in lines ended by a lone CR and in UTF-16 columns, as other problems are',
    files: {
      'cr.request.json': Buffer.concat([Buffer.from('{\r  "a": "\u00e9\u00e9'), Buffer.from([0xff]), Buffer.from('"\r}')]),
      'emoji.request.json': Buffer.concat([Buffer.from('{\n  "a": "\u{1f600}'), Buffer.from([0xff]), Buffer.from('"\n}')]),
    },
    args: ['validate', '--format', 'json', 'cr.request.json', 'emoji.request.json'],
    status: 1,
    check: (o) => assert.equal(o.located(), ['cr.request.json file-encoding 2:11', 'emoji.request.json file-encoding 2:11']),
  },
  {
    name: 'a second byte order mark is a syntax error at its place',
    files: { 'b.request.json': Buffer.from('\ufeff\ufeff{"participants":5}') },
    args: ['validate', '--format', 'json', 'b.request.json'],
    status: 1,
    check: (o) => {
      assert.equal(o.located(), ['b.request.json json-syntax 1:1']);
      assert.match(o.stdout, /unexpected U\+FEFF/);
    },
  },
  {
    name: 'a file over the size limit is not parsed',
    files: { 'big.request.json': `{"clientContext":"${'x'.repeat(200)}"}` },
    args: ['validate', '--format', 'json', '--max-bytes', '100', 'big.request.json'],
    status: 1,
    check: (o) => assert.equal(o.located(), ['big.request.json file-too-large 1:1']),
  },
  {
    name: '100,000 levels of nesting do not exhaust the stack',
    spawn: true,
    files: { 'deep.request.json': `{"participants":${'['.repeat(100000)}${']'.repeat(100000)}}`, 'good.request.json': clean },
    args: ['validate', '--format', 'json', 'deep.request.json', 'good.request.json'],
    status: 1,
    check: (o) => {
      assert.equal(o.located(), ['deep.request.json nesting-too-deep 1:1016']);
      assert.is(o.json().files.length, 2);
    },
  },
  {
    name: 'numbers beyond double precision are flagged',
    files: { 'n.notification.json': bigNumber },
    args: ['validate', '--format', 'json', '--kind', 'comms-notifications', 'n.notification.json'],
    status: 0,
    check: (o) => assert.equal(o.located(), [`n.notification.json number-precision 1:${columnOf(bigNumber, '9007199254740993')}`]),
  },
  {
    name: 'integers written with a fraction or an exponent beyond double precision are flagged too',
    files: { 'f.notification.json': bigNumber.replace('9007199254740993', '9007199254740993.0'), 'e.notification.json': bigNumber.replace('9007199254740993', '9.007199254740993e15') },
    args: ['validate', '--format', 'json', '--kind', 'comms-notifications', 'e.notification.json', 'f.notification.json'],
    status: 0,
    check: (o) => {
      const column = columnOf(bigNumber, '9007199254740993');
      assert.equal(o.located(), [`e.notification.json number-precision 1:${column}`, `f.notification.json number-precision 1:${column}`]);
    },
  },
  {
    name: '__proto__ and constructor keys are data; a duplicate key is a warning',
    files: { 'proto.request.json': protoKeys },
    args: ['validate', '--format', 'json', 'proto.request.json'],
    status: 0,
    check: (o) => assert.equal(o.located(), [`proto.request.json duplicate-key 1:${columnOf(protoKeys, '"user"', columnOf(protoKeys, '"user"'))}`]),
  },
  {
    name: 'a FIFO named as a file is a located problem, not a hang',
    setup: (dir) => {
      spawnSync('mkfifo', [join(dir, 'pipe.request.json')]);
    },
    args: ['validate', '--format', 'json', 'pipe.request.json'],
    status: 1,
    check: (o) => assert.equal(o.located(), ['pipe.request.json file-unreadable 1:1']),
  },
  {
    name: 'links to files are linted when a folder is walked; links to folders are not entered',
    files: { 'real/a.request.json': broken },
    setup: (dir) => {
      mkdirSync(join(dir, 'walk'));
      symlinkSync(join(dir, 'real', 'a.request.json'), join(dir, 'walk', 'linked.request.json'));
      symlinkSync(join(dir, 'real'), join(dir, 'walk', 'loop'));
    },
    args: ['validate', '--format', 'json', 'walk'],
    status: 1,
    check: (o) => assert.equal(o.json().files.map((f) => f.path), ['walk/linked.request.json']),
  },
  {
    name: 'glob patterns skip node_modules as folder walks do',
    files: { 'x/node_modules/dep/a.request.json': broken, 'x/b.request.json': clean },
    args: ['validate', '--format', 'json', 'x/**/*.json'],
    status: 0,
    check: (o) => assert.equal(o.json().files.map((f) => f.path), ['x/b.request.json']),
  },
  {
    name: 'a pattern that names node_modules in braces lints what it names there',
    files: { 'x/node_modules/dep/a.request.json': broken },
    args: ['validate', '--format', 'json', 'x/{node_modules,lib}/**/*.json'],
    status: 1,
    check: (o) => assert.equal(o.json().files.map((f) => f.path), ['x/node_modules/dep/a.request.json']),
  },
  {
    name: 'a pattern that names node_modules lints what it names there',
    files: { 'x/node_modules/dep/a.request.json': broken },
    args: ['validate', '--format', 'json', 'x/node_modules/**/*.json'],
    status: 1,
    check: (o) => assert.equal(o.json().files.map((f) => f.path), ['x/node_modules/dep/a.request.json']),
  },
  {
    name: 'a ** pattern enters no link to a folder below its literal start (a loop gave each file twice); a link it names is entered',
    files: { 'd/a.request.json': broken, 'real/b.request.json': broken },
    setup: (dir) => {
      symlinkSync(join(dir, 'd'), join(dir, 'd', 'loop'));
      symlinkSync(join(dir, 'real'), join(dir, 'links'));
    },
    args: ['validate', '--format', 'json', 'd/**/*.json', 'links/*.json'],
    status: 1,
    check: (o) => assert.equal(o.json().files.map((f) => f.path), ['d/a.request.json', 'links/b.request.json']),
  },
  {
    name: 'a folder named like a JSON file is walked, not read',
    files: { 'tree/inner.json/a.request.json': clean },
    args: ['validate', 'tree'],
    status: 0,
  },

  // Formats
  {
    name: 'stylish groups by file, shows a code frame and a summary, without colour off a TTY',
    spawn: true,
    files: { 'a.request.json': broken },
    args: ['validate', 'a.request.json'],
    status: 1,
    check: (o) => {
      assert.match(o.stdout, /a\.request\.json\n/);
      assert.match(o.stdout, /1:17\s+error\s+.*participants-required/);
      assert.match(o.stdout, /\^/);
      assert.match(o.stdout, /1 problem \(1 error, 0 warnings\)/);
      assert.not.match(o.stdout, /\u001b\[/);
    },
  },
  { name: '--color forces colour', files: { 'a.request.json': broken }, args: ['validate', '--color', 'a.request.json'], status: 1, check: (o) => assert.match(o.stdout, /\u001b\[/) },
  {
    name: 'on a terminal: colour, but none with NO_COLOR, with TERM=dumb or with FORCE_COLOR=0',
    files: { 'a.request.json': broken },
    args: ['validate', 'a.request.json'],
    status: 1,
    check: async (o) => {
      const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color' };
      const coloured = async (env: Record<string, string | undefined>): Promise<boolean> => /\u001b\[/.test((await runCli(['validate', 'a.request.json'], { cwd: o.dir, env: { ...base, ...env }, tty: true })).stdout);
      assert.equal(await Promise.all([coloured({}), coloured({ NO_COLOR: '1' }), coloured({ TERM: 'dumb' }), coloured({ FORCE_COLOR: '0' }), coloured({ TERM: 'dumb', FORCE_COLOR: '1' })]), [true, false, false, false, true]);
    },
  },
  { name: '--no-color then --color: the last wins, as in ESLint', files: { 'a.request.json': broken }, args: ['validate', '--no-color', '--color', 'a.request.json'], status: 1, check: (o) => assert.match(o.stdout, /\u001b\[/) },
  {
    name: '--color never colours a report written to a file',
    files: { 'a.request.json': broken },
    args: ['validate', '--color', '--format', 'stylish=r.txt', '--format', 'json', 'a.request.json'],
    outputs: ['r.txt'],
    status: 1,
    check: (o) => assert.not.match(readFileSync(join(o.dir, 'r.txt'), 'utf8'), /\u001b\[/),
  },
  {
    name: '--fix and its dry run read the kind an exchange part takes from its name, as the lint does',
    files: { 'x/response.json': '{"id":"o1","status":"Running","participants":[{"identity":{"user":{"id":"u"}}}]}' },
    args: ['validate', '--fix', 'x'],
    outputs: ['x/response.json'],
    status: 0,
    check: (o) => assert.match(readFileSync(join(o.dir, 'x', 'response.json'), 'utf8'), /"status":"running"/),
  },
  { name: '--fix-dry-run refuses a machine-read report sent to - as well', files: { 'a.request.json': broken }, args: ['validate', '--fix-dry-run', '--format', 'json', '--output', '-', 'a.request.json'], status: 2, check: (o) => assert.match(o.stderr, /--fix-dry-run prints its diff on standard output/) },
  { name: '--fix-dry-run refuses --format name=- for such a report', files: { 'a.request.json': broken }, args: ['validate', '--fix-dry-run', '--format', 'sarif=-', 'a.request.json'], status: 2 },
  { name: "rules --for '' is refused", args: ['rules', '--for', ''], status: 2, check: (o) => assert.match(o.stderr, /--for takes a path/) },
  // NO_COLOR is set for every case (the harness): FORCE_COLOR wins over it, as in Node.js and chalk.
  { name: 'FORCE_COLOR=1 colours standard output that is no terminal', files: { 'a.request.json': broken }, env: { FORCE_COLOR: '1' }, args: ['validate', 'a.request.json'], status: 1, spawn: true, check: (o) => assert.match(o.stdout, /\u001b\[/) },
  { name: 'FORCE_COLOR=0 and false leave it off, --color still wins', files: { 'a.request.json': broken }, env: { FORCE_COLOR: 'false' }, args: ['validate', 'a.request.json'], status: 1, check: (o) => assert.not.match(o.stdout, /\u001b\[/) },
  {
    name: 'FORCE_COLOR never colours a report written to a file',
    files: { 'a.request.json': broken },
    env: { FORCE_COLOR: '3' },
    args: ['validate', '--output', 'out.txt', 'a.request.json'],
    outputs: ['out.txt'],
    status: 1,
    check: (o) => assert.not.match(readFileSync(join(o.dir, 'out.txt'), 'utf8'), /\u001b\[/),
  },
  {
    name: 'json has exactly the documented keys',
    files: { 'a.request.json': broken },
    args: ['validate', '--format', 'json', 'a.request.json'],
    status: 1,
    check: (o) => {
      const report = o.json();
      assert.equal(Object.keys(report), ['version', 'files', 'summary']);
      assert.equal(Object.keys(report.files[0] ?? {}), ['path', 'kind', 'apiVersion', 'problems']);
      assert.equal(Object.keys(report.files[0]?.problems[0] ?? {}), ['ruleId', 'severity', 'message', 'pointer', 'line', 'column', 'params']);
      assert.equal(report.summary, { files: 1, errors: 1, warnings: 0 });
    },
  },
  {
    name: 'github writes workflow commands and the step summary',
    files: { 'a.request.json': broken, 'summary.md': '' },
    args: ['validate', '--format', 'github', 'a.request.json'],
    env: { GITHUB_STEP_SUMMARY: 'summary.md' },
    outputs: ['summary.md'],
    status: 1,
    check: (o) => {
      assert.match(o.stdout, /^::error file=a\.request\.json,line=1,col=17,title=participants-required::/m);
      assert.match(readFileSync(join(o.dir, 'summary.md'), 'utf8'), /participants\\?-required/);
    },
  },
  {
    name: 'a run that fails says so in the step summary, with its cause',
    files: { 'summary.md': '' },
    args: ['validate', '--format', 'github', 'nothing-here'],
    env: { GITHUB_STEP_SUMMARY: 'summary.md' },
    outputs: ['summary.md'],
    status: 2,
    check: (o) => {
      const summary = readFileSync(join(o.dir, 'summary.md'), 'utf8');
      // Markdown's special characters come escaped in the summary's text.
      assert.match(summary, /✖ Run failed: nothing\\?-here\\?: no such file or folder/);
      assert.not.match(summary, /✔/);
    },
  },
  {
    name: 'a report whose folder cannot be written to fails the run up front: every other report says so',
    files: { 'a.request.json': broken },
    args: ['validate', '--format', 'json', '--format', 'sarif=missing/x.sarif', '--format', 'junit=r.xml', 'a.request.json'],
    outputs: ['r.xml'],
    status: 2,
    check: (o) => {
      assert.match(o.stderr, /cannot write the report to missing\/x\.sarif: its folder cannot be written to \(ENOENT\)/);
      const report = o.json() as unknown as { failure?: { causes: string[] }; files: unknown[] };
      assert.equal(report.failure?.causes, ['cannot write the report to missing/x.sarif: its folder cannot be written to (ENOENT)']);
      assert.is(report.files.length, 1, 'the run still lints');
      assert.match(readFileSync(join(o.dir, 'r.xml'), 'utf8'), /<testcase classname="graph-invite-contract" name="run">/);
    },
  },
  {
    name: 'sarif is SARIF 2.1.0 with rules and located results',
    files: { 'a.request.json': broken },
    args: ['validate', '--format', 'sarif', 'a.request.json'],
    status: 1,
    check: (o) => {
      const sarif = JSON.parse(o.stdout) as { version: string; runs: Array<{ tool: { driver: { rules: unknown[] } }; results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }> }> }> };
      assert.is(sarif.version, '2.1.0');
      const result = sarif.runs[0]?.results[0];
      assert.is(result?.ruleId, 'participants-required');
      assert.equal(result?.locations[0]?.physicalLocation.region, { startLine: 1, startColumn: 17 });
      assert.ok((sarif.runs[0]?.tool.driver.rules.length ?? 0) > 20);
    },
  },
  {
    name: 'sarif and github name files from the repository root when run in a subfolder',
    files: { '.git/HEAD': 'ref: refs/heads/main\n', 'tools/a.request.json': broken },
    cwd: 'tools',
    args: ['validate', '--format', 'sarif', 'a.request.json'],
    status: 1,
    check: async (o) => {
      const log = JSON.parse(o.stdout) as { runs: Array<{ artifacts: Array<{ location: { uri: string; uriBaseId: string } }>; originalUriBaseIds: Record<string, { uri: string }> }> };
      assert.equal(log.runs[0]?.artifacts[0]?.location, { uri: 'tools/a.request.json', uriBaseId: '%SRCROOT%' });
      assert.is(log.runs[0]?.originalUriBaseIds['%SRCROOT%']?.uri, `${pathToFileURL(o.dir).href}/`);
      const annotations = await runCli(['validate', '--format', 'github', 'a.request.json'], { cwd: join(o.dir, 'tools'), env: { ...process.env, GITHUB_WORKSPACE: '' } });
      assert.match(annotations.stdout, /^::error file=tools\/a\.request\.json,line=1,col=\d+/);
    },
  },
  {
    name: 'junit has a test case per file and a failure per error',
    files: { 'a.request.json': broken, 'b.request.json': clean },
    args: ['validate', '--format', 'junit', 'a.request.json', 'b.request.json'],
    status: 1,
    check: (o) => {
      assert.match(o.stdout, /^<\?xml/);
      assert.is(o.stdout.match(/<testcase /g)?.length, 2);
      assert.is(o.stdout.match(/<failure /g)?.length, 1);
    },
  },
  {
    name: 'junit fails a warnings-only file under --strict, as the exit status does',
    files: { 'w.json': '{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"op","status":"Running"}' },
    args: ['validate', '--format', 'junit', '--strict', 'w.json'],
    status: 1,
    check: (o) => {
      assert.match(o.stdout, /failures="1"/);
      assert.match(o.stdout, /<failure message="status &quot;Running&quot; is PascalCase[^"]*" type="status-casing">w\.json:1:\d+ warning /);
    },
  },
  {
    name: '--output into a folder that does not exist cannot be written: exit 2, said plainly',
    files: { 'a.request.json': broken },
    args: ['validate', '--format', 'json', '--output', 'out/report.json', 'a.request.json'],
    status: 2,
    check: (o) => {
      assert.not.ok(existsSync(join(o.dir, 'out', 'report.json')));
      assert.match(o.stderr, /cannot write the report to out\/report\.json: its folder cannot be written to \(ENOENT\)/);
      assert.not.match(o.stderr, /internal error/);
    },
  },
  {
    name: '--output into an existing folder',
    spawn: true,
    files: { 'a.request.json': broken, 'out/.keep': '' },
    args: ['validate', '--format', 'json', '--output', 'out/report.json', 'a.request.json'],
    status: 1,
    check: (o) => {
      assert.is(o.stdout, '');
      assert.is((JSON.parse(readFileSync(join(o.dir, 'out', 'report.json'), 'utf8')) as JsonReport).summary.errors, 1);
    },
  },
  {
    name: 'the documented samples under the project config: no errors, every deviation a warning',
    spawn: true,
    args: ['validate', '--format', 'json', '--config', join(packageRoot, 'graph-invite-contract.config.json'), documented],
    status: 0,
    check: (o) => {
      const report = o.json();
      assert.is(report.files.length, 16);
      assert.is(report.summary.errors, 0);
      assert.ok(report.summary.warnings > 16);
    },
  },

  // Reference pages (docs), HTTP messages (.http) and exchanges (exchange)
  {
    name: 'docs on a page that agrees with itself exits 0 and prints what it found on standard error',
    spawn: true,
    files: { 'page.md': fixture('pages/clean.md') },
    args: ['docs', 'page.md'],
    status: 0,
    check: (o) => {
      assert.match(o.stderr, /^page\.md: 4 payloads, 1 exchange\n$/);
      assert.match(o.stdout, /No problems found in 1 file/);
    },
  },
  {
    name: 'docs on files in which nothing was checked says so: a payload file is named to validate, a page without examples is not called clean silently',
    files: {
      'payload.json': '{"participants": []}\n',
      'prose.md': '# A page\n\nProse and one unannotated block.\n\n```json\n{"a": 1}\n```\n',
      'page.md': fixture('pages/clean.md'),
    },
    args: ['docs', 'payload.json', 'prose.md', 'page.md'],
    status: 0,
    check: (o) => {
      // Files named one by one are read in the order of their paths.
      assert.equal(o.stderr.split('\n'), [
        'page.md: 4 payloads, 1 exchange',
        'payload.json: 0 payloads, 0 exchanges; nothing in it was checked: it is not a Markdown reference page (payload files are checked with `validate`)',
        'prose.md: 0 payloads, 0 exchanges; nothing in it was checked',
        '',
      ]);
    },
  },
  {
    name: 'docs --format json: problems at their lines in the page, the counts only on standard error',
    files: { 'docs/deviations.md': fixture('pages/deviations.md') },
    args: ['docs', '--format', 'json', 'docs/deviations.md'],
    status: 1,
    check: (o) => {
      const report = o.json();
      assert.equal(Object.keys(report), ['version', 'files', 'summary']);
      assert.equal(report.files.map((f) => [f.path, f.kind]), [['docs/deviations.md', null]]);
      assert.equal(report.summary, { files: 1, errors: 4, warnings: 7 });
      assert.ok(o.located().includes('docs/deviations.md exchange-identity-kind 76:35'));
      assert.ok(o.located().includes('docs/deviations.md http-content-length 16:17'));
      assert.match(o.stderr, /docs\/deviations\.md: 7 payloads, 2 exchanges/);
    },
  },
  {
    name: 'docs stylish shows the page lines in the code frame',
    files: { 'deviations.md': fixture('pages/deviations.md') },
    args: ['docs', 'deviations.md'],
    status: 1,
    check: (o) => {
      assert.match(o.stdout, /76:35\s+warning\s+.*exchange-identity-kind/);
      assert.match(o.stdout, /> 76 \|.*"application"/);
      assert.match(o.stdout, /11 problems \(4 errors, 7 warnings\)/);
    },
  },
  {
    name: 'docs github, sarif and junit name the page and the line',
    files: { 'deviations.md': fixture('pages/deviations.md'), 'summary.md': '' },
    args: ['docs', '--format', 'github', 'deviations.md'],
    env: { GITHUB_STEP_SUMMARY: 'summary.md' },
    outputs: ['summary.md'],
    status: 1,
    check: (o) => {
      assert.match(o.stdout, /^::error file=deviations\.md,line=36,col=20,title=exchange-client-context::/m);
      assert.match(o.stdout, /^::warning file=deviations\.md,line=72,col=22,title=exchange-call-id::/m);
      assert.match(readFileSync(join(o.dir, 'summary.md'), 'utf8'), /exchange\\?-call\\?-id/);
    },
  },
  {
    name: 'docs sarif',
    files: { 'deviations.md': fixture('pages/deviations.md') },
    args: ['docs', '--format', 'sarif', 'deviations.md'],
    status: 1,
    check: (o) => {
      const sarif = JSON.parse(o.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
      const run = sarif.runs[0];
      assert.ok(run?.tool.driver.rules.some((r) => r.id === 'exchange-call-id'));
      const result = run?.results.find((r) => r.ruleId === 'exchange-call-id');
      assert.is(result?.locations[0]?.physicalLocation.artifactLocation.uri, 'deviations.md');
      assert.is(result?.locations[0]?.physicalLocation.region.startLine, 72);
    },
  },
  {
    name: 'docs junit',
    files: { 'deviations.md': fixture('pages/deviations.md'), 'clean.md': fixture('pages/clean.md') },
    args: ['docs', '--format', 'junit', 'clean.md', 'deviations.md'],
    status: 1,
    check: (o) => {
      assert.is(o.stdout.match(/<testcase /g)?.length, 2);
      assert.match(o.stdout, /failures="1"/, 'one failing page');
      assert.match(o.stdout, /deviations\.md:36:20 clientContext/);
    },
  },
  {
    name: 'docs on a folder reads every .md below it; blocks that cannot be read are located errors',
    files: { 'pages/a/broken.md': fixture('pages/broken.md'), 'pages/clean.md': fixture('pages/clean.md'), 'pages/notes.txt': 'x' },
    args: ['docs', '--format', 'json', 'pages'],
    status: 1,
    check: (o) => {
      assert.equal(o.json().files.map((f) => f.path), ['pages/a/broken.md', 'pages/clean.md']);
      assert.ok(o.located().includes('pages/a/broken.md docs-unpaired-response 7:1'));
      assert.ok(o.located().includes('pages/a/broken.md http-syntax 38:1'));
    },
  },
  { name: 'docs --strict makes a warning exit 1', files: { 'p.md': warningPage }, args: ['docs', '--strict', 'p.md'], status: 1 },
  { name: 'docs with warnings only exits 0', files: { 'p.md': warningPage }, args: ['docs', 'p.md'], status: 0 },
  { name: 'docs takes no --kind', files: { 'p.md': warningPage }, args: ['docs', '--kind', 'invite-request', 'p.md'], status: 2, check: (o) => assert.match(o.stderr, /--kind is an option of validate only/) },
  { name: 'docs without pages exits 2', args: ['docs'], status: 2 },
  { name: 'docs on a missing page exits 2', args: ['docs', 'nope.md'], status: 2, check: (o) => assert.match(o.stderr, /nope\.md: no such file or folder/) },
  { name: 'docs on a folder without pages exits 2', files: { 'empty/a.json': '{}' }, args: ['docs', 'empty'], status: 2, check: (o) => assert.match(o.stderr, /holds no \.md file/) },
  { name: 'docs --output onto the page exits 2', files: { 'p.md': warningPage }, args: ['docs', '--output', 'p.md', 'p.md'], status: 2 },
  {
    name: 'exchange on a folder that agrees with itself exits 0 and names its parts on standard error',
    spawn: true,
    files: folderFiles('clean', 'ex'),
    args: ['exchange', '--format', 'json', 'ex'],
    status: 0,
    check: (o) => {
      assert.equal(o.json().files.map((f) => [f.path, f.kind]), [
        ['ex/request.http', 'invite-request'],
        ['ex/response.http', 'invite-operation'],
        ['ex/notification-1.json', 'comms-notifications'],
        ['ex/notification-2.json', 'comms-notifications'],
      ]);
      assert.match(o.stderr, /^ex: 1 request, 1 response, 2 notifications\n$/);
    },
  },
  {
    name: 'exchange names a role given two files as such on standard error, not as none',
    files: { ...folderFiles('clean', 'ex'), 'ex/request.json': '{"participants":[{"identity":{"user":{"id":"u1"}}}]}' },
    args: ['exchange', '--format', 'json', 'ex'],
    status: 1,
    check: (o) => assert.is(o.stderr, 'ex: 2 request files (none read), 1 response, 2 notifications\n'),
  },
  {
    name: 'exchange --format json: each problem in the file of the offending value',
    files: folderFiles('mismatched', 'ex'),
    args: ['exchange', '--format', 'json', 'ex'],
    status: 1,
    check: (o) =>
      assert.equal(o.located(), [
        'ex/request.http http-authorization 1:1',
        'ex/response.json exchange-client-context 5:20',
        'ex/notification-1.json exchange-operation-id 9:15',
        'ex/notification-2.json exchange-identity-kind 10:35',
        'ex/notification-10.json exchange-call-id 6:22',
      ]),
  },
  {
    name: 'exchange stylish, github, sarif and junit',
    files: folderFiles('mismatched', 'ex'),
    args: ['exchange', 'ex'],
    status: 1,
    check: async (o) => {
      assert.match(o.stdout, /ex\/notification-2\.json\n\s+10:35\s+warning/);
      assert.match(o.stdout, /5 problems \(3 errors, 2 warnings\)/);
      for (const [format, pattern] of [
        ['github', /^::error file=ex\/response\.json,line=5,col=20,title=exchange-client-context::/m],
        ['sarif', /"uri": "ex\/notification-10\.json"/],
        ['junit', /ex\/notification-1\.json:9:15 resourceData\.id names operation/],
      ] as const) {
        const result = await runCli(['exchange', '--format', format, 'ex'], { cwd: o.dir });
        assert.is(result.status, 1, format);
        assert.match(result.stdout, pattern);
      }
    },
  },
  {
    name: 'exchange on a folder without its request: a located error of the folder',
    files: folderFiles('incomplete', 'ex'),
    args: ['exchange', '--format', 'json', 'ex'],
    status: 1,
    check: (o) => assert.equal(o.located(), ['ex exchange-folder 1:1', 'ex/notes.json exchange-folder 1:1']),
  },
  {
    name: 'exchange on a folder of exchange folders (a --record folder) says to name each of them',
    files: { ...folderFiles('clean', 'rec/invite-0001'), ...folderFiles('clean', 'rec/invite-0002') },
    args: ['exchange', '--format', 'json', 'rec'],
    status: 1,
    check: (o) => {
      const messages = (JSON.parse(o.stdout) as { files: Array<{ problems: Array<{ message: string }> }> }).files.flatMap((f) => f.problems.map((p) => p.message));
      assert.ok(messages.length > 0 && messages.every((m) => m.endsWith('; it holds exchange folders (invite-0001, invite-0002): name each of them (rec/*)')), messages.join('\n'));
    },
  },
  { name: 'exchange on a missing folder exits 2', args: ['exchange', 'nope'], status: 2, check: (o) => assert.match(o.stderr, /nope: no such folder/) },
  { name: 'exchange on a file exits 2', files: { 'a.json': '{}' }, args: ['exchange', 'a.json'], status: 2, check: (o) => assert.match(o.stderr, /a\.json: not a folder/) },
  { name: 'exchange without folders exits 2', args: ['exchange'], status: 2 },
  {
    name: 'validate reads .http files, named or found in folders; a request outside a page needs Authorization',
    files: { 'msgs/invite.http': `POST /communications/calls/{id}/participants/invite\nContent-Type: application/json\n\n${clean}\n`, 'msgs/ok.http': fixture('exchanges/clean/response.http'), 'one.http': fixture('exchanges/clean/request.http') },
    args: ['validate', '--format', 'json', 'msgs', 'one.http'],
    status: 1,
    check: (o) => {
      assert.equal(o.json().files.map((f) => [f.path, f.kind]), [['msgs/invite.http', 'invite-request'], ['msgs/ok.http', 'invite-operation'], ['one.http', 'invite-request']]);
      assert.equal(o.located(), ['msgs/invite.http http-authorization 1:1']);
    },
  },
  {
    name: 'validate reads .rest files as .http ones (REST Client names them either way), named or found in folders',
    files: { 'msgs/invite.rest': fixture('exchanges/clean/request.http'), 'one.REST': fixture('exchanges/clean/response.http') },
    args: ['validate', '--format', 'json', 'msgs', 'one.REST'],
    status: 0,
    check: (o) => {
      assert.equal(o.json().files.map((f) => [f.path, f.kind]), [['msgs/invite.rest', 'invite-request'], ['one.REST', 'invite-operation']]);
      assert.equal(o.located(), []);
    },
  },
  {
    name: 'validate places the problems of a .http body below its headers',
    files: { 'bad.http': `POST /communications/calls/c/participants/invite\nAuthorization: Bearer t\nContent-Type: application/json\nContent-Length: 3\n\n${broken}` },
    args: ['validate', '--format', 'json', 'bad.http'],
    status: 1,
    check: (o) => assert.equal(o.located(), ['bad.http http-content-length 4:17', 'bad.http participants-required 6:17']),
  },
  {
    name: 'docs on the page of the four documented examples: 16 payloads, 4 exchanges, no errors',
    files: { 'documented-examples.md': fixture('pages/documented-examples.md') },
    args: ['docs', '--format', 'json', 'documented-examples.md'],
    status: 0,
    check: (o) => {
      assert.match(o.stderr, /16 payloads, 4 exchanges/);
      assert.is(o.json().summary.errors, 0);
      assert.is(o.json().summary.warnings, 57);
    },
  },
];

for (const c of cases) {
  test(c.name, async () => {
    const outcome = await run(c);
    try {
      assert.is(outcome.status, c.status, `exit status\nstdout: ${outcome.stdout.slice(0, 2000)}\nstderr: ${outcome.stderr.slice(0, 2000)}`);
      assert.not.match(outcome.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
      await c.check?.(outcome);
    } finally {
      rmSync(outcome.dir, { recursive: true, force: true });
    }
  });
}

test('an unreadable file is a located problem and the others are still checked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-cli-'));
  // A socket cannot be read as a file, even by root (for whom permission bits do not apply): opening it
  // fails at once (ENXIO), so the CLI's entry reads it in process, beside the server that listens on it.
  const socket = join(dir, 'live.request.json');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  try {
    writeFileSync(join(dir, 'good.request.json'), clean);
    const result = await runCli(['validate', '--format', 'json', '--kind', 'invite-request', 'live.request.json', 'good.request.json'], { cwd: dir });
    assert.is(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as JsonReport;
    assert.equal(report.files.map((f) => `${f.path} ${f.problems.map((p) => p.ruleId).join(',')}`), ['good.request.json ', 'live.request.json file-unreadable']);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a non-blocking pipe that fills up (EAGAIN) still gets the whole report, in order: one write, or many', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-eagain-'));
  try {
    // 300 copies of an invalid sample: json writes their report in many blocks as the files are checked.
    const many = join(dir, 'many');
    mkdirSync(many);
    const sample = readFileSync(join(packageRoot, 'samples', 'invalid', 'identity-empty.request.json'));
    for (let i = 0; i < 300; i += 1) writeFileSync(join(many, `case-${String(i).padStart(3, '0')}.request.json`), sample);
    // A config of their own, which checks them as requests (the project's would not: they are outside its folder).
    writeFileSync(join(dir, 'graph-invite-contract.config.json'), config);
    for (const [format, input, cwd] of [['sarif', 'samples', packageRoot], ['json', 'many', dir]] as const) {
      // The report as the CLI makes it (its entry, in process, as the table cases compare with the binary):
      // what the binary must deliver through the full pipe, whole and in order.
      const expected = Buffer.from((await runCli(['validate', '--format', format, input], { cwd })).stdout);
      // More than the pipe holds (64 KiB), so a direct write meets the full pipe.
      assert.ok(expected.length > 128 * 1024, `${format}: ${expected.length} bytes`);
      const out = join(dir, `report.${format}`);
      // Touching process.stdout first makes fd 1 non-blocking, as a parent sharing a non-blocking pipe does;
      // the reader waits for the pipe to fill before it reads, so the command's direct write gets EAGAIN.
      const touch = "--import 'data:text/javascript,process.stdout'";
      const script = `"${process.execPath}" ${touch} "${bin}" validate --format ${format} "${input}" | { ${waitUntilPipeFull}; cat; } > "${out}"; echo "status \${PIPESTATUS[0]}" >&2`;
      const result = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8' });
      assert.is(result.stderr, 'status 1\n', format);
      assert.ok(readFileSync(out).equals(expected), `${format}: the report arrives whole and in order`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every format writes the same report to --output as to standard output, files and all', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-output-'));
  try {
    for (const format of ['stylish', 'json', 'github', 'sarif', 'junit']) {
      const args = [bin, 'validate', '--format', format, 'samples'];
      // Standard output as the installed command writes it (fd output); --output written in process, through run().
      const shown = spawnSync(process.execPath, args, { cwd: packageRoot, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
      const out = join(dir, `report.${format}`);
      const written = await runCli([...args.slice(1), '--output', out], { cwd: packageRoot, env: { ...process.env, NO_COLOR: '1' } });
      assert.is(written.status, shown.status, format);
      assert.is(written.stdout, '', format);
      assert.ok(readFileSync(out).equals(shown.stdout), `${format}: --output holds what standard output shows`);
      assert.ok(shown.stdout.length > 10_000, `${format}: ${shown.stdout.length} bytes`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docs: the counts on standard error all come before the report, even when both go to one place', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-docs-'));
  try {
    const page = readFileSync(join(packageRoot, 'test', 'fixtures', 'pages', 'deviations.md'));
    for (let i = 0; i < 40; i += 1) writeFileSync(join(dir, `p${String(i).padStart(2, '0')}.md`), page);
    // Standard output and standard error into one pipe, as a terminal or 2>&1 has them.
    const script = `"${process.execPath}" "${bin}" docs --format json . 2>&1`;
    const result = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.is(result.status, 1);
    const counts = [...result.stdout.matchAll(/^p\d\d\.md: \d+ payloads, \d+ exchanges$/gm)];
    assert.is(counts.length, 40);
    const reportStart = result.stdout.indexOf('{');
    // A report larger than the 64 KB the validate command writes at a time.
    assert.ok(result.stdout.length - reportStart > 128 * 1024, `${result.stdout.length - reportStart} bytes of report`);
    assert.ok(counts.every((count) => (count.index ?? Infinity) < reportStart), 'a count inside the report');
    assert.is((JSON.parse(result.stdout.slice(reportStart)) as { files: unknown[] }).files.length, 40);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a reader that stops early (| head) ends the report quietly; the status still tells the result', () => {
  // 150 KB of SARIF is more than a pipe holds, so the write meets the closed pipe (EPIPE).
  const script = `"${process.execPath}" "${bin}" validate --format sarif samples | head -c 1 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`;
  const result = spawnSync('bash', ['-c', script], { cwd: packageRoot, encoding: 'utf8' });
  assert.is(result.stderr, 'status 1\n');
});

test('a reader that goes away after the pipe filled, or from the ES module entry, ends the report quietly too', () => {
  const main = join(packageRoot, 'dist', 'src', 'cli', 'start', 'main.js');
  const touch = "--import 'data:text/javascript,process.stdout'";
  const scripts = [
    // Non-blocking pipe: the direct write gets EAGAIN, the rest goes through process.stdout, then the reader leaves.
    `"${process.execPath}" ${touch} "${bin}" validate --format sarif samples | { ${waitUntilPipeFull}; head -c 1 > /dev/null; }; echo "status \${PIPESTATUS[0]}" >&2`,
    // The entry point used without the bundle writes through process.stdout from the start.
    `"${process.execPath}" "${main}" validate --format sarif samples | head -c 1 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`,
  ];
  for (const script of scripts) {
    const result = spawnSync('bash', ['-c', script], { cwd: packageRoot, encoding: 'utf8' });
    assert.is(result.stderr, 'status 1\n', script);
  }
});

test.run();
