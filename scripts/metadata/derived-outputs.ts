/**
 * What the generator derives from the profiles' per-type schema sets for tools other than this package:
 * the self-contained schemas (schemas/portable/<profile>/) and the OpenAPI documents (schemas/openapi.json
 * for beta, schemas/v1.0/openapi.json). Returns the files; scripts/generate.ts writes or checks them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type SchemaFile } from '../schema-registry.js';
import { openapiDocument, type DocumentedExample } from './openapi.js';
import { portableSchemas, schemaProfiles, type SchemaProfile } from './portable.js';
import { schemaText } from './schema-text.js';

/** Where each profile's OpenAPI document goes, under schemas/. */
const openapiPath: Readonly<Record<SchemaProfile, string>> = { beta: 'openapi.json', 'v1.0': 'v1.0/openapi.json' };
/** Where each profile's documented payloads are, under samples/. */
const documentedDir: Readonly<Record<SchemaProfile, string>> = { beta: 'documented', 'v1.0': 'documented-v1.0' };

/** The documented payloads of a folder, named as their files without `.json`. */
function readExamples(dir: string): DocumentedExample[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.expected.json'))
    .sort()
    .map((name) => ({ name: name.slice(0, -'.json'.length), value: JSON.parse(readFileSync(join(dir, name), 'utf8')) as DocumentedExample['value'] }));
}

/** The per-type set of each profile, as the generator built it. */
export type ProfileSets = Readonly<Record<SchemaProfile, readonly SchemaFile[]>>;

/** Every derived file, by its path, with its content, from the per-type sets . */
export function derivedOutputs(root: string, sets: ProfileSets): Array<{ name: string; path: string; content: string }> {
  const schemaDir = join(root, 'schemas');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const template = JSON.parse(readFileSync(join(schemaDir, 'source', 'openapi.template.json'), 'utf8')) as Parameters<typeof openapiDocument>[0]['template'];
  const out = new Map<string, unknown>();
  for (const profile of schemaProfiles) {
    const files = sets[profile];
    for (const [path, schema] of portableSchemas(files, profile, version)) out.set(path, schema);
    // Each profile's document shows the examples of its own reference page.
    const examples = readExamples(join(root, 'samples', documentedDir[profile]));
    out.set(openapiPath[profile], openapiDocument({ template, files, profile, version, examples }));
  }
  return [...out].map(([path, value]) => ({ name: `schemas/${path}`, path: join(schemaDir, path), content: schemaText(value) }));
}
