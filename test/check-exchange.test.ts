import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkExchange, type ExchangeCheck, type LocatedProblem } from '../src/index.js';
import { packageRoot } from '../src/paths.js';
import { runCli } from './cli-harness.js';

const exchanges = join(packageRoot, 'test', 'fixtures', 'exchanges');
const correlationRule = /^exchange-(?!folder$)/;

interface ReportFile {
  readonly path: string;
  readonly problems: readonly LocatedProblem[];
}

const brief = (problems: readonly LocatedProblem[]): string[] => problems.map((p) => `${p.ruleId} ${p.pointer} ${p.line}:${p.column} ${JSON.stringify(p.params)}`);

/** The correlation problems the exchange command reports for a folder, per file name. */
async function fromCli(folder: string): Promise<Map<string, string[]>> {
  const outcome = await runCli(['exchange', folder, '--format', 'json'], { cwd: packageRoot });
  const report = JSON.parse(outcome.stdout) as { files: readonly ReportFile[] };
  // The folder's own entry (files missing, exchange-folder) is not a part.
  const parts = report.files.filter((file) => /^(?:request|response|notification-)/.test(file.path.split('/').pop() ?? ''));
  return new Map(parts.map((file) => [file.path.split('/').pop() ?? '', brief(file.problems.filter((p) => correlationRule.test(p.ruleId)))]));
}

/** The same folder through checkExchange, its files read as text, per file name. */
function fromLibrary(folder: string): { check: ExchangeCheck; byName: Map<string, string[]> } {
  const names = readdirSync(folder);
  const read = (name: string | undefined): string | undefined => (name === undefined ? undefined : readFileSync(join(folder, name), 'utf8'));
  const request = names.find((name) => name.startsWith('request.'));
  const response = names.find((name) => name.startsWith('response.'));
  const notifications = names.filter((name) => name.startsWith('notification-')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const check = checkExchange({ request: read(request), response: read(response), notifications: notifications.map((name) => read(name) as string) });
  const byName = new Map<string, string[]>();
  if (request !== undefined) byName.set(request, brief(check.request));
  if (response !== undefined) byName.set(response, brief(check.response));
  notifications.forEach((name, index) => byName.set(name, brief(check.notifications[index] ?? [])));
  return { check, byName };
}

test('checkExchange gives exactly the correlation problems of the exchange command on every fixture exchange', async () => {
  let total = 0;
  for (const name of readdirSync(exchanges)) {
    const folder = join(exchanges, name);
    const cli = await fromCli(folder);
    const { byName } = fromLibrary(folder);
    assert.equal(Object.fromEntries(byName), Object.fromEntries(cli), name);
    total += [...byName.values()].flat().length;
  }
  // The fixtures do hold correlation problems (mismatched), so the comparison is not between two empty lists.
  assert.ok(total >= 3, String(total));
});

test('parsed values give the same rules and pointers as their text', () => {
  const folder = join(exchanges, 'mismatched');
  const { check } = fromLibrary(folder);
  const request = readFileSync(join(folder, 'request.http'), 'utf8');
  const json = (name: string): object => JSON.parse(readFileSync(join(folder, name), 'utf8')) as object;
  const values = checkExchange({ request, response: json('response.json'), notifications: ['notification-1.json', 'notification-2.json', 'notification-10.json'].map(json) });
  const rules = (problems: readonly LocatedProblem[]): string[] => problems.map((p) => `${p.ruleId} ${p.pointer}`).sort();
  assert.equal(rules(values.response), rules(check.response));
  assert.equal(values.notifications.map(rules), check.notifications.map(rules));
  assert.ok(rules(values.response).includes('exchange-client-context /clientContext'));
});

test('a part far from the contract, whose validation stops, gives the same correlation problems', () => {
  const folder = join(exchanges, 'mismatched');
  const { check } = fromLibrary(folder);
  const request = readFileSync(join(folder, 'request.http'), 'utf8');
  // 100,001 more participants, each a number: one finding each, past the least ceiling.
  const far = request.replace('"participants": [\n', `"participants": [\n${Array(100_001).fill('1,').join('')}\n`);
  assert.ok(far.length > request.length + 200_000);
  const read = (name: string): string => readFileSync(join(folder, name), 'utf8');
  const notifications = readdirSync(folder).filter((name) => name.startsWith('notification-')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const stopped = checkExchange({ request: far, response: read('response.json'), notifications: notifications.map(read) });
  const rules = (problems: readonly LocatedProblem[]): string[] => problems.map((p) => `${p.ruleId} ${p.pointer}`).sort();
  assert.equal(rules(stopped.response), rules(check.response));
  assert.equal(stopped.notifications.map(rules), check.notifications.map(rules));
  assert.ok(rules(stopped.response).includes('exchange-client-context /clientContext'));
});

test('a part left out is not checked against; a request without its HTTP line names no call', () => {
  const folder = join(exchanges, 'mismatched');
  const response = readFileSync(join(folder, 'response.json'), 'utf8');
  const notification = readFileSync(join(folder, 'notification-1.json'), 'utf8');
  const alone = checkExchange({ notifications: [notification] });
  assert.equal(alone, { request: [], response: [], notifications: [[]] });
  const withResponse = checkExchange({ response, notifications: [notification] });
  assert.ok(withResponse.notifications[0]?.some((p) => p.ruleId === 'exchange-operation-id'));
  // exchange-call-id needs the call the request was posted to: the body alone does not say it.
  const requestHttp = readFileSync(join(folder, 'request.http'), 'utf8');
  const body = requestHttp.slice(requestHttp.indexOf('\n{') + 1);
  const withHttp = checkExchange({ request: requestHttp, response, notifications: [notification] }).notifications[0] ?? [];
  const withBody = checkExchange({ request: body, response, notifications: [notification] }).notifications[0] ?? [];
  assert.equal(withBody.filter((p) => p.ruleId === 'exchange-call-id'), []);
  assert.equal(
    withBody.map((p) => p.ruleId),
    withHttp.filter((p) => p.ruleId !== 'exchange-call-id').map((p) => p.ruleId),
  );
});

test('a notification as the webhook\'s HTTP message is read by its body, at its place; one that could not be read says so', () => {
  const folder = join(exchanges, 'mismatched');
  const read = (name: string): string => readFileSync(join(folder, name), 'utf8');
  const notification = read('notification-1.json');
  const plain = checkExchange({ request: read('request.http'), response: read('response.json'), notifications: [notification] }).notifications[0] ?? [];
  assert.ok(plain.length > 0);
  const message = `POST /api/calling HTTP/1.1\r\nContent-Type: application/json\r\nAuthorization: Bearer t\r\n\r\n${notification}`;
  const asHttp = checkExchange({ request: read('request.http'), response: read('response.json'), notifications: [message] }).notifications[0] ?? [];
  // The same problems, four lines down: the start line, two headers and the blank line.
  assert.equal(asHttp.map((p) => `${p.ruleId} ${p.pointer} ${p.line - 4}:${p.column}`), plain.map((p) => `${p.ruleId} ${p.pointer} ${p.line}:${p.column}`));
  // Parts nothing could be compared with: not JSON, not UTF-8, a single notification rather than the batch.
  const unread = checkExchange({ notifications: ['{"value": [', new Uint8Array([0xff, 0xfe]), (JSON.parse(notification) as { value: object[] }).value[0] as object] }).notifications;
  assert.equal(unread.map((problems) => problems.map((p) => `${p.ruleId} ${p.pointer}`)), [['json-syntax '], ['file-encoding '], ['required-property ']]);
});

test('a part that is no object (null, a number, an array, a Date), or a batch whose value is no list, says so: nothing was compared', () => {
  const rules = (check: ReturnType<typeof checkExchange>) => [check.request, check.response, ...check.notifications].map((problems) => problems.map((p) => `${p.ruleId} ${p.pointer}`));
  assert.equal(rules(checkExchange({ request: 'null', response: 'null' })), [['not-nullable '], ['not-nullable ']]);
  assert.equal(rules(checkExchange({ request: [], response: 5 as unknown as object })), [['type-mismatch '], ['type-mismatch ']]);
  assert.equal(rules(checkExchange({ request: new Date(0), response: new Date(0) })), [['type-mismatch '], ['type-mismatch ']]);
  assert.equal(rules(checkExchange({ notifications: ['[]', '{"value":5}'] })), [[], [], ['type-mismatch '], ['type-mismatch /value']]);
  // A part's own deeper problems are still validate()'s to give.
  assert.equal(rules(checkExchange({ request: '{"participants":[{"identity":{"user":{"id":5}}}]}' })), [[], []]);
});

test('checkExchange refuses what is no exchange with a TypeError', () => {
  for (const parts of [null, 3, { notifications: 'x' }, { request: () => 5 }, { notifications: [Symbol('x')] }]) {
    assert.throws(() => checkExchange(parts as never), (error: unknown) => error instanceof TypeError, JSON.stringify(parts));
  }
});

test.run();
