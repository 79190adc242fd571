import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validate, type Kind } from '../src/index.js';
import { packageRoot, schemasDir } from '../src/paths.js';
import { listSamples } from './samples.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const openapiPath = join(schemasDir, 'openapi.json');
const documentedDir = join(packageRoot, 'samples', 'documented');
/** The document as written, before swagger-parser dereferences anything. */
const raw = JSON.parse(readFileSync(openapiPath, 'utf8')) as JsonObject;

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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

/** Every (JSON pointer, key, value) of the document, depth first. */
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

const paths = {
  communications: '/communications/calls/{id}/participants/invite',
  app: '/app/calls/{id}/participants/invite',
} as const;
const permission = 'Calls.InitiateGroupCall.All';
const schemeName = 'graphAppOnly';
/** The $ids name the published package's files (scripts/generate.ts). */
const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };

/** Clone of the written document, so that swagger-parser (which dereferences in place) never touches `raw`. */
const copy = (): JsonObject => structuredClone(raw);

test('swagger-parser validates the document and resolves $refs into the schema files', async () => {
  const parser = new SwaggerParser();
  const api = (await parser.validate(openapiPath)) as unknown as JsonObject;
  const resolved = parser.$refs.paths().map((p) => basename(p));
  for (const file of ['invite-request.schema.json', 'invite-participants-operation.schema.json', 'comms-notifications.schema.json']) {
    assert.ok(resolved.includes(file), `${file} was not resolved`);
  }
  // The dereferenced schema is the file itself, nested $refs included (resolved beside the file, not via $id).
  const body = at(api, 'paths', paths.communications, 'post', 'requestBody', 'content', 'application/json', 'schema');
  assert.is(body['$id'], `https://cdn.jsdelivr.net/npm/graph-invite-contract@${version}/schemas/invite-request.schema.json`);
  const items = at(body, 'properties', 'participants', 'items');
  assert.is(items['$id'], `https://cdn.jsdelivr.net/npm/graph-invite-contract@${version}/schemas/invitation-participant-info.schema.json`);
});

test('swagger-parser rejects a broken copy (the check is real)', async () => {
  const optionalPathParameter = copy();
  const parameters = at(optionalPathParameter, 'paths', paths.communications)['parameters'];
  assert.ok(Array.isArray(parameters) && isObject(parameters[0]));
  parameters[0]['required'] = false;
  let failed = false;
  try {
    await SwaggerParser.validate(openapiPath, optionalPathParameter as never, {});
  } catch {
    failed = true;
  }
  assert.ok(failed, 'a path parameter that is not required must fail validation');

  const missingFile = copy();
  at(missingFile, 'paths', paths.communications, 'post', 'requestBody', 'content', 'application/json')['schema'] = {
    $ref: './no-such.schema.json',
  };
  failed = false;
  try {
    await SwaggerParser.validate(openapiPath, missingFile as never, {});
  } catch {
    failed = true;
  }
  assert.ok(failed, 'a $ref to a missing file must fail');
});

test('every $ref names an existing schemas/*.schema.json file, and no schema fragment is copied inline', () => {
  const refs: string[] = [];
  for (const [pointer, key, value] of entries(raw)) {
    if (key === '$ref') {
      assert.type(value, 'string', pointer);
      const ref = value as string;
      assert.match(ref, /^\.\/[a-z0-9-]+\.schema\.json$/, `${pointer}: ${ref} is not a relative reference to a schema file`);
      assert.ok(existsSync(join(schemasDir, ref)), `${pointer}: ${ref} does not exist`);
      refs.push(ref);
    }
    for (const keyword of ['properties', '$defs', 'items', 'allOf', 'anyOf', 'oneOf', 'enum']) {
      assert.is.not(key, keyword, `${pointer}: "${keyword}" belongs in the schema files, not in openapi.json`);
    }
  }
  assert.equal(
    [...new Set(refs)].sort(),
    ['./comms-notifications.schema.json', './invite-participants-operation.schema.json', './invite-request.schema.json'],
  );
});

test('document header: version, info, server', () => {
  assert.is(raw['openapi'], '3.1.0');
  const info = at(raw, 'info');
  assert.is(info['version'], '0.1.0');
  assert.type(info['title'], 'string');
  assert.type(info['description'], 'string');
  const servers = raw['servers'];
  assert.ok(Array.isArray(servers) && isObject(servers[0]));
  assert.is(servers[0]['url'], 'https://graph.microsoft.com/beta');
});

test('both paths: POST, operationId, the call id, /app deprecated, headers not listed as parameters', () => {
  const operationIds = new Set<string>();
  for (const [name, path] of Object.entries(paths)) {
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
    assert.is(at(body, 'content', 'application/json', 'schema')['$ref'], './invite-request.schema.json');
    assert.match(String(post['description']), /Content-Type/);
    assert.match(String(post['description']), /Authorization/);
  }
  assert.is(operationIds.size, 2, 'operationIds are unique');
});

test('the 200 response: Location header and the operation body', () => {
  for (const path of Object.values(paths)) {
    const ok = at(raw, 'paths', path, 'post', 'responses', '200');
    const location = at(ok, 'headers', 'Location');
    assert.is(location['required'], true);
    assert.is(at(location, 'schema')['type'], 'string');
    assert.is(at(ok, 'content', 'application/json', 'schema')['$ref'], './invite-participants-operation.schema.json');
  }
});

test('security: app-only OAuth2 client credentials with Calls.InitiateGroupCall.All', () => {
  const scheme = at(raw, 'components', 'securitySchemes', schemeName);
  assert.is(scheme['type'], 'oauth2');
  const flows = at(scheme, 'flows');
  assert.equal(Object.keys(flows), ['clientCredentials'], 'no delegated (user) flow');
  const flow = at(flows, 'clientCredentials');
  assert.is(flow['tokenUrl'], 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token');
  assert.ok(Object.hasOwn(at(flow, 'scopes'), permission));
  const description = String(scheme['description']);
  assert.match(description, 'Calls.InitiateGroupCalls.All', 'mentions the older spelling');
  assert.match(description, /Delegated permissions .* not supported/);

  const requirements = [raw['security'], ...Object.values(paths).map((path) => at(raw, 'paths', path, 'post')['security'])];
  for (const requirement of requirements) {
    assert.ok(Array.isArray(requirement) && requirement.length === 1 && isObject(requirement[0]));
    assert.equal(requirement[0], { [schemeName]: [permission] });
  }
});

test('webhooks: the operation-completed and roster notifications', () => {
  const webhooks = at(raw, 'webhooks');
  assert.equal(Object.keys(webhooks).sort(), ['inviteOperationCompleted', 'rosterUpdated']);
  for (const name of Object.keys(webhooks)) {
    const post = at(webhooks, name, 'post');
    assert.type(post['operationId'], 'string');
    assert.is(at(post, 'requestBody', 'content', 'application/json', 'schema')['$ref'], './comms-notifications.schema.json');
    const codes = Object.keys(at(post, 'responses'));
    assert.ok(codes.includes('202') || codes.includes('200'), `${name} answers with 200 or 202`);
  }
});

/** Where an Examples map sits decides the kind of the payloads it points at. */
function kindOfExamples(pointer: string): Kind | undefined {
  if (/^\/paths\/[^/]+\/post\/requestBody\/content\/application~1json\/examples$/.test(pointer)) return 'invite-request';
  if (/^\/paths\/[^/]+\/post\/responses\/200\/content\/application~1json\/examples$/.test(pointer)) return 'invite-operation';
  if (/^\/webhooks\/[^/]+\/post\/requestBody\/content\/application~1json\/examples$/.test(pointer)) return 'comms-notifications';
  return undefined;
}

test('every example points at a documented sample that validates as its kind', () => {
  const referenced = new Set<string>();
  let maps = 0;
  for (const [pointer, key, value] of entries(raw)) {
    if (key !== 'examples') continue;
    const kind = kindOfExamples(pointer);
    assert.ok(kind !== undefined, `${pointer}: examples in a place whose kind is unknown`);
    assert.ok(isObject(value));
    maps += 1;
    assert.equal(Object.keys(value), ['example-1', 'example-2', 'example-3', 'example-4'], pointer);
    for (const [name, example] of Object.entries(value)) {
      assert.ok(isObject(example));
      assert.not.ok(Object.hasOwn(example, 'value'), `${pointer}/${name}: payloads are referenced, not copied`);
      assert.type(example['summary'], 'string');
      const external = example['externalValue'];
      assert.type(external, 'string', `${pointer}/${name}/externalValue`);
      const file = resolve(schemasDir, external as string);
      assert.is(dirname(file), resolve(documentedDir), `${pointer}/${name}: ${String(external)} is not a documented sample`);
      assert.ok(existsSync(file), `${pointer}/${name}: ${String(external)} does not exist`);
      assert.ok(basename(file).startsWith(`${name}.`), `${pointer}/${name} points at ${basename(file)}`);
      referenced.add(file);

      const result = validate(JSON.parse(readFileSync(file, 'utf8')), { kind });
      assert.is(result.kind, kind);
      const errors = result.problems.filter((p) => p.severity === 'error');
      assert.equal(errors, [], `${basename(file)} as ${kind}`);
    }
  }
  assert.is(maps, 6, 'request and response of both paths, and both webhooks');

  const documented = listSamples('documented').map((sample) => sample.path);
  assert.is(documented.length, 16);
  assert.equal([...referenced].sort(), documented);
});

test('each example sits where its payload belongs', () => {
  const suffixOf: Record<Kind, RegExp> = {
    'invite-request': /\.request\.json$/,
    'invite-operation': /\.response\.json$/,
    'comms-notifications': /\.notification-(completed|roster)\.json$/,
  };
  for (const [pointer, key, value] of entries(raw)) {
    if (key !== 'externalValue') continue;
    const kind = kindOfExamples(pointer.split('/').slice(0, -2).join('/'));
    assert.ok(kind !== undefined, pointer);
    assert.match(String(value), suffixOf[kind], pointer);
  }
  const completed = at(raw, 'webhooks', 'inviteOperationCompleted', 'post', 'requestBody', 'content', 'application/json', 'examples');
  const roster = at(raw, 'webhooks', 'rosterUpdated', 'post', 'requestBody', 'content', 'application/json', 'examples');
  for (const example of Object.values(completed)) assert.match(String(at(example)['externalValue']), /notification-completed/);
  for (const example of Object.values(roster)) assert.match(String(at(example)['externalValue']), /notification-roster/);
});

test.run();
