import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type AnySchemaObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { schemasDir } from '../src/paths.js';

// ajv-formats is CommonJS with a default export; under NodeNext the default sits one level down.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Suffix of every contract schema file in schemas/. */
export const schemaSuffix = '.schema.json';

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
export function createAjv(options: { standalone?: boolean; dir?: string } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    ...(options.standalone === true
      ? { code: { source: true, esm: true, lines: true } }
      : {}),
  });
  addFormats(ajv, ['uri-reference']);
  // Annotation read by the type generator; it asserts nothing.
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  for (const { schema } of loadSchemaFiles(options.dir)) ajv.addSchema(schema);
  return ajv;
}
