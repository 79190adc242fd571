/**
 * The generated per-type schemas of both profiles against the metadata, read here on its own (a few
 * regular expressions over the excerpts, not scripts/metadata/): every property, JSON type, nullability,
 * range, format and enum member. Every difference must be one the overlay names, and every deviation the
 * overlay names must still be a real difference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { packageRoot } from '../src/paths.js';
import { validate } from '../src/validate/validate.js';
import { betaOnlyMembers, betaOnlyProperties } from '../generated/profiles.js';
import { createAjv } from '../scripts/schema-registry.js';

type Json = Record<string, unknown>;

interface MetaProperty {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
}

interface MetaModel {
  readonly enums: Map<string, { members: string[]; flags: boolean }>;
  readonly types: Map<string, { base: string | undefined; abstract: boolean; open: boolean; properties: MetaProperty[] }>;
  readonly actions: Map<string, MetaProperty[]>;
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
const local = (type: string): string => type.replace(/^Collection\((.*)\)$/, '$1').replace(/^graph\./, '');

function readMetadata(version: string): MetaModel {
  const xml = readFileSync(join(packageRoot, 'schemas', 'source', 'metadata', `${version}-contract-types.xml`), 'utf8');
  const model: MetaModel = { enums: new Map(), types: new Map(), actions: new Map() };
  const property = (tag: string): MetaProperty => ({ name: attr(tag, 'Name') as string, type: attr(tag, 'Type') as string, nullable: attr(tag, 'Nullable') !== 'false' });
  for (const [, open, body] of xml.matchAll(/(<EnumType [^>]*>)([\s\S]*?)<\/EnumType>/g)) {
    model.enums.set(attr(open as string, 'Name') as string, {
      members: [...(body as string).matchAll(/<Member [^>]*>/g)].map(([tag]) => attr(tag, 'Name') as string),
      flags: attr(open as string, 'IsFlags') === 'true',
    });
  }
  for (const [, open, body] of xml.matchAll(/(<(?:Complex|Entity)Type [^>]*?)(?:\/>|>([\s\S]*?)<\/(?:Complex|Entity)Type>)/g)) {
    const tag = open as string;
    const base = attr(tag, 'BaseType');
    model.types.set(attr(tag, 'Name') as string, {
      base: base === undefined ? undefined : local(base),
      abstract: attr(tag, 'Abstract') === 'true',
      open: attr(tag, 'OpenType') === 'true',
      properties: [...(body ?? '').matchAll(/<(?:Navigation)?Property [^>]*>/g)].map(([t]) => property(t)),
    });
  }
  for (const [, open, body] of xml.matchAll(/(<Action [^>]*>)([\s\S]*?)<\/Action>/g)) {
    // The first parameter of a bound action is what it is bound to.
    model.actions.set(attr(open as string, 'Name') as string, [...(body as string).matchAll(/<Parameter [^>]*>/g)].map(([t]) => property(t)).slice(1));
  }
  return model;
}

const overlay = JSON.parse(readFileSync(join(packageRoot, 'schemas', 'source', 'overlay.json'), 'utf8')) as {
  types: Record<string, Json & { file?: string; properties?: Record<string, Json>; extraProperties?: Record<string, Json>; mergeSubtypes?: { types: string[] }; mergedInto?: string; referencedAs?: { type: string }; addMembers?: { members: string[] }; acceptUndeclared?: Json; requiredAnnotations?: { names: string[] } }>;
  actions: Record<string, { file: string; parameters?: Record<string, Json> }>;
};

/** The facts a schema can state about one property. */
interface Facts {
  kind: string;
  collection: boolean;
  nullable: boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

const edm: Record<string, Partial<Facts>> = {
  'Edm.String': { kind: 'string' },
  'Edm.Boolean': { kind: 'boolean' },
  'Edm.Int32': { kind: 'integer', minimum: -2147483648, maximum: 2147483647 },
  'Edm.Int64': { kind: 'integer', minimum: -9223372036854775808, maximum: 9223372036854775807 },
  'Edm.Double': { kind: 'number' },
  'Edm.Guid': { kind: 'string', format: 'uuid' },
};

function expected(property: MetaProperty): Facts {
  const collection = property.type.startsWith('Collection(');
  const inner = local(property.type);
  const primitive = edm[inner];
  return { kind: primitive === undefined ? `type:${inner}` : (primitive.kind as string), ...primitive, collection, nullable: property.nullable } as Facts;
}

/** The metadata type a schema file stands for. */
const typeOfFile = new Map(Object.entries(overlay.types).flatMap(([name, entry]) => (entry.file === undefined ? [] : [[entry.file, name] as const])));

function actual(schema: Json): Facts {
  let node = schema;
  let nullable = false;
  if (Array.isArray(node['anyOf'])) {
    const branches = node['anyOf'] as Json[];
    nullable = branches.some((b) => b['type'] === 'null');
    node = branches.find((b) => b['type'] !== 'null') as Json;
  }
  const types = Array.isArray(node['type']) ? (node['type'] as string[]) : node['type'] === undefined ? [] : [node['type'] as string];
  if (types.includes('null')) nullable = true;
  const collection = types.includes('array');
  const value = collection ? (node['items'] as Json) : node;
  const ref = value['$ref'];
  const kind = typeof ref === 'string' ? `type:${typeOfFile.get(ref) ?? ref}` : collection ? (value['type'] as string) : (types.find((t) => t !== 'null') as string);
  const facts: Facts = { kind, collection, nullable };
  for (const key of ['minimum', 'maximum', 'format', 'pattern', 'maxLength'] as const) {
    const found = value[key] ?? node[key];
    if (found !== undefined) (facts as unknown as Json)[key] = found;
  }
  for (const key of ['minItems', 'maxItems'] as const) if (node[key] !== undefined) facts[key] = node[key] as number;
  return facts;
}

/** Which overlay key explains a difference in each fact. */
const explainedBy: Record<keyof Facts, string> = {
  kind: 'referencedAs',
  collection: 'schema',
  nullable: 'nullable',
  minimum: 'minimum',
  maximum: 'maximum',
  format: 'format',
  pattern: 'pattern',
  maxLength: 'maxLength',
  minItems: 'minItems',
  maxItems: 'maxItems',
};

function readSchema(folder: string, file: string): Json {
  return JSON.parse(readFileSync(join(packageRoot, 'schemas', folder, file), 'utf8')) as Json;
}

function parity(version: 'beta' | 'v1.0'): { unexplained: string[]; unused: string[] } {
  const model = readMetadata(version);
  const beta = readMetadata('beta');
  const folder = version === 'beta' ? '' : 'v1.0';
  const unexplained: string[] = [];
  const used = new Set<string>();
  const mark = (where: string): void => void used.add(where);

  const compare = (where: string, property: MetaProperty, schema: Json | undefined, entry: Json | undefined, overlayPath: string): void => {
    if (schema === undefined) {
      unexplained.push(`${where}: in the metadata, not in the schema`);
      return;
    }
    if (entry?.['schema'] !== undefined) {
      mark(`${overlayPath}.schema`);
      return;
    }
    if (entry?.['refine'] !== undefined) {
      // Merged into the non-null value's schema, beside the reference.
      const branches = Array.isArray(schema['anyOf']) ? (schema['anyOf'] as Json[]) : [schema];
      const value = branches.find((branch) => branch['type'] !== 'null') as Json;
      const refine = entry['refine'] as Json;
      if (Object.entries(refine).every(([key, wanted]) => JSON.stringify(value[key]) === JSON.stringify(wanted))) mark(`${overlayPath}.refine`);
    }
    const want = expected(property);
    const have = actual(schema);
    for (const key of Object.keys(explainedBy) as Array<keyof Facts>) {
      if (want[key] === have[key]) continue;
      if (key === 'kind') {
        const target = want.kind.slice('type:'.length);
        if (overlay.types[target]?.referencedAs?.type === have.kind.slice('type:'.length)) {
          mark(`types.${target}.referencedAs`);
          continue;
        }
        const merged = overlay.types[target]?.mergedInto;
        if (merged !== undefined && `type:${merged}` === have.kind) continue;
      }
      const by = explainedBy[key];
      if (entry?.[by] !== undefined) mark(`${overlayPath}.${by}`);
      else unexplained.push(`${where}: ${key} ${JSON.stringify(want[key])} in the metadata, ${JSON.stringify(have[key])} in the schema`);
    }
  };

  const checkRequired = (where: string, schema: Json, entries: Record<string, Json> | undefined, overlayPath: string, annotations: readonly string[]): void => {
    const required = (schema['required'] as string[] | undefined) ?? [];
    for (const name of required) {
      if (annotations.includes(name)) continue;
      // OData has no required properties: each is a deviation the overlay must name.
      if (entries?.[name]?.['required'] === true) mark(`${overlayPath}.${name}.required`);
      else unexplained.push(`${where}.${name}: required, and the overlay does not say so`);
    }
    for (const [name, entry] of Object.entries(entries ?? {})) if (entry['required'] === true && !required.includes(name)) unexplained.push(`${where}.${name}: the overlay requires it, the schema does not`);
  };

  for (const [name, type] of beta.types) {
    const entry = overlay.types[name] ?? {};
    if (entry.file === undefined) continue;
    const present = model.types.get(name);
    if (present === undefined) continue;
    const schema = readSchema(folder, entry.file);
    const properties = schema['properties'] as Record<string, Json>;
    // Undeclared keys: every schema accepts them, which the metadata allows on open types only.
    if (schema['additionalProperties'] !== undefined) unexplained.push(`${name}: additionalProperties is set`);
    if (!type.open) {
      if (entry.acceptUndeclared === undefined) unexplained.push(`${name}: closed in the metadata, open in the schema, and the overlay does not say so`);
      else mark(`types.${name}.acceptUndeclared`);
    }
    const base = type.base === undefined ? undefined : beta.types.get(type.base);
    const inherited = base !== undefined && base.abstract ? base.properties : [];
    const own = [...inherited, ...type.properties];
    const sources: Array<{ property: MetaProperty; owner: string }> = own.map((property) => ({ property, owner: name }));
    for (const subtype of entry.mergeSubtypes?.types ?? []) {
      mark(`types.${name}.mergeSubtypes`);
      for (const property of beta.types.get(subtype)?.properties ?? []) if (!sources.some((s) => s.property.name === property.name)) sources.push({ property, owner: subtype });
    }
    const versionNames = new Set([...(present.properties ?? []), ...inherited, ...(entry.mergeSubtypes?.types ?? []).flatMap((s) => model.types.get(s)?.properties ?? [])].map((p) => p.name));
    for (const { property, owner } of sources) {
      const where = `${version} ${name}.${property.name}`;
      const schemaProperty = properties[property.name];
      if (!versionNames.has(property.name)) {
        // Beta only: v1.0 accepts it as null at most, as the beta-only rule does.
        if (schemaProperty === undefined || schemaProperty['type'] !== 'null') unexplained.push(`${where}: beta only, but not written as { type: 'null' }`);
        continue;
      }
      compare(where, property, schemaProperty, overlay.types[owner]?.properties?.[property.name], `types.${owner}.properties.${property.name}`);
    }
    const declared = new Set(sources.map((s) => s.property.name));
    for (const key of Object.keys(properties)) {
      if (key === '@odata.type' || declared.has(key)) continue;
      if (entry.extraProperties?.[key] !== undefined) mark(`types.${name}.extraProperties.${key}`);
      else unexplained.push(`${version} ${name}.${key}: in the schema, not in the metadata`);
    }
    ((entry['assert'] as Array<{ schema: Json }> | undefined) ?? []).forEach(({ schema: assertion }, index) => {
      if (Object.entries(assertion).every(([keyword, wanted]) => JSON.stringify(schema[keyword]) === JSON.stringify(wanted))) mark(`types.${name}.assert.${index}`);
    });
    for (const annotation of entry.requiredAnnotations?.names ?? []) if ((schema['required'] as string[] | undefined)?.includes(annotation) === true) mark(`types.${name}.requiredAnnotations`);
    checkRequired(`${version} ${name}`, schema, entry.properties, `types.${name}.properties`, entry.requiredAnnotations?.names ?? []);
  }

  for (const [name, members] of model.enums) {
    const entry = overlay.types[name] ?? {};
    if (entry.file === undefined) {
      unexplained.push(`enum ${name}: no schema file`);
      continue;
    }
    const schema = readSchema(folder, entry.file);
    const betaMembers = beta.enums.get(name)?.members ?? [];
    for (const member of betaMembers) {
      const listed = members.flags ? new RegExp(`\\b${member}\\b`).test(schema['pattern'] as string) : (schema['enum'] as string[]).includes(member);
      if (listed !== members.members.includes(member)) unexplained.push(`${version} ${name}: member ${member} ${listed ? 'listed, though the metadata lacks it' : 'missing'}`);
    }
    if (!members.flags) {
      const extra = (schema['enum'] as string[]).filter((member) => !members.members.includes(member));
      if (extra.length > 0) {
        if (JSON.stringify(extra) === JSON.stringify(entry.addMembers?.members)) mark(`types.${name}.addMembers`);
        else unexplained.push(`${version} ${name}: members ${extra.join(', ')} are not in the metadata`);
      }
    }
  }

  for (const [name, parameters] of model.actions) {
    const entry = overlay.actions[name];
    if (entry === undefined) {
      unexplained.push(`action ${name}: no schema`);
      continue;
    }
    const schema = readSchema(folder, entry.file);
    const properties = schema['properties'] as Record<string, Json>;
    for (const parameter of parameters) compare(`${version} ${name}(${parameter.name})`, parameter, properties[parameter.name], entry.parameters?.[parameter.name], `actions.${name}.parameters.${parameter.name}`);
    if (Object.keys(properties).length !== parameters.length) unexplained.push(`${version} ${name}: the body declares other parameters than the metadata`);
    checkRequired(`${version} ${name}`, schema, entry.parameters, `actions.${name}.parameters`, []);
  }

  // Every deviation the overlay names (checked against beta; v1.0 lacks the beta-only ones).
  const deviations: string[] = [];
  const deviationKeys = ['nullable', 'required', 'format', 'pattern', 'maxLength', 'minItems', 'maxItems', 'minimum', 'maximum', 'schema', 'refine'];
  for (const [name, entry] of Object.entries(overlay.types)) {
    for (const key of ['acceptUndeclared', 'mergeSubtypes', 'referencedAs', 'addMembers', 'requiredAnnotations']) if (entry[key] !== undefined) deviations.push(`types.${name}.${key}`);
    for (const extra of Object.keys(entry.extraProperties ?? {})) deviations.push(`types.${name}.extraProperties.${extra}`);
    ((entry['assert'] as unknown[] | undefined) ?? []).forEach((_, index) => deviations.push(`types.${name}.assert.${index}`));
    for (const [property, values] of Object.entries(entry.properties ?? {})) for (const key of deviationKeys) if (values[key] !== undefined) deviations.push(`types.${name}.properties.${property}.${key}`);
  }
  for (const [name, entry] of Object.entries(overlay.actions)) {
    for (const [parameter, values] of Object.entries(entry.parameters ?? {})) for (const key of deviationKeys) if (values[key] !== undefined) deviations.push(`actions.${name}.parameters.${parameter}.${key}`);
  }
  return { unexplained, unused: deviations.filter((deviation) => !used.has(deviation)) };
}

test('beta: every difference from the metadata is one the overlay names', () => {
  const { unexplained } = parity('beta');
  assert.equal(unexplained, []);
});

test('beta: every deviation the overlay names is a real difference', () => {
  assert.equal(parity('beta').unused, []);
});

test('v1.0: every difference from the metadata is one the overlay names, beta-only properties rejected', () => {
  assert.equal(parity('v1.0').unexplained, []);
});

test('the reading sees the metadata: the nullability the hand-written schemas got wrong is right now', () => {
  const schema = readSchema('', 'synthetic-media-detection-info.schema.json');
  const facts = actual((schema['properties'] as Record<string, Json>)['syntheticConfidence'] as Json);
  assert.equal(facts, { kind: 'number', collection: false, nullable: false, minimum: 0, maximum: 1 });
  assert.equal(expected({ name: 'x', type: 'Edm.Double', nullable: false }), { kind: 'number', collection: false, nullable: false });
  const types = readMetadata('beta').types;
  assert.ok(types.get('syntheticMediaDetectionInfo')?.properties.every((p) => !p.nullable));
  assert.not.ok(readMetadata('v1.0').types.has('syntheticMediaDetectionInfo'));
});

test('generated/profiles.ts lists exactly what beta declares and v1.0 does not', () => {
  const beta = readMetadata('beta');
  const v1 = readMetadata('v1.0');
  const properties: Record<string, string[]> = {};
  for (const [name, type] of beta.types) {
    const other = v1.types.get(name);
    if (other === undefined) continue;
    const extra = type.properties.map((p) => p.name).filter((property) => !other.properties.some((p) => p.name === property));
    if (extra.length > 0) properties[name] = extra;
  }
  const members: Record<string, string[]> = {};
  for (const [name, { members: list }] of beta.enums) {
    const extra = list.filter((member) => !(v1.enums.get(name)?.members ?? []).includes(member));
    if (extra.length > 0) members[name] = extra;
  }
  assert.equal(betaOnlyProperties, properties);
  assert.equal(betaOnlyMembers, members);
  assert.equal(betaOnlyMembers, { modality: ['unknown'] });
});

test('the v1.0 schemas compile in strict mode and reject a beta-only property and member that beta accepts', () => {
  const load = (folder: string): ReturnType<typeof createAjv> => {
    const files = Object.values(overlay.types)
      .flatMap((entry) => (entry.file === undefined ? [] : [entry.file]))
      .concat(Object.values(overlay.actions).map((entry) => entry.file))
      .filter((file) => folder === '' || file !== 'synthetic-media-detection-info.schema.json')
      .map((file) => ({ file, schema: readSchema(folder, file) as Json & { $id: string; title: string } }));
    return createAjv({ files });
  };
  const check = (folder: string, file: string, value: unknown): boolean => {
    const validator = load(folder).getSchema(readSchema(folder, file)['$id'] as string);
    assert.ok(validator !== undefined);
    return validator(value) as boolean;
  };
  const invitation = { identity: { user: { id: 'u' } }, endpointType: 'default' };
  assert.ok(check('', 'invitation-participant-info.schema.json', invitation));
  assert.not.ok(check('v1.0', 'invitation-participant-info.schema.json', invitation));
  assert.ok(check('v1.0', 'invitation-participant-info.schema.json', { identity: { user: { id: 'u' } } }));
  // As the v1.0 page's own responses send it, and as the beta-only rule accepts it.
  assert.ok(check('v1.0', 'invitation-participant-info.schema.json', { ...invitation, endpointType: null }));
  const stream = { direction: 'sendOnly', mediaType: 'unknown', serverMuted: false, sourceId: '1' };
  assert.ok(check('', 'media-stream.schema.json', stream));
  assert.not.ok(check('v1.0', 'media-stream.schema.json', stream));
  assert.ok(check('v1.0', 'media-stream.schema.json', { ...stream, mediaType: 'audio' }));
});

test('the v1.0 types leave beta-only properties and types out, and the package exports them', () => {
  const block = (source: string, name: string): string => new RegExp(`export interface ${name} \\{[\\s\\S]*?\\n\\}`).exec(source)?.[0] ?? '';
  const beta = readFileSync(join(packageRoot, 'generated', 'types.ts'), 'utf8');
  const v1 = readFileSync(join(packageRoot, 'generated', 'types-v1.0.ts'), 'utf8');
  assert.match(block(beta, 'InvitationParticipantInfo'), /\bendpointType\?:/);
  assert.ok(block(v1, 'InvitationParticipantInfo').length > 0);
  assert.not.match(block(v1, 'InvitationParticipantInfo'), /\bendpointType\?:/);
  assert.match(block(beta, 'Participant'), /\bsyntheticMediaDetection\?:/);
  assert.not.match(block(v1, 'Participant'), /\bsyntheticMediaDetection\?:/);
  assert.not.match(v1, /SyntheticMediaDetectionInfo/);
  const exported = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { exports: Record<string, Json> }).exports['./types/v1.0'];
  assert.equal(exported, {
    import: { types: './dist/generated/types-v1.0.d.ts', default: './dist/generated/types-v1.0.js' },
    require: { types: './dist/cjs/generated/types-v1.0.d.ts', default: './dist/cjs/generated/types-v1.0.js' },
  });
});

test('phone ids and empty identity sets: the schemas alone reject them, the linter reports each once under its own rule', () => {
  // A bare ajv in its default mode, with none of the package's set-up: what any tool would do.
  const ajv = new Ajv2020({ allErrors: true, validateFormats: false, logger: false });
  for (const file of ['identity', 'identity-set', 'communications-identity-set', 'endpoint-type', 'invitation-participant-info']) ajv.addSchema(readSchema('', `${file}.schema.json`));
  const schemaOf = (file: string): ((value: unknown) => boolean) => {
    const found = ajv.getSchema(readSchema('', `${file}.schema.json`)['$id'] as string);
    assert.ok(found !== undefined, file);
    return found;
  };
  const identitySet = schemaOf('communications-identity-set');
  const invitation = schemaOf('invitation-participant-info');
  const cases: Array<{ set: Json; ruleId: string | undefined; pointer: string }> = [
    { set: { phone: { id: '(425) 555-0100' } }, ruleId: 'phone-e164', pointer: '/participants/0/identity/phone/id' },
    { set: { user: { '@odata.type': '#microsoft.graph.communicationsPhoneIdentity', id: '14255550187' } }, ruleId: 'phone-e164', pointer: '/participants/0/identity/user/id' },
    { set: { phone: { '@odata.type': '#microsoft.graph.communicationsPhoneIdentity', id: '4255550100' } }, ruleId: 'phone-e164', pointer: '/participants/0/identity/phone/id' },
    { set: {}, ruleId: 'identity-set-empty', pointer: '/participants/0/identity' },
    { set: { user: null, '@odata.type': '#microsoft.graph.identitySet', '@other': {} }, ruleId: 'identity-set-empty', pointer: '/participants/0/identity' },
    { set: { phone: { id: '+14255550100' } }, ruleId: undefined, pointer: '' },
    { set: { futureIdentityKind: { id: 'x' } }, ruleId: undefined, pointer: '' },
    { set: { user: { '@odata.type': '#microsoft.graph.communicationsUserIdentity', id: '4255550100' } }, ruleId: undefined, pointer: '' },
  ];
  for (const { set, ruleId, pointer } of cases) {
    const what = JSON.stringify(set);
    assert.is(invitation({ identity: set }), ruleId === undefined, `ajv on an invitation of ${what}`);
    // Emptiness is an invitation's (and a participant's info's) demand, not the identity set's own: a
    // recording's initiator may name nobody.
    assert.is(identitySet(set), ruleId !== 'phone-e164', `ajv on ${what} alone`);
    const { problems } = validate({ participants: [{ identity: set }] }, { kind: 'invite-request' });
    const errors = problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.pointer]);
    assert.equal(errors, ruleId === undefined ? [] : [[ruleId, pointer]], `linter on ${what}`);
  }
});

test.run();
