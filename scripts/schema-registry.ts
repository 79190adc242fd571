import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type AnySchemaObject } from 'ajv/dist/2020.js';
import { _ } from 'ajv';
import addFormatsModule, { type FormatName } from 'ajv-formats';
import { contractFormats } from '../src/validate/formats.js';
import { rootSchemaFile } from '../src/contract/kinds.js';
import { type Kind } from '../src/model/kind.js';
import { schemasDir } from '../src/paths.js';

// ajv-formats is CommonJS with a default export; under NodeNext the default sits one level down.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Suffix of every contract schema file in schemas/. */
const schemaSuffix = '.schema.json';

/** A contract schema file: its file name and parsed content. */
export interface SchemaFile {
  readonly file: string;
  readonly schema: AnySchemaObject & { $id: string; title: string };
}

/** Reads every contract schema in schemas/, sorted by file name. */
export function loadSchemaFiles(dir: string = schemasDir): SchemaFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(schemaSuffix))
    .sort()
    .map((file) => ({ file, schema: JSON.parse(readFileSync(join(dir, file), 'utf8')) as SchemaFile['schema'] }));
}

/** Options shared by the build-time (standalone) and run-time compilations, so both check the same thing. */
export function createAjv(options: { standalone?: boolean; files?: readonly SchemaFile[]; stockFormats?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    ...(options.standalone === true
      ? // Standalone code names the formats by this identifier: the parameter of createValidators(contractFormats).
        { code: { source: true, esm: true, lines: true, formats: _`contractFormats` } }
      : {}),
  });
  // stockFormats: ajv-formats' own definitions, as a bare ajv set-up has them (the benchmark's baseline).
  if (options.stockFormats === true) addFormats(ajv, Object.keys(contractFormats) as FormatName[]);
  else for (const [name, format] of Object.entries(contractFormats)) ajv.addFormat(name, format);
  for (const { schema } of options.files ?? loadSchemaFiles()) ajv.addSchema(schema);
  return ajv;
}

/** The JSON type each contract format applies to, for the one-pass checks the generator compiles. */
export const contractFormatTypes: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(contractFormats).map(([name, format]) => [name, format.type]));

/** The $id of a kind's root schema among the files. */
export function rootSchemaId(files: readonly SchemaFile[], kind: Kind): string {
  const root = files.find(({ file }) => file === rootSchemaFile[kind]);
  if (root === undefined) throw new Error(`no root schema ${rootSchemaFile[kind]} for ${kind}`);
  return root.schema.$id;
}
