/**
 * The OpenAPI documents (schemas/openapi.json for beta, schemas/v1.0/openapi.json), generated and
 * self-contained: what each says about the operation, that their schemas are the per-type schemas with
 * nothing lost, and that their inline examples are the documented payloads.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validate, type Kind } from '../src/index.js';
import { packageRoot, schemasDir } from '../src/paths.js';
import { loadSchemaFiles } from '../scripts/schema-registry.js';
import { runGenerator, scratchCopy } from './generator.js';
import { forGenerators } from '../scripts/metadata/openapi.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import SwaggerParser from '@apidevtools/swagger-parser';
import { compile } from 'json-schema-to-typescript';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
import { type ApiVersion as Profile } from '../src/index.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const documents: Record<Profile, JsonObject> = {
  beta: JSON.parse(readFileSync(join(schemasDir, 'openapi.json'), 'utf8')) as JsonObject,
  'v1.0': JSON.parse(readFileSync(join(schemasDir, 'v1.0', 'openapi.json'), 'utf8')) as JsonObject,
};
const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows keys through nested objects; fails the test when one is missing. */
function at(value: Json | undefined, ...keys: string[]): JsonObject {
  let current = value;
  for (const key of keys) {
    assert.ok(isObject(current), `expected an object before "${key}" (path ${keys.join(' > ')})`);
    current = current[key];
  }
  assert.ok(isObject(current), `expected an object at ${keys.join(' > ')}`);
  return current;
}

/** Every (JSON pointer, key, value) of a value, depth first. */
function* entries(value: Json, pointer = ''): Generator<[string, string, Json]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* entries(item, `${pointer}/${index}`);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const child = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      yield [child, key, item];
      yield* entries(item, child);
    }
  }
}

/** The value a local reference (#/a/b) names, or undefined. */
function resolveLocal(document: JsonObject, ref: string): Json | undefined {
  let current: Json | undefined = document;
  for (const token of ref.slice(2).split('/')) {
    const key = decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
    current = isObject(current) ? current[key] : Array.isArray(current) ? current[Number(key)] : undefined;
  }
  return current;
}

const paths = {
  communications: '/communications/calls/{id}/participants/invite',
  app: '/app/calls/{id}/participants/invite',
} as const;
/** The paths each profile's reference page documents: v1.0 has no /app path. */
const documentedPaths: Record<Profile, ReadonlyArray<keyof typeof paths>> = { beta: ['communications', 'app'], 'v1.0': ['communications'] };
const permission = 'Calls.InitiateGroupCall.All';
const schemeName = 'graphAppOnly';
const rootTitles: Record<Kind, string> = {
  'invite-request': 'InviteRequest',
  'invite-operation': 'InviteParticipantsOperation',
  'comms-notifications': 'CommsNotifications',
};
const schemaRef = (kind: Kind): string => `#/components/schemas/${rootTitles[kind]}`;

/** The linter's verdict on a payload under a profile (v1.0 once the linter knows the profiles). */
function linterErrors(value: unknown, kind: Kind, profile: Profile): string[] {
  return validate(value, { kind, apiVersion: profile })
    .problems.filter((p) => p.severity === 'error')
    .map((p) => `${p.ruleId} ${p.pointer}`);
}

/** The documented payloads of a samples folder, by their names without .json. */
function documentedSamples(folder: string): Map<string, unknown> {
  const dir = join(packageRoot, 'samples', folder);
  return new Map(
    readdirSync(dir)
      .filter((name) => name.endsWith('.json') && !name.endsWith('.expected.json'))
      .map((name) => [name.slice(0, -'.json'.length), JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown]),
  );
}

const kindOfExampleName = (name: string): Kind =>
  name.endsWith('.request') ? 'invite-request' : name.endsWith('.response') ? 'invite-operation' : 'comms-notifications';

for (const [profile, raw] of Object.entries(documents) as Array<[Profile, JsonObject]>) {
  test(`${profile}: self-contained: every $ref is local and names something in the document, no externalValue`, () => {
    let refs = 0;
    for (const [pointer, key, value] of entries(raw)) {
      assert.is.not(key, 'externalValue', pointer);
      if (key !== '$ref') continue;
      refs += 1;
      assert.type(value, 'string', pointer);
      assert.match(value as string, /^#\/components\/(schemas|examples)\//, pointer);
      assert.ok(resolveLocal(raw, value as string) !== undefined, `${pointer}: ${String(value)} names nothing`);
    }
    assert.ok(refs > 20);
  });

  test(`${profile}: header: version, info, server and reference page of the profile`, () => {
    assert.is(raw['openapi'], '3.1.0');
    assert.is(raw['jsonSchemaDialect'], 'https://json-schema.org/draft/2020-12/schema');
    const info = at(raw, 'info');
    assert.is(info['version'], version);
    assert.match(String(info['title']), `(${profile})`);
    assert.type(info['description'], 'string');
    assert.type(at(info, 'contact')['name'], 'string');
    assert.is(at(info, 'license')['name'], 'MIT');
    assert.type(at(info, 'license')['url'], 'string');
    const servers = raw['servers'];
    assert.ok(Array.isArray(servers) && servers.length === 1 && isObject(servers[0]));
    assert.is(servers[0]['url'], `https://graph.microsoft.com/${profile}`);
    assert.is(at(raw, 'externalDocs')['url'], `https://learn.microsoft.com/en-us/graph/api/participant-invite?view=${profile === 'beta' ? 'graph-rest-beta' : 'graph-rest-1.0'}`);
    assert.not.match(JSON.stringify(raw), /\{\{\w+\}\}|x-profiles|x-examples|x-example-summaries/, 'no word of the template is left');
    assert.not.match(JSON.stringify(raw), profile === 'beta' ? /graph\.microsoft\.com\/v1\.0/ : /graph\.microsoft\.com\/beta/, 'URLs name the profile');
  });

  test(`${profile}: the documented paths: POST, operationId, the call id, /app deprecated, headers not listed as parameters`, () => {
    assert.equal(Object.keys(at(raw, 'paths')).sort(), documentedPaths[profile].map((name) => paths[name]).sort());
    const operationIds = new Set<string>();
    for (const name of documentedPaths[profile]) {
      const path = paths[name];
      const item = at(raw, 'paths', path);
      const post = at(item, 'post');
      assert.type(post['operationId'], 'string', `${path} operationId`);
      operationIds.add(post['operationId'] as string);
      assert.is(post['deprecated'] === true, name === 'app', `${path} deprecated`);

      const parameters = [...(Array.isArray(item['parameters']) ? item['parameters'] : []), ...(Array.isArray(post['parameters']) ? post['parameters'] : [])];
      const id = parameters.filter(isObject).find((p) => p['in'] === 'path' && p['name'] === 'id');
      assert.ok(id !== undefined, `${path} has no path parameter id`);
      assert.is(id['required'], true);
      assert.is(at(id, 'schema')['type'], 'string');
      for (const p of parameters.filter(isObject)) {
        assert.ok(p['in'] !== 'header' || !['authorization', 'content-type'].includes(String(p['name']).toLowerCase()), `${path}: ${String(p['name'])} would be ignored as a header parameter`);
      }

      const body = at(post, 'requestBody');
      assert.is(body['required'], true);
      assert.equal(Object.keys(at(body, 'content')), ['application/json'], 'Content-Type: application/json is the only media type');
      assert.is(at(body, 'content', 'application/json', 'schema')['$ref'], schemaRef('invite-request'));
      assert.match(String(post['description']), /Content-Type/);
      assert.match(String(post['description']), /Authorization/);

      const ok = at(post, 'responses', '200');
      const location = at(ok, 'headers', 'Location');
      assert.is(location['required'], true);
      assert.is(at(location, 'schema')['type'], 'string');
      assert.is(at(ok, 'content', 'application/json', 'schema')['$ref'], schemaRef('invite-operation'));
    }
    assert.is(operationIds.size, documentedPaths[profile].length, 'operationIds are unique');
  });

  test(`${profile}: security: app-only OAuth2 client credentials with ${permission}`, () => {
    const scheme = at(raw, 'components', 'securitySchemes', schemeName);
    assert.is(scheme['type'], 'oauth2');
    const flows = at(scheme, 'flows');
    assert.equal(Object.keys(flows), ['clientCredentials'], 'no delegated (user) flow');
    const flow = at(flows, 'clientCredentials');
    assert.is(decodeURI(String(flow['tokenUrl'])), 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token');
    assert.ok(Object.hasOwn(at(flow, 'scopes'), permission));
    const description = String(scheme['description']);
    assert.match(description, 'Calls.InitiateGroupCalls.All', 'mentions the older spelling');
    assert.match(description, /Delegated permissions .* not supported/);

    const requirements = [raw['security'], ...documentedPaths[profile].map((name) => at(raw, 'paths', paths[name], 'post')['security'])];
    for (const requirement of requirements) {
      assert.ok(Array.isArray(requirement) && requirement.length === 1 && isObject(requirement[0]));
      assert.equal(requirement[0], { [schemeName]: [permission] });
    }
  });

  test(`${profile}: webhooks: the operation-completed and roster notifications`, () => {
    const webhooks = at(raw, 'webhooks');
    assert.equal(Object.keys(webhooks).sort(), ['inviteOperationCompleted', 'rosterUpdated']);
    for (const name of Object.keys(webhooks)) {
      const post = at(webhooks, name, 'post');
      assert.type(post['operationId'], 'string');
      assert.is(at(post, 'requestBody', 'content', 'application/json', 'schema')['$ref'], schemaRef('comms-notifications'));
      const codes = Object.keys(at(post, 'responses'));
      assert.ok(codes.includes('202') || codes.includes('200'), `${name} answers with 200 or 202`);
    }
  });

  test(`${profile}: each example is a documented payload the linter accepts under the profile, shown where its kind belongs`, () => {
    const own = existsSync(join(packageRoot, 'samples', 'documented-v1.0')) && profile === 'v1.0';
    const documented = documentedSamples(own ? 'documented-v1.0' : 'documented');
    // Without documented payloads of its own, a profile shows those of beta that it accepts, all of them.
    const expected = [...documented].filter(([name, value]) => own || profile === 'beta' || linterErrors(value, kindOfExampleName(name), profile).length === 0).map(([name]) => name);
    const examples = at(raw, 'components', 'examples');
    assert.equal(Object.keys(examples).sort(), expected.sort());
    for (const [name, example] of Object.entries(examples)) {
      assert.ok(isObject(example));
      assert.type(example['summary'], 'string');
      assert.equal(example['value'], documented.get(name), `${name} is the documented payload`);
      assert.equal(linterErrors(example['value'], kindOfExampleName(name), profile), [], name);
    }

    const suffixes: Record<string, RegExp> = {
      [`/paths/${paths.communications.replaceAll('/', '~1')}/post/requestBody`]: /\.request$/,
      [`/paths/${paths.communications.replaceAll('/', '~1')}/post/responses/200`]: /\.response$/,
      [`/paths/${paths.app.replaceAll('/', '~1')}/post/requestBody`]: /\.request$/,
      [`/paths/${paths.app.replaceAll('/', '~1')}/post/responses/200`]: /\.response$/,
      '/webhooks/inviteOperationCompleted/post/requestBody': /\.notification-completed$/,
      '/webhooks/rosterUpdated/post/requestBody': /\.notification-roster$/,
    };
    const used = new Set<string>();
    for (const [pointer, key, value] of entries(raw)) {
      if (key !== 'examples' || !pointer.endsWith('/content/application~1json/examples')) continue;
      const place = pointer.slice(0, -'/content/application~1json/examples'.length);
      const suffix = suffixes[place];
      assert.ok(suffix !== undefined, `${pointer}: examples in a place whose kind is unknown`);
      assert.ok(isObject(value));
      for (const [key, reference] of Object.entries(value)) {
        const ref = String(at(reference)['$ref']);
        const name = ref.replace('#/components/examples/', '');
        assert.match(name, suffix, `${pointer}/${key}`);
        assert.ok(name.startsWith(`${key}.`), `${pointer}/${key} shows ${name}`);
        used.add(name);
      }
    }
    assert.equal([...used].sort(), Object.keys(examples).sort(), 'every example is shown');
  });
}

/** Keywords whose value is one schema: where OAS 3.1 allows a boolean, and Redocly and openapi-typescript take only objects. */
const schemaKeywords = new Set(['if', 'then', 'else', 'not', 'items', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties']);

test('no keyword that holds one schema holds a boolean: Redocly and openapi-typescript refuse "then": true', () => {
  for (const profile of ['beta', 'v1.0'] as const) {
    const found: string[] = [];
    const walk = (node: Json | undefined, at: string): void => {
      if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${at}/${index}`));
      else if (isObject(node)) {
        for (const [key, value] of Object.entries(node)) {
          if (schemaKeywords.has(key) && typeof value === 'boolean' && !at.endsWith('/properties')) found.push(`${at}/${key}`);
          walk(value, `${at}/${key}`);
        }
      }
    };
    walk(documents[profile], '#');
    assert.equal(found, [], profile);
  }
});

test('beta shows all sixteen documented payloads', () => {
  assert.is(Object.keys(at(documents.beta, 'components', 'examples')).length, 16);
});

/** A per-type schema with its $refs named by title, as its component must read (nothing else changed). */
function asComponent(node: Json, titles: ReadonlyMap<string, string>): Json {
  if (Array.isArray(node)) return node.map((item) => asComponent(item, titles));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id' || key === '$schema' || key === 'tsType') continue;
    if (key === '$ref' && typeof value === 'string') {
      const title = titles.get(value.split('/').at(-1) ?? '');
      assert.ok(title !== undefined, `$ref ${value}`);
      out[key] = `#/components/schemas/${title}`;
    } else {
      out[key] = asComponent(value, titles);
    }
  }
  return out;
}

/** `items: {}` asserts nothing; the generator adds it beside a bare type: array for Spectral. */
function withoutEmptyItems(node: Json): Json {
  if (Array.isArray(node)) return node.map(withoutEmptyItems);
  if (!isObject(node)) return node;
  const empty = (value: Json): boolean => isObject(value) && Object.keys(value).length === 0;
  return Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === 'items' && empty(value))).map(([key, value]) => [key, withoutEmptyItems(value)]));
}

test('components/schemas are the per-type schemas, one per title, with references by title', () => {
  const sets: Record<Profile, ReturnType<typeof loadSchemaFiles>> = { beta: loadSchemaFiles(), 'v1.0': loadSchemaFiles(join(schemasDir, 'v1.0')) };
  for (const profile of ['beta', 'v1.0'] as const) {
    const files = sets[profile];
    const titles = new Map(files.map(({ file, schema }) => [file, schema.title]));
    const components = at(documents[profile], 'components', 'schemas');
    assert.equal(Object.keys(components).sort(), [...titles.values()].sort(), profile);
    for (const { schema } of files) {
      assert.equal(withoutEmptyItems(components[schema.title] ?? null), forGenerators(asComponent(schema as Json, titles)), `${profile} ${schema.title}`);
    }
  }
});

test('the components answer every sample as the portable schemas do: the shapes made for code generators change no verdict', () => {
  const portableFile: Record<Kind, string> = { 'invite-request': 'invite-request', 'invite-operation': 'invite-participants-operation', 'comms-notifications': 'comms-notifications' };
  let compared = 0;
  for (const profile of ['beta', 'v1.0'] as const) {
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'https://test.example/openapi.json', components: documents[profile]['components'] ?? null });
    for (const folder of ['documented', 'documented-v1.0', 'valid', 'invalid']) {
      for (const name of readdirSync(join(packageRoot, 'samples', folder))) {
        if (!name.endsWith('.expected.json')) continue;
        const { kind } = JSON.parse(readFileSync(join(packageRoot, 'samples', folder, name), 'utf8')) as { kind: Kind | null };
        if (kind === null) continue;
        const payload = JSON.parse(readFileSync(join(packageRoot, 'samples', folder, name.replace('.expected.json', '.json')), 'utf8')) as unknown;
        const fromComponents = ajv.validate({ $ref: `https://test.example/openapi.json${schemaRef(kind)}` }, payload);
        const portable = JSON.parse(readFileSync(join(schemasDir, 'portable', profile, `${portableFile[kind]}.schema.json`), 'utf8')) as { $id: string };
        if (ajv.getSchema(portable.$id) === undefined) ajv.addSchema(portable);
        assert.is(fromComponents, ajv.validate(portable.$id, payload), `${profile} ${folder}/${name}`);
        compared += 1;
      }
    }
  }
  assert.ok(compared > 150, `${compared} verdicts compared`);
});

/** A notification's resourceData schema in one document: the allOf entry that declares the notification's own properties. */
function resourceDataOf(document: JsonObject): JsonObject {
  const notification = at(document, 'components', 'schemas', 'CommsNotification');
  const own = (notification['allOf'] as Json[]).find((entry) => isObject(entry) && isObject(entry['properties']) && Object.hasOwn(entry['properties'], 'resourceData'));
  return at(own, 'properties', 'resourceData');
}

test("a notification's resourceData names its shapes for generators, which read no if/then/else, and json2ts types it", async () => {
  for (const profile of ['beta', 'v1.0'] as const) {
    assert.equal(resourceDataOf(documents[profile])['anyOf'], [
      { type: 'array', items: { $ref: '#/components/schemas/Participant' } },
      { $ref: '#/components/schemas/DeltaParticipants' },
      { $ref: '#/components/schemas/CommsOperation' },
      { $ref: '#/components/schemas/InviteParticipantsOperation' },
      { type: 'object', additionalProperties: {} },
    ], profile);
  }
  // A real generator over the dereferenced document: resourceData was { [k: string]: unknown }.
  const dereferenced = (await SwaggerParser.dereference(structuredClone(documents.beta) as never)) as unknown as JsonObject;
  const types = await compile(at(dereferenced, 'components', 'schemas', 'CommsNotification') as never, 'CommsNotification', { bannerComment: '', additionalProperties: true });
  assert.match(types, /resourceData\?:\s*\| Participant\[\]\s*\| DeltaParticipants\s*\| CommsOperation\s*\| InviteParticipantsOperation\s*\| \{/);
});

test("resourceData's shapes change no verdict: the same answers with and without them, on the samples and on values each branch refuses", () => {
  const callPath = '/communications/calls/421f0b00-5e4f-4b7c-9b5a-7f3a0a6b2c11';
  const participant = { '@odata.type': '#microsoft.graph.participant', id: 'p1', info: { identity: { user: { id: 'u1' } } }, isInLobby: false, isMuted: false, mediaStreams: [] };
  const resourceData: Array<[string, string, Json]> = [
    ['updated', `${callPath}/participants`, [participant]],
    ['updated', `${callPath}/participants`, [{ ...participant, isMuted: 'no' }]],
    ['updated', `${callPath}/participants`, ['p1']],
    ['updated', `${callPath}/participants`, { '@odata.type': '#microsoft.graph.deltaParticipants', sequenceNumber: 3, participants: [participant] }],
    ['updated', `${callPath}/participants`, { '@odata.type': '#microsoft.graph.deltaParticipants', sequenceNumber: 'three' }],
    ['deleted', `${callPath}/operations/op-1`, { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'op-1', status: 'completed' }],
    ['deleted', `${callPath}/operations/op-1`, { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'op-1', status: 'done' }],
    ['deleted', `${callPath}/operations/op-2`, { '@odata.type': '#microsoft.graph.playPromptOperation', id: 'op-2', status: 'finished' }],
    ['updated', callPath, { '@odata.type': '#microsoft.graph.call', state: 'established' }],
    ['updated', callPath, { state: 'established' }],
    ['deleted', `${callPath}/operations/op-3`, { status: 'completed' }],
    ['updated', callPath, null],
    ['updated', callPath, 'established'],
    ['updated', callPath, 42],
  ];
  let accepted = 0;
  let refused = 0;
  for (const profile of ['beta', 'v1.0'] as const) {
    const withShapes = new Ajv2020({ strict: false });
    addFormats(withShapes);
    withShapes.addSchema({ $id: 'https://test.example/openapi.json', components: documents[profile]['components'] ?? null });
    const without = structuredClone(documents[profile]);
    delete resourceDataOf(without)['anyOf'];
    const withoutShapes = new Ajv2020({ strict: false });
    addFormats(withoutShapes);
    withoutShapes.addSchema({ $id: 'https://test.example/openapi.json', components: without['components'] ?? null });
    const payloads: Json[] = resourceData.map(([changeType, resourceUrl, data]) => ({ value: [{ changeType, resourceUrl, resourceData: data }] }));
    for (const folder of ['documented', 'valid', 'invalid']) {
      for (const name of readdirSync(join(packageRoot, 'samples', folder))) {
        if (/\.notifications?(?:-[a-z]+)?\.json$/.test(name)) payloads.push(JSON.parse(readFileSync(join(packageRoot, 'samples', folder, name), 'utf8')) as Json);
      }
    }
    for (const payload of payloads) {
      const verdict = withShapes.validate({ $ref: 'https://test.example/openapi.json#/components/schemas/CommsNotifications' }, payload);
      assert.is(verdict, withoutShapes.validate({ $ref: 'https://test.example/openapi.json#/components/schemas/CommsNotifications' }, payload), `${profile} ${JSON.stringify(payload).slice(0, 200)}`);
      if (verdict) accepted += 1;
      else refused += 1;
    }
  }
  // Both answers occur, so that the comparison is not of one constant.
  assert.ok(accepted > 10 && refused > 10, `${accepted} accepted, ${refused} refused`);
});

test('generate --check reports stale OpenAPI documents and portable schemas, and generate repairs them', () => {
  const root = scratchCopy();
  try {
    // The per-type schemas are generated from the overlay: the change goes there.
    const file = join(root, 'schemas', 'source', 'overlay.json');
    const overlay = JSON.parse(readFileSync(file, 'utf8')) as { types: Record<string, { description: string }> };
    (overlay.types['resultInfo'] as { description: string }).description = 'Changed for the test.';
    writeFileSync(file, JSON.stringify(overlay, null, 2));
    const stale = runGenerator(['--check', '--root', root]);
    assert.is(stale.status, 1, stale.output);
    for (const path of ['schemas/openapi.json', 'schemas/v1.0/openapi.json', 'schemas/portable/beta/invite-participants-operation.schema.json', 'schemas/portable/v1.0/comms-notifications.schema.json']) {
      assert.match(stale.output, `${path} is stale`);
    }
    assert.not.match(stale.output, 'schemas/portable/beta/invite-request.schema.json', 'the request reaches no resultInfo');
    assert.is(runGenerator(['--root', root]).status, 0);
    const written = JSON.parse(readFileSync(join(root, 'schemas', 'openapi.json'), 'utf8')) as JsonObject;
    assert.is(at(written, 'components', 'schemas', 'ResultInfo')['description'], 'Changed for the test.');
    assert.is(runGenerator(['--check', '--root', root]).status, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
