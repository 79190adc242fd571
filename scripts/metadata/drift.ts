/**
 * What a metadata refresh changes, as data: the differences between the old and the new excerpt (read
 * with readCsdl) and the overlay entries that name nothing in the new metadata. The text report is made
 * from the data; tests and --json read the data.
 */
import { allProperties, facetNames, type CsdlAction, type CsdlEnum, type CsdlModel, type CsdlProperty, type CsdlStructuredType } from './csdl.js';

export const driftChanges = [
  'type-added',
  'type-removed',
  'type-changed',
  'property-added',
  'property-removed',
  'property-type-changed',
  'nullability-changed',
  'navigation-changed',
  'facet-changed',
  'member-added',
  'member-removed',
  'member-value-changed',
  'action-added',
  'action-removed',
  'return-type-changed',
  'parameter-added',
  'parameter-removed',
  'parameter-type-changed',
] as const;
export type DriftChange = (typeof driftChanges)[number];

/** One difference. subject: type, type.property, enum.member, action(binding) or action(binding).parameter. */
export interface Drift {
  readonly change: DriftChange;
  readonly subject: string;
  /** For type-changed: kind, baseType, abstract, openType or isFlags. */
  readonly aspect?: string;
  /** The old value (what was removed or changed), as text. */
  readonly from?: string;
  /** The new value (what was added or changed to), as text. */
  readonly to?: string;
}

/**
 * An overlay key that names nothing in the new metadata. orphaned: it named something in the old excerpt,
 * so the refresh made it stale. unmatched: it named nothing in the old excerpt either (an addition the
 * overlay makes on purpose, or a typo); listed, but not counted as drift.
 */
export interface OverlayOrphan {
  /** JSON Pointer of the key in the overlay file: /types/participant/properties/foo. */
  readonly pointer: string;
  readonly status: 'orphaned' | 'unmatched';
}

const drift = (change: DriftChange, subject: string, values: { aspect?: string; from?: string; to?: string } = {}): Drift => ({ change, subject, ...values });

const kindOf = (type: CsdlStructuredType): string => type.kind;
const describe = (property: CsdlProperty): string => `${property.type}${property.nullable ? '' : ' not null'}${property.navigation ? ' (navigation)' : ''}`;

/** Compares two lists of properties or parameters, by name. */
function compareMembers(owner: string, before: readonly CsdlProperty[], after: readonly CsdlProperty[], noun: 'property' | 'parameter'): Drift[] {
  const found: Drift[] = [];
  const old = new Map(before.map((item) => [item.name, item]));
  const now = new Map(after.map((item) => [item.name, item]));
  for (const [name, item] of old) if (!now.has(name)) found.push(drift(`${noun}-removed`, `${owner}.${name}`, { from: describe(item) }));
  for (const [name, item] of now) {
    const previous = old.get(name);
    if (previous === undefined) {
      found.push(drift(`${noun}-added`, `${owner}.${name}`, { to: describe(item) }));
      continue;
    }
    const subject = `${owner}.${name}`;
    if (previous.type !== item.type) found.push(drift(`${noun}-type-changed`, subject, { from: previous.type, to: item.type }));
    if (previous.nullable !== item.nullable) found.push(drift('nullability-changed', subject, { from: String(previous.nullable), to: String(item.nullable) }));
    if (previous.navigation !== item.navigation) found.push(drift('navigation-changed', subject, { from: String(previous.navigation), to: String(item.navigation) }));
    // MaxLength, Unicode and the like constrain values as much as a type does: a change is drift.
    for (const facet of facetNames) {
      const was = previous.facets[facet];
      const is = item.facets[facet];
      if (was !== is) found.push(drift('facet-changed', subject, { aspect: facet, from: was ?? '(none)', to: is ?? '(none)' }));
    }
  }
  return found;
}

/** An action's identity: its name and, when bound, its binding parameter's type, as overloads differ. */
const actionKey = (action: CsdlAction): string => `${action.name}(${action.isBound ? (action.parameters[0]?.type ?? '') : ''})`;

/** Every difference between the old excerpt's model and the new one, in a stable order. */
export function compareModels(before: CsdlModel | undefined, after: CsdlModel): Drift[] {
  const found: Drift[] = [];
  const oldEnums = before?.enums ?? new Map<string, CsdlEnum>();
  const oldTypes = before?.types ?? new Map<string, CsdlStructuredType>();
  for (const [name] of oldEnums) if (!after.enums.has(name)) found.push(drift('type-removed', name, { from: 'enum' }));
  for (const [name, type] of oldTypes) if (!after.types.has(name)) found.push(drift('type-removed', name, { from: kindOf(type) }));
  for (const [name, enumType] of after.enums) {
    const previous = oldEnums.get(name);
    if (previous === undefined) {
      found.push(drift('type-added', name, { to: 'enum' }));
      continue;
    }
    if (previous.isFlags !== enumType.isFlags) found.push(drift('type-changed', name, { aspect: 'isFlags', from: String(previous.isFlags), to: String(enumType.isFlags) }));
    const oldMembers = new Map(previous.members.map((member) => [member.name, member.value]));
    const newMembers = new Map(enumType.members.map((member) => [member.name, member.value]));
    for (const [member, value] of oldMembers) if (!newMembers.has(member)) found.push(drift('member-removed', `${name}.${member}`, { from: String(value) }));
    for (const [member, value] of newMembers) {
      const old = oldMembers.get(member);
      if (old === undefined) found.push(drift('member-added', `${name}.${member}`, { to: String(value) }));
      else if (old !== value) found.push(drift('member-value-changed', `${name}.${member}`, { from: String(old), to: String(value) }));
    }
  }
  for (const [name, type] of after.types) {
    const previous = oldTypes.get(name);
    if (previous === undefined) {
      found.push(drift('type-added', name, { to: kindOf(type) }));
      continue;
    }
    const aspects: Array<[string, string, string]> = [
      ['kind', previous.kind, type.kind],
      ['baseType', previous.baseType ?? '(none)', type.baseType ?? '(none)'],
      ['abstract', String(previous.abstract), String(type.abstract)],
      ['openType', String(previous.openType), String(type.openType)],
    ];
    for (const [aspect, from, to] of aspects) if (from !== to) found.push(drift('type-changed', name, { aspect, from, to }));
    found.push(...compareMembers(name, previous.properties, type.properties, 'property'));
  }
  const oldActions = new Map((before?.actions ?? []).map((action) => [actionKey(action), action]));
  const newActions = new Map(after.actions.map((action) => [actionKey(action), action]));
  for (const [key] of oldActions) if (!newActions.has(key)) found.push(drift('action-removed', key));
  for (const [key, action] of newActions) {
    const previous = oldActions.get(key);
    if (previous === undefined) {
      found.push(drift('action-added', key));
      continue;
    }
    if (previous.returnType !== action.returnType) found.push(drift('return-type-changed', key, { from: previous.returnType ?? '(none)', to: action.returnType ?? '(none)' }));
    found.push(...compareMembers(key, previous.parameters, action.parameters, 'parameter'));
  }
  return found;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const pointerPart = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The names an overlay entry may use in a model: types and enums, their properties or members, actions and their parameters. */
function namesIn(model: CsdlModel | undefined): (path: readonly string[]) => boolean {
  return ([section, name, part, item]) => {
    if (model === undefined || name === undefined) return false;
    if (section === 'actions') {
      const actions = model.actions.filter((action) => action.name === name);
      if (part === undefined) return actions.length > 0;
      return part === 'parameters' && actions.some((action) => action.parameters.some((parameter) => parameter.name === item));
    }
    const enumType = model.enums.get(name);
    if (part === undefined) return enumType !== undefined || model.types.has(name);
    if (part === 'members') return enumType?.members.some((member) => member.name === item) ?? false;
    return model.types.has(name) && allProperties(model, name).some((property) => property.name === item);
  };
}

/** Every key of the overlay's types/properties/members/actions/parameters that names nothing in the new model. */
export function overlayOrphans(overlay: unknown, before: CsdlModel | undefined, after: CsdlModel): OverlayOrphan[] {
  const inOld = namesIn(before);
  const inNew = namesIn(after);
  const orphans: OverlayOrphan[] = [];
  const check = (path: readonly string[]): boolean => {
    if (inNew(path)) return true;
    orphans.push({ pointer: `/${path.map(pointerPart).join('/')}`, status: inOld(path) ? 'orphaned' : 'unmatched' });
    return false;
  };
  if (!isObject(overlay)) return orphans;
  const sections: ReadonlyArray<[string, readonly string[]]> = [
    ['types', ['properties', 'members']],
    ['actions', ['parameters']],
  ];
  for (const [section, parts] of sections) {
    const entries = overlay[section];
    if (!isObject(entries)) continue;
    for (const [name, entry] of Object.entries(entries)) {
      // An entry whose name is gone makes its inner keys orphans too; one line says it.
      if (!check([section, name]) || !isObject(entry)) continue;
      for (const part of parts) {
        const items = entry[part];
        if (isObject(items)) for (const item of Object.keys(items)) check([section, name, part, item]);
      }
    }
  }
  return orphans;
}

export interface DriftReport {
  /** The excerpt compared, as the report names it. */
  readonly excerpt: string;
  /** False when there was no old excerpt: everything counts as added. */
  readonly hadExcerpt: boolean;
  readonly changes: readonly Drift[];
  readonly overlay: { readonly path: string; readonly found: boolean; readonly orphans: readonly OverlayOrphan[] };
}

/** True when the refresh changes the contract or makes an overlay entry stale: what --check fails on. */
export const hasDrift = (report: DriftReport): boolean => report.changes.length > 0 || report.overlay.orphans.some((orphan) => orphan.status === 'orphaned');

const signs: Readonly<Record<string, string>> = { added: '+', removed: '-' };

const changedWhat: Readonly<Partial<Record<DriftChange, string>>> = {
  'property-type-changed': 'type',
  'parameter-type-changed': 'type',
  'nullability-changed': 'nullable',
  'navigation-changed': 'navigation property',
  'member-value-changed': 'value',
  'return-type-changed': 'return type',
};

function line(item: Drift): string {
  const [noun, ...rest] = item.change.split('-');
  const verb = rest.join('-');
  const sign = signs[verb] ?? '~';
  if (verb === 'added') return `${sign} ${noun} ${item.subject}${item.to === undefined ? '' : `: ${item.to}`}`;
  if (verb === 'removed') return `${sign} ${noun} ${item.subject}${item.from === undefined ? '' : ` (was ${item.from})`}`;
  const what = item.aspect ?? changedWhat[item.change] ?? item.change;
  return `${sign} ${item.subject}: ${what} ${item.from ?? ''} → ${item.to ?? ''}`;
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The report as text, for people. */
export function formatDrift(report: DriftReport): string {
  const lines: string[] = [];
  if (!report.hadExcerpt) lines.push(`${report.excerpt} did not exist: everything below is new.`);
  lines.push(report.changes.length === 0 ? `Metadata: no change to ${report.excerpt}.` : `Metadata: ${count(report.changes.length, 'change', 'changes')} to ${report.excerpt}:`);
  for (const item of report.changes) lines.push(`  ${line(item)}`);
  const { overlay } = report;
  if (!overlay.found) {
    lines.push(`Overlay: ${overlay.path} does not exist yet; no overlay entry checked.`);
  } else {
    const orphaned = overlay.orphans.filter((orphan) => orphan.status === 'orphaned');
    const unmatched = overlay.orphans.filter((orphan) => orphan.status === 'unmatched');
    lines.push(orphaned.length === 0 ? `Overlay: every entry of ${overlay.path} that named metadata still does.` : `Overlay: stale entries of ${overlay.path} (they named what the metadata no longer has): ${orphaned.length}`);
    for (const orphan of orphaned) lines.push(`  ! ${orphan.pointer}`);
    if (unmatched.length > 0) {
      lines.push(`Overlay: entries naming nothing in the old or the new metadata (additions or typos; not drift): ${unmatched.length}`);
      for (const orphan of unmatched) lines.push(`  ? ${orphan.pointer}`);
    }
  }
  return lines.join('\n');
}
