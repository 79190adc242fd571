/**
 * The overlay (schemas/source/overlay.json): every deliberate deviation of the contract's schemas from
 * the metadata, each with its reason, plus what the metadata does not carry (file names, titles,
 * descriptions, type hints). Its shape is schemas/tooling/overlay.schema.json; keys under types,
 * properties, members, actions and parameters name things of the metadata, so that a metadata refresh can
 * list the entries that no longer apply.
 */
import { allProperties, type CsdlModel } from './csdl.js';

/** A deviation of one property (or action parameter); reason is required whenever one is made. */
export interface OverlayProperty {
  readonly description: string;
  /** Accept null where the metadata says Nullable="false". */
  readonly nullable?: true;
  readonly required?: true;
  /** Required in the schema, optional in the types: the guards accept the property's absence where the linter reads it otherwise. */
  readonly optionalInTypes?: true;
  readonly format?: string | null;
  readonly pattern?: string;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  /** Replaces the metadata's typing of the property altogether (nullability included). */
  readonly schema?: Readonly<Record<string, unknown>>;
  /** Merged into the schema of the property's non-null value (a constraint JSON Schema can state). */
  readonly refine?: Readonly<Record<string, unknown>>;
  /** Facets of the metadata (MaxLength, Unicode...) the schemas do not carry, each with its reason. */
  readonly facets?: Readonly<Record<string, string>>;
  readonly reason?: string;
}

/** A property the metadata does not declare, with its whole schema. */
export interface OverlayExtraProperty {
  readonly schema: Readonly<Record<string, unknown>>;
  readonly description: string;
  /** TypeScript type for the type generator only; never written into a schema file. */
  readonly tsType?: string;
  readonly reason: string;
}

export interface Reasoned {
  readonly reason: string;
}

export interface OverlayType {
  readonly file?: string;
  readonly title?: string;
  readonly description?: string;
  /** Description of the @odata.type annotation, when the default one does not fit. */
  readonly odataType?: string;
  /** A type closed in the metadata whose schema accepts undeclared keys. */
  readonly acceptUndeclared?: Reasoned;
  /** Properties of these subtypes are declared on this type's schema. */
  readonly mergeSubtypes?: Reasoned & { readonly types: readonly string[] };
  /** A subtype with no schema of its own: its properties are on this type's. */
  readonly mergedInto?: string;
  /** Properties typed with this type refer to another type's schema. */
  readonly referencedAs?: Reasoned & { readonly type: string };
  readonly requiredAnnotations?: Reasoned & { readonly names: readonly string[] };
  readonly addMembers?: Reasoned & { readonly members: readonly string[]; readonly position: 'start' | 'end' };
  /** Schemas merged into the type's own (constraints JSON Schema can state that the metadata cannot). */
  readonly assert?: ReadonlyArray<Reasoned & { readonly schema: Readonly<Record<string, unknown>> }>;
  readonly extraProperties?: Readonly<Record<string, OverlayExtraProperty>>;
  readonly properties?: Readonly<Record<string, OverlayProperty>>;
  readonly members?: Readonly<Record<string, { readonly description?: string }>>;
}

export interface OverlayAction {
  readonly file: string;
  readonly title: string;
  readonly description: string;
  readonly parameters?: Readonly<Record<string, OverlayProperty>>;
}

export interface Overlay {
  readonly types: Readonly<Record<string, OverlayType>>;
  readonly actions: Readonly<Record<string, OverlayAction>>;
}

/** The deviating keys of a property entry: each needs a reason. */
export const propertyDeviations = ['nullable', 'required', 'optionalInTypes', 'format', 'pattern', 'maxLength', 'minItems', 'maxItems', 'minimum', 'maximum', 'refine', 'schema'] as const;

/**
 * Overlay entries that name nothing in the model, as "types.x.properties.y" paths. The beta metadata is
 * the one to check: v1.0's is a subset, and entries about beta-only things are meant.
 */
export function staleOverlayEntries(overlay: Overlay, model: CsdlModel): string[] {
  const stale: string[] = [];
  for (const [name, entry] of Object.entries(overlay.types)) {
    const type = model.types.get(name);
    const enumType = model.enums.get(name);
    if (type === undefined && enumType === undefined) {
      stale.push(`types.${name}`);
      continue;
    }
    const declared = type === undefined ? new Set<string>() : new Set(allProperties(model, name).map(({ name: property }) => property));
    for (const property of Object.keys(entry.properties ?? {})) if (!declared.has(property)) stale.push(`types.${name}.properties.${property}`);
    const members = new Set((enumType?.members ?? []).map(({ name: member }) => member));
    for (const member of Object.keys(entry.members ?? {})) if (!members.has(member)) stale.push(`types.${name}.members.${member}`);
  }
  for (const [name, entry] of Object.entries(overlay.actions)) {
    const action = model.actions.find((candidate) => candidate.name === name);
    if (action === undefined) {
      stale.push(`actions.${name}`);
      continue;
    }
    const parameters = new Set(action.parameters.map(({ name: parameter }) => parameter));
    for (const parameter of Object.keys(entry.parameters ?? {})) if (!parameters.has(parameter)) stale.push(`actions.${name}.parameters.${parameter}`);
  }
  return stale;
}

/** Property entries that deviate without saying why. */
export function unreasonedEntries(overlay: Overlay): string[] {
  const missing: string[] = [];
  const check = (where: string, entries: Readonly<Record<string, OverlayProperty>> | undefined): void => {
    for (const [name, entry] of Object.entries(entries ?? {})) {
      if (propertyDeviations.some((key) => entry[key] !== undefined) && (entry.reason ?? '') === '') missing.push(`${where}.${name}`);
    }
  };
  for (const [name, entry] of Object.entries(overlay.types)) check(`types.${name}.properties`, entry.properties);
  for (const [name, entry] of Object.entries(overlay.actions)) check(`actions.${name}.parameters`, entry.parameters);
  return missing;
}
