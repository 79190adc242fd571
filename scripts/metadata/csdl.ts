/**
 * Reads the part of an OData CSDL (Microsoft Graph's cleanMetadata.xml or an excerpt of it) that the
 * contract is made of: enum types, complex and entity types with their properties, and bound actions.
 * Annotations, navigation bindings and everything else are skipped; so is anything outside the first
 * Schema element, which is where Graph keeps the microsoft.graph namespace.
 */
import { XMLParser } from 'fast-xml-parser';

/** A property, navigation property or action parameter. Type is as written: Edm.String, graph.identity, Collection(graph.x). */
export interface CsdlProperty {
  readonly name: string;
  readonly type: string;
  /** CSDL's default is true: only Nullable="false" makes it false. */
  readonly nullable: boolean;
  readonly navigation: boolean;
  /** The facets the metadata gives it (MaxLength, Unicode, Precision, Scale, SRID), as written; absent ones left out. */
  readonly facets: Readonly<Record<string, string>>;
}

/** The facets of a property or parameter that constrain its values. */
export const facetNames = ['MaxLength', 'Unicode', 'Precision', 'Scale', 'SRID'] as const;

export interface CsdlStructuredType {
  readonly kind: 'complex' | 'entity';
  readonly name: string;
  /** The base type as written (graph.identity), if any. */
  readonly baseType: string | undefined;
  readonly abstract: boolean;
  readonly openType: boolean;
  /** Declared on this type only, in document order; inherited ones are on the base type. */
  readonly properties: readonly CsdlProperty[];
}

export interface CsdlEnumMember {
  readonly name: string;
  readonly value: number;
}

export interface CsdlEnum {
  readonly name: string;
  readonly isFlags: boolean;
  readonly members: readonly CsdlEnumMember[];
}

export interface CsdlAction {
  readonly name: string;
  readonly isBound: boolean;
  readonly parameters: readonly CsdlProperty[];
  readonly returnType: string | undefined;
}

export interface CsdlModel {
  readonly namespace: string;
  /** The alias the document uses for its namespace (graph); types are written with it. */
  readonly alias: string | undefined;
  readonly enums: ReadonlyMap<string, CsdlEnum>;
  readonly types: ReadonlyMap<string, CsdlStructuredType>;
  readonly actions: readonly CsdlAction[];
}

type XmlNode = Record<string, unknown>;

const asList = (value: unknown): XmlNode[] => (value === undefined ? [] : Array.isArray(value) ? (value as XmlNode[]) : [value as XmlNode]);

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return value === undefined ? undefined : String(value);
}

function required(node: XmlNode, name: string, what: string): string {
  const value = attribute(node, name);
  if (value === undefined || value === '') throw new Error(`${what} without ${name}`);
  return value;
}

function readProperty(node: XmlNode, navigation: boolean, owner: string): CsdlProperty {
  const name = required(node, 'Name', `a property of ${owner}`);
  const facets: Record<string, string> = {};
  for (const facet of facetNames) {
    const value = attribute(node, facet);
    if (value !== undefined) facets[facet] = value;
  }
  return { name, type: required(node, 'Type', `${owner}.${name}`), nullable: attribute(node, 'Nullable') !== 'false', navigation, facets };
}

function readStructured(node: XmlNode, kind: CsdlStructuredType['kind']): CsdlStructuredType {
  const name = required(node, 'Name', kind === 'complex' ? 'a ComplexType' : 'an EntityType');
  return {
    kind,
    name,
    baseType: attribute(node, 'BaseType'),
    abstract: attribute(node, 'Abstract') === 'true',
    openType: attribute(node, 'OpenType') === 'true',
    properties: [
      ...asList(node['Property']).map((property) => readProperty(property, false, name)),
      ...asList(node['NavigationProperty']).map((property) => readProperty(property, true, name)),
    ],
  };
}

function readEnum(node: XmlNode): CsdlEnum {
  const name = required(node, 'Name', 'an EnumType');
  return {
    name,
    isFlags: attribute(node, 'IsFlags') === 'true',
    members: asList(node['Member']).map((member, index) => {
      const value = attribute(member, 'Value');
      return { name: required(member, 'Name', `a member of ${name}`), value: value === undefined ? index : Number(value) };
    }),
  };
}

function readAction(node: XmlNode): CsdlAction {
  const name = required(node, 'Name', 'an Action');
  const returnType = asList(node['ReturnType'])[0];
  return {
    name,
    isBound: attribute(node, 'IsBound') === 'true',
    parameters: asList(node['Parameter']).map((parameter) => readProperty(parameter, false, name)),
    returnType: returnType === undefined ? undefined : required(returnType, 'Type', `the return type of ${name}`),
  };
}

function byName<T extends { name: string }>(items: readonly T[], what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.name)) throw new Error(`two ${what}s named ${item.name}`);
    map.set(item.name, item);
  }
  return map;
}

/** Parses CSDL text. Throws with a message naming what is missing when the text is not CSDL. */
export function readCsdl(xml: string): CsdlModel {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: false, removeNSPrefix: true });
  const document = parser.parse(xml) as XmlNode;
  const edmx = document['Edmx'] as XmlNode | undefined;
  const services = edmx === undefined ? undefined : (edmx['DataServices'] as XmlNode | undefined);
  const schema = services === undefined ? undefined : asList(services['Schema'])[0];
  if (schema === undefined) throw new Error('not CSDL: no edmx:Edmx/edmx:DataServices/Schema element');
  const complex = asList(schema['ComplexType']).map((node) => readStructured(node, 'complex'));
  const entities = asList(schema['EntityType']).map((node) => readStructured(node, 'entity'));
  return {
    namespace: required(schema, 'Namespace', 'the Schema'),
    alias: attribute(schema, 'Alias'),
    enums: byName(asList(schema['EnumType']).map(readEnum), 'enum type'),
    types: byName([...complex, ...entities], 'structured type'),
    actions: asList(schema['Action']).map(readAction),
  };
}

/** The type name a reference names, without Collection() and the namespace or alias: graph.identity → identity. */
export function referencedName(type: string): { name: string; collection: boolean; primitive: boolean } {
  const collection = type.startsWith('Collection(') && type.endsWith(')');
  const inner = collection ? type.slice('Collection('.length, -1) : type;
  const primitive = inner.startsWith('Edm.');
  return { name: primitive ? inner : inner.slice(inner.lastIndexOf('.') + 1), collection, primitive };
}

/** Every property of a type, its base types' first (as the metadata's inheritance gives them). */
export function allProperties(model: CsdlModel, typeName: string): CsdlProperty[] {
  const type = model.types.get(typeName);
  if (type === undefined) throw new Error(`no type ${typeName} in the metadata`);
  const base = type.baseType === undefined ? [] : allProperties(model, referencedName(type.baseType).name);
  return [...base, ...type.properties];
}
