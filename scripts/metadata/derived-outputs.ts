/**
 * What the generator derives from the profiles' per-type schema sets for tools other than this package:
 * the self-contained schemas (schemas/portable/<profile>/) and the OpenAPI documents (schemas/openapi.json
 * for beta, schemas/v1.0/openapi.json). Returns the files; scripts/generate.ts writes or checks them.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { loadSchemaFiles, type SchemaFile } from '../schema-registry.js';
import { contractFormats } from '../../src/validate/formats.js';
import { openapiDocument, type DocumentedExample } from './openapi.js';
import { portableDir, portableSchemas, schemaProfiles, type SchemaProfile } from './portable.js';

/** Where each profile's OpenAPI document goes, under schemas/. */
const openapiPath: Readonly<Record<SchemaProfile, string>> = { beta: 'openapi.json', 'v1.0': 'v1.0/openapi.json' };
/** Where each profile's documented payloads are, under samples/. */
const documentedDir: Readonly<Record<SchemaProfile, string>> = { beta: 'documented', 'v1.0': 'documented-v1.0' };

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The documented payloads of a folder, named as their files without `.json`. */
function readExamples(dir: string): DocumentedExample[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.expected.json'))
    .sort()
    .map((name) => ({ name: name.slice(0, -'.json'.length), value: JSON.parse(readFileSync(join(dir, name), 'utf8')) as DocumentedExample['value'] }));
}

/** The profile's per-type set: as given, else schemas/v1.0/ once it is generated; until then v1.0 shares beta's. */
function profileSet(schemaDir: string, profile: SchemaProfile, sets: ProfileSets): readonly SchemaFile[] {
  const given = sets[profile];
  if (given !== undefined) return given;
  const dir = join(schemaDir, profile);
  return existsSync(dir) && readdirSync(dir).some((name) => name.endsWith('.schema.json')) ? loadSchemaFiles(dir) : sets.beta;
}

/** The per-type sets the generator has loaded: beta's always, the others when it has them. */
export type ProfileSets = { readonly beta: readonly SchemaFile[] } & Partial<Record<SchemaProfile, readonly SchemaFile[]>>;

/** A checker of one self-contained schema: a standard ajv with the contract's formats, nothing of ours. */
function compilePortable(schema: object): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: false });
  for (const [name, format] of Object.entries(contractFormats)) ajv.addFormat(name, format);
  return ajv.compile(schema);
}

/** Every derived file, by its path, with its content, from the per-type sets (a set not given is read from schemas/). */
export function derivedOutputs(root: string, sets: ProfileSets): Array<{ name: string; path: string; content: string }> {
  const schemaDir = join(root, 'schemas');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const template = JSON.parse(readFileSync(join(schemaDir, 'source', 'openapi.template.json'), 'utf8')) as Parameters<typeof openapiDocument>[0]['template'];
  const out = new Map<string, unknown>();
  for (const profile of schemaProfiles) {
    const files = profileSet(schemaDir, profile, sets);
    const portable = portableSchemas(files, profile, version);
    for (const [path, schema] of portable) out.set(path, schema);
    // A profile without documented payloads of its own shows those of beta that its schemas accept.
    const ownExamples = join(root, 'samples', documentedDir[profile]);
    const own = existsSync(ownExamples);
    const checkers = new Map<string, ValidateFunction>();
    const accepts = (rootFile: string, value: DocumentedExample['value']): boolean => {
      const path = `${portableDir(profile)}/${rootFile}`;
      let check = checkers.get(path);
      if (check === undefined) {
        const schema = portable.get(path);
        if (schema === undefined) throw new Error(`no portable schema ${path}`);
        check = compilePortable(schema);
        checkers.set(path, check);
      }
      return check(value);
    };
    const examples = readExamples(own ? ownExamples : join(root, 'samples', documentedDir.beta));
    out.set(openapiPath[profile], openapiDocument({ template, files, profile, version, examples, ...(own ? {} : { accepts }) }));
  }
  return [...out].map(([path, value]) => ({ name: `schemas/${path}`, path: join(schemaDir, path), content: json(value) }));
}
