/**
 * The library cannot be bent by its callers (issue 12, items 4 and 5).
 *
 * 1. What the package exports and the library reads (the rules list, each rule with its params, kinds)
 *    is frozen deeply: every way of changing it (assignment, defineProperty, push, prototype tricks) is
 *    tried, and the results of validate, lint and lintExchange stay exactly what they were.
 * 2. Every public function, given hostile arguments, returns a result or throws a TypeError naming the
 *    argument; never another error, never a hang. The table runs in a child process bounded by a timeout.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as library from '../src/index.js';
import { kinds, lint, lintExchange, rules, validate, type Problem, type ValidateOptions } from '../src/index.js';
import { packageRoot } from '../src/paths.js';

const pages = join(packageRoot, 'test', 'fixtures', 'pages');
const exchange = join(packageRoot, 'test', 'fixtures', 'exchanges', 'mismatched');

/** Calls whose results cover every family: schema and walking rules, kinds, files, http, docs and exchanges. */
function results(): string {
  const request = { participants: [{ identity: { user: { id: 'x' }, usr: { id: 'y' } } }], clientContext: 'c'.repeat(300) };
  const outcomes = [
    validate({}, { kind: 'invite-request' }),
    validate(request, { kind: 'invite-request' }),
    validate({ '@odata.type': '#microsoft.graph.call' }),
    validate({ participants: [] }, { kind: 'invite-operation' }),
    lint({ text: '{"participants": [], "participants": 1}', type: 'payload', kind: 'invite-request' }),
    lint({ text: new Uint8Array([0xff, 0xfe]), type: 'payload' }),
    lint({ text: 'GET /x HTTP/1.1\n\n{}', type: 'http' }),
    lint({ text: readFileSync(join(pages, 'broken.md'), 'utf8'), type: 'page' }),
    lint({ text: readFileSync(join(pages, 'deviations.md'), 'utf8'), type: 'page' }),
    lintExchange(['request.http', 'response.json', 'notification-1.json', 'notification-2.json'].map((name) => ({ name, text: readFileSync(join(exchange, name), 'utf8') }))),
  ];
  return JSON.stringify(outcomes);
}

const baseline = results();
const severities = new Map(rules.map((rule) => [rule.id, rule.severity]));

/** Every problem of the outcomes carries the severity its rule has (as published before any attempt). */
function severitiesKept(serialized: string): void {
  const problems: Problem[] = [];
  JSON.parse(serialized, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && 'ruleId' in value && 'severity' in value) problems.push(value as Problem);
    return value;
  });
  assert.ok(problems.length > 20, 'the baseline holds problems of many rules');
  for (const problem of problems) assert.is(problem.severity, severities.get(problem.ruleId), problem.ruleId);
}

test('the baseline yields errors and warnings of every family', () => {
  severitiesKept(baseline);
  for (const id of ['participants-required', 'identity-key-unknown', 'client-context-length', 'kind-unknown', 'duplicate-key', 'file-encoding', 'http-method', 'docs-unpaired-response', 'exchange-operation-id']) {
    assert.ok(baseline.includes(`"ruleId":"${id}"`), id);
  }
});

test('everything the package exports that the library reads is frozen, all the way down', () => {
  const open: string[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown, path: string): void => {
    if ((typeof value !== 'object' || value === null) && typeof value !== 'function') return;
    if (seen.has(value)) return;
    seen.add(value);
    if (!Object.isFrozen(value)) open.push(path);
    for (const key of Reflect.ownKeys(value as object)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value as object, key) as PropertyDescriptor;
      if ('value' in descriptor) walk(descriptor.value, `${path}.${String(key)}`);
    }
  };
  walk(rules, 'rules');
  walk(kinds, 'kinds');
  assert.equal(open, []);
  assert.ok(seen.size > rules.length * 2, 'rules, their params and their functions were all visited');
});

const participantsRequired = (): Record<string, unknown> => rules.find((rule) => rule.id === 'participants-required') as unknown as Record<string, unknown>;
const firstOfEachFamily = (): Array<Record<string, unknown>> =>
  ['file-encoding', 'kind-unknown', 'kind-mismatch', 'participants-required', 'identity-key-unknown', 'http-method', 'docs-unpaired-response', 'exchange-operation-id'].map(
    (id) => rules.find((rule) => rule.id === id) as unknown as Record<string, unknown>,
  );

/** Each way a caller may try to change what the library reads. Each runs alone; what it throws is ignored. */
const attempts: ReadonlyArray<readonly [string, () => void]> = [
  ['assign severity', () => firstOfEachFamily().forEach((rule) => (rule['severity'] = 'warning'))],
  ['assign id', () => firstOfEachFamily().forEach((rule) => (rule['id'] = 'renamed'))],
  ['assign locate', () => firstOfEachFamily().forEach((rule) => (rule['locate'] = 'key'))],
  ['defineProperty severity', () => firstOfEachFamily().forEach((rule) => Object.defineProperty(rule, 'severity', { value: 'warning' }))],
  ['defineProperty getter', () => Object.defineProperty(participantsRequired(), 'severity', { get: () => 'warning' })],
  ['Reflect.set and Object.assign', () => firstOfEachFamily().forEach((rule) => (Reflect.set(rule, 'severity', 'warning'), Object.assign(rule, { severity: 'warning' })))],
  ['delete severity', () => firstOfEachFamily().forEach((rule) => delete rule['severity'])],
  ['replace a check', () => firstOfEachFamily().forEach((rule) => Object.keys(rule).forEach((key) => typeof rule[key] === 'function' && (rule[key] = () => undefined)))],
  ['change params', () => firstOfEachFamily().forEach((rule) => Object.assign(rule['params'] as object, { injected: 'x' }))],
  ['push, splice and empty the rules list', () => {
    const list = rules as unknown as Array<unknown>;
    try {
      list.push({ id: 'x', severity: 'error' });
    } finally {
      try {
        list.splice(0, list.length);
      } finally {
        list.length = 0;
      }
    }
  }],
  ['replace an element of the rules list', () => ((rules as unknown as Array<unknown>)[0] = { id: 'file-encoding', severity: 'warning' })],
  ['push, sort and empty kinds', () => {
    const list = kinds as unknown as string[];
    try {
      list.push('invite-rquest');
    } finally {
      try {
        list.sort().reverse();
      } finally {
        list.length = 0;
      }
    }
  }],
  ['setPrototypeOf a rule', () => Object.setPrototypeOf(participantsRequired(), { severity: 'warning' })],
  ['__proto__ of a rule', () => ((participantsRequired() as { __proto__: unknown }).__proto__ = { severity: 'warning' })],
  ['setPrototypeOf the lists', () => (Object.setPrototypeOf(rules, { find: () => undefined, map: () => [] }), Object.setPrototypeOf(kinds, { includes: () => true }))],
  ['preventExtensions, seal, freeze again', () => firstOfEachFamily().forEach((rule) => (Object.preventExtensions(rule), Object.seal(rule), Object.freeze(rule)))],
];

for (const [name, attempt] of attempts) {
  test(`trying to ${name} changes no result`, () => {
    try {
      attempt();
    } catch {
      // A frozen object refuses: that is the point.
    }
    const after = results();
    assert.is(after, baseline);
    assert.equal(rules.map((rule) => [rule.id, rule.severity]), [...severities]);
  });
}

/**
 * Properties a caller may set on Object.prototype where the library reads metadata or options: the
 * problems' own fields, and the options of validate() and lint(), which are read as own properties only.
 */
const pollution: Readonly<Record<string, unknown>> = { severity: 'warning', valid: true, params: { x: 'y' }, type: 'page', text: '{}', locate: 'key', ruleId: 'x' };

function polluted<T>(keys: Readonly<Record<string, unknown>>, run: () => T): T {
  try {
    for (const [key, value] of Object.entries(keys)) Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true });
    return run();
  } finally {
    for (const key of Object.keys(keys)) delete (Object.prototype as Record<string, unknown>)[key];
  }
}

test('polluting Object.prototype changes no result, and no option is taken from a prototype', () => {
  assert.is(polluted(pollution, results), baseline);
  polluted({ kind: 'invite-operation' }, () => {
    assert.is(validate({ participants: [] }).kind, null, 'validate: options.kind inherited from Object.prototype is not used');
    assert.is(validate({ participants: [] }, {}).kind, null);
    assert.is(lint({ text: '{"participants":[]}', type: 'payload' }).kind, null, 'lint: request.kind inherited from Object.prototype is not used');
    const http = 'POST https://graph.microsoft.com/v1.0/communications/calls/c/participants/invite\nAuthorization: Bearer t\nContent-Type: application/json\n\n{"participants":[]}';
    assert.is(lint({ text: http, type: 'http' }).kind, 'invite-request', 'an HTTP body takes no kind from Object.prototype');
  });
  assert.is(results(), baseline);
});

test('options inherited from a prototype are refused, not silently used', () => {
  assert.throws(() => validate({}, Object.create({ kind: 'invite-request' }) as object), (error: unknown) => error instanceof TypeError && /options/.test(error.message));
});

// ---------------------------------------------------------------------------------------------------------
// Item 2: every public function × hostile arguments, in a child process bounded by a timeout.

const indexUrl = pathToFileURL(join(packageRoot, 'dist', 'src', 'index.js')).href;

/**
 * The table, run in a child: each public function (with where its argument is, and the name a TypeError
 * must carry) against each hostile value. It prints one line of JSON: the outcome of every call.
 */
const tableScript = `
const lib = await import(${JSON.stringify(indexUrl)});
const boom = () => { throw new RangeError('boom'); };
const trapAll = { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, defineProperty: boom, set: boom, apply: boom };
const revocable = Proxy.revocable({}, {}); revocable.revoke();
const cyclic = { '@odata.type': '#microsoft.graph.commsNotifications', value: [] }; cyclic.value.push(cyclic); cyclic.self = cyclic;
let deep = {}; for (let i = 0; i < 200000; i += 1) deep = { participants: [deep] };
const hostile = {
  undefined: undefined, null: null, zero: 0, nan: NaN, number: 42, bigint: 10n, symbol: Symbol('s'), true: true, string: 'invite-request', empty: '',
  array: [], arrayOfJunk: [1, null, 'x', [], {}], object: {}, unknownKey: { kinde: 'invite-request', typ: 'payload', nam: 'x' },
  getter: Object.defineProperties({}, Object.fromEntries(['kind', 'text', 'type', 'value', 'participants', 'resourceData', 'name', 'length', '0'].map((key) => [key, { get: boom, enumerable: true }]))),
  proxy: new Proxy({}, trapAll), arrayProxy: new Proxy([], trapAll), revoked: revocable.proxy, nullPrototype: Object.create(null), frozen: Object.freeze({ participants: Object.freeze([]) }),
  hugeString: 'x'.repeat(20_000_000), hugeArray: new Array(1_000_000).fill({}), cyclic, deep, date: new Date(0), map: new Map([['kind', 'invite-request']]),
  bytesProxy: new Proxy(new Uint8Array([123, 125]), {}), classInstance: new (class Options { kind = 'invite-request'; })(), func: () => 'invite-request',
};
const calls = {
  validate: [(v) => lib.validate(v), 'value'],
  'validate with kind': [(v) => lib.validate(v, { kind: 'invite-request' }), 'value'],
  'validate options': [(v) => lib.validate({}, v), 'options'],
  'validate options.kind': [(v) => lib.validate({}, { kind: v }), 'kind'],
  lint: [(v) => lib.lint(v), 'request'],
  'lint text': [(v) => lib.lint({ text: v, type: 'payload' }), 'text'],
  'lint type': [(v) => lib.lint({ text: '{}', type: v }), 'type'],
  'lint kind': [(v) => lib.lint({ text: '{}', type: 'http', kind: v }), 'kind'],
  lintExchange: [(v) => lib.lintExchange(v), 'files'],
  'lintExchange file': [(v) => lib.lintExchange([v]), 'files[0]'],
  'lintExchange text': [(v) => lib.lintExchange([{ name: 'request.json', text: v }]), 'files[0]'],
  'lintExchange problems': [(v) => lib.lintExchange([{ name: 'request.json', problems: [v] }]), 'files[0]'],
  isInviteRequest: [(v) => lib.isInviteRequest(v), 'value'],
  isInviteOperation: [(v) => lib.isInviteOperation(v), 'value'],
  isCommsNotifications: [(v) => lib.isCommsNotifications(v), 'value'],
  assertInviteRequest: [(v) => lib.assertInviteRequest(v), 'value'],
  assertInviteOperation: [(v) => lib.assertInviteOperation(v), 'value'],
  assertCommsNotifications: [(v) => lib.assertCommsNotifications(v), 'value'],
  parseCommsNotifications: [(v) => lib.parseCommsNotifications(v), 'body'],
  classifyNotification: [(v) => lib.classifyNotification(v), 'notification'],
  classifyNotifications: [(v) => lib.classifyNotifications(v), 'batch'],
  'classifyNotifications value': [(v) => lib.classifyNotifications({ value: v }), 'batch'],
  'classifyNotifications item': [(v) => lib.classifyNotifications([v]), 'batch[0]'],
  isKind: [(v) => lib.isKind(v), 'value'],
  parseInviteResponse: [(v) => lib.parseInviteResponse(v), 'response'],
  'parseInviteResponse body': [(v) => lib.parseInviteResponse({ status: 200, body: v }), 'response'],
  'parseInviteResponse headers': [(v) => lib.parseInviteResponse({ status: 200, headers: v, body: '{}' }), 'response'],
  graphErrorOf: [(v) => lib.graphErrorOf(v), 'value'],
  checkExchange: [(v) => lib.checkExchange(v), 'parts'],
  'checkExchange part': [(v) => lib.checkExchange({ response: v, notifications: [v] }), 'parts'],
  createCallbackKeyStore: [(v) => lib.createCallbackKeyStore(v), 'options'],
  verifyCallbackToken: [(v) => lib.verifyCallbackToken(v, { appId: 'a', keys: { keys: [] } }), 'authorization'],
  'verifyCallbackToken options': [(v) => lib.verifyCallbackToken('Bearer a.b.c', v), 'options'],
  createInviteTracker: [(v) => lib.createInviteTracker(v), 'options'],
};
const outcomes = [];
for (const [call, [run, name]] of Object.entries(calls)) {
  for (const [argument, value] of Object.entries(hostile)) {
    let outcome;
    try {
      // verifyCallbackToken is asynchronous: what it rejects with counts as what it throws.
      await run(value);
      outcome = 'result';
    } catch (error) {
      // Only what the library promises is read off the error: a TypeError's message, a ContractError's name.
      if (error instanceof lib.ContractError) outcome = 'ContractError';
      else if (error instanceof TypeError) outcome = error.message.startsWith(call.split(' ')[0] + ': ') && error.message.includes(name) ? 'TypeError naming it' : 'TypeError: ' + error.message;
      else outcome = 'other: ' + Object.prototype.toString.call(error);
    }
    outcomes.push({ call, argument, outcome });
  }
}
process.stdout.write(JSON.stringify(outcomes));
`;

interface Outcome {
  readonly call: string;
  readonly argument: string;
  readonly outcome: string;
}

let table: Outcome[] | undefined;

function runTable(): Outcome[] {
  if (table !== undefined) return table;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', tableScript], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  assert.is(run.error, undefined, 'the table ran within its time limit');
  assert.is(run.stderr, '', 'nothing on stderr');
  assert.is(run.status, 0);
  table = JSON.parse(run.stdout) as Outcome[];
  return table;
}

test('every public function × hostile arguments: a result or a TypeError naming the argument, never another error, never a hang', () => {
  const outcomes = runTable();
  assert.ok(outcomes.length > 500, `${outcomes.length} calls`);
  const allowed = (entry: Outcome): boolean =>
    entry.outcome === 'result' || entry.outcome === 'TypeError naming it' || (entry.outcome === 'ContractError' && entry.call.startsWith('assert'));
  assert.equal(outcomes.filter((entry) => !allowed(entry)), []);
});

test('the table covers every function the package exports', () => {
  const functions = Object.entries(library)
    .filter(([, value]) => typeof value === 'function' && value !== library.ContractError)
    .map(([name]) => name)
    .sort();
  const called = [...new Set(runTable().map((entry) => entry.call.split(' ')[0] as string))].sort();
  assert.equal(called, functions);
});

const outcomeOf = (call: string, argument: string): string | undefined => runTable().find((entry) => entry.call === call && entry.argument === argument)?.outcome;

test('the options of the wrong type that were ignored or threw raw errors are TypeErrors naming them', () => {
  // validate(v, 'invite-request') used to validate as if no kind were given; classifyNotifications(undefined) threw "Cannot read properties".
  assert.is(outcomeOf('validate options', 'string'), 'TypeError naming it');
  assert.is(outcomeOf('classifyNotifications', 'undefined'), 'TypeError naming it');
  assert.is(outcomeOf('lint', 'undefined'), 'TypeError naming it');
  assert.is(outcomeOf('lintExchange', 'undefined'), 'TypeError naming it');
  assert.is(outcomeOf('classifyNotification', 'null'), 'TypeError naming it');
  // Getters and Proxies that throw, in the value itself: a TypeError, not the getter's RangeError.
  for (const call of ['validate with kind', 'isInviteRequest', 'assertCommsNotifications', 'classifyNotifications']) {
    assert.is(outcomeOf(call, 'getter'), 'TypeError naming it', call);
    assert.is(outcomeOf(call, 'proxy'), 'TypeError naming it', call);
  }
  assert.is(outcomeOf('parseCommsNotifications', 'bytesProxy'), 'TypeError naming it');
});

test('a misspelt option key is a TypeError naming the key, not ignored', () => {
  const named = (run: () => unknown, key: string): void => {
    try {
      run();
      assert.unreachable(`${key} was ignored`);
    } catch (error) {
      assert.instance(error, TypeError);
      assert.ok((error as TypeError).message.includes(key), (error as TypeError).message);
    }
  };
  named(() => validate({}, { kinde: 'invite-request' } as never), 'kinde');
  named(() => lint({ text: '{}', type: 'payload', knd: 'invite-request' } as never), 'knd');
  named(() => lintExchange([{ name: 'request.json', text: '{}', txt: '' } as never]), 'txt');
  named(() => validate({}, { kind: 'invite-rquest' } as never), 'kind');
});

test('arguments that are right are still taken: frozen and null-prototype options, Buffers, readonly arrays', () => {
  const nullPrototype = Object.assign(Object.create(null) as object, { kind: 'invite-request' as const });
  assert.is(validate({}, nullPrototype).kind, 'invite-request');
  assert.is(validate({}, Object.freeze({ kind: 'invite-operation' })).kind, 'invite-operation');
  assert.is(validate({}, { kind: undefined } as unknown as ValidateOptions).kind, null);
  assert.is(lint(Object.freeze({ text: Buffer.from('{"participants":[]}'), type: 'payload', kind: 'invite-request' } as const)).kind, 'invite-request');
  assert.is(lintExchange(Object.freeze([Object.freeze({ name: 'request.json', text: '{}' })])).files.length, 1);
});

test('every public function documents the TypeError it throws', () => {
  const sources = ['src/api/arguments.ts', 'src/api/guards.ts', 'src/api/notifications.ts', 'src/api/invite-response.ts', 'src/api/check-exchange.ts', 'src/api/callback-token.ts', 'src/lint/lint.ts', 'src/model/kind.ts', 'src/api/tracker.ts'].map((file) => readFileSync(join(packageRoot, file), 'utf8')).join('\n');
  const functions = Object.entries(library).filter(([, value]) => typeof value === 'function' && value !== library.ContractError).map(([name]) => name);
  for (const name of functions) {
    const doc = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export (?:async )?function ${name}\\(`).exec(sources);
    assert.ok(doc, `${name} has a JSDoc comment`);
    const text = doc[1] as string;
    assert.ok(/@throws \{TypeError\}|throws as isInviteRequest|throw only a TypeError|never throws/.test(text), `${name} documents what it throws`);
  }
});

test.run();
