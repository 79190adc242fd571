/**
 * Compiles the contract schemas into yes/no checks for the valid path of validate(): TypeScript that
 * answers exactly what ajv answers (valid or not) but builds no error, and that calls a visit at each
 * contract object it passes (the OnePassVisits it is given: the walker's), so the rules run in the same
 * pass. The checks know node types, not rules. When a check says no, validate() asks the ajv standalone
 * validators for the errors and walks the payload as before.
 *
 * It knows the keywords the schemas use and nothing more: any other keyword stops the build, so a schema
 * change can never be checked loosely. test/one-pass.test.ts holds the answers to ajv's. Visits come in
 * the schemas' property order, which is the walker's order of descent (info before recordingInfo, identity
 * before nonAnonymizedIdentity, initiator before initiatedBy); the same tests fail if an edit changes it.
 *
 * The way to each visited object is kept in visits.path as the walker keeps it: pointer segments, an
 * array index or a property name escaped and led by its slash, written as constants here so that a
 * report only joins them.
 */
import { escapeToken } from '../src/model/pointer.js';
import type { SchemaFile } from './schema-registry.js';

/** Keywords that assert nothing. */
const annotations = new Set(['$schema', '$id', 'title', 'description', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);

/** Keywords this compiler checks. */
const assertions = new Set(['type', '$ref', 'enum', 'pattern', 'format', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'items', 'properties', 'patternProperties', 'additionalProperties', 'required', 'allOf', 'anyOf', 'not', 'if', 'then', 'else']);

type Schema = boolean | { readonly [keyword: string]: unknown };
type Node = { readonly [keyword: string]: unknown };

/** What the compiler needs besides the schema files. */
export interface OnePassPlan {
  /** The root schema file of each kind, by the name the checks are exported under. */
  readonly roots: Readonly<Record<string, string>>;
  /** Schema files whose objects the rule walker visits, with the visitor name for them. */
  readonly visits: Readonly<Record<string, string>>;
  /** Formats the schemas may name, with the JSON type each applies to; checked by contractFormats[name].validate. */
  readonly formats: Readonly<Record<string, string>>;
}

/** A JavaScript check of the value held in a variable; `depth` is the path length there (hooked subtrees only). */
interface Place {
  readonly value: string;
  readonly depth: Depth | undefined;
  readonly indent: string;
}

/** A depth expression: a variable plus a constant. */
interface Depth {
  readonly base: string;
  readonly plus: number;
}

const depthText = ({ base, plus }: Depth): string => (plus === 0 ? base : `${base} + ${plus}`);
const deeper = (depth: Depth): Depth => ({ base: depth.base, plus: depth.plus + 1 });

function typeTest(type: unknown, v: string): string {
  switch (type) {
    case 'object':
      return `(typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v}))`;
    case 'array':
      return `Array.isArray(${v})`;
    case 'string':
    case 'boolean':
      return `typeof ${v} === "${type}"`;
    case 'null':
      return `${v} === null`;
    // As ajv tells them: finite numbers only, and integers without a fractional part.
    case 'number':
      return `(typeof ${v} === "number" && isFinite(${v}))`;
    case 'integer':
      return `(typeof ${v} === "number" && !(${v} % 1) && !isNaN(${v}) && isFinite(${v}))`;
    default:
      throw new Error(`type ${JSON.stringify(type)} is not supported`);
  }
}

function typesOf(node: Node): readonly unknown[] | undefined {
  const type = node['type'];
  return type === undefined ? undefined : Array.isArray(type) ? type : [type];
}

function isOnly(types: readonly unknown[] | undefined, type: string): boolean {
  return types !== undefined && types.length === 1 && types[0] === type;
}

function assertionsOf(node: Node): string[] {
  return Object.keys(node).filter((keyword) => !annotations.has(keyword));
}

/** Where subschemas sit: the only places a $ref or $id is a keyword rather than data or a property name. */
function subschemasOf(node: Node): Schema[] {
  const found: Schema[] = [];
  for (const keyword of ['items', 'not', 'if', 'then', 'else']) if (node[keyword] !== undefined) found.push(node[keyword] as Schema);
  for (const keyword of ['allOf', 'anyOf']) found.push(...((node[keyword] as Schema[] | undefined) ?? []));
  found.push(...Object.values((node['properties'] as Record<string, Schema> | undefined) ?? {}));
  found.push(...Object.values((node['patternProperties'] as Record<string, Schema> | undefined) ?? {}));
  return found;
}

/**
 * Copies of the schemas with every $ref replaced by the name of the file it names, resolved as ajv resolves
 * it: against the $id of its file. A nested $id (another base) or a $ref into part of a file is refused.
 */
function resolveRefs(files: readonly SchemaFile[]): Map<string, Schema> {
  const fileOfId = new Map<string, string>();
  for (const { file, schema } of files) {
    if (typeof schema.$id !== 'string') throw new Error(`${file} has no $id`);
    fileOfId.set(new URL(schema.$id).href, file);
  }
  const resolved = new Map<string, Schema>();
  for (const { file, schema } of files) {
    const base = schema.$id;
    const copy = (node: Schema, root: boolean): Schema => {
      if (typeof node === 'boolean') return node;
      if (!root && node['$id'] !== undefined) throw new Error(`${file}: an $id below the root is not supported`);
      const out: Record<string, unknown> = { ...node };
      const ref = node['$ref'];
      if (typeof ref === 'string') {
        const target = new URL(ref, base);
        const named = target.hash === '' ? fileOfId.get(target.href) : undefined;
        if (named === undefined) throw new Error(`${file}: $ref ${ref} names no schema file (only whole files are supported)`);
        out['$ref'] = named;
      }
      for (const keyword of ['items', 'not', 'if', 'then', 'else']) if (node[keyword] !== undefined) out[keyword] = copy(node[keyword] as Schema, false);
      for (const keyword of ['allOf', 'anyOf']) if (Array.isArray(node[keyword])) out[keyword] = (node[keyword] as Schema[]).map((sub) => copy(sub, false));
      for (const keyword of ['properties', 'patternProperties']) {
        const map = node[keyword] as Record<string, Schema> | undefined;
        if (map !== undefined) out[keyword] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, copy(sub, false)]));
      }
      return out;
    };
    resolved.set(file, copy(schema as Schema, true));
  }
  return resolved;
}

/** Generates the source of generated/one-pass-checks.ts. */
export function onePassSource(files: readonly SchemaFile[], plan: OnePassPlan, banner: string): string {
  const byFile = resolveRefs(files);
  const schemaOf = (file: string): Schema => {
    const schema = byFile.get(file);
    if (schema === undefined) throw new Error(`${file} names no schema file`);
    return schema;
  };
  // One function per file, under a name that no other file's name turns into.
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const { file } of files) {
    const base = `check_${file.replace(/\.schema\.json$/, '').replace(/[^A-Za-z0-9]/g, '_')}`;
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}_${n}`;
    taken.add(name);
    names.set(file, name);
  }
  const functionName = (file: string): string => {
    const name = names.get(file);
    if (name === undefined) throw new Error(`${file} names no schema file`);
    return name;
  };

  // Whether a schema leads to a visited object: only there must the path be kept.
  const hooked = new Map<string, boolean>();
  const fileHooked = (file: string, chain: readonly string[] = []): boolean => {
    const known = hooked.get(file);
    if (known !== undefined) return known;
    if (chain.includes(file)) throw new Error(`$ref cycle through ${file}: not supported`);
    const answer = plan.visits[file] !== undefined || schemaHooked(schemaOf(file), [...chain, file]);
    hooked.set(file, answer);
    return answer;
  };
  const schemaHooked = (schema: Schema, chain: readonly string[] = []): boolean => {
    if (typeof schema === 'boolean') return false;
    const ref = schema['$ref'];
    return (typeof ref === 'string' && fileHooked(ref, chain)) || subschemasOf(schema).some((sub) => schemaHooked(sub, chain));
  };

  const patterns = new Map<string, string>();
  const helpers: string[] = [];
  let variables = 0;
  const fresh = (prefix: string): string => `${prefix}${variables++}`;

  /** A boolean expression for a subschema that reaches no hook (anyOf branches, not, if). */
  const branch = (schema: Schema, v: string): string => {
    if (schema === true) return 'true';
    if (schema === false) return 'false';
    if (schemaHooked(schema)) throw new Error('a visited object under not or if, or in an anyOf branch that null does not exclude, is not supported');
    const keywords = assertionsOf(schema);
    const ref = schema['$ref'];
    if (keywords.length === 1 && typeof ref === 'string') return `${functionName(ref)}(${v})`;
    if (keywords.length === 1 && keywords[0] === 'type') return `(${(typesOf(schema) ?? []).map((type) => typeTest(type, v)).join(' || ')})`;
    const name = fresh('branch');
    const body: string[] = [];
    statements(schema, { value: 'data', depth: undefined, indent: '    ' }, body);
    helpers.push(`  function ${name}(data: any): boolean {\n${body.join('\n')}\n    return true;\n  }`);
    return `${name}(${v})`;
  };

  /** A $ref call: hooked files take the path length. */
  const call = (file: string, v: string, depth: Depth | undefined): string => {
    if (!fileHooked(file)) return `${functionName(file)}(${v})`;
    if (depth === undefined) throw new Error(`${file} is reached where the path is not kept`);
    return `${functionName(file)}(${v}, ${depthText(depth)})`;
  };

  /** Statements that return false when the value at `place` fails the schema. */
  function statements(schema: Schema, place: Place, out: string[], visit?: string): void {
    const { value: v, indent } = place;
    if (visit !== undefined && typeof schema === 'boolean') throw new Error('a visited schema must be of type object');
    if (schema === true) return;
    if (schema === false) {
      out.push(`${indent}return false;`);
      return;
    }
    for (const keyword of assertionsOf(schema)) if (!assertions.has(keyword)) throw new Error(`keyword ${keyword} is not supported`);
    const types = typesOf(schema);
    if (types !== undefined) out.push(`${indent}if (!(${types.map((type) => typeTest(type, v)).join(' || ')})) return false;`);
    if (visit !== undefined) {
      if (!isOnly(types, 'object') || place.depth === undefined) throw new Error(`a visited schema must be of type object`);
      out.push(`${indent}visits.${visit}(${v}, ${depthText(place.depth)});`);
    }
    const ref = schema['$ref'];
    if (typeof ref === 'string') out.push(`${indent}if (!${call(ref, v, place.depth)}) return false;`);

    const members = schema['enum'];
    if (Array.isArray(members)) {
      for (const member of members) if (member !== null && typeof member === 'object') throw new Error('enum members must be primitive');
      out.push(`${indent}if (!(${members.map((member) => `${v} === ${JSON.stringify(member)}`).join(' || ')})) return false;`);
    }

    // Keywords of one JSON type say nothing about values of another.
    const when = (type: string, test: string): string => (isOnly(types, type) ? test : `!(${typeTest(type, v)}) || ${test}`);
    const strings: string[] = [];
    const pattern = schema['pattern'];
    if (typeof pattern === 'string') {
      if (!patterns.has(pattern)) patterns.set(pattern, `pattern${patterns.size}`);
      strings.push(`${patterns.get(pattern) as string}.test(${v})`);
    }
    const format = schema['format'];
    if (typeof format === 'string') {
      const applies = plan.formats[format];
      if (applies === undefined) throw new Error(`format ${format} is not supported`);
      // A format checks values of its own JSON type only, as its ajv definition says.
      const test = `contractFormats[${JSON.stringify(format)}].validate(${v})`;
      if (applies === 'string') strings.push(test);
      else out.push(`${indent}if (!(${when(applies, test)})) return false;`);
    }
    // A string has no more code points than UTF-16 units: only a long one needs counting (as ajv counts).
    if (typeof schema['maxLength'] === 'number') strings.push(`(${v}.length <= ${schema['maxLength']} || ucs2length(${v}) <= ${schema['maxLength']})`);
    if (strings.length > 0) out.push(`${indent}if (!(${when('string', strings.join(' && '))})) return false;`);

    const numbers: string[] = [];
    if (typeof schema['minimum'] === 'number') numbers.push(`${v} >= ${schema['minimum']}`);
    if (typeof schema['maximum'] === 'number') numbers.push(`${v} <= ${schema['maximum']}`);
    if (numbers.length > 0) out.push(`${indent}if (!(${when('number', numbers.join(' && '))})) return false;`);

    const items = schema['items'] as Schema | undefined;
    if (items !== undefined || schema['minItems'] !== undefined || schema['maxItems'] !== undefined) {
      const inner = isOnly(types, 'array') ? indent : `${indent}  `;
      if (inner !== indent) out.push(`${indent}if (Array.isArray(${v})) {`);
      if (typeof schema['minItems'] === 'number') out.push(`${inner}if (${v}.length < ${schema['minItems']}) return false;`);
      if (typeof schema['maxItems'] === 'number') out.push(`${inner}if (${v}.length > ${schema['maxItems']}) return false;`);
      if (items !== undefined) {
        const index = fresh('i');
        const item = fresh('item');
        const keepPath = place.depth !== undefined && schemaHooked(items);
        out.push(`${inner}for (let ${index} = 0; ${index} < ${v}.length; ${index}++) {`, `${inner}  const ${item} = ${v}[${index}];`);
        if (keepPath) out.push(`${inner}  path[${depthText(place.depth as Depth)}] = ${index};`);
        statements(items, { value: item, depth: keepPath ? deeper(place.depth as Depth) : undefined, indent: `${inner}  ` }, out);
        out.push(`${inner}}`);
      }
      if (inner !== indent) out.push(`${indent}}`);
    }

    // The base type first (allOf holds it): its visit comes before those of the derived type's own
    // properties, as the walker visits an object before what lies under it.
    for (const sub of (schema['allOf'] as Schema[] | undefined) ?? []) statements(sub, place, out);

    const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    const required = (schema['required'] as string[] | undefined) ?? [];
    if (Object.keys(properties).length > 0 || required.length > 0) {
      const inner = isOnly(types, 'object') ? indent : `${indent}  `;
      if (inner !== indent) out.push(`${indent}if (${typeTest('object', v)}) {`);
      // As ajv reads them: a property is there when reading it does not give undefined. A required
      // property that has checks of its own is read once, where it is required, into the variable its
      // checks then use: they need no test of their own that it is there.
      const blocks: string[] = [];
      const readFirst = new Map<string, string>();
      for (const [name, sub] of Object.entries(properties)) {
        const isRequired = required.includes(name);
        const property = fresh('value');
        const keepPath = place.depth !== undefined && schemaHooked(sub);
        const bodyIndent = isRequired ? `${inner}  ` : `${inner}    `;
        const body: string[] = [];
        statements(sub, { value: property, depth: keepPath ? deeper(place.depth as Depth) : undefined, indent: bodyIndent }, body);
        if (body.length === 0) continue;
        blocks.push(`${inner}{`);
        if (isRequired) readFirst.set(name, property);
        else blocks.push(`${inner}  const ${property} = ${v}[${JSON.stringify(name)}];`, `${inner}  if (${property} !== undefined) {`);
        if (keepPath) blocks.push(`${bodyIndent}path[${depthText(place.depth as Depth)}] = ${JSON.stringify(`/${escapeToken(name)}`)};`);
        blocks.push(...body);
        if (!isRequired) blocks.push(`${inner}  }`);
        blocks.push(`${inner}}`);
      }
      for (const name of required) {
        const property = readFirst.get(name);
        if (property === undefined) {
          out.push(`${inner}if (${v}[${JSON.stringify(name)}] === undefined) return false;`);
        } else {
          out.push(`${inner}const ${property} = ${v}[${JSON.stringify(name)}];`, `${inner}if (${property} === undefined) return false;`);
          // A name listed twice is read once.
          readFirst.delete(name);
        }
      }
      out.push(...blocks);
      if (inner !== indent) out.push(`${indent}}`);
    }

    // Every own key that matches (as ajv reads them, with for-in); the subschemas reach no visit.
    const patternProperties = schema['patternProperties'] as Record<string, Schema> | undefined;
    if (patternProperties !== undefined) {
      const inner = isOnly(types, 'object') ? indent : `${indent}  `;
      if (inner !== indent) out.push(`${indent}if (${typeTest('object', v)}) {`);
      for (const [source, sub] of Object.entries(patternProperties)) {
        if (!patterns.has(source)) patterns.set(source, `pattern${patterns.size}`);
        // A key let by whatever it holds (`{}`, an action body's annotations) needs no loop: additionalProperties reads its pattern.
        if (sub === true || (typeof sub === 'object' && assertionsOf(sub).length === 0)) continue;
        const key = fresh('key');
        out.push(`${inner}for (const ${key} in ${v}) {`, `${inner}  if (${patterns.get(source) as string}.test(${key}) && !${branch(sub, `${v}[${key}]`)}) return false;`, `${inner}}`);
      }
      if (inner !== indent) out.push(`${indent}}`);
    }

    // false only (an action's body): every own key is a property or matches a pattern, as ajv reads them.
    const additional = schema['additionalProperties'];
    if (additional !== undefined) {
      if (additional !== false) throw new Error('additionalProperties other than false is not supported');
      const inner = isOnly(types, 'object') ? indent : `${indent}  `;
      if (inner !== indent) out.push(`${indent}if (${typeTest('object', v)}) {`);
      const key = fresh('key');
      const named = Object.keys((schema['properties'] as Record<string, Schema> | undefined) ?? {}).map((name) => `${key} === ${JSON.stringify(name)}`);
      const matched = Object.keys(patternProperties ?? {}).map((source) => `${patterns.get(source) as string}.test(${key})`);
      const allowed = [...named, ...matched];
      out.push(`${inner}for (const ${key} in ${v}) {`, `${inner}  if (${allowed.length === 0 ? 'true' : `!(${allowed.join(' || ')})`}) return false;`, `${inner}}`);
      if (inner !== indent) out.push(`${indent}}`);
    }

    const anyOf = schema['anyOf'] as Schema[] | undefined;
    if (anyOf !== undefined) {
      // A branch that reaches a visited object is allowed only beside branches that accept null alone: a
      // value that passes it cannot pass another, so its visits are never left over from a failed try.
      const isNull = (sub: Schema): boolean => typeof sub === 'object' && assertionsOf(sub).length === 1 && sub['type'] === 'null';
      const tests = anyOf.map((sub) => {
        const ref = typeof sub === 'object' ? sub['$ref'] : undefined;
        if (typeof ref === 'string' && assertionsOf(sub as Node).length === 1 && fileHooked(ref)) {
          if (!anyOf.every((other) => other === sub || isNull(other))) throw new Error(`${ref} is visited inside an anyOf that null does not exclude`);
          const root = schemaOf(ref);
          if (typeof root === 'boolean' || !isOnly(typesOf(root), 'object')) throw new Error(`${ref} is visited inside an anyOf but is not of type object`);
          return call(ref, v, place.depth);
        }
        return branch(sub, v);
      });
      out.push(`${indent}if (!(${tests.join(' || ')})) return false;`);
    }

    if (schema['not'] !== undefined) out.push(`${indent}if (${branch(schema['not'] as Schema, v)}) return false;`);

    if (schema['if'] !== undefined) {
      const thenBody: string[] = [];
      const elseBody: string[] = [];
      if (schema['then'] !== undefined) statements(schema['then'] as Schema, { ...place, indent: `${indent}  ` }, thenBody);
      if (schema['else'] !== undefined) statements(schema['else'] as Schema, { ...place, indent: `${indent}  ` }, elseBody);
      out.push(`${indent}if (${branch(schema['if'] as Schema, v)}) {`, ...thenBody, `${indent}} else {`, ...elseBody, `${indent}}`);
    }
  }

  const functions: string[] = [];
  for (const { file } of files) {
    const body: string[] = [];
    const withPath = fileHooked(file);
    statements(schemaOf(file), { value: 'data', depth: withPath ? { base: 'depth', plus: 0 } : undefined, indent: '    ' }, body, plan.visits[file]);
    functions.push(`  function ${functionName(file)}(data: any${withPath ? ', depth: number' : ''}): boolean {\n${body.join('\n')}\n    return true;\n  }`);
  }
  const visitNames = [...new Set(Object.values(plan.visits))];

  const roots = Object.entries(plan.roots).map(([name, file]) => `    ${JSON.stringify(name)}: (data: unknown) => ${fileHooked(file) ? `${functionName(file)}(data, 0)` : `${functionName(file)}(data)`},`);

  const visitsInterface = [
    '/** What the checks call at each contract object they pass: the walker\'s visits, bound by the caller. */',
    'export interface OnePassVisits {',
    '  /**',
    '   * The way from the root to the object visited: path[0..depth), written by the checks. Each entry is an',
    '   * array index, or a property name escaped as in a JSON Pointer and led by its slash ("/resourceData").',
    '   */',
    '  readonly path: Array<string | number>;',
    ...visitNames.map((visit) => `  ${visit}(node: Record<string, unknown>, depth: number): void;`),
    '}',
  ].join('\n');
  const formatsInterface = [
    '/** The formats the schemas name, each checking values of its JSON type. */',
    'export interface OnePassFormats {',
    ...Object.entries(plan.formats).map(([name, type]) => `  readonly ${JSON.stringify(name)}: { validate(value: ${type === 'integer' ? 'number' : type}): boolean };`),
    '}',
  ].join('\n');
  const checksType = `{ readonly [kind in ${Object.keys(plan.roots).map((name) => JSON.stringify(name)).join(' | ')}]: (data: unknown) => boolean }`;

  return (
    banner +
    '// The checks read only values whose JSON type they have just tested; `any` lets them read what they tested.\n' +
    'import { createRequire } from "node:module";\n' +
    'const ucs2length = (createRequire(import.meta.url)("ajv/dist/runtime/ucs2length") as { default: (text: string) => number }).default;\n' +
    [...patterns].map(([source, name]) => `const ${name} = new RegExp(${JSON.stringify(source)}, "u");\n`).join('') +
    '\n' + visitsInterface + '\n\n' + formatsInterface + '\n\n' +
    '/**\n * The yes/no check of each kind: true exactly when ajv says valid. It calls visits at each contract object\n' +
    ' * it passes, in the order the walker visits them, with visits.path[0..depth) leading to the object.\n */\n' +
    `export function createOnePassChecks(visits: OnePassVisits, contractFormats: OnePassFormats): ${checksType} {\n` +
    '  const path = visits.path;\n' +
    [...helpers, ...functions].join('\n') +
    '\n  return {\n' +
    roots.join('\n') +
    '\n  };\n}\n'
  );
}
