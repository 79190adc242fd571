/**
 * Safety: payload keys never change prototypes; the regular expressions applied to payload strings (and
 * to file paths) run in linear time on long adversarial input, as does the handling of payloads with many
 * problems; input files are byte-identical after a run; generated files are written atomically.
 *
 * Timing is judged by growth, never by absolute durations: each case runs on an input of size n and of
 * size 10n, and fails when the time grows more than 40-fold (linear growth is about 10-fold, quadratic
 * about 100-fold). Time is the CPU time of the process, not the wall clock, so that other processes on a
 * busy machine do not count, and short rounds are enough. The groups of cases run in a worker thread
 * that is stopped after a time limit, so a catastrophic case fails the test instead of hanging it.
 *
 * The regression tests below each guard a defect these tests once found (see each note).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { contractFormats, isUriReference } from '../src/validate/formats.js';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generatedFiles, runGenerator, scratchCopy, setMediaStreamLabel } from './generator.js';
import { sampleFolders, samplesDir } from './samples.js';
import { kinds, type Kind } from '../src/model/kind.js';
import { lint } from '../src/lint/lint.js';
import { packageRoot } from '../src/paths.js';
import * as guards from '../src/api/guards.js';
import { compilePattern } from '../src/cli/config/path-pattern.js';
import { canonicalResource, isAppPath, parseResourcePath } from '../src/contract/resource-path.js';
import { loadSchemaFiles } from '../scripts/schema-registry.js';
import { validate } from '../src/validate/validate.js';
import { fileCases, isObject, payloadOf } from './arbitraries.js';
import { runCli, spawnCli } from './cli-harness.js';

// ---------------------------------------------------------------------------------------------------------
// Growth measurements

interface Case {
  readonly name: string;
  /** Sizes of the two runs; the second is ten times the first. */
  readonly size: number;
  /** Builds the input of size n outside the timing, and returns the work to time. */
  readonly prepare: (n: number) => () => unknown;
}

interface Growth {
  readonly name: string;
  readonly small: number;
  readonly large: number;
  readonly ratio: number;
}

/** Largest acceptable growth for a tenfold input: linear is ~10, n log n ~13, quadratic ~100. */
const maxGrowth = 40;

/** A case over the limit is measured again this many times; only a growth seen every time fails. */
const remeasures = 2;

/**
 * CPU milliseconds the process has used. Unlike the wall clock it leaves out the time the process waits
 * for a core, which on a shared machine can be many times a short round's length; the main thread of the
 * test is idle while a worker measures, so this is the measuring thread's time (and its garbage collection).
 */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Milliseconds per call: one call when it is slow, else the best of `rounds` rounds of at least 1 ms. A
 * first call of 1 ms or more is a round already (the loop would make it a round of one call).
 *
 * The clock is read between batches of calls, each batch twice the last until one takes a twentieth of a
 * round (a call of 50 µs or more is a batch of its own). A reading is a system call of some 0.4 µs: read
 * after every call, it was most of what a call of a few hundred nanoseconds measured, and hid its growth
 * (the second quadratic control).
 */
async function perCall(work: () => unknown, rounds: number): Promise<number> {
  const once = cpuNow();
  const first = work();
  if (first instanceof Promise) await first;
  const single = cpuNow() - once;
  if (single > 50) return single;
  const firstIsRound = single >= 1;
  let best = firstIsRound ? single : Number.POSITIVE_INFINITY;
  let batch = 1;
  for (let round = firstIsRound ? 1 : 0; round < rounds; round += 1) {
    let calls = 0;
    const start = cpuNow();
    let elapsed = 0;
    do {
      for (let call = 0; call < batch; call += 1) {
        const result = work();
        if (result instanceof Promise) await result;
      }
      calls += batch;
      const before = elapsed;
      elapsed = cpuNow() - start;
      if (elapsed - before < 0.05) batch *= 2;
    } while (elapsed < 1);
    best = Math.min(best, elapsed / calls);
  }
  return best;
}

/**
 * Rounds for the small input. Code still being optimized reads ten times slower a call (a function not
 * run before takes some 3 ms here until V8's optimized code runs it): the best of five rounds outlasts it.
 */
const smallRounds = 5;

/**
 * The two calls of `prepare` make closures of one function literal, which share V8's feedback and optimized
 * code. The large input runs once before the small one is timed: a long call gets its loops optimized, so
 * the small input is not timed on code still cold, which reads slow and made growth look slower than it is
 * (the quadratic control read linear in some runs). Groups built anew for a second measurement take their
 * functions from the module where they can (the controls do), so that those are not cold again.
 */
async function measure(c: Case): Promise<Growth> {
  const small = c.prepare(c.size);
  const large = c.prepare(c.size * 10);
  // A few calls first: a regular expression is compiled to machine code on its first run.
  for (const warm of [small, small, small, large]) {
    const result = warm();
    if (result instanceof Promise) await result;
  }
  const smallTime = await perCall(small, smallRounds);
  const largeTime = await perCall(large, 3);
  return { name: c.name, small: smallTime, large: largeTime, ratio: largeTime / Math.max(smallTime, 1e-6) };
}

/** A string of about n characters: the unit repeated, between a prefix and a suffix. */
function pumped(prefix: string, unit: string, suffix: string, n: number): string {
  return `${prefix}${unit.repeat(Math.max(1, Math.ceil(n / unit.length)))}${suffix}`;
}

function regexCases(label: string, regex: { test(input: string): boolean }, prefixes: readonly string[], units: readonly string[], suffixes: readonly string[], size = 10_000): Case[] {
  return prefixes.flatMap((prefix) =>
    units.flatMap((unit) =>
      suffixes.map((suffix) => ({
        name: `${label} on ${JSON.stringify(prefix)} + ${JSON.stringify(unit)}×n + ${JSON.stringify(suffix)}`,
        size,
        prepare: (n: number) => {
          const input = pumped(prefix, unit, suffix, n);
          return () => regex.test(input);
        },
      })),
    ),
  );
}

/** Every pattern keyword of the schemas, inside if conditions too, compiled as ajv compiles them. */
function schemaPatterns(): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'pattern' && typeof value === 'string') found.add(value);
        else visit(value);
      }
    }
  };
  for (const { schema } of loadSchemaFiles()) visit(schema);
  return [...found].sort();
}


/** The project's config patterns and the README's: the globs the CLI matches file paths against. */
function configPatterns(): string[] {
  const config = JSON.parse(readFileSync(join(packageRoot, 'graph-invite-contract.config.json'), 'utf8')) as { kinds: Record<string, string>; ignore: string[] };
  return [...new Set([...Object.keys(config.kinds), ...config.ignore, '**/*.request.json', '**/*.notification*.json', '**/*.expected.json'])];
}

/** A notification batch that puts one string in every field a rule or a pattern reads. */
function everywhere(s: string): unknown {
  return {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        changeType: s,
        resourceUrl: s,
        resource: s,
        resourceData: {
          '@odata.type': s,
          id: s,
          status: s,
          clientContext: s,
          participants: [{ identity: { '@odata.type': s, phone: { id: s }, user: { '@odata.type': s, id: s, tenantId: s } } }],
        },
      },
      {
        changeType: 'updated',
        resource: s,
        resourceUrl: `/communications/calls/${s}/participants`,
        resourceData: [
          {
            info: { identity: { phone: { '@odata.type': s, id: s } }, countryCode: s },
            restrictedExperience: { contentSharingDisabled: s, videoDisabled: s },
          },
        ],
      },
      { changeType: 'updated', resourceUrl: s, resourceData: { '@odata.type': `${s}deltaParticipants`, id: s, participants: [] } },
    ],
  };
}

const payloadUnits = ['a', '/', ' ', '+1', '%', '%0', 'watermarkProtection,', 'watermarkProtection, ', '/communications/calls/', 'https://', 'deltaParticipants', '0', 'A', '\u00e9', '😀'];

/** One broken participant: a string where the user identity belongs, and so an empty identity set. */
function brokenParticipants(n: number): unknown {
  return {
    '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
    id: 'op',
    status: 'running',
    participants: Array.from({ length: n }, () => ({ identity: { user: 'x' } })),
  };
}

/** A one-line (minified) notification batch whose n notifications each miss their changeType. */
function minifiedWithProblems(n: number): string {
  return JSON.stringify({
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: Array.from({ length: n }, (_, i) => ({ resourceUrl: `/communications/calls/c/operations/op-${i}` })),
  });
}

/**
 * The controls' work: a sum over n items, and over every pair of them. Plain loops, made by functions of
 * the module so that every measurement of a control runs the same, by then optimized, code (with reduce,
 * a call's speed hung on whether V8 had inlined the callbacks yet, and the quadratic control read linear
 * in some runs).
 */
function controlSum(n: number): () => number {
  const items = Array.from({ length: n }, (_, i) => i);
  return () => {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += (items[i] as number) ^ 7;
    return sum;
  };
}

function pairSum(n: number): () => number {
  const items = Array.from({ length: n }, (_, i) => i);
  return () => {
    let sum = 0;
    for (let i = 0; i < n; i += 1) for (let j = 0; j < n; j += 1) sum += (items[i] as number) ^ (items[j] as number);
    return sum;
  };
}

/** The groups of cases; each runs in its own worker under a time limit. */
const groups: Readonly<Record<string, () => Promise<Case[]>>> = {
  // Controls of the measure itself (controlSum, pairSum).
  'linear control': async () => [{ name: 'a sum over n items', size: 2_000, prepare: controlSum }],
  'quadratic control': async () => [
    { name: 'a sum over every pair of n items', size: 200, prepare: pairSum },
    // A call shorter than a reading of the clock at size n (0.3 µs against 2 µs for process.cpuUsage here).
    // At 8 items a fresh worker's first reading was some 68-fold, near enough the limit that a busy machine
    // once read it linear; at 16 it reads some 85-fold.
    { name: 'a sum over every pair of a few items', size: 16, prepare: pairSum },
  ],
  'schema patterns': async () =>
    schemaPatterns().flatMap((pattern) => {
      const words = [...new Set(pattern.match(/[A-Za-z]{3,}/g) ?? [])];
      const units = [...words, ...words.map((w) => `${w},`), ...words.map((w) => `${w}, `), 'a', ',', ' '];
      return regexCases(`/${pattern}/u`, new RegExp(pattern, 'u'), [''], units, ['', '!']);
    }),
  'uri-reference format': async () =>
    // Both of its patterns: the plain-path one answers for inputs without the suffix, ajv-formats' for the rest.
    regexCases('uri-reference', { test: isUriReference }, ['', '//', 'a:', '//[', '?', '//a:', 'https://a'], ['a', '/', 'a/', '/a', '%00', '%', '0:', '1.', '@', ':1', 'a@'], ['', ' ']),
  'resource paths': async () => [
    ...[
      ['', 'a', ''],
      ['https://', 'a', ''],
      ['https://a', '/beta', '/x'],
      ['/communications/calls/', 'a', '/x/y/z'],
      ['/communications/calls/', 'a/', ' '],
      ['/communications/calls/c/', 'operations/', ''],
      ['/communications/calls/c/operations/', '?', ''],
      ['', '/', 'x'],
    ].flatMap(([prefix = '', unit = '', suffix = '']) => [
      { name: `parseResourcePath on ${JSON.stringify(prefix)} + ${JSON.stringify(unit)}×n + ${JSON.stringify(suffix)}`, size: 10_000, prepare: (n: number) => { const s = pumped(prefix, unit, suffix, n); return () => parseResourcePath(s); } },
      { name: `isAppPath on ${JSON.stringify(prefix)} + ${JSON.stringify(unit)}×n + ${JSON.stringify(suffix)}`, size: 10_000, prepare: (n: number) => { const s = pumped(prefix, unit, suffix, n); return () => isAppPath(s); } },
    ]),
    ...[
      ['', '/', 'x'],
      ['', ' ', 'x'],
      ['/app/', '/', ' x'],
      ['', '/ ', 'x'],
      ['/APP/', 'A/', ''],
    ].map(([prefix = '', unit = '', suffix = '']) => ({
      name: `canonicalResource on ${JSON.stringify(prefix)} + ${JSON.stringify(unit)}×n + ${JSON.stringify(suffix)}`,
      size: 10_000,
      prepare: (n: number) => {
        const s = pumped(prefix, unit, suffix, n);
        return () => canonicalResource(s);
      },
    })),
  ],
  'validate() on long strings in every field': async () =>
    payloadUnits.flatMap((unit) =>
      ['', '!'].map((suffix) => ({
        name: `validate with ${JSON.stringify(unit)}×n + ${JSON.stringify(suffix)} in every string field`,
        size: 10_000,
        prepare: (n: number) => {
          const payload = everywhere(pumped('', unit, suffix, n));
          return () => validate(payload, { kind: 'comms-notifications' });
        },
      })),
    ),
  'lint() on long and repetitive text': async () => [
    ...['a', ' ', '\\u0041', '1234567890123456', '\\"', 'e999'].map((unit) => ({
      name: `lint() with a string of ${JSON.stringify(unit)}×n`,
      size: 10_000,
      prepare: (n: number) => {
        const s = pumped('', unit, '', n);
        const text = `{"participants":[{"identity":{"user":{"id":"${s}"}}}],"clientContext":"${s}"}`;
        return () => lint({ text: text, type: 'payload', kind: 'invite-request' });
      },
    })),
    ...[
      ['{"participants":', ' ', '[]}'],
      ['{"participants":[', '{"identity":{"user":{}}},', '{"identity":{"user":{}}}]}'],
      ['{"a":[', '"" :', '1]}'],
      ['{"participants":[', '{"identity":{"user":{}},"identity":{"user":{}}},', '{}]}'],
      ['[', '123456789012345678,', '1]'],
    ].map(([prefix = '', unit = '', suffix = '']) => ({
      name: `lint() on ${JSON.stringify(prefix)} + ${JSON.stringify(unit)}×n + ${JSON.stringify(suffix)}`,
      size: 10_000,
      prepare: (n: number) => {
        const text = pumped(prefix, unit, suffix, n);
        return () => lint({ text: text, type: 'payload', kind: 'invite-request' });
      },
    })),
    {
      // Each number past int64 is placed for its value-range error (src/validate/exact-ranges.ts): one pass
      // over the text for all of them, where a pass each made 5,000 of them take 18 s.
      name: 'lint() of a roster whose n participants carry a number past int64',
      size: 100,
      prepare: (n: number) => {
        // A long undeclared string in each: the text grows faster than the checks' work, so that work
        // done once per number over the whole text shows as quadratic, not hidden by the linear checks.
        const participant = `{"id":"p","isInLobby":false,"isMuted":false,"info":{"identity":{"user":{"id":"u"}}},"note":"${'x'.repeat(2_000)}","rosterSequenceNumber":9223372036854775808}`;
        const text = `{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/c1/participants","resourceData":[${Array.from({ length: n }, () => participant).join(',\n')}]}]}`;
        return () => lint({ text, type: 'payload', kind: 'comms-notifications', maxProblems: 1_000_000 });
      },
    },
    {
      name: 'lint() of a one-line payload with n warnings',
      size: 1_000,
      prepare: (n: number) => {
        const text = JSON.stringify({ participants: Array.from({ length: n }, () => ({ identity: { user: { id: 'u', identityProvider: 'AAD' } } })) });
        return () => lint({ text: text, type: 'payload', kind: 'invite-operation' });
      },
    },
  ],
  'validate() with many failing array items': async () => [
    {
      name: 'validate an operation whose n participants are numbers',
      size: 2_000,
      prepare: (n: number) => {
        const payload = { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'op', status: 'running', participants: Array.from({ length: n }, () => 1) };
        return () => validate(payload, { kind: 'invite-operation' });
      },
    },
    {
      name: 'validate a notification batch whose n notifications are numbers',
      size: 2_000,
      prepare: (n: number) => {
        const payload = { '@odata.type': '#microsoft.graph.commsNotifications', value: Array.from({ length: n }, () => 1) };
        return () => validate(payload, { kind: 'comms-notifications' });
      },
    },
  ],
  'schemaProblems() with many nullable-branch errors': async () => {
    const { schemaProblems } = await import('../src/validate/schema-problems.js');
    return [
      {
        name: 'schemaProblems on the ajv errors of n participants whose user identity is a string',
        size: 300,
        prepare: (n: number) => {
          const payload = brokenParticipants(n);
          // The errors ajv reports for {"identity":{"user":"x"}}, built here so only the mapping is timed.
          const errors = Array.from({ length: n }, (_, i) => {
            const instancePath = `/participants/${i}/identity/user`;
            return [
              { instancePath, schemaPath: 'identity.schema.json/type', keyword: 'type', params: { type: 'object' }, message: 'must be object' },
              { instancePath, schemaPath: '#/properties/user/anyOf/1/type', keyword: 'type', params: { type: 'null' }, message: 'must be null' },
              { instancePath, schemaPath: '#/properties/user/anyOf', keyword: 'anyOf', params: {}, message: 'must match a schema in anyOf' },
            ];
          }).flat();
          return () => schemaProblems(errors, payload, 'invite-operation');
        },
      },
    ];
  },
  'stylish report of a one-line file with many problems': async () => {
    const { stylish } = await import('../src/cli/formatters/stylish.js');
    const { rules } = await import('../src/rules/index.js');
    const { summarize } = await import('../src/model/report.js');
    return [
      {
        name: 'stylish with n problems on one line',
        size: 100,
        prepare: (n: number) => {
          // The report is built outside the timing: only the formatter is measured.
          const text = minifiedWithProblems(n);
          const files = [{ path: 'batch.json', ...lint({ text, type: 'payload', kind: 'comms-notifications' }) }];
          return () => stylish({ files, summary: summarize(files) }, { color: false, rules, toolVersion: '0.0.0' });
        },
      },
    ];
  },
  'config path patterns': async () => {
    const patterns = configPatterns().map((pattern) => compilePattern(pattern));
    return ['a/', 'a', '.notification', '.notification.json', '.json', 'node_modules/', '.request.json', '/'].map((unit) => ({
      name: `the config patterns on ${JSON.stringify(unit)}×n + "!"`,
      size: 10_000,
      prepare: (n: number) => {
        const path = pumped('', unit, '!', n);
        return () => patterns.map((pattern) => pattern.test(path));
      },
    }));
  },
};

// ---------------------------------------------------------------------------------------------------------
// Worker side: measures the groups it is sent, one after another, and reports back.

if (!isMainThread) {
  parentPort?.on('message', (group: string) => {
    void (async () => {
      const make = groups[group];
      if (make === undefined) throw new Error(`no group ${group}`);
      const results: Growth[] = [];
      for (const c of await make()) results.push(await measure(c));
      parentPort?.postMessage(results);
    })();
  });
}

/** The measuring worker, kept from group to group (starting one costs more than most groups); gone after a time-out. */
let measurer: Worker | undefined;

/** Measures a group in the worker; undefined when it does not finish in time. */
function measureGroup(group: string, limitMs: number): Promise<Growth[] | undefined> {
  const worker = (measurer ??= new Worker(new URL(import.meta.url)));
  // Held while it measures; idle, it must not keep the test process alive.
  worker.ref();
  return new Promise((resolve, reject) => {
    const settle = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    const drop = (): void => {
      if (measurer === worker) measurer = undefined;
      void worker.terminate();
    };
    const onMessage = (results: Growth[]): void => {
      settle();
      worker.unref();
      resolve(results);
    };
    const onError = (error: Error): void => {
      settle();
      drop();
      reject(error);
    };
    const timer = setTimeout(() => {
      settle();
      drop();
      resolve(undefined);
    }, limitMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.postMessage(group);
  });
}

async function assertLinear(group: string, limitMs = 30_000): Promise<void> {
  const results = await measureGroup(group, limitMs);
  assert.ok(results !== undefined, `${group}: the cases did not finish within ${limitMs / 1000} s: some grow far faster than linearly`);
  // Timing is noisy even in CPU time (caches, garbage collection, a busy machine): a case fails only if every
  // measurement of it grows too fast (a quadratic case grows ~100-fold every time; a linear one exceeds the limit by chance).
  let slow = results.filter((r) => r.ratio > maxGrowth);
  for (let attempt = 0; attempt < remeasures && slow.length > 0; attempt += 1) {
    const again = await measureGroup(group, limitMs);
    if (again === undefined) break;
    slow = slow.filter((r) => (again.find((a) => a.name === r.name)?.ratio ?? r.ratio) > maxGrowth);
  }
  assert.equal(
    slow.map((r) => `${r.name}: ${r.small.toFixed(3)} ms -> ${r.large.toFixed(3)} ms (x${r.ratio.toFixed(0)} for x10 input)`),
    [],
    `${group}: time grows faster than linearly`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Main thread: the tests.

if (isMainThread) {
  /** Names and values of every own property of the built-in prototypes a payload key could reach. */
  function prototypeState(): string {
    const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype];
    return prototypes
      .map((proto) =>
        Object.getOwnPropertyNames(proto)
          .sort()
          .map((name) => `${name}:${typeof Object.getOwnPropertyDescriptor(proto, name)?.value}`)
          .join(','),
      )
      .join('|');
  }

  /** Every object of a parsed payload still has the plain prototype, and __proto__ keys stay own data. */
  function assertPlain(value: unknown, path = ''): void {
    if (Array.isArray(value)) {
      assert.is(Object.getPrototypeOf(value), Array.prototype, `${path} lost its prototype`);
      value.forEach((item, index) => assertPlain(item, `${path}/${index}`));
    } else if (value !== null && typeof value === 'object') {
      assert.is(Object.getPrototypeOf(value), Object.prototype, `${path} lost its prototype`);
      for (const key of Object.keys(value)) assertPlain((value as Record<string, unknown>)[key], `${path}/${key}`);
    }
  }

  const hostile: ReadonlyArray<readonly [Kind, string]> = [
    [
      'invite-request',
      '{"__proto__":{"polluted":"yes","participants":[]},"constructor":{"prototype":{"polluted":"yes"}},"participants":[{"__proto__":{"identity":{"user":{"id":"x"}}},"identity":{"__proto__":{"user":{}},"user":{"__proto__":{"id":"+1"},"id":"u1","constructor":{"prototype":{"polluted":"yes"}}}},"prototype":{"polluted":"yes"}}]}',
    ],
    [
      'invite-operation',
      '{"@odata.type":"#microsoft.graph.inviteParticipantsOperation","__proto__":{"status":"running","polluted":"yes"},"id":"op","status":"running","resultInfo":{"__proto__":{"code":1},"code":2},"participants":[{"identity":{"phone":{"__proto__":{"id":"bad"},"id":"+12345678901"}},"__proto__":[]}]}',
    ],
    [
      'comms-notifications',
      '{"@odata.type":"#microsoft.graph.commsNotifications","__proto__":{"value":[]},"value":[{"__proto__":{"changeType":"deleted"},"changeType":"updated","resourceUrl":"/communications/calls/c/participants","resourceData":[{"__proto__":{"info":null},"info":{"__proto__":{"identity":{}},"identity":{"user":{"id":"u","__proto__":{"polluted":"yes"}}}},"constructor":{"prototype":{"polluted":"yes"}},"restrictedExperience":{"__proto__":{"videoDisabled":"x"}}}]},{"changeType":"deleted","resourceUrl":"/communications/calls/c/operations/o","resourceData":{"__proto__":{"@odata.type":"#microsoft.graph.deltaParticipants"},"id":"o","status":"completed"}}]}',
    ],
  ];

  test('payload keys such as __proto__ and constructor never change a prototype (validate, lint, guards)', async () => {
    const before = prototypeState();
    assert.ok(Object.values(guards).some((guard) => typeof guard === 'function'), 'the guards are checked too');
    for (const [kind, text] of hostile) {
      const payload: unknown = JSON.parse(text);
      const copy = JSON.stringify(payload);
      validate(payload, { kind });
      validate(payload);
      lint({ text, type: 'payload', kind });
      lint({ text, type: 'payload', kind: undefined });
      for (const [name, guard] of Object.entries(guards)) {
        if (typeof guard !== 'function' || /^[A-Z]/.test(name)) continue;
        for (const argument of [payload, text]) {
          try {
            const result: unknown = (guard as (value: unknown) => unknown)(argument);
            if (result instanceof Promise) await result.catch(() => undefined);
          } catch {
            // Refusing the payload is fine; changing a prototype is not.
          }
        }
      }
      assert.is(JSON.stringify(payload), copy, `${kind}: the payload changed`);
      assertPlain(payload);
      assert.ok(Object.hasOwn(payload as object, '__proto__'), `${kind}: the __proto__ key is no longer own data`);
    }
    assert.is(({} as Record<string, unknown>)['polluted'], undefined);
    assert.is(prototypeState(), before);
  });

  test('the own __proto__ key is read as data: it neither hides nor supplies contract properties', () => {
    const [, requestText] = hostile[0] as readonly [Kind, string];
    const result = validate(JSON.parse(requestText), { kind: 'invite-request' });
    // The body's own __proto__ and constructor keys are keys like any other: no parameters of invite.
    assert.equal(result.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.pointer}`), ['request-parameter-unknown /__proto__', 'request-parameter-unknown /constructor']);
    const shadowed = validate(JSON.parse('{"__proto__":{"participants":[{"identity":{"user":{"id":"u"}}}]}}'), { kind: 'invite-request' });
    assert.equal(shadowed.problems.map((p) => `${p.ruleId} ${p.pointer}`), ['participants-required ', 'request-parameter-unknown /__proto__']);
  });

  test('generated payloads with undeclared keys keep plain prototypes through validate', () => {
    const before = prototypeState();
    for (const { kind, payload } of fc.sample(payloadOf(...kinds), { seed: 0x5afe, numRuns: 100 })) {
      validate(payload, { kind });
      assertPlain(payload);
    }
    assert.is(prototypeState(), before);
  });

  test('the uri-reference check tested is the one the generated validators apply, and so are the patterns', () => {
    const generated = readFileSync(join(packageRoot, 'generated', 'validators.js'), 'utf8');
    // The validators take their formats as an argument; src/validate/validate.ts passes contractFormats.
    assert.ok(generated.includes('export function createValidators(contractFormats, budget = '), 'generated/validators.js does not take its formats');
    assert.ok(generated.includes('contractFormats["uri-reference"]'), 'generated/validators.js does not apply the uri-reference format');
    const validateSource = readFileSync(join(packageRoot, 'src', 'validate', 'validate.ts'), 'utf8');
    assert.ok(validateSource.includes('createValidators(contractFormats, findingsBudget)'), 'validate() does not give the validators contractFormats');
    assert.is(contractFormats['uri-reference'].validate, isUriReference);
    for (const pattern of schemaPatterns()) assert.ok(generated.includes(JSON.stringify(pattern)), `generated/validators.js does not apply ${pattern}`);
  });

  test('the growth measure passes a linear control and fails a quadratic one', async () => {
    await assertLinear('linear control');
    const failure = await assertLinear('quadratic control').then(() => undefined, (error: unknown) => error);
    assert.instance(failure, Error, 'a quadratic case passed as linear');
    assert.match((failure as Error).message, 'quadratic control: time grows faster than linearly');
    // Both: the one whose calls take less time than reading the clock too.
    const failed = (failure as { actual?: unknown }).actual;
    assert.ok(Array.isArray(failed) && failed.length === 2, JSON.stringify(failed));
  });

  test('every pattern of the schemas runs in linear time on long adversarial input', () => assertLinear('schema patterns'));
  test('the uri-reference format runs in linear time on long adversarial input', () => assertLinear('uri-reference format'));
  test('resource path parsing (src/contract/resource-path.ts) runs in linear time', () => assertLinear('resource paths'));
  test('validate() runs in linear time with long strings in every field (phone, status, flags, paths...)', () => assertLinear('validate() on long strings in every field'));
  test('lint() runs in linear time on long and repetitive text', () => assertLinear('lint() on long and repetitive text'));

  /*
   * Regression: generated/validators.js (ajv 8 standalone code, written by scripts/generate.ts). After every
   * failing call of a referenced schema's validator it ran vErrors = vErrors.concat(validateN.errors),
   * copying every error found so far: O(errors^2); the generator now appends in place. An operation whose participants are 20,000 numbers
   * (40 KB) takes 0.6 s to validate, 80,000 numbers (160 KB) 15 s; a 1 MB body of them, many minutes.
   */
  test('validate() runs in linear time in the number of failing array items', () => assertLinear('validate() with many failing array items', 60_000));

  /*
   * Regression: src/validate/schema-problems.ts, collapseNullableBranches. For every anyOf error it filtered the whole
   * error list twice (nullBranch, rest): O(errors^2); errors are now indexed by path. The errors of 16,000 participants with
   * {"identity":{"user":"x"}} (a 400 KB body) take 28 s to map, 4,000 take 1.5 s.
   */
  test('schemaProblems() runs in linear time in the number of ajv errors', () => assertLinear('schemaProblems() with many nullable-branch errors', 60_000));

  /*
   * Regression: src/cli/formatters/stylish.ts, codeFrame. Every problem converted its whole source line to
   * cells (toCells) and clipped all of them (clip): O(problems x line length); only a window is drawn now. A minified 200 KB batch with
   * 4,000 problems takes 79 s with the default format (0.26 s with --format json).
   */
  test('the stylish report runs in linear time for a one-line file with many problems', () =>
    assertLinear('stylish report of a one-line file with many problems', 60_000));

  /*
   * Regression: the config's first pattern matcher compiled "**\/*.notification*.json" (the project's own
   * config) to ^(?:[^/]*\/)*[^/]*\.notification[^/]*\.json$, whose two [^/]* in one segment backtrack
   * quadratically on a segment such as ".notification" repeated. Config patterns now match as glob does
   * (src/cli/config/path-pattern.ts), and must stay linear on long paths.
   */
  test('config path patterns (src/cli/config/path-pattern.ts) run in linear time on long paths', () => assertLinear('config path patterns'));

  // -------------------------------------------------------------------------------------------------------
  // Input files

  function fingerprint(dir: string): Map<string, string> {
    const found = new Map<string, string>();
    const walk = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else {
          const stat = statSync(path);
          const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
          found.set(path, `${hash} ${stat.mtimeMs} ${stat.mode}`);
        }
      }
    };
    walk(dir);
    return found;
  }

  test('input files are byte-identical (and untouched) after a run, in every format', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gic-safety-'));
    try {
      const inputs = join(root, 'inputs');
      for (const folder of sampleFolders) cpSync(join(samplesDir, folder), join(inputs, folder), { recursive: true });
      mkdirSync(join(inputs, 'hostile'));
      // A case that needs its own --max-problems (a file of 100,001 wrong values) would only be a slow list here.
      for (const fileCase of fileCases) if (fileCase.directory !== true && fileCase.maxProblems === undefined) writeFileSync(join(inputs, 'hostile', fileCase.name), fileCase.content);
      hostile.forEach(([, text], index) => writeFileSync(join(inputs, 'hostile', `proto-${index}.json`), text));
      symlinkSync(join(inputs, 'valid', 'batch.notifications.json'), join(inputs, 'hostile', 'link.notifications.json'));
      writeFileSync(join(root, 'graph-invite-contract.config.json'), readFileSync(join(packageRoot, 'graph-invite-contract.config.json')));
      const before = fingerprint(inputs);
      assert.ok(before.size > 100, `${before.size} input files`);
      const env = { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: join(root, 'summary.md') };
      for (const format of ['stylish', 'json', 'github', 'sarif', 'junit']) {
        for (const output of [[], ['--output', join(root, `report.${format}`)]]) {
          // In process through the CLI's entry; the first run, and the refused one below, as the installed command.
          const argv = ['validate', '--format', format, ...output, 'inputs'];
          const run = format === 'stylish' && output.length === 0 ? spawnCli(argv, { cwd: root, env }) : await runCli(argv, { cwd: root, env });
          assert.is(run.status, 1, `${format}: ${run.stderr}`);
          assert.not.match(run.stderr, /\n\s+at /);
        }
      }
      const refused = spawnCli(['validate', '--output', join(inputs, 'valid', 'batch.notifications.json'), 'inputs'], { cwd: root });
      assert.is(refused.status, 2, 'an --output naming an input must be refused');
      assert.equal(fingerprint(inputs), before);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  // -------------------------------------------------------------------------------------------------------
  // Generated files

  function generatedState(root: string): Record<string, string> {
    const dir = join(root, 'generated');
    return Object.fromEntries(
      readdirSync(dir)
        .sort()
        .map((name) => {
          const path = join(dir, name);
          return [name, statSync(path).isDirectory() ? '(folder)' : createHash('sha256').update(readFileSync(path)).digest('hex')];
        }),
    );
  }

  /** Schema edits that make generation fail at each of its stages: reading, typing, compiling. */
  const breakages: ReadonlyArray<readonly [string, (root: string) => void]> = [
    ['an overlay that is not JSON', (root) => writeFileSync(join(root, 'schemas', 'source', 'overlay.json'), '{"types": ')],
    ['a $ref to a schema that does not exist', (root) => setMediaStreamLabel(root, { $ref: 'no-such.schema.json' })],
    ['a keyword ajv refuses in strict mode', (root) => setMediaStreamLabel(root, { type: 'string', notAKeyword: true, description: 'changed' })],
  ];

  for (const [what, breakSchemas] of breakages) {
    test(`generation that fails on ${what} leaves generated/ exactly as it was`, () => {
      const root = scratchCopy();
      try {
        const before = generatedState(root);
        breakSchemas(root);
        const { status, output } = runGenerator(['--root', root]);
        assert.is.not(status, 0, output);
        assert.equal(generatedState(root), before, 'generated/ changed, or a temporary file was left behind');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }

  /**
   * The writes themselves failing: both files are stale, and generated/validators.js is a folder, so its
   * rename fails (as an open file on Windows, a permission or a full disk would) after types.ts is written.
   * One run of the generator serves the two tests below; the scratch folder goes when the tests are done.
   */
  let failedWrite: { root: string; before: Record<string, string>; status: number | null } | undefined;
  function failingWrite(): { root: string; before: Record<string, string>; status: number | null } {
    if (failedWrite !== undefined) return failedWrite;
    const root = scratchCopy();
    try {
      setMediaStreamLabel(root, { type: ['integer', 'null'], description: 'Changed for the test.' });
      rmSync(join(root, 'generated', 'validators.js'));
      mkdirSync(join(root, 'generated', 'validators.js', 'occupied'), { recursive: true });
      const before = generatedState(root);
      failedWrite = { root, before, status: runGenerator(['--root', root]).status };
    } catch (error) {
      // Not kept for the test.after below: gone now.
      rmSync(root, { recursive: true, force: true });
      throw error;
    }
    return failedWrite;
  }
  test.after(() => {
    if (failedWrite !== undefined) rmSync(failedWrite.root, { recursive: true, force: true });
  });

  /*
   * Regression: scripts/generate.ts once left generated/<name>.<pid>.tmp behind when a rename failed;
   * temporary files are now removed on any failure.
   */
  test('a failed write leaves no temporary file in generated/', () => {
    const { root, status } = failingWrite();
    assert.is.not(status, 0);
    const left = readdirSync(join(root, 'generated')).filter((name) => !generatedFiles.includes(name));
    assert.equal(left, [], 'temporary files left in generated/');
  });

  /*
   * Regression: scripts/generate.ts once wrote and renamed one stale file at a time, so when the second
   * write failed the first was already replaced (types of the new schemas, validators of the old ones).
   * Every file is now written first and the renamed ones are restored on failure.
   */
  test('a failed write leaves every generated file as it was', () => {
    const { root, before, status } = failingWrite();
    assert.is.not(status, 0);
    const after = generatedState(root);
    assert.is(after['types.ts'], before['types.ts'], 'types.ts was replaced although the generation failed');
  });

  test('a successful generation leaves only the generated files', () => {
    const root = scratchCopy();
    try {
      setMediaStreamLabel(root, { type: ['integer', 'null'], description: 'Changed for the test.' });
      const { status, output } = runGenerator(['--root', root]);
      assert.is(status, 0, output);
      assert.equal(Object.keys(generatedState(root)), [...generatedFiles]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test.run();
}
