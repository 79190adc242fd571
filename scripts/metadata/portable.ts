/**
 * Self-contained schemas, derived from a profile's per-type schema set: one per payload kind, every schema
 * the root reaches placed under $defs by its title and every cross-file $ref turned into a local one, so
 * that a tool given the one file needs nothing else (no $id to resolve, nothing to fetch). The same
 * inlining feeds the OpenAPI documents' components (scripts/metadata/openapi.ts).
 */
import type { SchemaFile } from '../schema-registry.js';
import { rootSchemaFile } from '../../src/contract/kinds.js';
import { kinds } from '../../src/model/kind.js';

/** The API versions the contract is generated for, each with its own per-type schema set. */
export const schemaProfiles = ['beta', 'v1.0'] as const;
export type SchemaProfile = (typeof schemaProfiles)[number];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** How the value of each JSON Schema 2020-12 keyword is walked; a keyword not listed is not standard. */
const keywordValues: Readonly<Record<string, 'schema' | 'schemas' | 'schemaMap' | 'value' | 'ref' | 'drop'>> = {
  // Core. $id and $schema name the per-type file: inside a bundle they would open a new resource.
  $id: 'drop',
  $schema: 'drop',
  $ref: 'ref',
  $dynamicRef: 'value',
  $anchor: 'value',
  $dynamicAnchor: 'value',
  $vocabulary: 'value',
  $comment: 'value',
  $defs: 'schemaMap',
  // Applicators.
  prefixItems: 'schemas',
  items: 'schema',
  contains: 'schema',
  additionalProperties: 'schema',
  properties: 'schemaMap',
  patternProperties: 'schemaMap',
  dependentSchemas: 'schemaMap',
  propertyNames: 'schema',
  if: 'schema',
  then: 'schema',
  else: 'schema',
  allOf: 'schemas',
  anyOf: 'schemas',
  oneOf: 'schemas',
  not: 'schema',
  unevaluatedItems: 'schema',
  unevaluatedProperties: 'schema',
  // Validation.
  type: 'value',
  const: 'value',
  enum: 'value',
  multipleOf: 'value',
  maximum: 'value',
  exclusiveMaximum: 'value',
  minimum: 'value',
  exclusiveMinimum: 'value',
  maxLength: 'value',
  minLength: 'value',
  pattern: 'value',
  maxItems: 'value',
  minItems: 'value',
  uniqueItems: 'value',
  maxContains: 'value',
  minContains: 'value',
  maxProperties: 'value',
  minProperties: 'value',
  required: 'value',
  dependentRequired: 'value',
  // Meta-data, format, content.
  title: 'value',
  description: 'value',
  default: 'value',
  deprecated: 'value',
  readOnly: 'value',
  writeOnly: 'value',
  examples: 'value',
  format: 'value',
  contentEncoding: 'value',
  contentMediaType: 'value',
  contentSchema: 'schema',
};

/** The standard 2020-12 keywords (what a portable schema may hold). */
export const standardKeywords: ReadonlySet<string> = new Set(Object.keys(keywordValues));

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A file of the set, found by its $id or its file name, with the resolved reference's fragment. */
interface Target {
  readonly file: SchemaFile;
  readonly fragment: string;
}

/** Looks up the schema files by $id and by file name, so both absolute and relative $refs resolve. */
class SchemaSet {
  private readonly byUrl = new Map<string, SchemaFile>();

  constructor(readonly files: readonly SchemaFile[]) {
    const titles = new Set<string>();
    for (const file of files) {
      if (titles.has(file.schema.title)) throw new Error(`two schema files are titled ${file.schema.title}`);
      titles.add(file.schema.title);
      this.byUrl.set(new URL(file.schema.$id).href, file);
    }
  }

  file(name: string): SchemaFile {
    const found = this.files.find(({ file }) => file === name);
    if (found === undefined) throw new Error(`no schema file ${name}`);
    return found;
  }

  /** Resolves a $ref written in `from` against its $id, as a JSON Schema validator does. */
  resolve(ref: string, from: SchemaFile): Target {
    const url = new URL(ref, from.schema.$id);
    const fragment = decodeURIComponent(url.hash.slice(1));
    url.hash = '';
    const file = this.byUrl.get(url.href) ?? this.files.find(({ file: name }) => url.pathname.endsWith(`/${name}`));
    if (file === undefined) throw new Error(`${from.file}: $ref ${ref} names no schema file of the set`);
    if (fragment !== '' && !fragment.startsWith('/')) throw new Error(`${from.file}: $ref ${ref} uses an anchor; only JSON Pointer fragments are supported`);
    return { file, fragment };
  }
}

/**
 * One schema of the set rewritten for a bundle: non-standard keywords and $id/$schema dropped, each $ref
 * given by `refTo` (the local reference of the target file's title, with the fragment kept).
 */
function rewrite(node: Json, from: SchemaFile, set: SchemaSet, refTo: (target: Target) => string, reached: (file: SchemaFile) => void): Json {
  if (typeof node === 'boolean') return node;
  if (!isObject(node)) throw new Error(`${from.file}: a schema must be an object or a boolean`);
  const out: JsonObject = {};
  for (const [keyword, value] of Object.entries(node)) {
    const walk = keywordValues[keyword];
    const child = (schema: Json): Json => rewrite(schema, from, set, refTo, reached);
    switch (walk) {
      case undefined: // a generator hint such as tsType: asserts nothing, other tools refuse it
      case 'drop':
        break;
      case 'value':
        out[keyword] = value;
        break;
      case 'schema':
        out[keyword] = child(value);
        break;
      case 'schemas':
        if (!Array.isArray(value)) throw new Error(`${from.file}: ${keyword} must be an array`);
        out[keyword] = value.map(child);
        break;
      case 'schemaMap':
        if (!isObject(value)) throw new Error(`${from.file}: ${keyword} must be an object`);
        out[keyword] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, child(schema)]));
        break;
      case 'ref': {
        if (typeof value !== 'string') throw new Error(`${from.file}: $ref must be a string`);
        const target = set.resolve(value, from);
        reached(target.file);
        out[keyword] = refTo(target);
        break;
      }
    }
  }
  return out;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** JSON Pointer escaping of one reference token. */
const escapeToken = (token: string): string => token.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Every schema the roots reach, by title, rewritten so that a $ref to a file becomes `prefix` + its title
 * (a $ref inside a file to its own fragment follows it there). Titles come in the order they are reached.
 */
export function inlineSchemas(files: readonly SchemaFile[], roots: readonly string[], prefix: string): Map<string, Json> {
  const set = new SchemaSet(files);
  const out = new Map<string, Json>();
  const queue = roots.map((name) => set.file(name));
  const refTo = ({ file, fragment }: Target): string => `${prefix}${escapeToken(file.schema.title)}${fragment}`;
  for (let index = 0; index < queue.length; index += 1) {
    const file = queue[index] as SchemaFile;
    if (out.has(file.schema.title)) continue;
    out.set(file.schema.title, null); // claimed, so that a cycle does not queue it again
    out.set(
      file.schema.title,
      rewrite(file.schema as JsonObject, file, set, refTo, (reached) => {
        if (!out.has(reached.schema.title)) queue.push(reached);
      }),
    );
  }
  return out;
}

/** The public name of a file of the package: where the published version serves it. Never fetched. */
export function publishedId(version: string, path: string): string {
  return `https://cdn.jsdelivr.net/npm/graph-invite-contract@${version}/schemas/${path}`;
}

/** The folder, under schemas/, of a profile's self-contained schemas. */
export const portableDir = (profile: SchemaProfile): string => `portable/${profile}`;

/**
 * One self-contained schema per payload kind, for one profile's per-type set: the root's own keywords at
 * the top (so an editor completes them directly), every other schema it reaches under $defs by title.
 * Keyed by the path under schemas/.
 */
export function portableSchemas(files: readonly SchemaFile[], profile: SchemaProfile, version: string): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const kind of kinds) {
    const rootFile = rootSchemaFile[kind];
    const inlined = inlineSchemas(files, [rootFile], '#/$defs/');
    const [rootTitle, root] = [...inlined][0] as [string, Json];
    if (!isObject(root)) throw new Error(`${rootFile}: the root schema must be an object`);
    // A $ref back to the root itself names the document.
    const { $defs: ownDefs, ...rootKeywords } = JSON.parse(JSON.stringify(root).replace(new RegExp(`"#/\\$defs/${escapeRegExp(escapeToken(rootTitle))}(?=["/])`, 'g'), '"#')) as JsonObject;
    const defs: JsonObject = isObject(ownDefs) ? { ...ownDefs } : {};
    for (const [title, schema] of [...inlined].slice(1)) {
      if (Object.hasOwn(defs, title)) throw new Error(`${rootFile}: $defs/${title} is both the root's own definition and a schema file's title`);
      defs[title] = schema;
    }
    const path = `${portableDir(profile)}/${rootFile}`;
    out.set(path, {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: publishedId(version, path),
      ...rootKeywords,
      ...(Object.keys(defs).length === 0 ? {} : { $defs: defs }),
    });
  }
  return out;
}
