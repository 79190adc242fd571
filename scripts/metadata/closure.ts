/**
 * The contract's closure in a full Graph metadata file, and the excerpt that holds it.
 *
 * The roots (schemas/source/metadata/closure.json) are named types and bound actions. The closure is the
 * roots plus, transitively, every type one of its members names: a type's BaseType and the Type of each of
 * its Property and NavigationProperty elements; an action's Parameter types (the binding parameter
 * included) and its ReturnType. Collection(...) is unwrapped and Edm.* types are primitives. Derived types
 * are never followed (Graph's identity has dozens of subtypes the calling API never sends): the ones the
 * contract uses are roots. Annotations, entity containers, functions and other namespaces are not read.
 */
import { localName, type XmlElement } from './xml-elements.js';

/** The file is XML but not the metadata the closure needs: not CSDL, a root missing, a reference unresolved. */
export class MetadataShapeError extends Error {}

export interface ClosureRoots {
  /** The namespace whose Schema holds the contract. */
  readonly namespace: string;
  readonly types: readonly string[];
  /** Bound actions, named with their binding parameter's type, as overloads are told apart. */
  readonly actions: ReadonlyArray<{ readonly name: string; readonly bindingType: string }>;
}

/** Kinds in the excerpt's order. */
export const elementKinds = ['EnumType', 'ComplexType', 'EntityType', 'Action'] as const;
export type ElementKind = (typeof elementKinds)[number];

export interface ExcerptElement {
  readonly kind: ElementKind;
  readonly name: string;
  /** The element's text as in the source, from the start of its line (its indentation) to its last `>`. */
  readonly text: string;
}

export interface Extracted {
  /** The Edmx Version and the Schema Alias of the source, which the envelope repeats. */
  readonly edmxVersion: string;
  readonly alias: string | undefined;
  /** In the excerpt's order: by kind, then by name (code-unit order). */
  readonly elements: readonly ExcerptElement[];
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');

/** Reads closure.json. Throws MetadataShapeError naming what is wrong. */
export function readClosureRoots(json: string): ClosureRoots {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new MetadataShapeError(`closure.json is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const record = (data ?? {}) as Record<string, unknown>;
  const actions = record['actions'];
  const actionsValid =
    Array.isArray(actions) &&
    actions.every((action: unknown) => {
      const entry = (action ?? {}) as Record<string, unknown>;
      return typeof entry['name'] === 'string' && typeof entry['bindingType'] === 'string';
    });
  if (typeof record['namespace'] !== 'string' || !isStringList(record['types']) || !actionsValid) {
    throw new MetadataShapeError('closure.json needs "namespace" (a string), "types" (names) and "actions" ([{ "name", "bindingType" }])');
  }
  return { namespace: record['namespace'], types: record['types'], actions: actions as ClosureRoots['actions'] };
}

function child(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((node) => localName(node.name) === name);
}

/** The Schema of the namespace, from a document whose root is edmx:Edmx. */
function findSchema(root: XmlElement, namespace: string): XmlElement {
  const services = localName(root.name) === 'Edmx' ? child(root, 'DataServices')[0] : undefined;
  if (services === undefined) throw new MetadataShapeError('not CSDL: no edmx:Edmx/edmx:DataServices element');
  const schemas = child(services, 'Schema').filter((schema) => schema.attributes.get('Namespace') === namespace);
  if (schemas.length === 0) throw new MetadataShapeError(`not Graph metadata: no Schema with Namespace="${namespace}"`);
  if (schemas.length > 1) throw new MetadataShapeError(`${schemas.length} Schema elements with Namespace="${namespace}"`);
  return schemas[0] as XmlElement;
}

/** The element's text from the start of its line, with LF line ends (as the repository stores text). */
function elementText(source: string, element: XmlElement): string {
  let from = element.start;
  while (from > 0 && (source[from - 1] === ' ' || source[from - 1] === '\t')) from -= 1;
  const atLineStart = from === 0 || source[from - 1] === '\n';
  const text = atLineStart ? source.slice(from, element.end) : `      ${source.slice(element.start, element.end)}`;
  return text.replace(/\r\n?/g, '\n');
}

/** Extracts the closure of the roots from a scanned metadata document. Throws MetadataShapeError. */
export function extractClosure(source: string, root: XmlElement, roots: ClosureRoots): Extracted {
  const schema = findSchema(root, roots.namespace);
  const alias = schema.attributes.get('Alias');
  const named = new Map<string, XmlElement>();
  const actions: XmlElement[] = [];
  for (const element of schema.children) {
    const kind = localName(element.name);
    if (kind === 'Action') actions.push(element);
    if (kind !== 'EnumType' && kind !== 'ComplexType' && kind !== 'EntityType' && kind !== 'TypeDefinition') continue;
    const name = element.attributes.get('Name');
    if (name === undefined) throw new MetadataShapeError(`a ${kind} without a Name in ${roots.namespace}`);
    if (named.has(name)) throw new MetadataShapeError(`two types named ${name} in ${roots.namespace}`);
    named.set(name, element);
  }

  /** The local name a type reference names in this namespace; undefined for Edm primitives. */
  const resolve = (type: string, where: string): string | undefined => {
    const inner = type.startsWith('Collection(') && type.endsWith(')') ? type.slice('Collection('.length, -1) : type;
    if (inner.startsWith('Edm.')) return undefined;
    const dot = inner.lastIndexOf('.');
    const prefix = inner.slice(0, Math.max(dot, 0));
    if (prefix !== roots.namespace && prefix !== alias) {
      throw new MetadataShapeError(`${where} names ${type}, outside ${roots.namespace}: the excerpt holds one namespace`);
    }
    return inner.slice(dot + 1);
  };
  const canonical = (type: string): string => {
    const collection = type.startsWith('Collection(') && type.endsWith(')');
    const name = resolve(type, 'closure.json');
    const full = name === undefined ? type.replace(/^Collection\((.*)\)$/, '$1') : `${roots.namespace}.${name}`;
    return collection ? `Collection(${full})` : full;
  };

  const chosen = new Map<string, ExcerptElement>();
  const pending: Array<{ name: string; from: string }> = roots.types.map((name) => ({ name, from: 'closure.json' }));
  const reach = (type: string | undefined, where: string): void => {
    const name = type === undefined ? undefined : resolve(type, where);
    if (name !== undefined) pending.push({ name, from: where });
  };

  const chosenActions: ExcerptElement[] = [];
  for (const wanted of roots.actions) {
    const binding = canonical(wanted.bindingType);
    const matches = actions.filter((action) => {
      const first = child(action, 'Parameter')[0]?.attributes.get('Type');
      return action.attributes.get('Name') === wanted.name && action.attributes.get('IsBound') === 'true' && first !== undefined && canonical(first) === binding;
    });
    const label = `action ${wanted.name}(${wanted.bindingType})`;
    if (matches.length === 0) throw new MetadataShapeError(`missing root: no bound ${label} in ${roots.namespace}`);
    if (matches.length > 1) throw new MetadataShapeError(`${matches.length} bound actions match ${label}`);
    const action = matches[0] as XmlElement;
    for (const parameter of child(action, 'Parameter')) reach(parameter.attributes.get('Type'), `${label} parameter ${parameter.attributes.get('Name') ?? '?'}`);
    for (const returned of child(action, 'ReturnType')) reach(returned.attributes.get('Type'), `${label} return type`);
    chosenActions.push({ kind: 'Action', name: wanted.name, text: elementText(source, action) });
  }

  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { name, from } = next;
    if (chosen.has(name)) continue;
    const element = named.get(name);
    if (element === undefined) {
      throw new MetadataShapeError(from === 'closure.json' ? `missing root: no type ${name} in ${roots.namespace}` : `${from} names ${name}, which ${roots.namespace} does not define`);
    }
    const kind = localName(element.name);
    if (kind === 'TypeDefinition') throw new MetadataShapeError(`${from} names the TypeDefinition ${name}, which the excerpt's form does not hold`);
    chosen.set(name, { kind: kind as ElementKind, name, text: elementText(source, element) });
    reach(element.attributes.get('BaseType'), `${name} (base type)`);
    for (const property of [...child(element, 'Property'), ...child(element, 'NavigationProperty')]) {
      reach(property.attributes.get('Type'), `${name}.${property.attributes.get('Name') ?? '?'}`);
    }
  }

  const order = (a: ExcerptElement, b: ExcerptElement): number =>
    elementKinds.indexOf(a.kind) - elementKinds.indexOf(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    edmxVersion: root.attributes.get('Version') ?? '4.0',
    alias,
    elements: [...chosen.values(), ...chosenActions].sort(order),
  };
}

const attributeValue = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The excerpt file: the XML declaration, the comment, the envelope and the elements, one per line. */
export function excerptText(extracted: Extracted, namespace: string, comment: string): string {
  const alias = extracted.alias === undefined ? '' : ` Alias="${attributeValue(extracted.alias)}"`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<!-- ${comment} -->`,
    `<edmx:Edmx Version="${attributeValue(extracted.edmxVersion)}" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">`,
    '  <edmx:DataServices>',
    `    <Schema Namespace="${attributeValue(namespace)}"${alias} xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...extracted.elements.map((element) => element.text),
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}
