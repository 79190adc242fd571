import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createValidators } from '../generated/validators.js';
import { contractFormats } from '../src/validate/formats.js';
import { rootSchemaFile, validatorExport } from '../src/contract/kinds.js';
import { kinds } from '../src/model/kind.js';
import { createAjv, loadSchemaFiles } from '../scripts/schema-registry.js';
import { flagsSchemaFiles } from '../src/rules/schema/flags-member.js';
import { listSamples, readSample, sampleFolders, sampleKind } from './samples.js';

type Validator = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; keyword: string }> | null };

const files = loadSchemaFiles();
const runtime = createAjv({ files });
const idOf = new Map(files.map(({ file, schema }) => [file, schema.$id]));
const standalone = createValidators(contractFormats) as unknown as Record<string, Validator>;

function errorsOf(validator: Validator, value: unknown): string[] {
  validator(value);
  return (validator.errors ?? []).map((e) => `${e.keyword} ${e.instancePath}`).sort();
}

test('the precompiled validators and a run-time compilation of the same schemas agree on every sample', () => {
  let compared = 0;
  for (const folder of sampleFolders) {
    for (const sample of listSamples(folder)) {
      const kind = sampleKind(sample);
      if (kind === null) continue;
      const value = readSample(sample);
      const atRuntime = runtime.getSchema(idOf.get(rootSchemaFile[kind]) ?? '') as Validator | undefined;
      const precompiled = standalone[validatorExport[kind]];
      assert.ok(atRuntime !== undefined && precompiled !== undefined, kind);
      assert.equal(errorsOf(precompiled, value), errorsOf(atRuntime, value), `${folder}/${sample.name}`);
      compared += 1;
    }
  }
  assert.ok(compared >= 16);
});

test('every kind has a root schema and a precompiled validator', () => {
  for (const kind of kinds) {
    assert.ok(idOf.has(rootSchemaFile[kind]), kind);
    assert.type(standalone[validatorExport[kind]], 'function');
  }
});

test('schema invariants the problem mapping relies on', () => {
  const walk = (node: unknown, visit: (n: Record<string, unknown>, key: string) => void, key = ''): void => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, visit, key));
    else if (node !== null && typeof node === 'object') {
      visit(node as Record<string, unknown>, key);
      for (const [k, v] of Object.entries(node)) walk(v, visit, k);
    }
  };
  for (const { file, schema } of files) {
    assert.match(schema.$id, new RegExp(`/${file.replace(/\./g, '\\.')}$`), `${file}: $id names the file`);
    assert.ok(typeof schema.title === 'string' && typeof schema['description'] === 'string', `${file}: title and description`);
    assert.is(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema', file);
    // client-context-length is the only rule mapped from maxLength.
    walk(schema, (node, key) => {
      if ('maxLength' in node) assert.is(key, 'clientContext', `${file}: maxLength on ${key}`);
      // Graph types are open; only an action's body (its parameters) is closed, at its root.
      const actionBody = file.endsWith('invite-request.schema.json') && node === schema;
      if (('additionalProperties' in node && !actionBody) || 'unevaluatedProperties' in node) assert.unreachable(`${file}: Graph types are open`);
      if (actionBody) assert.is(node['additionalProperties'], false, `${file}: the action's body takes its parameters only`);
      if (typeof node['format'] === 'string') assert.not.ok(['uuid', 'guid'].includes(node['format']), `${file}: ids are not GUIDs`);
    });
  }
  const rootPatterns = files.filter(({ schema }) => typeof schema['pattern'] === 'string').map(({ file }) => file);
  assert.equal(rootPatterns, [...flagsSchemaFiles].sort());
});

test('every enum has all its members', () => {
  const members = (file: string) => (files.find((f) => f.file === file)?.schema['enum'] as string[] | undefined) ?? [];
  assert.equal(members('operation-status.schema.json'), ['notStarted', 'running', 'completed', 'failed', 'NotStarted', 'Running', 'Completed', 'Failed']);
  assert.equal(members('change-type.schema.json'), ['created', 'updated', 'deleted', 'unknownFutureValue']);
  assert.equal(members('endpoint-type.schema.json'), ['default', 'voicemail', 'skypeForBusiness', 'skypeForBusinessVoipPhone', 'unknownFutureValue']);
  assert.equal(members('media-direction.schema.json'), ['inactive', 'sendOnly', 'receiveOnly', 'sendReceive']);
  assert.equal(members('modality.schema.json'), ['unknown', 'audio', 'video', 'videoBasedScreenSharing', 'data', 'unknownFutureValue']);
  assert.equal(members('recording-status.schema.json'), ['unknown', 'notRecording', 'recording', 'failed', 'unknownFutureValue']);
});

test.run();
