/**
 * The one-pass checks (generated/one-pass-checks.ts, compiled by scripts/one-pass-compiler.ts) must answer exactly
 * what the ajv validators answer, and validate()'s one-pass path must find exactly the problems the rule
 * walker finds. Both are held here against their references on the samples, on generated payloads, on
 * every schema mutation and on odd in-process values; the compiler itself is held against ajv on small
 * schemas made to probe each keyword, and must refuse what it does not support.
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { transformSync } from 'esbuild';
import type { createOnePassChecks } from '../generated/one-pass-checks.js';
import { createValidators } from '../generated/validators.js';
import { contractFormats } from '../src/validate/formats.js';
import { rootSchemaFile, validatorExport } from '../src/contract/kinds.js';
import { kinds, type Kind } from '../src/model/kind.js';
import { packageRoot } from '../src/paths.js';
import type { Problem } from '../src/model/problem.js';
import type { Rule } from '../src/model/rule.js';
import { walkingRules } from '../src/rules/index.js';
import { validate } from '../src/validate/validate.js';
import { Walker } from '../src/validate/walker.js';
import { visitedSchemas } from '../src/contract/visited-schemas.js';
import { onePassSource } from '../scripts/one-pass-compiler.js';
import { contractFormatTypes, loadSchemaFiles, type SchemaFile } from '../scripts/schema-registry.js';
import { asParsed, locate, mutations, payloadOf, setAt, type Json } from './arbitraries.js';
import { listSamples, readSample } from './samples.js';

const seed = Number(process.env['FC_SEED'] ?? 0x5eed);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ seed, numRuns });

// The checks as validate() has them, with the problems their visits find dropped: only the answer counts here.
const checking = new Walker(walkingRules);
const fast = Object.fromEntries(kinds.map((kind) => [kind, (value: unknown) => checking.check(kind, value, [])])) as Record<Kind, (data: unknown) => boolean>;
const ajv = createValidators(contractFormats);
const ajvSays = (kind: Kind, value: unknown): boolean => ajv[validatorExport[kind]](value);

function agree(kind: Kind, value: unknown, what: string): void {
  assert.is(fast[kind](value), ajvSays(kind, value), `${kind}: ${what}`);
}

/** What the rule walker alone finds in a payload. */
function walked(kind: Kind, value: unknown): Problem[] {
  const sink: Problem[] = [];
  new Walker(walkingRules).walk(kind, value, sink);
  return sink;
}

const show = (problems: readonly Problem[]): string[] => problems.map((p) => `${p.ruleId} ${p.pointer} ${p.message}`);

/** On a payload ajv accepts, validate() in one pass reports what the walker reports, in the same order. */
function sameProblems(kind: Kind, value: unknown, what: string): void {
  if (!ajvSays(kind, value)) return;
  const problems = validate(value, { kind }).problems.filter((p) => p.ruleId !== 'kind-mismatch');
  assert.equal(show(problems), show(walked(kind, value)), `${kind}: ${what}`);
}

const samples = (['documented', 'valid', 'invalid'] as const).flatMap((folder) => listSamples(folder)).flatMap((sample) => {
  try {
    return [{ name: `${sample.folder}/${sample.name}`, value: readSample(sample) }];
  } catch {
    return [];
  }
});

test('every sample, checked as each kind, gets the same answer from the one-pass check and from ajv', () => {
  assert.ok(samples.length > 60, `${samples.length} samples`);
  let accepted = 0;
  for (const { name, value } of samples) {
    for (const kind of kinds) {
      agree(kind, value, name);
      if (ajvSays(kind, value)) accepted += 1;
    }
  }
  // Both answers occur, so agreement means something.
  assert.ok(accepted > 30 && accepted < samples.length * kinds.length, `${accepted} accepted`);
});

test('every sample ajv accepts gets the walker\'s problems from the one-pass path', () => {
  for (const { name, value } of samples) for (const kind of kinds) sameProblems(kind, value, name);
});

test('generated valid payloads: the one-pass check agrees with ajv, and the one-pass path finds the walker\'s problems', () => {
  fc.assert(
    fc.property(payloadOf(...kinds), ({ kind, payload }) => {
      agree(kind, payload, JSON.stringify(payload).slice(0, 500));
      sameProblems(kind, payload, JSON.stringify(payload).slice(0, 500));
    }),
    runs(400),
  );
});

/** JSON values, and the JavaScript values an in-process caller can hand to validate() besides. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1.5, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 31, -(2 ** 31) - 1, 0.5, 1, undefined),
  fc.constantFrom('😀'.repeat(256), '😀'.repeat(257), 'x'.repeat(256), 'x'.repeat(257), '', 'US', 'usa', 'é'.repeat(2)),
  fc.constantFrom('/communications/calls/c', 'not a uri ^', 'https://graph.microsoft.com/beta/x', '#microsoft.graph.deltaParticipants', '#microsoft.graph.call', 'OPERATION'),
);

/**
 * A replacement as an assertion's message shows it. Not String(): JSON values include objects with a key
 * "toString" (fc.jsonValue makes them), which String() cannot convert and throws on.
 */
const shownValue = (value: unknown): string => (value === undefined || typeof value === 'number' ? String(value) : JSON.stringify(value));

test('a node of a valid payload replaced by any value: the one-pass check agrees with ajv, and the one-pass path with the walker', () => {
  fc.assert(
    fc.property(payloadOf(...kinds), fc.nat(), oddValue, (input, pick, replacement) => {
      const places = [...locate(input.kind, input.payload).keys()];
      const pointer = places[pick % places.length] as string;
      const payload = setAt(input.payload, pointer, replacement === undefined ? undefined : (asParsed(replacement as Json) ?? (replacement as Json)));
      agree(input.kind, payload, `${pointer} = ${shownValue(replacement)}`);
      sameProblems(input.kind, payload, `${pointer} = ${shownValue(replacement)}`);
    }),
    runs(1500),
  );
});

test('every schema mutation: the one-pass check agrees with ajv (and refuses the broken payload where ajv does)', () => {
  let refused = 0;
  fc.assert(
    fc.property(fc.nat(), fc.nat(), (which, pick) => {
      const all = mutations();
      const mutation = all[which % all.length];
      if (mutation === undefined) return;
      const input = fc.sample(payloadOf(...mutation.kinds), { seed: seed + which, numRuns: 1 })[0];
      if (input === undefined) return;
      const broken = mutation.apply(input, pick);
      if (broken === undefined) return;
      agree(broken.kind, broken.payload, broken.what);
      if (!ajvSays(broken.kind, broken.payload)) refused += 1;
      sameProblems(broken.kind, broken.payload, broken.what);
    }),
    runs(600),
  );
  assert.ok(refused > 100, `${refused} mutations refused`);
});

test('problems at every visited place of one payload come in the walker\'s order', () => {
  // identityProvider is a warning on any identity: one at each place an identity set can sit.
  const set = (id: string): unknown => ({ user: { id, identityProvider: 'AAD' } });
  const info = (id: string): unknown => ({ identity: set(id), nonAnonymizedIdentity: set(`${id}-real`) });
  const participant = (id: string): unknown => ({ id: null, info: info(id), recordingInfo: { initiator: set(`${id}-rec`), initiatedBy: info(`${id}-by`) } });
  const operation = { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: null, status: 'Running', participants: [{ id: 'x', identity: set('i1') }, { identity: set('i2') }] };
  const batch = {
    value: [
      { changeType: 'updated', resource: '/app/calls/c/participants', resourceData: [participant('p1'), participant('p2')] },
      { changeType: 'updated', resourceUrl: '/communications/calls/c/participants', resourceData: { '@odata.type': '#microsoft.graph.deltaParticipants', id: null, participants: [participant('p3')] } },
      { changeType: 'deleted', resourceUrl: '/communications/calls/c/operations/o', resourceData: operation },
    ],
  };
  const problems = validate(batch, { kind: 'comms-notifications' }).problems;
  // Schema-valid, so these come from the one pass.
  assert.ok(ajvSays('comms-notifications', batch) && problems.length > 20, `${problems.length} problems`);
  assert.equal(show(problems), show(walked('comms-notifications', batch)));
  assert.equal(show(validate(operation, { kind: 'invite-operation' }).problems), show(walked('invite-operation', operation)));
});

test('values that are not plain JSON: inherited properties, undefined properties, holes', () => {
  const request = (participant: unknown): unknown => ({ participants: [participant] });
  const inherited = Object.create({ identity: { user: { id: 'u' } } }) as object;
  const values: Array<[Kind, unknown]> = [
    ['invite-request', request(inherited)],
    ['invite-request', request({ identity: { user: { id: 'u' } }, hidden: undefined })],
    ['invite-request', { participants: [, { identity: { user: { id: 'u' } } }] }],
    ['invite-request', request({ identity: { user: { id: 'u' } }, replacesCallId: NaN })],
    ['invite-request', Object.assign(Object.create(null) as object, { participants: [{ identity: { phone: { id: '+1234' } } }] })],
    ['invite-operation', { status: 'running', participants: [], resultInfo: { code: 1.0 } }],
    ['invite-operation', { status: 'running', resultInfo: { code: Infinity } }],
    ['invite-operation', { status: 'running', resultInfo: { code: 2 ** 31 } }],
    ['comms-notifications', { value: [{ changeType: 'updated', resourceUrl: '/communications/calls/c/participants', resourceData: [{ info: { identity: { user: { id: 'u' } } }, rosterSequenceNumber: -0 }] }] }],
    ['comms-notifications', { value: [{ changeType: 'deleted', resource: null, resourceData: new Date(0) }] }],
    ['comms-notifications', [] as unknown],
  ];
  for (const [kind, value] of values) {
    agree(kind, value, String(JSON.stringify(value)));
    sameProblems(kind, value, String(JSON.stringify(value)));
  }
});

test('a getter of the payload that calls validate() disturbs neither call', () => {
  const request = (participants: unknown[], clientContext = 'c'): unknown => ({ participants, clientContext });
  const phone = (id: string): unknown => ({ identity: { phone: { id } } });
  const inner: string[][] = [];
  const validateInside = (): void => {
    inner.push(show(validate(request([phone('34'), phone('56')]), { kind: 'invite-request' }).problems));
  };

  // Read by the one-pass check only (no rule reads hidden), between two participants' visits.
  const first = { identity: { user: { id: 'u' } } };
  Object.defineProperty(first, 'hidden', { enumerable: true, get: () => (validateInside(), false) });
  const valid = validate(request([first, phone('12')]), { kind: 'invite-request' });
  assert.equal(show(valid.problems), show(walked('invite-request', request([{ identity: { user: { id: 'u' } } }, phone('12')]))));
  assert.equal(valid.problems.map((p) => p.pointer), ['/participants/1/identity/phone/id']);

  // Read by a rule during the full walk of an invalid payload (phone-e164 reads the id).
  const identity = {};
  Object.defineProperty(identity, 'id', { enumerable: true, get: () => (validateInside(), '12') });
  const invalid = validate(request([{ identity: { phone: identity } }, phone('78')], 'x'.repeat(300)), { kind: 'invite-request' });
  assert.equal(invalid.problems.map((p) => `${p.ruleId} ${p.pointer}`), [
    'client-context-length /clientContext',
    'phone-e164 /participants/0/identity/phone/id',
    'phone-e164 /participants/1/identity/phone/id',
  ]);

  assert.ok(inner.length >= 2, `${inner.length} inner calls`);
  for (const problems of inner) {
    assert.equal(problems.map((p) => p.split(' ').slice(0, 2).join(' ')), ['phone-e164 /participants/0/identity/phone/id', 'phone-e164 /participants/1/identity/phone/id']);
  }
});

// ---------------------------------------------------------------------------------------------------------
// The compiler on schemas made for the test

const banner = '/* test */\n';
const file = (name: string, schema: Record<string, unknown>): SchemaFile => ({ file: name, schema: { $id: `https://test.example/${name}`, title: name, ...schema } });

let loads = 0;

/** Compiles test schemas and loads the checks from beside the generated module, so its imports resolve. */
async function load(files: readonly SchemaFile[], plan: { roots: Record<string, string> }): Promise<Record<string, (data: unknown) => boolean>> {
  const source = onePassSource(files, { roots: plan.roots, visits: {}, formats: contractFormatTypes }, banner);
  // The generated module is TypeScript: its types are dropped as the build would drop them.
  const javascript = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20' }).code;
  // A file name of its own per load: modules are cached by URL.
  loads += 1;
  const path = join(packageRoot, 'dist', 'generated', `one-pass-probe-${process.pid}-${loads}.js`);
  writeFileSync(path, javascript);
  try {
    const module = (await import(pathToFileURL(path).href)) as { createOnePassChecks: typeof createOnePassChecks };
    const noVisits = new Proxy({ path: [] as Array<string | number> }, { get: (target, name) => (name === 'path' ? target.path : () => undefined) });
    return module.createOnePassChecks(noVisits as unknown as Parameters<typeof createOnePassChecks>[0], contractFormats) as unknown as Record<string, (data: unknown) => boolean>;
  } finally {
    rmSync(path, { force: true });
  }
}

/** ajv's check of a root among test schemas. */
function referenceCheck(files: readonly SchemaFile[], rootId: string): (data: unknown) => boolean {
  // Not strict: some probes are written loosely on purpose (keywords without their type), which strict mode refuses.
  const reference = new Ajv2020({ allErrors: true, strict: false });
  reference.addFormat('uri-reference', contractFormats['uri-reference']);
  reference.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  for (const { schema } of files) reference.addSchema(schema);
  return reference.getSchema(rootId) as (data: unknown) => boolean;
}

test('the compiler answers as ajv on schemas that probe each keyword', async () => {
  const files = [
    file('root.schema.json', {
      type: 'object',
      required: ['i'],
      properties: {
        i: { type: 'integer', minimum: -2, maximum: 2 },
        n: { type: ['number', 'null'], minimum: 0, maximum: 1 },
        s: { type: 'string', maxLength: 3, pattern: '^[a-z😀]*$' },
        e: { enum: ['a', 'b', null, 3] },
        u: { type: 'string', format: 'uri-reference' },
        a: { type: 'array', minItems: 1, maxItems: 2, items: { $ref: 'leaf.schema.json' } },
        any: { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 5 }] },
        all: { allOf: [{ type: 'object', required: ['x'] }, { properties: { x: { type: 'boolean' } } }] },
        not: { not: { type: 'string', pattern: 'z$' } },
        cond: { if: { type: 'array' }, then: { items: { type: 'string' } }, else: { type: 'object', required: ['k'] } },
        loose: { maxLength: 1, minimum: 1, pattern: '^x' },
        nothing: false,
        closed: { type: 'object', properties: { a: {}, b: { type: 'string' } }, patternProperties: { '^@': {} }, additionalProperties: false },
        closedLoose: { properties: { a: {} }, additionalProperties: false },
      },
    }),
    file('leaf.schema.json', { type: 'object', properties: { v: { type: ['string', 'null'] } } }),
  ];
  const checks = await load(files, { roots: { root: 'root.schema.json' } });
  const ajvCheck = referenceCheck(files, 'https://test.example/root.schema.json');

  const values: unknown[] = [];
  const probes: Record<string, unknown[]> = {
    i: [0, 2, 3, -2, -3, 1.0, 1.5, NaN, Infinity, '1', null, -0],
    n: [0, 1, 1.1, -0.1, null, Infinity, NaN, '0'],
    s: ['', 'abc', 'abcd', '😀😀😀', '😀😀😀😀', 'ABC', 3],
    e: ['a', 'b', 'c', null, 3, '3', 4],
    u: ['/a/b', 'https://x.example/a', 'a b', '^', 5],
    a: [[], [{}], [{ v: 'x' }, { v: null }], [{}, {}, {}], [{ v: 1 }], [1], {}],
    any: ['x', 5, 4, 5.5, null, true],
    all: [{ x: true }, { x: 1 }, {}, [], 'x'],
    not: ['abz', 'abc', 1, null],
    cond: [['a'], [1], { k: 1 }, {}, 'x', null],
    loose: ['x', 'xy', 'y', 0, 1, 2, null, []],
    nothing: [1, null, undefined],
    closed: [{}, { a: 1 }, { a: 1, b: 'x' }, { b: 1 }, { c: 1 }, { '@x': 1, a: null }, { 'x@': 1 }, Object.create({ c: 1 }), [], 'x'],
    closedLoose: [{ a: 1 }, { b: 1 }, 'x', [], null, ['a']],
  };
  for (const [key, probe] of Object.entries(probes)) for (const value of probe) values.push({ i: 0, [key]: value });
  values.push({}, { i: undefined }, null, [], 'x', Object.create({ i: 1 }));
  let refused = 0;
  for (const value of values) {
    const expected = ajvCheck(value);
    if (!expected) refused += 1;
    assert.is(checks['root']?.(value), expected, JSON.stringify(value) ?? String(value));
  }
  assert.ok(refused > 30 && refused < values.length - 30, `${refused} of ${values.length} refused`);
});

test('a $ref resolves against its file\'s $id, as in ajv, and look-alike file names keep functions of their own', async () => {
  const at = (name: string, id: string, schema: Record<string, unknown>): SchemaFile => ({ file: name, schema: { $id: `https://test.example/${id}`, title: name, ...schema } });
  const files = [
    at('root.schema.json', 'v2/root.schema.json', { type: 'object', properties: { a: { $ref: 'a-b.schema.json' }, b: { $ref: 'a_b.schema.json' }, c: { $ref: 'leaf.schema.json' } } }),
    at('a-b.schema.json', 'v2/a-b.schema.json', { type: 'string' }),
    at('a_b.schema.json', 'v2/a_b.schema.json', { type: 'number' }),
    // Same file name as the root's sibling, but another base: the root's leaf.schema.json is the v2 one.
    at('leaf.schema.json', 'leaf.schema.json', { type: 'string' }),
    at('leaf-v2.schema.json', 'v2/leaf.schema.json', { type: 'number' }),
  ];
  const checks = await load(files, { roots: { root: 'root.schema.json' } });
  const ajvCheck = referenceCheck(files, 'https://test.example/v2/root.schema.json');
  const values = [{ a: 'x' }, { a: 1 }, { b: 1 }, { b: 'x' }, { c: 1 }, { c: 'x' }];
  for (const value of values) assert.is(checks['root']?.(value), ajvCheck(value), JSON.stringify(value));
  assert.equal(values.map((value) => ajvCheck(value)), [true, false, true, false, true, false]);
});

test('the compiler refuses what it cannot check faithfully, naming it', () => {
  const compile = (files: readonly SchemaFile[], visits: Record<string, string> = {}): string =>
    onePassSource(files, { roots: { root: 'root.schema.json' }, visits, formats: contractFormatTypes }, banner);
  const leaf = file('leaf.schema.json', { type: 'object' });
  assert.throws(() => compile([file('root.schema.json', { type: 'object', additionalProperties: { type: 'string' } })]), /additionalProperties other than false/);
  assert.throws(() => compile([file('root.schema.json', { type: 'object', unevaluatedProperties: false })]), /keyword unevaluatedProperties/);
  assert.throws(() => compile([file('root.schema.json', { type: 'string', format: 'email' })]), /format email/);
  assert.throws(() => compile([file('root.schema.json', { $ref: 'missing.schema.json' })]), /missing\.schema\.json/);
  assert.throws(() => compile([file('root.schema.json', { enum: [{ a: 1 }] })]), /primitive/);
  assert.throws(() => compile([file('root.schema.json', { $ref: 'leaf.schema.json' }), file('leaf.schema.json', { $ref: 'root.schema.json' })]), /cycle/);
  assert.throws(() => compile([file('root.schema.json', { properties: { a: { $id: 'https://other.example/', type: 'string' } } })]), /\$id below the root/);
  assert.throws(() => compile([file('root.schema.json', { $ref: 'leaf.schema.json#/properties/a' }), file('leaf.schema.json', {})]), /only whole files/);
  // A property named $ref is data, not a reference.
  assert.not.throws(() => compile([file('root.schema.json', { properties: { $ref: { type: 'string' } } })]));
  // Visits run as the check passes an object, so they may not sit where a try can fail and be forgotten.
  const visited = { 'leaf.schema.json': 'leaf' };
  assert.throws(() => compile([file('root.schema.json', { anyOf: [{ $ref: 'leaf.schema.json' }, { type: 'string' }] }), leaf], visited), /anyOf/);
  assert.throws(() => compile([file('root.schema.json', { not: { $ref: 'leaf.schema.json' } }), leaf], visited), /not or if/);
  assert.throws(() => compile([file('root.schema.json', { if: { $ref: 'leaf.schema.json' } }), leaf], visited), /not or if/);
  assert.throws(() => compile([file('root.schema.json', { $ref: 'leaf.schema.json' }), file('leaf.schema.json', { type: ['object', 'null'] })], visited), /type object/);
  // A format checks values of its own type only.
  const numberFormat = onePassSource([file('root.schema.json', { format: 'uri-reference' })], { roots: { root: 'root.schema.json' }, visits: {}, formats: { 'uri-reference': 'number' } }, banner);
  assert.match(numberFormat, /!\(\(typeof data === "number" && isFinite\(data\)\)\) \|\| contractFormats\["uri-reference"\]\.validate\(data\)/);
  // Beside null only, a visited object is fine.
  assert.not.throws(() => compile([file('root.schema.json', { anyOf: [{ $ref: 'leaf.schema.json' }, { type: 'null' }] }), leaf], visited));
});

test('the real plan: every visited schema file exists and is an object schema', () => {
  const files = new Map(loadSchemaFiles().map(({ file: name, schema }) => [name, schema]));
  for (const name of Object.keys(visitedSchemas)) assert.is(files.get(name)?.['type'], 'object', name);
  for (const kind of kinds) assert.ok(files.has(rootSchemaFile[kind]), rootSchemaFile[kind]);
});

test('a rule added after generation runs in the one pass: the checks know visits, not rules', () => {
  // A rule of the test's own, on every participant of an invite: nothing in generated/ names it.
  const extra: Rule = {
    id: 'test-participant-seen',
    severity: 'warning',
    description: 'Every invited participant, for this test.',
    rationale: 'Shows that a new rule needs no regenerated file.',
    params: { index: 'the participant index' },
    visitors: { invitationParticipant: (_node, context) => context.report('seen', { seen: true }) },
  };
  const walker = new Walker([...walkingRules, extra]);
  const request = { participants: [{ identity: { user: { id: 'a' } } }, { identity: { user: { id: 'b' } } }] };
  const sink: Problem[] = [];
  assert.ok(walker.check('invite-request', request, sink), 'the request is valid');
  assert.equal(sink.filter((p) => p.ruleId === extra.id).map((p) => [p.pointer, p.params]), [['/participants/0', { seen: true }], ['/participants/1', { seen: true }]]);
  const walkedSink: Problem[] = [];
  walker.walk('invite-request', request, walkedSink);
  assert.equal(show(walkedSink), show(sink), 'the one pass and the walk agree');
});

test('where code from strings is forbidden, validate() falls back to loops and finds the same problems', () => {
  const dir = join(packageRoot, 'samples', 'documented');
  const names = ['example-1.notification-roster.json', 'example-2.request.json', 'example-4.response.json'];
  const script = [
    "import { readFileSync } from 'node:fs';",
    `import { validate } from ${JSON.stringify(pathToFileURL(join(packageRoot, 'dist', 'src', 'validate', 'validate.js')).href)};`,
    `const dir = ${JSON.stringify(dir)};`,
    `const names = ${JSON.stringify(names)};`,
    "console.log(JSON.stringify(names.map((name) => validate(JSON.parse(readFileSync(dir + '/' + name, 'utf8'))).problems.map((p) => [p.ruleId, p.pointer]))));",
  ].join('\n');
  // The flag is a process's own, so that run needs one; the reference is the same calls where code from
  // strings is allowed, as in this process, with the same module.
  const forbidden = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  const allowed = `${JSON.stringify(names.map((name) => validate(JSON.parse(readFileSync(join(dir, name), 'utf8'))).problems.map((p) => [p.ruleId, p.pointer])))}\n`;
  assert.is(forbidden.status, 0, forbidden.stderr);
  assert.ok((JSON.parse(allowed) as unknown[][]).flat().length > 3, 'the samples carry warnings, so the comparison means something');
  assert.is(forbidden.stdout, allowed);
});

test.run();
