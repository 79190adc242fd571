/**
 * Both OpenAPI documents under two tools of others: @apidevtools/swagger-parser (the OpenAPI 3.1 schema
 * and every $ref) and Spectral's `spectral:oas` ruleset (recommended rules), which also checks every
 * example against its schema.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import spectralCore, { type ISpectralDiagnostic } from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { schemasDir } from '../src/paths.js';

// Spectral's packages are CommonJS: their exports come as one default object.
const { Spectral, Document } = spectralCore;
const { Json: jsonParser } = spectralParsers;

type JsonObject = { [key: string]: unknown };

const documents = { beta: join(schemasDir, 'openapi.json'), 'v1.0': join(schemasDir, 'v1.0', 'openapi.json') } as const;
const read = (path: string): JsonObject => JSON.parse(readFileSync(path, 'utf8')) as JsonObject;

/** Spectral's findings on a document: `spectral:oas`, as a ruleset file's `extends: spectral:oas` gives it. */
async function spectralFindings(document: JsonObject, source: string): Promise<ISpectralDiagnostic[]> {
  const spectral = new Spectral();
  spectral.setRuleset({ extends: [[oas as never, 'recommended']] });
  return spectral.run(new Document(JSON.stringify(document, null, 2), jsonParser, source));
}

const describe = (findings: readonly ISpectralDiagnostic[]): string[] => findings.map((f) => `${f.code} at ${f.path.join('/')}: ${f.message}`);
// Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
const errorsOf = (findings: readonly ISpectralDiagnostic[]): string[] => describe(findings.filter((f) => f.severity === 0));
const warningsOf = (findings: readonly ISpectralDiagnostic[]): string[] => describe(findings.filter((f) => f.severity === 1));

for (const [profile, path] of Object.entries(documents)) {
  test(`${profile}: swagger-parser validates the document`, async () => {
    const api = (await SwaggerParser.validate(path)) as unknown as JsonObject;
    assert.is(api['openapi'], '3.1.0');
  });

  test(`${profile}: spectral:oas finds no error and no warning`, async () => {
    const findings = await spectralFindings(read(path), path);
    assert.equal(errorsOf(findings), []);
    assert.equal(warningsOf(findings), []);
  });
}

test('the tools refuse a broken copy (the checks are real)', async () => {
  // One copy with two faults, so that Spectral's run over the whole document is made once. Spectral
  // compares every example with its schema: the request example gets a value its schema refuses. The
  // dangling reference is under the operation's result, away from that example's schema, so both are found.
  const broken = read(documents.beta);
  const components = broken['components'] as { examples: Record<string, { value: { participants?: unknown } }>; schemas: Record<string, unknown> };
  const request = components.examples['example-4.request'];
  assert.ok(request !== undefined);
  request.value.participants = 'x';
  assert.ok(components.schemas['ResultInfo'] !== undefined);
  delete components.schemas['ResultInfo'];

  await SwaggerParser.validate(structuredClone(broken) as never).then(
    () => assert.unreachable('swagger-parser accepted a dangling $ref'),
    (error: unknown) => {
      assert.instance(error, Error);
      assert.match((error as Error).message, 'ResultInfo');
    },
  );
  const errors = errorsOf(await spectralFindings(broken, documents.beta));
  assert.ok(errors.some((line) => line.startsWith('oas3-valid-media-example at components/examples/example-4.request/value/participants')), errors.join('\n'));
  assert.ok(errors.some((line) => line.startsWith('invalid-ref at ') && line.includes('ResultInfo')), errors.join('\n'));
});

test.run();
