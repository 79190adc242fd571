/**
 * Builds the per-type JSON Schemas (2020-12) of one profile from the metadata and the overlay
 * (schemas/source/). What the metadata says (JSON types, nullability, int32/int64 ranges, Guid formats,
 * enum members, base types) comes from it; everything else comes from the overlay, each deviation with
 * its reason. Under v1.0, a property beta declares and v1.0 does not is written as { type: 'null' } with a
 * "Beta only" description, so that any validator rejects a value as the linter's beta-only rule does (the
 * v1.0 service sends such a key as null: its own page shows "endpointType": null).
 */
import { allProperties, referencedName, type CsdlEnum, type CsdlModel, type CsdlProperty, type CsdlStructuredType } from './csdl.js';
import type { Overlay, OverlayProperty, OverlayType } from './overlay.js';

export type Profile = 'beta' | 'v1.0';

type Json = Record<string, unknown>;

/** A generated schema file: its name and content. */
export interface BuiltSchema {
  readonly file: string;
  readonly schema: Json & { $id: string; title: string };
}

export interface BuildInput {
  /** The profile's metadata. */
  readonly model: CsdlModel;
  /** Beta's metadata (the superset): properties it has and the profile lacks are written as beta only. */
  readonly beta: CsdlModel;
  readonly overlay: Overlay;
  /** Prefix of every $id: the URL of the folder the files are published in, ending with a slash. */
  readonly idBase: string;
  /**
   * For the type generator: add its tsType hints (the resourceData union, the flags enums' template
   * types), say in the doc comment of a length-limited array that the limit is a run-time check, and
   * leave beta-only properties out. Schema files are never written from this form.
   */
  readonly forTypes?: boolean;
}

const dialect = 'https://json-schema.org/draft/2020-12/schema';

const int32 = { minimum: -2147483648, maximum: 2147483647 };
// JSON cannot write 2^63 - 1 exactly in a double; the written number is what the schemas always held.
const int64 = { minimum: -9223372036854775808, maximum: 9223372036854775807 };

const primitives: Readonly<Record<string, Json>> = {
  'Edm.String': { type: 'string' },
  'Edm.Boolean': { type: 'boolean' },
  'Edm.Int32': { type: 'integer', ...int32 },
  'Edm.Int64': { type: 'integer', ...int64 },
  'Edm.Double': { type: 'number' },
  'Edm.Guid': { type: 'string', format: 'uuid' },
};

/** The members of a flags enum, one or several joined by commas (the wire form). */
function flagsPattern(members: readonly string[]): string {
  const any = `(?:${members.join('|')})`;
  return `^${any}(?:, ?${any})*$`;
}

function flagsTsType(members: readonly string[]): string {
  const union = members.map((member) => JSON.stringify(member)).join(' | ');
  return `${union} | \`\${${union}},\${string}\``;
}

/** The description a beta-only property carries in v1.0's schemas. */
export function betaOnlyDescription(description: string | undefined): string {
  const base = (description ?? '').replace(/ \(beta only\)\.$/, '.');
  return base === '' ? 'Beta only: not part of v1.0.' : `Beta only: ${base}`;
}

export function buildSchemas(input: BuildInput): BuiltSchema[] {
  const { model, beta, overlay, idBase } = input;
  const forTypes = input.forTypes === true;
  const entryOf = (name: string): OverlayType => overlay.types[name] ?? {};

  /** The type whose schema file stands for a named type (identitySet → communicationsIdentitySet, a subtype → identity). */
  const schemaTypeOf = (name: string): string => {
    const entry = entryOf(name);
    if (entry.referencedAs !== undefined) return schemaTypeOf(entry.referencedAs.type);
    if (entry.mergedInto !== undefined) return schemaTypeOf(entry.mergedInto);
    return name;
  };
  const fileOf = (name: string): string => {
    const file = entryOf(schemaTypeOf(name)).file;
    if (file === undefined) throw new Error(`the overlay names no schema file for ${schemaTypeOf(name)} (reached from ${name})`);
    return file;
  };

  /** The schema of a non-null value of a metadata type reference. */
  const valueSchema = (type: string): Json => {
    const { name, primitive } = referencedName(type);
    if (primitive) {
      const schema = primitives[name];
      if (schema === undefined) throw new Error(`primitive type ${name} is not supported`);
      return { ...schema };
    }
    if (!model.enums.has(name) && !model.types.has(name)) throw new Error(`type ${name} is not in the metadata`);
    return { $ref: fileOf(name) };
  };

  const nullable = (schema: Json): Json => {
    if (schema['$ref'] !== undefined) return { anyOf: [schema, { type: 'null' }] };
    return { ...schema, type: [schema['type'], 'null'] };
  };

  /** A property's schema: the metadata's reading, then the overlay's deviations. */
  const propertySchema = (property: CsdlProperty, entry: OverlayProperty | undefined): Json => {
    // A facet constrains values as a type does: one the schemas do not carry is accounted for in the overlay.
    for (const [facet, value] of Object.entries(property.facets)) {
      if (entry?.facets?.[facet] === undefined) throw new Error(`${property.name}: the metadata gives ${facet}="${value}", which the schemas do not carry; say why in the overlay's facets (or carry it)`);
    }
    for (const facet of Object.keys(entry?.facets ?? {})) {
      if (property.facets[facet] === undefined) throw new Error(`${property.name}: the overlay's facets name ${facet}, which the metadata does not give`);
    }
    if (entry?.schema !== undefined) return { ...entry.schema, description: entry.description };
    // valueSchema reads through Collection(): the items of a collection are never null.
    const inner = valueSchema(property.type);
    let value: Json = referencedName(property.type).collection ? { type: 'array', items: inner } : inner;
    if (entry?.refine !== undefined) value = { ...value, ...entry.refine };
    const scalar: Json = {};
    if (entry?.format !== undefined) {
      if (entry.format === null) delete value['format'];
      else scalar['format'] = entry.format;
    }
    for (const key of ['pattern', 'minItems', 'maxItems', 'maxLength', 'minimum', 'maximum'] as const) if (entry?.[key] !== undefined) scalar[key] = entry[key];
    if (value['$ref'] === undefined) value = { ...value, ...scalar };
    else if (Object.keys(scalar).length > 0) throw new Error(`${property.name}: constraints on a reference go under refine`);
    const schema = property.nullable || entry?.nullable === true ? nullable(value) : value;
    // The types write a length-limited array as a plain array (a tuple union would refuse ids.map(...)):
    // their doc comment says where the limit is checked.
    const limited = forTypes && (entry?.minItems !== undefined || entry?.maxItems !== undefined);
    const description = limited ? `${entry?.description ?? ''} The type is a plain array: the length is checked at run time (validate(), the guards).`.trimStart() : entry?.description;
    return description === undefined ? schema : { ...schema, description };
  };

  const header = (file: string, title: string, description: string | undefined): Json & { $id: string; title: string } => ({
    $schema: dialect,
    $id: `${idBase}${file}`,
    title,
    ...(description === undefined ? {} : { description }),
  });

  const enumSchema = (enumType: CsdlEnum): BuiltSchema | undefined => {
    const entry = entryOf(enumType.name);
    if (entry.file === undefined || entry.title === undefined) return undefined;
    let members = enumType.members.map(({ name }) => name);
    if (entry.addMembers !== undefined) members = entry.addMembers.position === 'start' ? [...entry.addMembers.members, ...members] : [...members, ...entry.addMembers.members];
    const schema = header(entry.file, entry.title, entry.description);
    schema['type'] = 'string';
    if (enumType.isFlags) {
      schema['pattern'] = flagsPattern(members);
      if (forTypes) schema['tsType'] = flagsTsType(members);
    } else {
      schema['enum'] = members;
    }
    return { file: entry.file, schema };
  };

  /** The properties declared on a type's schema, in the overlay's order, then the metadata's. */
  const declaredOn = (type: CsdlStructuredType, betaType: CsdlStructuredType): Array<{ property: CsdlProperty; betaOnly: boolean; entry: OverlayProperty | undefined }> => {
    const entry = entryOf(type.name);
    const base = type.baseType === undefined ? undefined : beta.types.get(referencedName(type.baseType).name);
    // An abstract base (entity) has no schema: its properties are declared inline.
    const inline = (name: string, typeModel: CsdlModel): CsdlProperty[] => {
      const own = typeModel.types.get(name)?.properties ?? [];
      return base !== undefined && base.abstract ? [...(typeModel.types.get(base.name)?.properties ?? []), ...own] : [...own];
    };
    const found = new Map<string, { property: CsdlProperty; betaOnly: boolean; entry: OverlayProperty | undefined }>();
    const add = (properties: readonly CsdlProperty[], present: ReadonlySet<string>, entries: OverlayType['properties']): void => {
      for (const property of properties) {
        if (found.has(property.name)) continue;
        found.set(property.name, { property, betaOnly: !present.has(property.name), entry: entries?.[property.name] });
      }
    };
    const namesIn = (name: string): Set<string> => (model.types.has(name) ? new Set(allProperties(model, name).map(({ name: property }) => property)) : new Set());
    add(inline(betaType.name, beta), namesIn(type.name), entry.properties);
    for (const subtype of entry.mergeSubtypes?.types ?? []) {
      if (!beta.types.has(subtype)) throw new Error(`the overlay merges ${subtype} into ${type.name}, but the metadata has no ${subtype}`);
      add(beta.types.get(subtype)?.properties ?? [], namesIn(subtype), entryOf(subtype).properties);
    }
    const order = [...Object.keys(entry.properties ?? {}), ...(entry.mergeSubtypes?.types ?? []).flatMap((subtype) => Object.keys(entryOf(subtype).properties ?? {}))];
    const rank = (name: string): number => {
      const index = order.indexOf(name);
      return index === -1 ? order.length : index;
    };
    return [...found.values()].sort((a, b) => rank(a.property.name) - rank(b.property.name));
  };

  const objectSchema = (type: CsdlStructuredType): BuiltSchema | undefined => {
    const entry = entryOf(type.name);
    if (entry.file === undefined || entry.title === undefined) {
      if (!type.abstract && entry.mergedInto === undefined && entry.referencedAs === undefined) throw new Error(`the overlay names no schema file for ${type.name}`);
      return undefined;
    }
    if (!type.openType && entry.acceptUndeclared === undefined) {
      throw new Error(`${type.name} is closed in the metadata: the overlay must say (acceptUndeclared, with its reason) that its schema accepts undeclared keys, since the schemas reject none`);
    }
    const betaType = beta.types.get(type.name) ?? type;
    const base = type.baseType === undefined ? undefined : model.types.get(referencedName(type.baseType).name);
    const schema = header(entry.file, entry.title, entry.description);
    schema['type'] = 'object';
    const properties: Json = {};
    if (base !== undefined && !base.abstract) {
      // The base's own schema, even where properties typed with it refer to a derived one.
      const baseFile = entryOf(base.name).file;
      if (baseFile === undefined) throw new Error(`the overlay names no schema file for ${base.name}, the base type of ${type.name}`);
      schema['allOf'] = [{ $ref: baseFile }];
    } else {
      properties['@odata.type'] = { type: 'string', description: entry.odataType ?? `OData type annotation, normally #microsoft.graph.${type.name}.` };
    }
    const required: string[] = [...(entry.requiredAnnotations?.names ?? [])];
    for (const { property, betaOnly, entry: propertyEntry } of declaredOn(type, betaType)) {
      if (betaOnly) {
        if (!forTypes) properties[property.name] = { type: 'null', description: betaOnlyDescription(propertyEntry?.description) };
        continue;
      }
      properties[property.name] = propertySchema(property, propertyEntry);
      // A type says what a guard that accepted the value promises: a property the checks may find absent is optional there.
      if (propertyEntry?.required === true && !(forTypes && propertyEntry.optionalInTypes === true)) required.push(property.name);
    }
    for (const [name, extra] of Object.entries(entry.extraProperties ?? {})) {
      properties[name] = { ...extra.schema, description: extra.description, ...(forTypes && extra.tsType !== undefined ? { tsType: extra.tsType } : {}) };
    }
    schema['properties'] = properties;
    if (required.length > 0) schema['required'] = required;
    // Assertions constrain values, not shapes: the types leave them out (an anyOf of required branches
    // would turn an interface into a union that real code cannot read).
    for (const { schema: assertion } of forTypes ? [] : (entry.assert ?? [])) {
      for (const [keyword, value] of Object.entries(assertion)) {
        if (keyword in schema) throw new Error(`${type.name}: the overlay's assert repeats ${keyword}`);
        schema[keyword] = value;
      }
    }
    return { file: entry.file, schema };
  };

  const built: BuiltSchema[] = [];
  for (const enumType of model.enums.values()) {
    const schema = enumSchema(enumType);
    if (schema !== undefined) built.push(schema);
  }
  for (const type of model.types.values()) {
    const schema = objectSchema(type);
    if (schema !== undefined) built.push(schema);
  }
  for (const [name, entry] of Object.entries(overlay.actions)) {
    const action = model.actions.find((candidate) => candidate.name === name);
    if (action === undefined) throw new Error(`the overlay describes action ${name}, which the metadata lacks`);
    const schema = header(entry.file, entry.title, entry.description);
    schema['type'] = 'object';
    const properties: Json = {};
    const required: string[] = [];
    // The first parameter of a bound action is what it is bound to, not part of the body.
    const body = action.isBound ? action.parameters.slice(1) : action.parameters;
    const order = Object.keys(entry.parameters ?? {});
    const rank = (parameter: string): number => (order.includes(parameter) ? order.indexOf(parameter) : order.length);
    for (const parameter of [...body].sort((a, b) => rank(a.name) - rank(b.name))) {
      const parameterEntry = entry.parameters?.[parameter.name];
      properties[parameter.name] = propertySchema(parameter, parameterEntry);
      if (parameterEntry?.required === true) required.push(parameter.name);
    }
    schema['properties'] = properties;
    if (required.length > 0) schema['required'] = required;
    // An action's parameters are all it takes (an OData service refuses a body naming another), unlike an
    // open type's properties. Keys that are no parameter of anyone's are let by: annotations, of the body
    // (@odata.type) or of a parameter (participants@odata.type), and the $id and $ref a .NET serializer
    // writes into the bodies it logs. The types keep the body open, as they keep every type: the closed
    // *Init types are the ones that refuse typos.
    if (!forTypes) {
      schema['patternProperties'] = { '^\\$|@': {} };
      schema['additionalProperties'] = false;
    }
    built.push({ file: entry.file, schema });
  }
  const files = new Set<string>();
  for (const { file } of built) {
    if (files.has(file)) throw new Error(`two schemas would be written to ${file}`);
    files.add(file);
  }
  return built.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** What beta declares and v1.0 does not: properties by type, members by enum, in the metadata's order. */
export interface BetaOnly {
  readonly properties: Readonly<Record<string, readonly string[]>>;
  readonly members: Readonly<Record<string, readonly string[]>>;
  /** Types beta has and v1.0 lacks altogether. */
  readonly types: readonly string[];
}

const sameProperty = (a: CsdlProperty, b: CsdlProperty): boolean =>
  a.type === b.type && a.nullable === b.nullable && a.navigation === b.navigation && JSON.stringify(a.facets) === JSON.stringify(b.facets);

/**
 * Throws, naming every difference, unless v1.0 is a subset of beta: one set of validators (beta's) serves
 * both profiles only while everything v1.0 says, beta says the same way.
 */
export function assertSubset(v1: CsdlModel, beta: CsdlModel): void {
  const problems: string[] = [];
  for (const [name, enumType] of v1.enums) {
    const betaEnum = beta.enums.get(name);
    if (betaEnum === undefined) problems.push(`enum ${name} is in v1.0 only`);
    else {
      if (betaEnum.isFlags !== enumType.isFlags) problems.push(`enum ${name} is flags in one version only`);
      for (const { name: member } of enumType.members) if (!betaEnum.members.some((m) => m.name === member)) problems.push(`member ${name}.${member} is in v1.0 only`);
    }
  }
  for (const [name, type] of v1.types) {
    const betaType = beta.types.get(name);
    if (betaType === undefined) {
      problems.push(`type ${name} is in v1.0 only`);
      continue;
    }
    if (betaType.baseType !== type.baseType || betaType.openType !== type.openType || betaType.abstract !== type.abstract) problems.push(`type ${name} has another base type, openness or abstractness in beta`);
    for (const property of type.properties) {
      const betaProperty = betaType.properties.find((p) => p.name === property.name);
      if (betaProperty === undefined) problems.push(`property ${name}.${property.name} is in v1.0 only`);
      else if (!sameProperty(property, betaProperty)) problems.push(`property ${name}.${property.name} differs: v1.0 ${property.type}${property.nullable ? '' : ' non-null'}, beta ${betaProperty.type}${betaProperty.nullable ? '' : ' non-null'}`);
    }
  }
  for (const action of v1.actions) {
    const betaAction = beta.actions.find((a) => a.name === action.name);
    if (betaAction === undefined) problems.push(`action ${action.name} is in v1.0 only`);
    else {
      for (const parameter of action.parameters) {
        const betaParameter = betaAction.parameters.find((p) => p.name === parameter.name);
        if (betaParameter === undefined || !sameProperty(parameter, betaParameter)) problems.push(`parameter ${action.name}.${parameter.name} is not the same in beta`);
      }
      if (betaAction.parameters.length !== action.parameters.length) problems.push(`action ${action.name} has other parameters in beta`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`the v1.0 metadata is not a subset of beta's, so beta's validators cannot serve v1.0:\n  ${problems.join('\n  ')}`);
  }
}

export function betaOnly(v1: CsdlModel, beta: CsdlModel): BetaOnly {
  const properties: Record<string, string[]> = {};
  const members: Record<string, string[]> = {};
  const types: string[] = [];
  for (const [name, betaType] of beta.types) {
    const type = v1.types.get(name);
    if (type === undefined) {
      types.push(name);
      continue;
    }
    const extra = betaType.properties.filter((p) => !type.properties.some((q) => q.name === p.name)).map((p) => p.name);
    if (extra.length > 0) properties[name] = extra;
  }
  for (const [name, betaEnum] of beta.enums) {
    const enumType = v1.enums.get(name);
    const extra = betaEnum.members.filter((m) => enumType === undefined || !enumType.members.some((n) => n.name === m.name)).map((m) => m.name);
    if (extra.length > 0) members[name] = extra;
  }
  return { properties, members, types };
}
