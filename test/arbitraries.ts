/**
 * Generators of contract payloads (fast-check) and a model of the constraints of schemas/*.schema.json,
 * shared by the property, coverage and safety tests.
 *
 * - validPayload[kind] produces payloads that must validate without errors: every optional field, null
 *   where the schemas allow it, every enum member (PascalCase statuses included), batches, delta rosters,
 *   undeclared keys (__proto__ and constructor among them), every combination of resource/resourceUrl, and
 *   call states without @odata.type under a call's own path.
 *   Enum members are read from the schemas, so a member added there is generated here too.
 * - The constraint model lists every keyword that can make a payload fail, finds which schema locations
 *   apply to each node of a payload, and explains a reported problem as the constraint(s) that fired.
 *   The coverage test matches sample problems to constraints with it, and the mutations below are derived
 *   from it, so a constraint added to a schema gets a mutation without a line of test code.
 */
import fc from 'fast-check';
import type { ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats/dist/formats.js';
import { rootSchemaFile } from '../src/contract/kinds.js';
import { parseResourcePath, primaryResourceField } from '../src/contract/resource-path.js';
import { kinds, type Kind } from '../src/model/kind.js';
import { childPointer } from '../src/model/pointer.js';
import { fileRuleList } from '../src/rules/file/index.js';
import { walkingRules } from '../src/rules/index.js';
import { kindRuleList } from '../src/rules/kind/index.js';
import { flagsSchemaFiles } from '../src/rules/schema/flags-member.js';
import { e164Pattern } from '../src/validate/schema-problems.js';
import { createAjv, loadSchemaFiles } from '../scripts/schema-registry.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Sets an own data property. A "__proto__" key must become an own property, as JSON.parse makes it, never
 * the object's prototype: assignment would call Object.prototype's setter, so that key is defined. Every
 * other inherited property of a plain object is a writable data property, which assignment shadows.
 */
function setOwn(object: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** An object with exactly these own keys. */
export function objectFrom(entries: Iterable<readonly [string, Json]>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of entries) setOwn(out, key, value);
  return out;
}

/**
 * What a JSON parser would hand the validator: a deep copy with plain prototypes, -0 read as 0, what JSON
 * cannot hold as JSON.stringify leaves it (undefined properties out, undefined items and non-finite numbers
 * null). The same as JSON.parse(JSON.stringify(value)), without the text in between.
 */
export function asParsed(value: Json): Json {
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: Json[] = new Array<Json>(value.length);
    for (let index = 0; index < value.length; index += 1) {
      const item = value[index];
      out[index] = item === undefined ? null : asParsed(item);
    }
    return out;
  }
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item !== undefined) setOwn(out, key, asParsed(item));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Schemas

interface SchemaObject {
  readonly [keyword: string]: unknown;
}

const schemaFiles = loadSchemaFiles();
const schemaByFile = new Map<string, SchemaObject & { $id: string }>(schemaFiles.map(({ file, schema }) => [file, schema]));
const fileById = new Map(schemaFiles.map(({ file, schema }) => [schema.$id, file]));

function schemaFile(file: string): SchemaObject & { $id: string } {
  const schema = schemaByFile.get(file);
  if (schema === undefined) throw new Error(`no schema file ${file}`);
  return schema;
}

/** Members of an enum schema, so generators follow the schema files. */
function enumMembers(file: string): string[] {
  const members = schemaFile(file)['enum'];
  if (!Array.isArray(members)) throw new Error(`${file} has no enum`);
  return members.map(String);
}

// ---------------------------------------------------------------------------------------------------------
// Values

const bool = fc.boolean();

/** null in about one case out of four. */
function nullable<T extends Json>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.option(arb, { nil: null, freq: 4 });
}

const text: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 16 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 8 }), weight: 1 },
  { arbitrary: fc.constantFrom('', '<Hidden>', 'Priya Raman', 'Tomás Herrera', '🎧 Support line'), weight: 1 },
);

/** Ids are often redacted or not GUIDs, so anything goes. */
const anyId: fc.Arbitrary<string> = fc.oneof(fc.uuid(), fc.constantFrom('u1', 'redacted', '8:orgid:6e6f0f8e', 'x'.repeat(40)), text);

const e164: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 14 }))
  .map(([first, rest]) => `+${first}${rest}`);

const int32: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: -2147483648, max: 2147483647 }), fc.constantFrom(-2147483648, 2147483647, 0, 412, 9999));

// Up to the doubles nearest int64's bounds from within: ±2^63 itself passes validate() (the schema's
// bounds read as those doubles) but prints as ±9223372036854776000, past int64 as text, which lint() reports.
const int64: fc.Arbitrary<number> = fc.oneof(fc.maxSafeInteger(), fc.constantFrom(0, -1, 1718203311042, 2 ** 62, -(2 ** 63) + 1024, 2 ** 63 - 1024));

const confidence: fc.Arbitrary<number> = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5));

/** 256 code points at most: maxLength counts code points, so astral characters count once. */
const clientContext: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 256 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 64 }), weight: 1 },
  { arbitrary: fc.constantFrom('x'.repeat(256), 'é'.repeat(256), '😀'.repeat(256), ''), weight: 1 },
);

const enumOf = (file: string): fc.Arbitrary<string> => fc.constantFrom(...enumMembers(file));

const flagsMembers = ['watermarkProtection', 'unknownFutureValue'];
const flags: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.constantFrom(...flagsMembers), { minLength: 1, maxLength: 3 }), fc.constantFrom(',', ', '))
  .map(([members, separator]) => members.join(separator));

/** Keys real payloads carry that the contract does not declare, and keys that name Object.prototype members. */
const undeclaredKeyNames = [
  'endpointId', 'clientVersion', 'meetingRole', 'publishedStates', '$id', 'ApplicationType', '@odata.id',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype',
];

/** Never generated as undeclared keys: an @odata.type could name another kind, a legacy key another format. */
const reservedKeys = new Set(['@odata.type', 'callState', 'presentedModalityTypes', 'conversationResult', 'operationOutcome']);

function undeclaredEntries(declared: readonly string[]): fc.Arbitrary<Array<[string, Json]>> {
  const key = fc.oneof({ arbitrary: fc.constantFrom(...undeclaredKeyNames), weight: 3 }, { arbitrary: fc.string({ minLength: 1, maxLength: 10 }), weight: 1 });
  return fc
    .uniqueArray(fc.tuple(key, fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>), { maxLength: 2, selector: ([name]) => name })
    .map((entries) => entries.filter(([name]) => !declared.includes(name) && !reservedKeys.has(name)));
}

type Model = Record<string, fc.Arbitrary<Json>>;

/**
 * An object with every required key, any subset of the optional ones and a few undeclared keys: any for an
 * open type, only annotations and a serializer's $ keys for an action's body (`closed`).
 */
function objectOf(required: Model, optional: Model, closed = false): fc.Arbitrary<JsonObject> {
  const model: Model = { ...required, ...optional };
  const declared = Object.keys(model);
  return fc
    .tuple(fc.record(model, { requiredKeys: Object.keys(required), noNullPrototype: true }), undeclaredEntries(declared))
    .map(([record, extra]) => objectFrom([...(Object.entries(record) as Array<[string, Json]>), ...(closed ? extra.filter(([name]) => /^[@$]/.test(name)) : extra)]));
}

const odataType = (...types: string[]): Model => ({ '@odata.type': fc.constantFrom(...types) });

// ---------------------------------------------------------------------------------------------------------
// Contract objects

const identityTypes = [
  'identity', 'communicationsUserIdentity', 'communicationsApplicationIdentity', 'communicationsApplicationInstanceIdentity',
  'communicationsPhoneIdentity', 'communicationsGuestIdentity', 'communicationsEncryptedIdentity', 'azureCommunicationServicesUserIdentity',
].map((name) => `#microsoft.graph.${name}`);

/** The identity keys of communicationsIdentitySet. */
const identityKeys = [
  'user', 'application', 'device', 'applicationInstance', 'assertedIdentity', 'azureCommunicationServicesUser', 'encrypted', 'guest', 'onPremises', 'phone',
];

/** An identity under a key; a phone identity's id is E.164 (phone-e164), whatever key it sits under. */
function identity(key: string): fc.Arbitrary<JsonObject> {
  return fc.constantFrom<string | undefined>(undefined, ...identityTypes).chain((type) => {
    const phone = key === 'phone' || (type?.endsWith('communicationsPhoneIdentity') ?? false);
    return objectOf(type === undefined ? {} : { '@odata.type': fc.constant(type) }, {
      id: nullable(phone ? e164 : anyId),
      displayName: nullable(text),
      tenantId: nullable(fc.uuid()),
      applicationType: nullable(text),
      hidden: nullable(bool),
      email: nullable(text),
      azureCommunicationServicesResourceId: nullable(fc.uuid()),
      // Declared nowhere; it only warns (identity-provider-undeclared).
      identityProvider: fc.constantFrom('AAD', 'None', 'ACS'),
    });
  });
}

/** At least one identity object (identity-set-empty); other identity keys may be null. */
const identitySet: fc.Arbitrary<JsonObject> = fc
  .tuple(fc.subarray(identityKeys, { minLength: 1, maxLength: 3 }), fc.subarray(identityKeys, { maxLength: 2 }))
  .chain(([present, absent]) =>
    objectOf(Object.fromEntries(present.map((key) => [key, identity(key)])), {
      ...odataType('#microsoft.graph.communicationsIdentitySet', 'microsoft.graph.communicationsIdentitySet', '#microsoft.graph.identitySet'),
      endpointType: nullable(enumOf('endpoint-type.schema.json')),
      ...Object.fromEntries(absent.filter((key) => !present.includes(key)).map((key) => [key, fc.constant(null)])),
    }),
  );

const invitationParticipant: fc.Arbitrary<JsonObject> = objectOf(
  { identity: identitySet },
  {
    ...odataType('#microsoft.graph.invitationParticipantInfo'),
    replacesCallId: nullable(anyId),
    participantId: nullable(anyId),
    hidden: nullable(bool),
    removeFromDefaultAudioRoutingGroup: nullable(bool),
    endpointType: nullable(enumOf('endpoint-type.schema.json')),
    // Not declared: documented responses send it and it only warns (invitation-participant-id).
    id: fc.constant(null),
  },
);

const participantInfo: fc.Arbitrary<JsonObject> = objectOf(
  { identity: identitySet },
  {
    ...odataType('#microsoft.graph.participantInfo'),
    endpointType: nullable(enumOf('endpoint-type.schema.json')),
    countryCode: nullable(fc.stringMatching(/^[A-Za-z]{2}$/)),
    languageId: nullable(fc.constantFrom('en', 'en-US', 'es-ES', 'zh-CN')),
    participantId: nullable(anyId),
    region: nullable(fc.constantFrom('amer', 'emea', 'apac')),
    nonAnonymizedIdentity: nullable(identitySet),
    platformId: nullable(text),
  },
);

const mediaStream: fc.Arbitrary<JsonObject> = objectOf(
  {},
  {
    ...odataType('#microsoft.graph.mediaStream'),
    direction: enumOf('media-direction.schema.json'),
    mediaType: enumOf('modality.schema.json'),
    serverMuted: bool,
    sourceId: text,
    label: nullable(text),
  },
);

const participant: fc.Arbitrary<JsonObject> = objectOf(
  { info: participantInfo },
  {
    ...odataType('#microsoft.graph.participant'),
    id: nullable(anyId),
    isInLobby: bool,
    isMuted: bool,
    mediaStreams: nullable(fc.array(mediaStream, { maxLength: 3 })),
    metadata: nullable(text),
    recordingInfo: nullable(
      objectOf(
        {},
        {
          ...odataType('#microsoft.graph.recordingInfo'),
          recordingStatus: enumOf('recording-status.schema.json'),
          initiator: nullable(identitySet),
          initiatedBy: nullable(participantInfo),
        },
      ),
    ),
    removedState: nullable(objectOf({}, { ...odataType('#microsoft.graph.removedState'), reason: nullable(text) })),
    restrictedExperience: nullable(
      objectOf({}, { ...odataType('#microsoft.graph.onlineMeetingRestricted'), contentSharingDisabled: nullable(flags), videoDisabled: nullable(flags) }),
    ),
    rosterSequenceNumber: nullable(int64),
    isIdentityAnonymized: nullable(bool),
    preferredDisplayName: nullable(text),
    syntheticMediaDetection: nullable(
      objectOf(
        {},
        {
          ...odataType('#microsoft.graph.syntheticMediaDetectionInfo'),
          // Nullable="false" in the metadata: the schemas accept no null here.
          detectionId: anyId,
          detectorBot: text,
          isParticipantTrusted: bool,
          syntheticConfidence: confidence,
        },
      ),
    ),
  },
);

const resultInfo: fc.Arbitrary<JsonObject> = objectOf(
  { code: int32 },
  { ...odataType('#microsoft.graph.resultInfo'), subcode: int32, message: nullable(fc.constantFrom('Failed to add participants. DiagCode: 412#10073', '')) },
);

/** An inviteParticipantsOperation; the @odata.types offered never name another kind or a delta roster. */
function operation(types: readonly string[]): fc.Arbitrary<JsonObject> {
  return objectOf(
    { id: nullable(anyId), status: enumOf('operation-status.schema.json') },
    {
      ...odataType(...types),
      clientContext: nullable(clientContext),
      resultInfo: nullable(resultInfo),
      participants: fc.array(invitationParticipant, { maxLength: 6 }),
    },
  );
}

const operationTypes = ['#microsoft.graph.inviteParticipantsOperation', 'microsoft.graph.inviteParticipantsOperation', '#microsoft.graph.commsOperation'];

const deltaParticipants: fc.Arbitrary<JsonObject> = objectOf(
  { '@odata.type': fc.constantFrom('#microsoft.graph.deltaParticipants', 'microsoft.graph.deltaParticipants') },
  { id: nullable(anyId), sequenceNumber: nullable(int64), participants: nullable(fc.array(participant, { maxLength: 3 })) },
);

/** Segments parseResourcePath reads as collections, never as an operation id. */
const notAnId = new Set(['participants', 'operations', 'calls', 'audioroutinggroups', 'contentsharingsessions', '']);

const callId: fc.Arbitrary<string> = fc.oneof(fc.uuid(), fc.constantFrom('421f0c00-3e31-4b3a-8b5f-7f0bd2e8f8b1', 'call-1'));
const operationId: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/).filter((id) => !notAnId.has(id.toLowerCase())),
);
const pathRoot: fc.Arbitrary<string> = fc.constantFrom(
  '/communications',
  'https://graph.microsoft.com/beta/communications',
  '/beta/communications',
  '/v1.0/communications',
  '/app',
);

const operationPath = fc.tuple(pathRoot, callId, operationId).map(([root, call, op]) => `${root}/calls/${call}/operations/${op}`);
const participantsPath = fc
  .tuple(pathRoot, callId, fc.constantFrom('', '/'))
  .map(([root, call, slash]) => `${root}/calls/${call}/participants${slash}`);
const callPath = fc.tuple(pathRoot, callId).map(([root, call]) => `${root}/calls/${call}`);

/**
 * A call's state as call-state notifications send it, without @odata.type: under the call's own path the
 * notification's schema accepts it unchecked (no status, unlike an operation).
 */
const callState: fc.Arbitrary<JsonObject> = objectOf(
  { id: fc.uuid(), state: fc.constantFrom('establishing', 'established', 'terminating', 'terminated') },
  { direction: fc.constantFrom('incoming', 'outgoing'), callbackUri: fc.constant('https://bot.example.org/api/calls'), mediaState: fc.constant({ audio: 'active' }) },
);

/** resourceUrl, resource, or both: equal, on the other root, or resource null. */
function resourceFields(path: string): fc.Arbitrary<JsonObject> {
  const onOtherRoot = path.includes('/communications/') ? path.replace('/communications/', '/app/') : path.replace('/app/', '/communications/');
  return fc.constantFrom<JsonObject>(
    { resourceUrl: path },
    { resource: path },
    { resourceUrl: path, resource: path },
    { resourceUrl: path, resource: onOtherRoot },
    { resourceUrl: path, resource: null },
  );
}

const anyChangeType = enumOf('change-type.schema.json');

function notification(changeType: fc.Arbitrary<string>, path: fc.Arbitrary<string>, data: fc.Arbitrary<Json | undefined>): fc.Arbitrary<JsonObject> {
  return fc
    .tuple(changeType, path.chain(resourceFields), data, objectOf({}, odataType('#microsoft.graph.commsNotification')))
    .map(([change, resource, resourceData, rest]) =>
      objectFrom([
        ...Object.entries(rest),
        ['changeType', change],
        ...Object.entries(resource),
        ...(resourceData === undefined ? [] : [['resourceData', resourceData] as [string, Json]]),
      ]),
    );
}

/** Notifications whose resourceData agrees with their changeType and path (resource-data-shape). */
const commsNotification: fc.Arbitrary<JsonObject> = fc.oneof(
  notification(fc.constant('deleted'), operationPath, operation(operationTypes)),
  notification(fc.constantFrom('created', 'updated', 'unknownFutureValue'), operationPath, operation(operationTypes)),
  notification(anyChangeType, participantsPath, fc.array(participant, { maxLength: 3 })),
  notification(anyChangeType, participantsPath, deltaParticipants),
  notification(
    anyChangeType,
    callPath,
    fc.option(fc.oneof(operation(operationTypes), fc.array(participant, { maxLength: 2 }), deltaParticipants, callState), { nil: undefined }),
  ),
);

const inviteRequest: fc.Arbitrary<JsonObject> = objectOf(
  { participants: fc.array(invitationParticipant, { minLength: 1, maxLength: 5 }) },
  { clientContext: nullable(clientContext) },
  true,
);

const commsNotifications: fc.Arbitrary<JsonObject> = objectOf(
  { value: fc.oneof({ arbitrary: fc.array(commsNotification, { maxLength: 4 }), weight: 9 }, { arbitrary: fc.constant(null), weight: 1 }) },
  odataType('#microsoft.graph.commsNotifications', 'microsoft.graph.commsNotifications'),
);

/** Payloads of each kind that must validate without errors (warnings allowed). */
export const validPayload: Readonly<Record<Kind, fc.Arbitrary<Json>>> = {
  'invite-request': inviteRequest.map(asParsed),
  'invite-operation': operation(['#microsoft.graph.inviteParticipantsOperation', 'microsoft.graph.inviteParticipantsOperation']).map(asParsed),
  'comms-notifications': commsNotifications.map(asParsed),
};

export interface KindPayload {
  readonly kind: Kind;
  readonly payload: Json;
}

export function payloadOf(...of: readonly Kind[]): fc.Arbitrary<KindPayload> {
  return fc.oneof(...of.map((kind) => validPayload[kind].map((payload): KindPayload => ({ kind, payload }))));
}

/**
 * The values of an arbitrary, each drawn once per state of the random generator and handed out again for
 * that state: properties that share a seed and an arbitrary (one per mutation, all on the same payloads)
 * get the very values, contexts and shrinks drawing them again would give, without the cost of drawing.
 * Only for the whole input of a property: a run draws nothing after it, so a value handed out again need
 * not move the generator on as drawing did. The values are shared: no test may change one.
 */
class DrawnOnce<T> extends fc.Arbitrary<T> {
  private readonly drawn = new Map<string, fc.Value<T>>();

  constructor(private readonly inner: fc.Arbitrary<T>) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    const state = mrng.getState();
    if (state === undefined) return this.inner.generate(mrng, biasFactor);
    const key = `${biasFactor ?? '-'} ${state.join(',')}`;
    let value = this.drawn.get(key);
    if (value === undefined) {
      value = this.inner.generate(mrng, biasFactor);
      // A value fast-check clones for each use is drawn each time, as it would be.
      if (!value.hasToBeCloned) this.drawn.set(key, value);
    }
    return value;
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.inner.shrink(value, context);
  }
}

export function drawnOnce<T>(inner: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return new DrawnOnce(inner);
}

// ---------------------------------------------------------------------------------------------------------
// The constraint model

export interface Site {
  readonly file: string;
  /** JSON Pointer inside the schema file. */
  readonly pointer: string;
  readonly schema: SchemaObject;
}

const annotationKeywords = new Set(['$schema', '$id', 'title', 'description', 'tsType', '$comment', 'examples', 'default', 'deprecated']);
const assertionKeywords = ['type', 'enum', 'minimum', 'maximum', 'required', 'minItems', 'maxItems', 'pattern', 'maxLength', 'format', 'additionalProperties'] as const;
// patternProperties appears only inside the identity set's not (a condition): it holds no constraint of its own.
const applicatorKeywords = new Set(['properties', 'patternProperties', 'items', 'allOf', 'anyOf', 'if', 'then', 'else', 'not', '$ref']);

export type ConstraintKeyword = (typeof assertionKeywords)[number] | 'nullable';

export interface SchemaConstraint {
  readonly id: string;
  readonly type: 'schema';
  readonly site: Site;
  readonly keyword: ConstraintKeyword;
  /** The property a required entry names. */
  readonly property?: string;
}

export interface RuleConstraint {
  readonly id: string;
  readonly type: 'rule';
  readonly ruleId: string;
}

export type Constraint = SchemaConstraint | RuleConstraint;

/** Sites by file and pointer: the schemas never change, and the model asks for the same few again and again. */
const sites = new Map<string, Site>();

function siteAt(file: string, pointer: string): Site {
  const key = `${file}#${pointer}`;
  const known = sites.get(key);
  if (known !== undefined) return known;
  const site = findSite(file, pointer);
  sites.set(key, site);
  return site;
}

function findSite(file: string, pointer: string): Site {
  let node: unknown = schemaFile(file);
  for (const token of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
  }
  if (!isObject(node)) throw new Error(`${file}#${pointer} is not a schema`);
  return { file, pointer, schema: node };
}

/** Each site's children by their tokens, so a walk of a payload looks a child up instead of building its pointer. */
const children = new WeakMap<Site, Map<string, Site>>();

function child(site: Site, ...tokens: Array<string | number>): Site {
  let known = children.get(site);
  if (known === undefined) {
    known = new Map();
    children.set(site, known);
  }
  const key = tokens.join('\u0000');
  let found = known.get(key);
  if (found === undefined) {
    found = siteAt(site.file, tokens.reduce<string>((pointer, token) => childPointer(pointer, token), site.pointer));
    known.set(key, found);
  }
  return found;
}

const refTargets = new Map<string, Site>();

function resolveRef(site: Site, ref: string): Site {
  const key = `${site.file} ${ref}`;
  let target = refTargets.get(key);
  if (target === undefined) {
    target = findRefTarget(site, ref);
    refTargets.set(key, target);
  }
  return target;
}

function findRefTarget(site: Site, ref: string): Site {
  const [target = '', fragment = ''] = ref.split('#');
  if (target === '') return siteAt(site.file, decodeURIComponent(fragment));
  const url = new URL(target, schemaFile(site.file).$id).href;
  const file = fileById.get(url);
  if (file === undefined) throw new Error(`${site.file}#${site.pointer}: $ref ${ref} names no schema file`);
  return siteAt(file, decodeURIComponent(fragment));
}

const rootSite = (kind: Kind): Site => siteAt(rootSchemaFile[kind], '');

/** The JSON types a schema names, kept per schema object: locate asks for them at every anyOf it passes. */
const typesOfSchema = new WeakMap<SchemaObject, readonly string[] | undefined>();

function typesOf(schema: SchemaObject): readonly string[] | undefined {
  if (typesOfSchema.has(schema)) return typesOfSchema.get(schema);
  const type = schema['type'];
  const types = type === undefined ? undefined : ([] as unknown[]).concat(type).map(String);
  typesOfSchema.set(schema, types);
  return types;
}

function isNullOnly(schema: SchemaObject): boolean {
  const types = typesOf(schema);
  return types !== undefined && types.length === 1 && types[0] === 'null';
}

/** Where a value sits: a property's or an array item's schema (nullability is a property of those). */
function isValueSite(site: Site): boolean {
  return /\/properties\/[^/]+$|\/items$/.test(site.pointer);
}

let ajvInstance: ReturnType<typeof createAjv> | undefined;
const compiled = new Map<string, ValidateFunction>();

/** Each site's validator, found without building its reference again (locate asks at every if it passes). */
const validatorOfSite = new WeakMap<Site, ValidateFunction>();

/** The real validator (ajv, with the schemas' own options) applied to one schema location. */
function validatorAt(site: Site): ValidateFunction {
  const known = validatorOfSite.get(site);
  if (known !== undefined) return known;
  const ref = `${schemaFile(site.file).$id}#${site.pointer.split('/').map((token) => encodeURIComponent(token)).join('/')}`;
  let validate = compiled.get(ref);
  if (validate === undefined) {
    ajvInstance ??= createAjv();
    // The location's own validator, compiled once in ajv's cache (a {$ref} wrapper would compile it again).
    validate = ajvInstance.getSchema(ref);
    if (validate === undefined) throw new Error(`${ref} names no schema`);
    compiled.set(ref, validate);
  }
  validatorOfSite.set(site, validate);
  return validate;
}

function acceptsNull(site: Site): boolean {
  return validatorAt(site)(null);
}

/** The assertions at one schema location; throws on a keyword the model does not know. */
function constraintsAt(site: Site, inAnyOf: boolean): SchemaConstraint[] {
  const found: SchemaConstraint[] = [];
  const schema = site.schema;
  for (const keyword of Object.keys(schema)) {
    if (!annotationKeywords.has(keyword) && !applicatorKeywords.has(keyword) && !(assertionKeywords as readonly string[]).includes(keyword)) {
      throw new Error(`${site.file}#${site.pointer} uses the keyword ${keyword}, which the constraint model of test/arbitraries.ts does not know`);
    }
  }
  const base = `${site.file}#${site.pointer}`;
  for (const keyword of assertionKeywords) {
    if (!(keyword in schema)) continue;
    // {type: null} as a branch of anyOf is how a schema says "or null": it allows, it never fails alone.
    if (keyword === 'type' && inAnyOf && isNullOnly(schema)) continue;
    if (keyword === 'required') {
      for (const property of schema['required'] as string[]) found.push({ id: `${base} required ${property}`, type: 'schema', site, keyword, property });
    } else {
      found.push({ id: `${base} ${keyword}`, type: 'schema', site, keyword });
    }
  }
  if (isValueSite(site) && !acceptsNull(site)) found.push({ id: `${base} nullable`, type: 'schema', site, keyword: 'nullable' });
  return found;
}

function subschemas(site: Site): Array<{ site: Site; inAnyOf: boolean; inIf: boolean }> {
  const schema = site.schema;
  const out: Array<{ site: Site; inAnyOf: boolean; inIf: boolean }> = [];
  const properties = schema['properties'];
  if (isObject(properties)) for (const key of Object.keys(properties)) out.push({ site: child(site, 'properties', key), inAnyOf: false, inIf: false });
  if (isObject(schema['items'])) out.push({ site: child(site, 'items'), inAnyOf: false, inIf: false });
  for (const keyword of ['allOf', 'anyOf'] as const) {
    const list = schema[keyword];
    // An anyOf whose every branch requires a property is a choice the schemas state for other validators
    // and a walking rule reports (resource-missing): like a condition, its branches are no constraints.
    const choice = keyword === 'anyOf' && Array.isArray(list) && list.every((branch) => isObject(branch) && Array.isArray(branch['required']));
    if (Array.isArray(list)) list.forEach((_, index) => out.push({ site: child(site, keyword, index), inAnyOf: keyword === 'anyOf', inIf: choice }));
  }
  for (const keyword of ['if', 'then', 'else'] as const) {
    if (isObject(schema[keyword])) out.push({ site: child(site, keyword), inAnyOf: false, inIf: keyword === 'if' });
  }
  // not only appears inside conditions here: like an if, failing it picks a branch and reports nothing.
  if (isObject(schema['not'])) out.push({ site: child(site, 'not'), inAnyOf: false, inIf: true });
  return out;
}

/** Every constraint of every schema file. Conditions (if) are not constraints: failing one picks a branch. */
function listSchemaConstraints(): SchemaConstraint[] {
  const found: SchemaConstraint[] = [];
  const visit = (site: Site, inAnyOf: boolean, inIf: boolean): void => {
    const here = constraintsAt(site, inAnyOf);
    if (!inIf) found.push(...here);
    for (const sub of subschemas(site)) visit(sub.site, sub.inAnyOf, inIf || sub.inIf);
  };
  for (const { file } of schemaFiles) visit(siteAt(file, ''), false, false);
  return found;
}

/**
 * The rules of a payload that do not come from a schema keyword: file, kind and walking rules. (Rules of
 * other inputs, such as HTTP exchanges or documentation pages, are not payload constraints.)
 */
export const nonSchemaRuleIds: readonly string[] = [...fileRuleList, ...kindRuleList, ...walkingRules].map((rule) => rule.id);

export const ruleConstraintId = (ruleId: string): string => `rule ${ruleId}`;

let constraintCache: readonly Constraint[] | undefined;

/** Every constraint that can make a payload fail: each schema keyword, each nullability, each rule. */
export function listConstraints(): readonly Constraint[] {
  constraintCache ??= [
    ...listSchemaConstraints(),
    ...nonSchemaRuleIds.map((ruleId): RuleConstraint => ({ id: ruleConstraintId(ruleId), type: 'rule', ruleId })),
  ];
  return constraintCache;
}

const sameSite = (a: Site, b: Site): boolean => a.file === b.file && a.pointer === b.pointer;

function typesSubset(inner: readonly string[], outer: readonly string[]): boolean {
  return inner.every((type) => outer.includes(type) || (type === 'integer' && outer.includes('number')));
}

/**
 * Whether a condition that selected this branch already guarantees the constraint, so it cannot fail
 * here: the delta roster schema's type, @odata.type and required @odata.type are what the if of
 * resourceData tested before choosing it.
 */
function impliedBy(constraint: SchemaConstraint, guards: readonly SchemaObject[]): boolean {
  const schema = constraint.site.schema;
  return guards.some((guard) => {
    const guardTypes = typesOf(guard);
    switch (constraint.keyword) {
      case 'type':
        return guardTypes !== undefined && typesSubset(guardTypes, typesOf(schema) ?? []);
      case 'nullable':
        return guardTypes !== undefined && !guardTypes.includes('null');
      case 'required':
        return Array.isArray(guard['required']) && guard['required'].includes(constraint.property);
      case 'pattern':
        return guard['pattern'] === schema['pattern'];
      case 'enum':
        return Array.isArray(guard['enum']) && Array.isArray(schema['enum']) && guard['enum'].every((m) => (schema['enum'] as unknown[]).includes(m));
      default:
        return false;
    }
  });
}

export interface Reachability {
  /** Kinds whose payloads can make each constraint fail. */
  readonly kindsOf: ReadonlyMap<string, ReadonlySet<Kind>>;
  /** Constraints reached only where the branch's condition already guarantees them. */
  readonly guarded: ReadonlySet<string>;
  /** Constraints of schema locations no kind reaches. */
  readonly unreached: ReadonlySet<string>;
}

let reachabilityCache: Reachability | undefined;

/** Walks the schema graph from each kind's root, carrying the if conditions that chose each branch. */
export function reachability(): Reachability {
  if (reachabilityCache !== undefined) return reachabilityCache;
  const kindsOf = new Map<string, Set<Kind>>();
  const seenGuarded = new Set<string>();
  for (const kind of kinds) {
    const visited = new Set<string>();
    const visit = (site: Site, inAnyOf: boolean, guards: readonly SchemaObject[]): void => {
      const key = `${site.file}#${site.pointer}|${inAnyOf}|${JSON.stringify(guards)}`;
      if (visited.has(key)) return;
      visited.add(key);
      for (const constraint of constraintsAt(site, inAnyOf)) {
        if (impliedBy(constraint, guards)) {
          seenGuarded.add(constraint.id);
        } else {
          const set = kindsOf.get(constraint.id) ?? new Set<Kind>();
          set.add(kind);
          kindsOf.set(constraint.id, set);
        }
      }
      const schema = site.schema;
      if (typeof schema['$ref'] === 'string') visit(resolveRef(site, schema['$ref']), false, guards);
      const properties = schema['properties'];
      if (isObject(properties)) {
        for (const key of Object.keys(properties)) {
          const inner = guards.flatMap((guard) => {
            const sub = isObject(guard['properties']) ? guard['properties'][key] : undefined;
            return isObject(sub) ? [sub] : [];
          });
          visit(child(site, 'properties', key), false, inner);
        }
      }
      if (isObject(schema['items'])) visit(child(site, 'items'), false, guards.flatMap((guard) => (isObject(guard['items']) ? [guard['items']] : [])));
      for (const keyword of ['allOf', 'anyOf'] as const) {
        const list = schema[keyword];
        if (Array.isArray(list)) list.forEach((_, index) => visit(child(site, keyword, index), keyword === 'anyOf', guards));
      }
      if (isObject(schema['if'])) {
        if (isObject(schema['then'])) visit(child(site, 'then'), false, [...guards, schema['if']]);
        if (isObject(schema['else'])) visit(child(site, 'else'), false, guards);
      }
    };
    visit(rootSite(kind), false, []);
  }
  const all = listSchemaConstraints().map((constraint) => constraint.id);
  const guarded = new Set(all.filter((id) => !kindsOf.has(id) && seenGuarded.has(id)));
  const unreached = new Set(all.filter((id) => !kindsOf.has(id) && !seenGuarded.has(id)));
  reachabilityCache = { kindsOf, guarded, unreached };
  return reachabilityCache;
}

// ---------------------------------------------------------------------------------------------------------
// Where schemas apply in a payload

export interface Location {
  readonly pointer: string;
  readonly value: unknown;
  /** False for a property or array slot the payload leaves out but a mutation may fill. */
  readonly present: boolean;
  readonly sites: Site[];
}

/**
 * Every node of a payload that a schema applies to, with the schema locations that apply there, plus
 * the absent properties and the next array slot (present: false). if/then/else is decided by ajv on the
 * actual value, as the validator does.
 *
 * Given a pointer (along), only the nodes on the way to it, from the root to that node itself: each with
 * the very location the whole walk gives it, since what applies at a node comes only from the nodes
 * above it and the node's own value. The places beside the way are not walked.
 */
export function locate(kind: Kind, payload: unknown, along?: string): Map<string, Location> {
  const found = new Map<string, Location>();
  const visit = (site: Site, value: unknown, pointer: string, present: boolean): void => {
    if (along !== undefined && pointer !== along && !along.startsWith(`${pointer}/`)) return;
    let location = found.get(pointer);
    if (location === undefined) {
      location = { pointer, value, present, sites: [] };
      found.set(pointer, location);
    }
    // Sites are memoised (siteAt), so one schema location is one object.
    if (location.sites.includes(site)) return;
    location.sites.push(site);
    const schema = site.schema;
    if (typeof schema['$ref'] === 'string') visit(resolveRef(site, schema['$ref']), value, pointer, present);
    const allOf = schema['allOf'];
    if (Array.isArray(allOf)) allOf.forEach((_, index) => visit(child(site, 'allOf', index), value, pointer, present));
    const anyOf = schema['anyOf'];
    if (Array.isArray(anyOf)) {
      const satisfiedByNull = present && value === null && anyOf.some((branch) => isObject(branch) && isNullOnly(branch));
      if (!satisfiedByNull) {
        anyOf.forEach((branch, index) => {
          if (isObject(branch) && !isNullOnly(branch)) visit(child(site, 'anyOf', index), value, pointer, present);
        });
      }
    }
    if (isObject(schema['if']) && present) {
      const branch = validatorAt(child(site, 'if'))(value) ? 'then' : 'else';
      if (isObject(schema[branch])) visit(child(site, branch), value, pointer, present);
    }
    const properties = schema['properties'];
    if (isObject(properties) && isObject(value)) {
      for (const key of Object.keys(properties)) {
        const has = Object.hasOwn(value, key);
        visit(child(site, 'properties', key), has ? value[key] : undefined, childPointer(pointer, key), has);
      }
    }
    if (isObject(schema['items']) && Array.isArray(value)) {
      const items = child(site, 'items');
      value.forEach((item, index) => visit(items, item, childPointer(pointer, index), true));
      visit(items, undefined, childPointer(pointer, value.length), false);
    }
  };
  visit(rootSite(kind), payload, '', true);
  return found;
}

/**
 * locate() once per payload and kind for the model's walks over a whole payload: every mutation of the same
 * kinds looks for its targets, and for the conditions above them, in the same payloads. The model copies
 * before it edits and the tests never change a payload they hand it, so its locations stay what they were.
 */
const locatedPayloads = new WeakMap<object, Map<Kind, ReadonlyMap<string, Location>>>();

function located(kind: Kind, payload: unknown): ReadonlyMap<string, Location> {
  if (payload === null || typeof payload !== 'object') return locate(kind, payload);
  let byKind = locatedPayloads.get(payload);
  if (byKind === undefined) {
    byKind = new Map();
    locatedPayloads.set(payload, byKind);
  }
  let found = byKind.get(kind);
  if (found === undefined) {
    found = locate(kind, payload);
    byKind.set(kind, found);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Which constraint fired

const fullFormats = (formatsModule as unknown as { fullFormats: Record<string, unknown> }).fullFormats;

function formatAccepts(name: string, value: string): boolean {
  const format = fullFormats[name];
  const check = isObject(format) && 'validate' in format ? (format as { validate: unknown }).validate : format;
  if (check instanceof RegExp) return check.test(value);
  if (typeof check === 'function') return Boolean((check as (text: string) => unknown)(value));
  throw new Error(`unknown format ${name}`);
}

function jsonTypeAllowed(types: readonly string[], value: unknown): boolean {
  if (value === null) return types.includes('null');
  if (Array.isArray(value)) return types.includes('array');
  if (typeof value === 'number') return types.includes('number') || (types.includes('integer') && Number.isInteger(value));
  return types.includes(typeof value);
}

/** Whether the constraint fails on the value at a location; nullability is judged apart from type. */
function fails(constraint: SchemaConstraint, value: unknown): boolean {
  const schema = constraint.site.schema;
  switch (constraint.keyword) {
    case 'type':
      return value !== null && !jsonTypeAllowed(typesOf(schema) ?? [], value);
    case 'nullable':
      return value === null;
    case 'enum':
      return !(schema['enum'] as unknown[]).includes(value);
    case 'minimum':
      return typeof value === 'number' && value < (schema['minimum'] as number);
    case 'maximum':
      return typeof value === 'number' && value > (schema['maximum'] as number);
    case 'required':
      return isObject(value) && !Object.hasOwn(value, constraint.property as string);
    case 'minItems':
      return Array.isArray(value) && value.length < (schema['minItems'] as number);
    case 'maxItems':
      return Array.isArray(value) && value.length > (schema['maxItems'] as number);
    case 'pattern':
      return typeof value === 'string' && !new RegExp(schema['pattern'] as string, 'u').test(value);
    case 'maxLength':
      return typeof value === 'string' && [...value].length > (schema['maxLength'] as number);
    case 'format':
      return typeof value === 'string' && !formatAccepts(schema['format'] as string, value);
    case 'additionalProperties':
      return isObject(value) && Object.keys(value).some((key) => !undeclaredAllowed(schema, key));
  }
}

/** Whether additionalProperties: false lets a key by: a property, or a key one of the patternProperties matches. */
function undeclaredAllowed(schema: SchemaObject, key: string): boolean {
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const patterns = isObject(schema['patternProperties']) ? Object.keys(schema['patternProperties']) : [];
  return Object.hasOwn(properties, key) || patterns.some((pattern) => new RegExp(pattern, 'u').test(key));
}

/** The key a break of additionalProperties adds: a misspelt parameter. */
const strayKey = 'clientContxt';

const isFlagsSite = (site: Site): boolean => flagsSchemaFiles.includes(site.file);

/** The keywords each schema rule id reports. */
const keywordsOfRule: Readonly<Record<string, (constraint: SchemaConstraint) => boolean>> = {
  'type-mismatch': (c) => c.keyword === 'type',
  'not-nullable': (c) => c.keyword === 'nullable',
  'enum-member': (c) => c.keyword === 'enum',
  'flags-member': (c) => c.keyword === 'pattern' && isFlagsSite(c.site),
  'pattern-mismatch': (c) => c.keyword === 'pattern' && !isFlagsSite(c.site),
  'format-mismatch': (c) => c.keyword === 'format',
  'value-range': (c) => c.keyword === 'minimum' || c.keyword === 'maximum',
  'required-property': (c) => c.keyword === 'required',
  'client-context-length': (c) => c.keyword === 'maxLength',
  'request-parameter-unknown': (c) => c.keyword === 'additionalProperties',
  'participants-required': (c) => ['required', 'nullable', 'type', 'minItems'].includes(c.keyword),
  'participants-limit': (c) => c.keyword === 'maxItems',
  'schema-violation': () => true,
  // The schemas state the E.164 rule so that every validator checks it; the linter reports it under the walking rule.
  'phone-e164': (c) => c.keyword === 'pattern' && c.site.schema['pattern'] === e164Pattern,
};

/**
 * The constraints a reported problem stands for: for a schema rule, the constraints of the schema
 * locations at its pointer that fail on the value there and that the rule id reports; for any other rule,
 * the rule itself. The payload's locations are kept: it must not change afterwards.
 */
export function explain(kind: Kind | null, payload: unknown, problem: { readonly ruleId: string; readonly pointer: string }): string[] {
  const reports = keywordsOfRule[problem.ruleId];
  const ofRule = nonSchemaRuleIds.includes(problem.ruleId) ? [ruleConstraintId(problem.ruleId)] : [];
  if (ofRule.length > 0 && reports === undefined) return ofRule;
  if (kind === null || reports === undefined) return ofRule;
  // A key's problem (an undeclared parameter) is about the object that holds the key.
  const at = problem.ruleId === 'request-parameter-unknown' ? problem.pointer.replace(/\/[^/]*$/, '') : problem.pointer;
  const location = locate(kind, payload, at).get(at);
  if (location === undefined || !location.present) return ofRule;
  const ids = new Set<string>();
  for (const site of location.sites) {
    const inAnyOf = /\/anyOf\/\d+$/.test(site.pointer);
    for (const constraint of constraintsAt(site, inAnyOf)) {
      if (reports(constraint) && fails(constraint, location.value)) ids.add(constraint.id);
    }
  }
  return [...ofRule, ...ids];
}

// ---------------------------------------------------------------------------------------------------------
// Mutations: one broken constraint in an otherwise valid payload

export interface MutationCase {
  readonly constraint: string;
  readonly kind: Kind;
  /** The kind given to validate(); undefined to let the root @odata.type decide. */
  readonly validateAs: Kind | undefined;
  readonly payload: Json;
  /** Where the problem must be reported, with which rule id. */
  readonly pointer: string;
  readonly ruleId: string;
  readonly what: string;
}

export interface Mutation {
  readonly constraint: Constraint;
  /** Kinds whose payloads can carry the broken constraint. */
  readonly kinds: readonly Kind[];
  /** Breaks the constraint at the pick-th place it applies; undefined when the payload offers none. */
  apply(input: KindPayload, pick: number): MutationCase | undefined;
}

function tokensOf(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * A copy of the payload with the value at pointer replaced (undefined deletes it). The payload is one as a
 * parser gives it (asParsed, as every generated payload is): only the containers on the way to pointer are
 * copied, and the rest is shared with it, which no caller changes (a deep copy of the whole payload for
 * each case gave the same value, some 0.4 s dearer over the property tests).
 */
export function setAt(root: Json, pointer: string, value: Json | undefined): Json {
  const tokens = tokensOf(pointer);
  if (tokens.length === 0) return value === undefined ? null : value;
  const copyAlong = (node: unknown, depth: number): Json => {
    const token = tokens[depth] as string;
    const last = depth === tokens.length - 1;
    if (Array.isArray(node)) {
      const copy = node.slice() as Json[];
      const index = Number(token);
      if (!last) copy[index] = copyAlong(node[index], depth + 1);
      else if (value === undefined) copy.splice(index, 1);
      else copy[index] = value;
      return copy;
    }
    if (isObject(node)) {
      const copy = objectFrom(Object.entries(node));
      if (!last) setOwn(copy, token, copyAlong(node[token], depth + 1));
      else if (value === undefined) delete copy[token];
      else setOwn(copy, token, value);
      return copy;
    }
    throw new Error(`no container at ${pointer}`);
  };
  return copyAlong(root, 0);
}

export function getAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of tokensOf(pointer)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

/** A value of a JSON type the schema does not allow; fractions for integers, scalars before containers. */
function wrongType(types: readonly string[]): Json {
  if (types.includes('integer') && !types.includes('number')) return 1.5;
  const candidates: Json[] = ['x', true, 7, {}, []];
  const value = candidates.find((candidate) => !jsonTypeAllowed(types, candidate));
  if (value === undefined) throw new Error(`no JSON type is outside ${types.join(', ')}`);
  return value;
}

/** A number just outside a bound (doubles beyond 2^52 have no neighbour at ±1). */
function outside(limit: number, direction: 1 | -1): number {
  if (!Number.isInteger(limit)) return limit + direction;
  return Math.abs(limit) < 2 ** 52 ? limit + direction : limit * 2;
}

function badValue(constraint: SchemaConstraint, current: unknown): Json {
  const schema = constraint.site.schema;
  switch (constraint.keyword) {
    case 'type':
      return wrongType(typesOf(schema) ?? []);
    case 'nullable':
      return null;
    case 'enum': {
      const members = (schema['enum'] as unknown[]).map(String);
      const first = members[0] ?? '';
      // The C# SDK's PascalCase is the realistic wrong member.
      return [first.charAt(0).toUpperCase() + first.slice(1), 'notAMember'].find((candidate) => !members.includes(candidate)) as string;
    }
    case 'minimum':
      return outside(schema['minimum'] as number, -1);
    case 'maximum':
      return outside(schema['maximum'] as number, 1);
    case 'pattern': {
      const pattern = new RegExp(schema['pattern'] as string, 'u');
      const found = ['watermarkProtection|unknownFutureValue', 'GBR', 'x y', ''].find((candidate) => !pattern.test(candidate));
      if (found === undefined) throw new Error(`no candidate breaks ${String(schema['pattern'])}`);
      return found;
    }
    case 'format': {
      const name = schema['format'] as string;
      const candidate = typeof current === 'string' ? `${current} x` : 'not a uri reference';
      return formatAccepts(name, candidate) ? 'not a uri reference' : candidate;
    }
    case 'maxLength':
      return 'x'.repeat((schema['maxLength'] as number) + 1);
    case 'minItems':
      return [];
    case 'maxItems': {
      const items = current as Json[];
      return Array.from({ length: (schema['maxItems'] as number) + 1 }, (_, index) => asParsed(items[index % items.length] as Json));
    }
    case 'required':
      throw new Error('a required property is broken by deleting it');
    case 'additionalProperties':
      return { ...(asParsed(current as Json) as JsonObject), [strayKey]: 'misspelt' };
  }
}

/** The rule id schema-problems.ts gives a broken constraint. */
export function ruleFor(constraint: SchemaConstraint, kind: Kind): string {
  const { site, keyword } = constraint;
  if (kind === 'invite-request' && site.file === rootSchemaFile['invite-request']) {
    if (keyword === 'required' && constraint.property === 'participants') return 'participants-required';
    if (site.pointer === '/properties/participants') {
      if (keyword === 'type' || keyword === 'nullable' || keyword === 'minItems') return 'participants-required';
      if (keyword === 'maxItems') return 'participants-limit';
    }
  }
  switch (keyword) {
    case 'type':
      return 'type-mismatch';
    case 'nullable':
      return 'not-nullable';
    case 'enum':
      return 'enum-member';
    case 'pattern':
      if (site.schema['pattern'] === e164Pattern) return 'phone-e164';
      return isFlagsSite(site) ? 'flags-member' : 'pattern-mismatch';
    case 'format':
      return 'format-mismatch';
    case 'minimum':
    case 'maximum':
      return 'value-range';
    case 'required':
      return 'required-property';
    case 'maxLength':
      return 'client-context-length';
    case 'additionalProperties':
      return 'request-parameter-unknown';
    default:
      return 'schema-violation';
  }
}

/** Breaks a schema constraint wherever it applies in a payload of the given kinds. */
/** An operation that names itself (@odata.id, or its notification's operation path) reads as a null id without its id: entity-id-null, not a missing property. */
function namesItself(payload: Json, pointer: string, operation: JsonObject): boolean {
  if (typeof operation['@odata.id'] === 'string' && operation['@odata.id'] !== '') return true;
  const parent = /^(\/value\/[0-9]+)\/resourceData$/.exec(pointer);
  const notification = parent === null ? undefined : getAt(payload, parent[1] as string);
  const field = isObject(notification) ? primaryResourceField(notification) : undefined;
  const path = field === undefined ? undefined : parseResourcePath(field.value);
  return path?.kind === 'operation' && path.operationId !== null;
}

/**
 * The decisions of the conditions that pick a schema for a property from its siblings (an if whose then or
 * else holds properties: the notification's, which reads resourceUrl and resource to tell an untyped call
 * state from an operation), at the objects that hold the pointer.
 */
function siblingConditions(locations: ReadonlyMap<string, Location>, pointer: string): string[] {
  const decisions: string[] = [];
  for (const location of locations.values()) {
    if (!location.present || !(pointer === location.pointer || pointer.startsWith(`${location.pointer}/`))) continue;
    for (const site of location.sites) {
      const branches = [site.schema['then'], site.schema['else']];
      if (!isObject(site.schema['if']) || !branches.some((branch) => isObject(branch) && 'properties' in branch)) continue;
      decisions.push(`${location.pointer} ${site.file}#${site.pointer} ${validatorAt(child(site, 'if'))(location.value) ? 'then' : 'else'}`);
    }
  }
  return decisions;
}

/**
 * A break that flips such a condition changes the schema of a sibling of the broken value (a call state
 * whose resourceUrl is broken is read as the invite's operation): that is more than one broken
 * constraint, so such a place is not a target.
 */
function keepsSiblingConditions(kind: Kind, before: Json, after: Json, pointer: string): boolean {
  // The payload's every place is located once for all its mutations; a broken copy only on the way to the break.
  const was = siblingConditions(located(kind, before), pointer);
  const is = siblingConditions(locate(kind, after, pointer), pointer);
  return was.length === is.length && was.every((decision, index) => decision === is[index]);
}

export function schemaMutation(constraint: SchemaConstraint, of: readonly Kind[]): Mutation {
  return {
    constraint,
    kinds: of,
    apply({ kind, payload }, pick) {
      const targets = [...located(kind, payload).values()].filter((location) => {
        if (!location.sites.some((site) => sameSite(site, constraint.site))) return false;
        switch (constraint.keyword) {
          case 'required':
            return (
              location.present &&
              isObject(location.value) &&
              Object.hasOwn(location.value, constraint.property as string) &&
              !(constraint.property === 'id' && namesItself(payload, location.pointer, location.value))
            );
          case 'minItems':
          case 'maxItems':
            return location.present && Array.isArray(location.value) && location.value.length > 0;
          default:
            return true;
        }
      });
      const breakAt = (location: Location): Json =>
        constraint.keyword === 'required'
          ? setAt(payload, childPointer(location.pointer, constraint.property as string), undefined)
          : setAt(payload, location.pointer, badValue(constraint, location.value));
      // From the pick-th target on, the first whose break leaves its siblings' schemas as they were.
      let target: Location | undefined;
      let mutated: Json = payload;
      for (let offset = 0; offset < targets.length && target === undefined; offset += 1) {
        const candidate = targets[(pick + offset) % targets.length] as Location;
        const broken = breakAt(candidate);
        if (keepsSiblingConditions(kind, payload, broken, candidate.pointer)) {
          target = candidate;
          mutated = broken;
        }
      }
      if (target === undefined) return undefined;
      return {
        constraint: constraint.id,
        kind,
        validateAs: kind,
        payload: mutated,
        pointer: constraint.keyword === 'additionalProperties' ? childPointer(target.pointer, strayKey) : target.pointer,
        ruleId: ruleFor(constraint, kind),
        what: `${constraint.id} broken at ${target.pointer === '' ? '(root)' : target.pointer}`,
      };
    },
  };
}

/** Objects of the payload that a schema file's root applies to. */
function nodesOf(kind: Kind, payload: Json, ...files: string[]): Array<{ pointer: string; node: JsonObject }> {
  const out: Array<{ pointer: string; node: JsonObject }> = [];
  for (const location of located(kind, payload).values()) {
    if (location.present && isObject(location.value) && location.sites.some((site) => site.pointer === '' && files.includes(site.file))) {
      out.push({ pointer: location.pointer, node: location.value });
    }
  }
  return out;
}

type RuleEdit = (node: JsonObject, pointer: string, kind: Kind) => { node: Json; at: string; validateAs?: Kind | undefined; root?: boolean } | undefined;

/** A walking or kind rule broken on one object of the payload that the listed schema files describe. */
function ruleMutation(ruleId: string, of: readonly Kind[], files: readonly string[], edit: RuleEdit): Mutation {
  return {
    constraint: { id: ruleConstraintId(ruleId), type: 'rule', ruleId },
    kinds: of,
    apply({ kind, payload }, pick) {
      const nodes = nodesOf(kind, payload, ...files);
      const start = pick % Math.max(nodes.length, 1);
      for (let offset = 0; offset < nodes.length; offset += 1) {
        const target = nodes[(start + offset) % nodes.length];
        if (target === undefined) continue;
        const edited = edit(asParsed(target.node) as JsonObject, target.pointer, kind);
        if (edited === undefined) continue;
        return {
          constraint: ruleConstraintId(ruleId),
          kind,
          validateAs: 'validateAs' in edited ? edited.validateAs : kind,
          payload: setAt(payload, target.pointer, edited.node),
          pointer: edited.at,
          ruleId,
          what: `${ruleId} provoked at ${target.pointer === '' ? '(root)' : target.pointer}`,
        };
      }
      return undefined;
    },
  };
}

const set = (node: JsonObject, entries: Record<string, Json>): JsonObject => objectFrom([...Object.entries(node), ...Object.entries(entries)]);
const without = (node: JsonObject, ...keys: string[]): JsonObject => objectFrom(Object.entries(node).filter(([key]) => !keys.includes(key)));

const identitySetFile = 'communications-identity-set.schema.json';
const notificationFile = 'comms-notification.schema.json';
const otherKindType: Readonly<Record<Kind, string>> = {
  'invite-request': '#microsoft.graph.commsNotifications',
  'invite-operation': '#microsoft.graph.commsNotifications',
  'comms-notifications': '#microsoft.graph.inviteParticipantsOperation',
};

/** The primary resource path of a notification (resourceUrl, else resource), as the rules read it. */
function primaryField(node: JsonObject): 'resourceUrl' | 'resource' | undefined {
  if (typeof node['resourceUrl'] === 'string') return 'resourceUrl';
  return typeof node['resource'] === 'string' ? 'resource' : undefined;
}

/** One mutation per walking and kind rule; file rules are provoked by fileCases. */
const ruleMutations: readonly Mutation[] = [
  ruleMutation('phone-e164', kinds, [identitySetFile], (node, pointer) => ({
    node: set(node, { phone: { id: '020 7946 0000' } }),
    at: `${pointer}/phone/id`,
  })),
  ruleMutation('identity-set-empty', kinds, [identitySetFile], (_node, pointer) => ({
    node: { '@odata.type': '#microsoft.graph.communicationsIdentitySet', user: null },
    at: pointer,
  })),
  ruleMutation('notification-type', ['comms-notifications'], [notificationFile], (node, pointer) => ({
    node: set(node, { '@odata.type': '#microsoft.graph.commsOperation' }),
    at: `${pointer}/@odata.type`,
  })),
  ruleMutation('resource-missing', ['comms-notifications'], [notificationFile], (node, pointer) => ({
    node: without(node, 'resource', 'resourceUrl'),
    at: pointer,
  })),
  ruleMutation('resource-data-shape', ['comms-notifications'], [notificationFile], (node, pointer) => ({
    node: set(without(node, 'resource'), { changeType: 'deleted', resourceUrl: '/communications/calls/call-1/operations/op-1', resourceData: [] }),
    at: `${pointer}/resourceData`,
  })),
  ruleMutation('first-participant-only', ['invite-request', 'invite-operation', 'comms-notifications'], ['invite-request.schema.json', 'invite-participants-operation.schema.json'], (node, pointer) => {
    const list = node['participants'];
    if (!Array.isArray(list) || list.length === 0) return undefined;
    const first = list[0];
    if (!isObject(first)) return undefined;
    const participants = [set(first, { replacesCallId: 'p2p-call-1' }), ...(list.length > 1 ? list.slice(1) : [asParsed(first)])];
    return { node: set(node, { participants }), at: `${pointer}/participants/1` };
  }),
  ruleMutation('entity-id-null', ['invite-operation', 'comms-notifications'], ['comms-operation.schema.json', 'participant.schema.json', 'delta-participants.schema.json'], (node, pointer) => ({
    node: set(node, { id: null }),
    at: `${pointer}/id`,
  })),
  ruleMutation('status-casing', ['invite-operation', 'comms-notifications'], ['comms-operation.schema.json'], (node, pointer) => ({
    node: set(node, { status: 'Running' }),
    at: `${pointer}/status`,
  })),
  ruleMutation('identity-set-type', kinds, [identitySetFile], (node, pointer) => ({
    node: set(node, { '@odata.type': '#microsoft.graph.identitySet', phone: { id: '+12345678901' } }),
    at: `${pointer}/phone`,
  })),
  ruleMutation('invitation-participant-id', ['invite-request', 'invite-operation', 'comms-notifications'], ['invitation-participant-info.schema.json'], (node, pointer) => ({
    node: set(node, { id: null }),
    at: `${pointer}/id`,
  })),
  ruleMutation('identity-property-undeclared', kinds, ['identity.schema.json'], (node, pointer) => ({
    node: set(node, { '@odata.type': '#microsoft.graph.identity', tenantId: '60ddb5bf-0a60-5099-a582-6f76f4811b29' }),
    at: `${pointer}/tenantId`,
  })),
  ruleMutation('identity-provider-undeclared', kinds, ['identity.schema.json'], (node, pointer) => ({
    node: set(node, { identityProvider: 'AAD' }),
    at: `${pointer}/identityProvider`,
  })),
  ruleMutation('deprecated-app-path', ['comms-notifications'], [notificationFile], (node, pointer) => {
    const field = primaryField(node);
    const path = field === undefined ? undefined : node[field];
    if (field === undefined || typeof path !== 'string' || !path.includes('/communications/')) return undefined;
    return { node: set(node, { [field]: path.replace('/communications/', '/app/') }), at: `${pointer}/${field}` };
  }),
  ruleMutation('resource-mismatch', ['comms-notifications'], [notificationFile], (node, pointer) =>
    typeof node['resourceUrl'] === 'string' ? { node: set(node, { resource: '/communications/calls/another-call' }), at: `${pointer}/resource` } : undefined,
  ),
  ruleMutation('operation-path-without-id', ['comms-notifications'], [notificationFile], (node, pointer) =>
    typeof node['resourceUrl'] === 'string' ? { node: set(node, { resource: '/communications/calls/call-1/operations' }), at: `${pointer}/resource` } : undefined,
  ),
  ruleMutation('kind-unknown', kinds, Object.values(rootSchemaFile), (node, pointer) =>
    pointer === '' ? { node: set(node, { '@odata.type': '#microsoft.graph.call' }), at: '/@odata.type', validateAs: undefined } : undefined,
  ),
  ruleMutation('kind-mismatch', kinds, Object.values(rootSchemaFile), (node, pointer, kind) =>
    pointer === '' ? { node: set(node, { '@odata.type': otherKindType[kind] }), at: '/@odata.type' } : undefined,
  ),
  ruleMutation('legacy-calling-format', ['comms-notifications'], [rootSchemaFile['comms-notifications']], (node, pointer) =>
    pointer === '' ? { node: set(without(node, 'value'), { callState: 'established' }), at: '/callState' } : undefined,
  ),
];

let mutationCache: readonly Mutation[] | undefined;

/** A mutation for every reachable schema constraint and for every walking and kind rule. */
export function mutations(): readonly Mutation[] {
  if (mutationCache !== undefined) return mutationCache;
  const { kindsOf } = reachability();
  const fromSchemas = listConstraints().flatMap((constraint) => {
    if (constraint.type !== 'schema') return [];
    const of = kindsOf.get(constraint.id);
    return of === undefined ? [] : [schemaMutation(constraint, kinds.filter((kind) => of.has(kind)))];
  });
  mutationCache = [...fromSchemas, ...ruleMutations];
  return mutationCache;
}

// ---------------------------------------------------------------------------------------------------------
// File-level cases: what the linter finds before any schema is applied

export interface FileCase {
  readonly ruleId: string;
  readonly name: string;
  readonly content: string | Uint8Array;
  /** Lint with this size limit instead of the default. */
  readonly maxBytes?: number;
  /** Lint with this cap on the problems listed instead of the default. */
  readonly maxProblems?: number;
  /** Lint the folder of this name, not a file. */
  readonly directory?: boolean;
}

const request = '{"participants":[{"identity":{"user":{"id":"u1"}}}]}';

export const fileCases: readonly FileCase[] = [
  { ruleId: 'file-empty', name: 'empty.request.json', content: '' },
  { ruleId: 'file-empty', name: 'blank.request.json', content: ' \n\t\r\n' },
  { ruleId: 'file-encoding', name: 'utf16.request.json', content: Uint8Array.from([0xff, 0xfe, ...Buffer.from(request, 'utf16le')]) },
  { ruleId: 'file-encoding', name: 'nul.request.json', content: Uint8Array.from([...Buffer.from('{"participants":'), 0, ...Buffer.from('[]}')]) },
  { ruleId: 'file-encoding', name: 'latin1.request.json', content: Buffer.from('{"clientContext":"caf\u00e9","participants":[]}', 'latin1') },
  { ruleId: 'file-encoding', name: 'surrogate.request.json', content: Uint8Array.from([...Buffer.from('{"clientContext":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')]) },
  { ruleId: 'json-syntax', name: 'syntax.request.json', content: '{"participants": [}' },
  { ruleId: 'nesting-too-deep', name: 'deep.request.json', content: `{"participants":${'['.repeat(1001)}${']'.repeat(1001)}}` },
  { ruleId: 'duplicate-key', name: 'duplicate.request.json', content: request.replace('{"identity"', '{"hidden":true,"hidden":false,"identity"') },
  {
    ruleId: 'number-precision',
    name: 'precision.notification-roster.json',
    content:
      '{"@odata.type":"#microsoft.graph.commsNotifications","value":[{"changeType":"updated","resourceUrl":"/communications/calls/c/participants","resourceData":[{"info":{"identity":{"user":{"id":"u"}}},"rosterSequenceNumber":9007199254740993}]}]}',
  },
  { ruleId: 'file-too-large', name: 'large.request.json', content: request, maxBytes: 16 },
  { ruleId: 'too-many-problems', name: 'many.request.json', content: `{"participants":[${Array(1100).fill(1).join(',')}]}` },
  // One finding for each wrong participant: the 100,001st is past the ceiling of a file that lists one problem.
  { ruleId: 'validation-stopped', name: 'stopped.request.json', content: `{"participants":[${Array(100_001).fill(1).join(',')}]}`, maxProblems: 1 },
  { ruleId: 'file-unreadable', name: 'folder.request.json', content: '', directory: true },
];
