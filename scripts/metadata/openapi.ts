/**
 * The OpenAPI 3.1 document of one profile, self-contained: the template's operations and webhooks
 * (schemas/source/openapi.template.json), every payload schema inline under components/schemas and the
 * documented payloads inline under components/examples.
 *
 * The template is an OpenAPI document with three additions, all removed here: `x-profiles` at the top
 * (the words each profile puts in place of `{{name}}` in every string, besides `{{version}}`), on a path
 * item (the profiles that document that path), `x-example-summaries` (a summary per sample name) and, on a
 * media type, `x-examples` (the suffix of the sample names it shows, such as `request`). Its schema $refs
 * name per-type files (`invite-request.schema.json`).
 */
import type { SchemaFile } from '../schema-registry.js';
import { inlineSchemas, type SchemaProfile } from './portable.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A documented payload, named as its sample file without `.json` (`example-1.request`). */
export interface DocumentedExample {
  readonly name: string;
  readonly value: Json;
}

export interface OpenapiInputs {
  readonly template: JsonObject;
  readonly files: readonly SchemaFile[];
  readonly profile: SchemaProfile;
  readonly version: string;
  readonly examples: readonly DocumentedExample[];
}

const componentsSchemas = '#/components/schemas/';

/** Fills `{{name}}` in every string from the profile's words; an unknown name is an error. */
function fill(node: Json, words: Readonly<Record<string, string>>): Json {
  if (typeof node === 'string') {
    return node.replace(/\{\{(\w+)\}\}/g, (_all, name: string) => {
      const word = words[name];
      if (word === undefined) throw new Error(`openapi template: no word for {{${name}}}`);
      return word;
    });
  }
  if (Array.isArray(node)) return node.map((item) => fill(item, words));
  if (!isObject(node)) return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value, words)]));
}

/** The words of a profile, from the template's x-profiles. */
function profileWords(template: JsonObject, profile: SchemaProfile, version: string): Record<string, string> {
  const profiles = template['x-profiles'];
  const words = isObject(profiles) ? profiles[profile] : undefined;
  if (!isObject(words)) throw new Error(`openapi template: no x-profiles entry for ${profile}`);
  const out: Record<string, string> = { version };
  for (const [name, word] of Object.entries(words)) {
    if (typeof word !== 'string') throw new Error(`openapi template: x-profiles.${profile}.${name} is not a string`);
    out[name] = word;
  }
  return out;
}

/** The summary of an example: the template's, or one said from its name. */
function summaryOf(template: JsonObject, name: string): string {
  const summaries = template['x-example-summaries'];
  const given = isObject(summaries) ? summaries[name] : undefined;
  if (typeof given === 'string') return given;
  const [example, payload] = name.split('.', 2);
  return `The ${String(payload).replaceAll('-', ' ')} of the reference page's ${String(example).replace('-', ' ')}.`;
}

/**
 * Spectral's oas ruleset (array-items) wants `items` beside every `type: "array"`, even in an `if` that only
 * tells arrays apart; `items: {}` asserts nothing, so the schema accepts exactly what it did. Written as an
 * empty schema, not `true`: Redocly and openapi-typescript take only Schema objects there, though OAS 3.1
 * allows booleans.
 */
function withArrayItems(node: Json): Json {
  if (Array.isArray(node)) return node.map(withArrayItems);
  if (!isObject(node)) return node;
  const out = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withArrayItems(value)]));
  if (out['type'] === 'array' && !Object.hasOwn(out, 'items') && !Object.hasOwn(out, 'prefixItems')) out['items'] = {};
  return out;
}

/** Keywords that say what a schema is about without asserting anything: they stay where they are. */
const annotationKeys = new Set(['title', 'description', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);

/**
 * The same schema in the shape code generators read: what an object declares of its own goes into an
 * allOf entry beside the base it extends or the choice it makes, and a $ref with constraints beside it
 * becomes an allOf of the two. JSON Schema ands sibling keywords, so every validator answers as before;
 * openapi-zod-client and orval kept only the allOf or anyOf (a notification's changeType and an
 * identity set's phone were dropped), and Prism merged a $ref over its siblings (the E.164 pattern was
 * lost). An object that closes itself (additionalProperties) keeps its properties beside it: the keyword
 * reads them. An open object says so (`additionalProperties: {}`, which accepts anything): generators
 * otherwise take an object with properties as closed, and a typed documented example with an undeclared
 * key (identityProvider) did not compile against hey-api's types.
 */
export function forGenerators(node: Json): Json {
  const shaped = shapedForGenerators(typedFromConditions(node));
  return isObject(shaped) ? openObjects(shaped) : shaped;
}

/**
 * A property that states nothing of its own and takes its shapes from the object's if/then/else (a
 * notification's resourceData: an operation, participants, a deltaParticipants object...) gets an anyOf of
 * those shapes, which generators read where they ignore conditions: resourceData was `unknown` in every
 * generated client. Each shape is a branch's schema for the property, or where a branch adds nothing, the
 * type its condition asks for; so every value the conditions accept matches one of them, and since JSON
 * Schema ands the anyOf with the conditions, no verdict changes.
 */
function typedFromConditions(node: Json): Json {
  if (!isObject(node) || !isObject(node['properties']) || !Object.hasOwn(node, 'if')) return node;
  const properties: JsonObject = { ...node['properties'] };
  for (const [name, schema] of Object.entries(properties)) {
    if (!isObject(schema) || Object.keys(schema).some((key) => !annotationKeys.has(key))) continue;
    const shapes = propertyShapes(node, name);
    if (shapes === undefined || shapes.length < 2) continue;
    properties[name] = { ...schema, anyOf: shapes };
  }
  return { ...node, properties };
}

/** The shapes a conditional schema gives one property, or undefined when some branch leaves it open. */
function propertyShapes(node: JsonObject, name: string): Json[] | undefined {
  const condition = node['if'];
  const branches = [['then', condition], ['else', undefined]] as const;
  const out: Json[] = [];
  for (const [key, asked] of branches) {
    const branch = node[key];
    const own = isObject(branch) && isObject(branch['properties']) ? branch['properties'][name] : undefined;
    const shapes = own !== undefined ? leafShapes(own) : isObject(asked) && isObject(asked['properties']) ? typeOnly(asked['properties'][name]) : undefined;
    if (shapes === undefined) return undefined;
    out.push(...shapes);
  }
  // The named shapes first, the loose ones (a type alone) last: a union generator tries them in order.
  const loose = (shape: Json): boolean => isObject(shape) && Object.keys(shape).every((key) => key === 'type' || key === 'additionalProperties');
  const seen = new Set<string>();
  return [...out.filter((shape) => !loose(shape)), ...out.filter(loose)].filter((shape) => {
    const key = JSON.stringify(shape);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The shapes of one value's schema: its branches when it is itself a condition, else the schema itself. */
function leafShapes(schema: Json): Json[] | undefined {
  if (!isObject(schema)) return undefined;
  if (!Object.hasOwn(schema, 'if')) return Object.keys(schema).length === 0 ? undefined : [schema];
  const then = schema['then'];
  const whenTrue = isObject(then) && Object.keys(then).length > 0 ? leafShapes(then) : typeOnly(schema['if']);
  const otherwise = schema['else'];
  const whenFalse = otherwise === undefined ? undefined : leafShapes(otherwise);
  return whenTrue === undefined || whenFalse === undefined ? undefined : [...whenTrue, ...whenFalse];
}

/**
 * The type a condition asks for, as the loosest shape that still says it (undefined when it asks none); an
 * object open to any key, said so for generators that read a bare object type as an empty one.
 */
function typeOnly(schema: Json | undefined): Json[] | undefined {
  if (!isObject(schema) || typeof schema['type'] !== 'string') return undefined;
  return [schema['type'] === 'object' ? { type: 'object', additionalProperties: {} } : { type: schema['type'] }];
}

/** Every schema with properties of its own (or an object with an allOf), marked open unless it says otherwise. */
function openObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(openObjects);
  if (!isObject(node)) return node;
  const out: JsonObject = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'properties' || key === 'patternProperties' || key === '$defs' ? mapValues(value, openObjects) : openObjects(value)]));
  // Any schema with properties, typed or not (a condition's branch): Redocly read an untyped else as closed
  // and warned on every notification example. `{}` asserts nothing, so no verdict changes.
  const declares = Object.hasOwn(out, 'properties') || (out['type'] === 'object' && Object.hasOwn(out, 'allOf'));
  if (declares && !Object.hasOwn(out, 'additionalProperties')) out['additionalProperties'] = {};
  return out;
}

function shapedForGenerators(node: Json): Json {
  if (Array.isArray(node)) return node.map(shapedForGenerators);
  if (!isObject(node)) return node;
  const out: JsonObject = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'properties' || key === 'patternProperties' || key === '$defs' ? mapValues(value, shapedForGenerators) : shapedForGenerators(value)]));
  const asserting = Object.keys(out).filter((key) => !annotationKeys.has(key));
  if (typeof out['$ref'] === 'string' && asserting.length > 1) {
    const { $ref, ...rest } = out;
    const kept = Object.fromEntries(Object.entries(rest).filter(([key]) => annotationKeys.has(key)));
    const moved = Object.fromEntries(Object.entries(rest).filter(([key]) => !annotationKeys.has(key)));
    return { ...kept, allOf: [{ $ref: $ref as string }, moved] };
  }
  const own = ['properties', 'required', 'patternProperties'].filter((key) => Object.hasOwn(out, key));
  const combined = Array.isArray(out['allOf']) ? 'allOf' : Array.isArray(out['anyOf']) ? 'anyOf' : undefined;
  if (combined === undefined || own.length === 0 || Object.hasOwn(out, 'additionalProperties')) return out;
  // Typed as its node is: a type added here would refuse what the node let by.
  const declared: JsonObject = out['type'] === 'object' ? { type: 'object' } : {};
  for (const key of own) {
    declared[key] = out[key] as Json;
    delete out[key];
  }
  if (combined === 'allOf') out['allOf'] = [...(out['allOf'] as Json[]), declared];
  else {
    out['allOf'] = [declared, { anyOf: out['anyOf'] as Json }];
    delete out['anyOf'];
  }
  return out;
}

function mapValues(value: Json, map: (node: Json) => Json): Json {
  return isObject(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, map(item)])) : value;
}

/**
 * The document of one profile. Schema $refs to files become component references; each media type's
 * x-examples becomes references to the examples whose names end with that suffix.
 */
export function openapiDocument(inputs: OpenapiInputs): JsonObject {
  const { template, files, profile } = inputs;
  const { 'x-profiles': _profiles, 'x-example-summaries': _summaries, ...body } = template;
  const document = fill(body, profileWords(template, profile, inputs.version));
  const titles = new Map(files.map(({ file, schema }) => [file, schema.title]));
  const roots = new Set<string>();
  const usedExamples = new Map<string, DocumentedExample>();

  const build = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(build);
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      // A path item or operation documented by other profiles only.
      if (isObject(value) && Array.isArray(value['x-profiles']) && !value['x-profiles'].includes(profile)) continue;
      if (key === 'x-profiles') continue;
      if (key === '$ref' && typeof value === 'string' && value.endsWith('.schema.json')) {
        const title = titles.get(value);
        if (title === undefined) throw new Error(`openapi template: $ref ${value} names no schema file`);
        roots.add(value);
        out[key] = `${componentsSchemas}${title}`;
      } else if (key === 'x-examples') {
        if (typeof value !== 'string') throw new Error('openapi template: x-examples must be a suffix');
        const shown = inputs.examples.filter(({ name }) => name.endsWith(`.${value}`));
        for (const example of shown) usedExamples.set(example.name, example);
        if (shown.length > 0) {
          out['examples'] = Object.fromEntries(shown.map(({ name }) => [name.split('.')[0] as string, { $ref: `#/components/examples/${name}` }]));
        }
      } else {
        out[key] = build(value);
      }
    }
    return out;
  };
  const built = build(document);
  if (!isObject(built)) throw new Error('openapi template: the document must be an object');
  const components = isObject(built['components']) ? built['components'] : {};
  const examples = [...usedExamples.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  built['components'] = {
    schemas: Object.fromEntries([...inlineSchemas(files, [...roots], componentsSchemas)].map(([title, schema]) => [title, forGenerators(withArrayItems(schema))])),
    ...(examples.length === 0 ? {} : { examples: Object.fromEntries(examples.map(({ name, value }) => [name, { summary: summaryOf(template, name), value }])) }),
    ...components,
  };
  return built;
}
