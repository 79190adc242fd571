/**
 * --fix and --fix-dry-run: each certain fix, every other byte kept (line ends, BOM, tabs, indentation),
 * the diff of a dry run, the atomic replacement, files that are not rewritten, exit statuses, and the
 * promise that nothing is written without --fix. Also the placer's spans the fixes are built on.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unifiedDiff } from '../src/fix/diff.js';
import { fixableRuleIds, fixText } from '../src/fix/fix-text.js';
import { membersAround, stringLiteralAt, valueEnd } from '../src/json/placer.js';
import { rules } from '../src/rules/index.js';
import { runCli } from './cli-harness.js';

const made: string[] = [];

function scratch(files: Readonly<Record<string, string | Uint8Array>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gic-fix-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'latin1');

interface JsonReport {
  readonly files: readonly { readonly path: string; readonly fixes?: Record<string, number>; readonly problems: readonly { readonly ruleId: string; readonly pointer: string }[] }[];
}

/** A notification with one problem of each JSON fix, written with CRLF, tabs and odd indentation. */
const notification = [
  '{',
  '\t"@odata.type": "#microsoft.graph.commsNotifications",',
  '\t"value": [',
  '\t   {',
  '\t\t"changeType": "Updated",',
  '     "resource": "/app/calls/c1/operations/o1",',
  '\t\t"resourceUrl":"/app/calls/c1/operations/o1",',
  '\t\t"resourceData": {',
  '\t\t  "@odata.type": "#microsoft.graph.inviteParticipantsOperation",',
  '\t\t  "id": "o1",',
  '\t\t  "status": "Running",',
  '\t\t  "clientContext": "ctx",',
  '\t\t  "clientContext": "ctx"',
  '\t\t}',
  '\t   }',
  '\t]',
  '}',
].join('\r\n');

/** The same text with the certain fixes made by hand: the values changed, the duplicate dropped with its comma. */
const notificationFixed = notification
  .replace('"Updated"', '"updated"')
  .replaceAll('"/app/calls', '"/communications/calls')
  .replace('"Running"', '"running"')
  .replace('"clientContext": "ctx",\r\n\t\t  "clientContext": "ctx"', '"clientContext": "ctx"');

const request = (target: string, length: string, eol: string): string =>
  ['POST ' + target + ' HTTP/1.1', 'Content-Type: application/json', 'Authorization: Bearer t', `Content-Length: ${length}`, '', '{', '  "participants": [', '    {"identity": {"user": {"id": "u1"}}}', '  ]', '}', ''].join(eol);

test('the rules with a certain fix are the five the docs name', () => {
  assert.equal([...fixableRuleIds].sort(), ['deprecated-app-path', 'duplicate-key', 'enum-member', 'http-content-length', 'status-casing']);
  assert.ok(rules.filter((rule) => rule.fix !== undefined).length === 5);
});

test('each JSON fix, every other byte kept: CRLF, BOM, tabs, odd indentation, no final newline', async () => {
  const bom = '\ufeff';
  const dir = scratch({ 'n.json': notification, 'bom.json': Buffer.from(bom + notification, 'utf8') });
  const outcome = await runCli(['validate', 'n.json', 'bom.json', '--fix', '--format', 'json'], { cwd: dir });
  assert.equal(read(dir, 'n.json'), notificationFixed);
  assert.equal(readFileSync(join(dir, 'bom.json')), Buffer.from(bom + notificationFixed, 'utf8'));
  const report = JSON.parse(outcome.stdout) as JsonReport;
  for (const file of report.files) {
    assert.equal(file.fixes, { 'duplicate-key': 1, 'enum-member': 1, 'status-casing': 1, 'deprecated-app-path': 2 });
    assert.equal(file.problems, []);
  }
  assert.is(outcome.status, 0);
});

test('deprecated-app-path and http-content-length in an HTTP request, with LF and with CRLF', async () => {
  const lf = request('https://graph.microsoft.com/beta/app/calls/c1/participants/invite', '7', '\n');
  const crlf = request('/app/calls/c1/participants/invite', '7', '\r\n');
  const dir = scratch({ 'lf.http': lf, 'crlf.http': crlf });
  const outcome = await runCli(['validate', 'lf.http', 'crlf.http', '--fix', '--format', 'json'], { cwd: dir });
  const body = '{\n  "participants": [\n    {"identity": {"user": {"id": "u1"}}}\n  ]\n}';
  assert.equal(read(dir, 'lf.http'), request('https://graph.microsoft.com/beta/communications/calls/c1/participants/invite', String(Buffer.byteLength(body)), '\n'));
  assert.equal(read(dir, 'crlf.http'), request('/communications/calls/c1/participants/invite', String(Buffer.byteLength(body.replaceAll('\n', '\r\n'))), '\r\n'));
  const report = JSON.parse(outcome.stdout) as JsonReport;
  assert.equal(report.files.map((file) => [file.path, file.fixes, file.problems.length]), [
    ['crlf.http', { 'deprecated-app-path': 1, 'http-content-length': 1 }, 0],
    ['lf.http', { 'deprecated-app-path': 1, 'http-content-length': 1 }, 0],
  ]);
  assert.is(outcome.status, 0);
});

test("a rule the config turns off fixes nothing, for every file or in an override, in --fix and --fix-dry-run", async () => {
  const config = JSON.stringify({ rules: { 'status-casing': 'off' }, overrides: [{ files: ['legacy/**'], rules: { 'deprecated-app-path': 'off', 'enum-member': 'off' } }] });
  const dir = scratch({ 'graph-invite-contract.config.json': config, 'n.json': notification });
  mkdirSync(join(dir, 'legacy'));
  writeFileSync(join(dir, 'legacy', 'n.json'), notification);
  const dry = await runCli(['validate', 'n.json', 'legacy/n.json', '--fix-dry-run', '--output', 'report.txt'], { cwd: dir });
  assert.match(dry.stdout, /^\+.*"\/communications\/calls/m, 'the dry run shows the fixes that remain');
  assert.not.match(dry.stdout, /^[-+].*"[Rr]unning"/m, 'status-casing is off everywhere: no line of its changes');
  const outcome = await runCli(['validate', 'n.json', 'legacy/n.json', '--fix', '--format', 'json'], { cwd: dir });
  const report = JSON.parse(outcome.stdout) as JsonReport;
  assert.equal(report.files.map((file) => [file.path, file.fixes]), [
    ['legacy/n.json', { 'duplicate-key': 1 }],
    ['n.json', { 'deprecated-app-path': 2, 'duplicate-key': 1, 'enum-member': 1 }],
  ]);
  assert.ok(read(dir, 'n.json').includes('"Running"') && read(dir, 'legacy/n.json').includes('"Running"'), 'status-casing left alone in both');
  assert.ok(read(dir, 'legacy/n.json').includes('"/app/calls') && read(dir, 'legacy/n.json').includes('"Updated"'), 'the override\'s rules left alone in legacy/');
  // No file holds a problem the lint would report: what is off is not reported either.
  assert.equal(report.files.map((file) => file.problems.map((problem) => problem.ruleId)), [[], []]);
});

test('a Content-Length is set after the body it counts was fixed: the passes run until stable', () => {
  const body = '{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","id":"o1","id":"o1","status":"running"}';
  const text = `HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}\n`;
  const fixed = fixText(text, { type: 'http' });
  const fixedBody = body.replace('"id":"o1",', '');
  assert.is(fixed.text, `HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: ${Buffer.byteLength(fixedBody)}\n\n${fixedBody}\n`);
  assert.equal(fixed.fixes, { 'duplicate-key': 1, 'http-content-length': 1 });
  assert.is(fixed.unsettled, false);
});

test('what is not certain is left alone: mixed line ends, differing duplicates, an escaped /app, a member not near', () => {
  const mixed = request('/communications/calls/c1/participants/invite', '7', '\n').replace('{\n', '{\r\n');
  assert.equal(fixText(mixed, { type: 'http' }).fixes, {});
  const differing = '{"participants":[{"identity":{"user":{"id":"u1"}},"x":1,"x":2}]}';
  assert.equal(fixText(differing, { type: 'payload' }), { text: differing, fixes: {}, unsettled: false });
  // Three occurrences, the middle one different: dropping the last would change what JSON.parse keeps.
  const three = '{"participants":[{"identity":{"user":{"id":"u1"}},"x":1,"x":2,"x":1}]}';
  assert.equal(fixText(three, { type: 'payload' }).fixes, {});
  const escaped = '{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"changeType":"deleted","resourceUrl":"\\/app/calls/c1"}]}';
  assert.equal(fixText(escaped, { type: 'payload' }).text, escaped);
  const unknown = '{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"changeType":"changed","resourceUrl":"/communications/calls/c1"}]}';
  assert.equal(fixText(unknown, { type: 'payload' }).fixes, {});
});

test('identical duplicates are dropped cleanly wherever they sit: last, in the middle, several', () => {
  const cases: [string, string][] = [
    ['{"participants":[{"identity":{"user":{"id":"u1"}},"a":1,"a":1}]}', '{"participants":[{"identity":{"user":{"id":"u1"}},"a":1}]}'],
    ['{\n  "participants": [{"identity": {"user": {"id": "u1"}}}],\n  "clientContext": "c",\n  "clientContext": "c",\n  "callbackUri": "https://bot.example/cb"\n}', '{\n  "participants": [{"identity": {"user": {"id": "u1"}}}],\n  "clientContext": "c",\n  "callbackUri": "https://bot.example/cb"\n}'],
    ['{"participants":[{"identity":{"user":{"id":"u1"}},"a":[1, 2],"a":[1, 2],"a":[1, 2]}]}', '{"participants":[{"identity":{"user":{"id":"u1"}},"a":[1, 2]}]}'],
  ];
  for (const [text, expected] of cases) {
    const fixed = fixText(text, { type: 'payload' });
    assert.is(fixed.text, expected);
    assert.ok((fixed.fixes['duplicate-key'] ?? 0) >= 1);
  }
});

test('--fix-dry-run prints a unified diff that patch applies, and writes nothing', async () => {
  const dir = scratch({ 'n.json': notification });
  const before = statSync(join(dir, 'n.json'));
  const outcome = await runCli(['validate', 'n.json', '--fix-dry-run', '--output', 'report.txt'], { cwd: dir });
  assert.is(read(dir, 'n.json'), notification);
  assert.is(statSync(join(dir, 'n.json')).mtimeMs, before.mtimeMs);
  assert.ok(outcome.stdout.startsWith('--- a/n.json\n+++ b/n.json\n@@ -2,14 +2,13 @@\n'), outcome.stdout);
  // The report still shows what the file holds now: nothing was fixed.
  assert.ok(read(dir, 'report.txt').includes('deprecated-app-path'));
  assert.ok(outcome.stderr.includes('n.json'));
  assert.is(outcome.status, 1);
  const patched = spawnSync('patch', ['-p1', '--dry-run', '-o', '-'], { cwd: dir, input: outcome.stdout, encoding: 'latin1' });
  if (patched.error === undefined) assert.ok(patched.stdout.includes(notificationFixed), patched.stderr);
});

test('a dry run\'s diff of a file whose name holds a space applies with patch -p1 and git apply', async () => {
  const dir = scratch({ 'x y.json': notification });
  const dry = await runCli(['validate', 'x y.json', '--fix-dry-run', '--output', 'report.txt'], { cwd: dir });
  assert.match(dry.stdout, /^--- a\/x y\.json\t\n\+\+\+ b\/x y\.json\t\n/);
  writeFileSync(join(dir, 'fix.diff'), dry.stdout);
  const patched = spawnSync('patch', ['-p1', '-i', 'fix.diff'], { cwd: dir, encoding: 'utf8' });
  assert.is(patched.status, 0, patched.stdout + patched.stderr);
  assert.is(read(dir, 'x y.json'), notificationFixed);
  const git = spawnSync('git', ['apply', '-R', '--check', 'fix.diff'], { cwd: dir, encoding: 'utf8' });
  assert.is(git.status, 0, git.stderr);
});

test('the unified diff turns the one text into the other when patch applies it', () => {
  const available = spawnSync('patch', ['--version']).status === 0;
  if (!available) return;
  const lines = fc.array(fc.constantFrom('a\n', 'b\n', 'c\r\n', 'd\n', 'e'), { maxLength: 14 }).map((parts) => parts.filter((part, i) => part !== 'e' || i === parts.length - 1).join(''));
  fc.assert(
    fc.property(lines, lines, (before, after) => {
      const dir = scratch({ before });
      const diff = unifiedDiff(before, after, 'before', 'before');
      const patched = spawnSync('patch', ['-s', '-o', '-', 'before'], { cwd: dir, input: diff, encoding: 'latin1' });
      rmSync(dir, { recursive: true });
      assert.is(before === after ? '' : patched.stdout, before === after ? diff : after, diff);
    }),
    { numRuns: 60 },
  );
});

test('the file is replaced whole through a rename, keeping its mode; no temporary file stays', async () => {
  const dir = scratch({ 'n.json': notification });
  chmodSync(join(dir, 'n.json'), 0o640);
  const before = lstatSync(join(dir, 'n.json'));
  await runCli(['validate', 'n.json', '--fix'], { cwd: dir });
  const after = lstatSync(join(dir, 'n.json'));
  assert.is.not(after.ino, before.ino);
  assert.is(after.mode & 0o7777, 0o640);
  assert.equal(readdirSync(dir), ['n.json']);
});

test('a read-only file, a link and a hard-linked file are not rewritten: said at the file, exit 2, the others fixed and reported', async () => {
  const dir = scratch({ 'readonly.json': notification, 'target.json': notification, 'linked.json': notification, 'ok.json': notification });
  chmodSync(join(dir, 'readonly.json'), 0o444);
  symlinkSync('target.json', join(dir, 'link.json'));
  linkSync(join(dir, 'linked.json'), join(dir, 'second-name.json'));
  const outcome = await runCli(['validate', 'readonly.json', 'link.json', 'linked.json', 'ok.json', '--fix', '--format', 'json'], { cwd: dir });
  for (const name of ['readonly.json', 'target.json', 'linked.json', 'second-name.json']) assert.is(read(dir, name), notification, name);
  assert.ok(lstatSync(join(dir, 'link.json')).isSymbolicLink());
  assert.is(read(dir, 'ok.json'), notificationFixed);
  for (const name of ['readonly.json', 'link.json', 'linked.json']) assert.match(outcome.stderr, `${name}:1:1: not fixed`);
  const report = JSON.parse(outcome.stdout) as JsonReport;
  assert.equal(report.files.map((file) => [file.path, file.fixes === undefined, file.problems.length > 0]), [
    ['link.json', true, true],
    ['linked.json', true, true],
    ['ok.json', false, false],
    ['readonly.json', true, true],
  ]);
  assert.is(outcome.status, 2);
  // The report itself names each file not fixed and why, not only standard error.
  const causes = (JSON.parse(outcome.stdout) as { failure?: { causes: string[] } }).failure?.causes ?? [];
  assert.equal(causes.map((cause) => cause.replace(/: it .*$/, '')), ['not fixed: link.json', 'not fixed: linked.json', 'not fixed: readonly.json']);
  // A dry run tells what --fix will do: the same three are said to be refused, and nothing is written.
  const dry = await runCli(['validate', 'readonly.json', 'link.json', 'linked.json', '--fix-dry-run', '--output', 'report.txt'], { cwd: dir });
  for (const name of ['readonly.json', 'link.json', 'linked.json']) assert.match(dry.stderr, new RegExp(`^${name.replace('.', '\\.')}: would make .*, but --fix would not write it: it `, 'm'));
  assert.is(read(dir, 'readonly.json'), notification);
});

test('a file whose name is near the length limit is fixed too; a folder that cannot be written to leaves the file whole', async () => {
  const long = `${'n'.repeat(240)}.json`;
  const dir = scratch({ [long]: notification, 'ok.json': notification });
  assert.is((await runCli(['validate', long, '--fix'], { cwd: dir })).status, 0);
  assert.is(read(dir, long), notificationFixed);
  // Only a user the permissions hold can be refused the folder.
  if (process.getuid?.() === 0) return;
  const locked = scratch({ 'n.json': notification });
  chmodSync(locked, 0o555);
  const outcome = await runCli(['validate', 'n.json', '--fix'], { cwd: locked });
  chmodSync(locked, 0o755);
  assert.is(read(locked, 'n.json'), notification);
  assert.match(outcome.stderr, 'n.json:1:1: not fixed: it could not be written (EACCES)');
  assert.equal(readdirSync(locked), ['n.json']);
  assert.is(outcome.status, 2);
});

test('an unreadable input stays a located problem while the others are fixed', async () => {
  const dir = scratch({ 'ok.json': notification });
  const outcome = await runCli(['validate', 'ok.json', 'missing.json', '--fix', '--format', 'json'], { cwd: dir });
  assert.is(read(dir, 'ok.json'), notificationFixed);
  assert.is(outcome.status, 2);
});

test('exit statuses after fixing: what remains decides', async () => {
  const dir = scratch({ 'n.json': notification });
  assert.is((await runCli(['validate', 'n.json', '--strict'], { cwd: dir })).status, 1);
  assert.is((await runCli(['validate', 'n.json', '--strict', '--fix'], { cwd: dir })).status, 0);
  const error = scratch({ 'e.json': '{"participants":[{"identity":{"user":{"id":"u1"}},"a":1,"a":1}],"clientContext":5}' });
  const outcome = await runCli(['validate', 'e.json', '--kind', 'invite-request', '--fix', '--format', 'json'], { cwd: error });
  assert.equal((JSON.parse(outcome.stdout) as JsonReport).files[0]?.problems.map((p) => p.ruleId), ['type-mismatch']);
  assert.is(outcome.status, 1);
});

test('without --fix no file is written, whatever could be fixed', async () => {
  const dir = scratch({ 'n.json': notification, 'r.http': request('/app/calls/c1/participants/invite', '7', '\n') });
  const before = readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mtimeMs, read(dir, name)]);
  for (const format of ['stylish', 'json', 'sarif']) await runCli(['validate', '.', '--format', format], { cwd: dir });
  await runCli(['validate', '.', '--fix-dry-run'], { cwd: dir });
  assert.equal(readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mtimeMs, read(dir, name)]), before);
});

test('--fix is validate only, excludes --fix-dry-run, and a dry run keeps a machine-read report off standard output', async () => {
  const dir = scratch({ 'page.md': '# page\n' });
  const argvs = [['docs', 'page.md', '--fix'], ['exchange', '.', '--fix-dry-run'], ['validate', 'page.md', '--fix', '--fix-dry-run'], ['validate', 'page.md', '--fix-dry-run', '--format', 'json']];
  for (const argv of argvs) {
    const outcome = await runCli(argv, { cwd: dir });
    assert.is(outcome.status, 2, argv.join(' '));
  }
  assert.match((await runCli(['docs', 'page.md', '--fix'], { cwd: dir })).stderr, 'not supported for pages');
});

test('the placer gives spans: a value\'s end, a string literal, the members around a key', () => {
  const text = ' {"a": [1, {"b": "x\\"}"}], "c": true, "a": null}';
  assert.is(valueEnd(text, 1), text.length);
  assert.is(valueEnd(text, 7), text.indexOf('],') + 1);
  assert.is(valueEnd(text, text.indexOf('true')), text.indexOf('true') + 4);
  assert.is(valueEnd(text, text.indexOf('"x')), text.indexOf('}"}') + 2);
  assert.equal(stringLiteralAt(text, text.indexOf('"x')), { value: 'x"}', end: text.indexOf('}"}') + 2 });
  assert.is(stringLiteralAt(text, text.indexOf('true')), undefined);
  const members = membersAround(text, 0, text.lastIndexOf('"a"'));
  assert.equal(members?.map((member) => [member.key, text.slice(member.valueStart, member.valueEnd)]), [['a', '[1, {"b": "x\\"}"}]'], ['c', 'true'], ['a', 'null']]);
  assert.equal(membersAround(text, 0, text.indexOf('"b"'))?.map((member) => member.key), ['b']);
  assert.is(membersAround(text, 0, text.indexOf('1')), undefined);
});

test('property: fixing changes only the fixed spans, and the JSON only in the fixed values', () => {
  const extra = fc.jsonValue({ maxDepth: 3 }).filter((value) => !/running|updated|communications|[0-9a-f]{8}-/i.test(JSON.stringify(value)));
  const layout = fc.record({ indent: fc.constantFrom(0, 1, 2, 3, '\t', ' \t'), crlf: fc.boolean(), bom: fc.boolean(), newline: fc.boolean() });
  fc.assert(
    fc.property(extra, fc.uuid(), layout, (value, id, { indent, crlf, bom, newline }) => {
      const payload = {
        '@odata.type': '#microsoft.graph.commsNotifications',
        value: [
          {
            changeType: 'Updated',
            resourceUrl: `/app/calls/${id}/operations/o1`,
            resourceData: { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'o1', status: 'Running', extra: value },
          },
        ],
      };
      let text = JSON.stringify(payload, null, indent);
      if (crlf) text = text.replaceAll('\n', '\r\n');
      if (newline) text += crlf ? '\r\n' : '\n';
      if (bom) text = `\ufeff${text}`;
      const body = bom ? text.slice(1) : text;
      const fixed = fixText(body, { type: 'payload' });
      assert.equal(fixed.fixes, { 'enum-member': 1, 'status-casing': 1, 'deprecated-app-path': 1 });
      // Turned back at exactly the fixed literals, the text is the original: nothing else moved.
      const back = fixed.text.replace('"updated"', '"Updated"').replace(`"/communications/calls/${id}`, `"/app/calls/${id}`).replace('"running"', '"Running"');
      assert.is(back, body);
      const expected = structuredClone(payload);
      const notification = expected.value[0] as (typeof expected.value)[number];
      notification.changeType = 'updated';
      notification.resourceUrl = `/communications/calls/${id}/operations/o1`;
      notification.resourceData.status = 'running';
      assert.equal(JSON.parse(fixed.text), expected);
    }),
    { numRuns: 150 },
  );
});

test.after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

test.run();
