import { createRequire } from 'node:module';
import { join } from 'node:path';
import type TypeScript from 'typescript';
import { hostParsingOnce, ts } from './typescript.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validate, type Kind } from '../src/index.js';
import { packageRoot } from '../src/paths.js';

// Parity with @microsoft/microsoft-graph-types-beta, judged in one direction: whatever Microsoft's
// typings let a property hold must be a value our type holds too, because those typings describe what
// the service may send and our types must not refuse it. Our types are narrower (required, non-null)
// only where the list of deliberate differences says so, with the reason; that list also names every
// widening, so that it is the complete account of how the two differ.

const require = createRequire(import.meta.url);
const microsoftPath = require.resolve('@microsoft/microsoft-graph-types-beta/microsoft-graph.d.ts');
const microsoftVersion = (require('@microsoft/microsoft-graph-types-beta/package.json') as { version: string }).version;
const oursPath = join(packageRoot, 'generated', 'types.ts');

/** Each contract type of Microsoft's typings, and the generated type that stands for it. */
const contractTypes: ReadonlyArray<readonly [microsoft: string, ours: string]> = [
  ['InvitationParticipantInfo', 'InvitationParticipantInfo'],
  ['CommsOperation', 'CommsOperation'],
  ['InviteParticipantsOperation', 'InviteParticipantsOperation'],
  ['ResultInfo', 'ResultInfo'],
  ['CommsNotifications', 'CommsNotifications'],
  ['CommsNotification', 'CommsNotification'],
  ['Participant', 'Participant'],
  ['ParticipantInfo', 'ParticipantInfo'],
  ['MediaStream', 'MediaStream'],
  ['RecordingInfo', 'RecordingInfo'],
  ['RemovedState', 'RemovedState'],
  ['OnlineMeetingRestricted', 'OnlineMeetingRestricted'],
  ['DeltaParticipants', 'DeltaParticipants'],
  ['IdentitySet', 'IdentitySet'],
  ['CommunicationsIdentitySet', 'CommunicationsIdentitySet'],
  ['Identity', 'Identity'],
  // One generated Identity declares the properties of every subtype; the @odata.type says which applies.
  ['AzureCommunicationServicesUserIdentity', 'Identity'],
  ['CommunicationsApplicationIdentity', 'Identity'],
  ['CommunicationsApplicationInstanceIdentity', 'Identity'],
  ['CommunicationsEncryptedIdentity', 'Identity'],
  ['CommunicationsGuestIdentity', 'Identity'],
  ['CommunicationsPhoneIdentity', 'Identity'],
  ['CommunicationsUserIdentity', 'Identity'],
];

/** Identity subtypes of the calling APIs, as Microsoft names them: a new one must join contractTypes. */
const identitySubtypeName = /^(?:Communications\w*Identity|AzureCommunicationServices\w*Identity)$/;

/** Where a property refers to one of Microsoft's types, the generated type it must refer to instead. */
const referenceMap: Readonly<Record<string, string>> = {
  // Every identitySet of the contract is checked as the derived communicationsIdentitySet (see README).
  IdentitySet: 'CommunicationsIdentitySet',
};

/**
 * Every way our types deliberately differ from Microsoft's, with the reason. The test fails on a
 * difference missing here and on an entry that no longer differs, so this list stays the truth.
 */
const deliberate: Readonly<Record<string, string>> = {
  // Required: OData has no required properties, so Microsoft marks everything optional. These are the
  // properties an object cannot be read without; the schemas require them (rule required-property).
  // An operation's id is required by the schemas but optional in the types, as in Microsoft's: the guards
  // accept an operation that names itself by @odata.id without one (entity-id-null).
  'InvitationParticipantInfo.identity required': 'an invitation that names nobody cannot be placed',
  'CommsOperation.status required': 'an operation without a status says nothing; the metadata makes it non-null',
  'InviteParticipantsOperation.status required': 'inherited from commsOperation',
  'ResultInfo.code required': 'a result without its code cannot be told apart from success',
  'CommsNotification.changeType required': 'a notification without changeType cannot be dispatched',
  'CommsNotifications.value required': 'a webhook body is the batch; without value it carries nothing',
  'Participant.info required': 'a roster entry that says nothing about who it is cannot be matched',
  'ParticipantInfo.identity required': 'a participant without identities cannot be matched with the invitation',
  // Retyped: identitySet becomes the derived communicationsIdentitySet (a widening: every identitySet
  // value is one), so phone, guest and the other calling identities are typed and validated.
  'InvitationParticipantInfo.identity IdentitySet as CommunicationsIdentitySet': 'calling identities (phone, guest...) are invited through it',
  'ParticipantInfo.identity IdentitySet as CommunicationsIdentitySet': 'roster entries carry calling identities',
  'ParticipantInfo.nonAnonymizedIdentity IdentitySet as CommunicationsIdentitySet': 'same identities as identity',
  'RecordingInfo.initiator IdentitySet as CommunicationsIdentitySet': 'a recording may be started by any calling identity',
  // Widened: values the service sends that Microsoft's typings leave out.
  'CommsOperation.id accepts null': 'the documented examples send "id": null (warning entity-id-null)',
  'InviteParticipantsOperation.id accepts null': 'inherited from commsOperation',
  'Participant.id accepts null': 'the documented roster examples send "id": null (warning entity-id-null)',
  'DeltaParticipants.id accepts null': 'entity ids are nullable alike across the contract',
  'CommsOperation.status accepts "notStarted" | "running" | "completed" | "failed"':
    'webhooks send camelCase while the metadata names PascalCase; both are accepted (warning status-casing)',
  'InviteParticipantsOperation.status accepts "notStarted" | "running" | "completed" | "failed"': 'inherited from commsOperation',
  'CommsNotification.changeType accepts "unknownFutureValue"': 'current reference pages list it; these typings do not yet',
  'OnlineMeetingRestricted.contentSharingDisabled accepts `unknownFutureValue,${string}` | `watermarkProtection,${string}`':
    'a flags enum travels as members joined by commas; the typings allow one member only',
  'OnlineMeetingRestricted.videoDisabled accepts `unknownFutureValue,${string}` | `watermarkProtection,${string}`': 'flags enum, as above',
};

/**
 * What our types declare and Microsoft's interface does not (the @odata.type annotation, declared on
 * every generated type, is left out). Kept exact for the same reason as the list above.
 */
const declaredOnlyInOurs: Readonly<Record<string, string>> = {
  'CommsNotification.resource': 'the older name of resourceUrl, still sent, often alone',
  'CommsNotification.resourceData': 'the changed object; undeclared in the metadata, yet what every bot reads',
  'Participant.syntheticMediaDetection': 'beta property of the metadata that this version of the typings lacks',
  'Identity.tenantId': 'the generated Identity declares the properties of every communications*Identity subtype',
  'Identity.applicationType': 'as above (communicationsApplicationIdentity)',
  'Identity.hidden': 'as above (communicationsApplicationIdentity, communicationsApplicationInstanceIdentity)',
  'Identity.email': 'as above (communicationsGuestIdentity)',
  'Identity.azureCommunicationServicesResourceId': 'as above (azureCommunicationServicesUserIdentity)',
};

/** Microsoft's enums the contract uses; every member must be accepted by our schema and our type. */
const contractEnums = [
  'ChangeType',
  'EndpointType',
  'MediaDirection',
  'Modality',
  'OperationStatus',
  'RecordingStatus',
  'OnlineMeetingContentSharingDisabledReason',
  'OnlineMeetingVideoDisabledReason',
] as const;
type ContractEnum = (typeof contractEnums)[number];

const options: TypeScript.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
};
// Microsoft's typings and the libs as the type checks of types-check.ts parse them, once for the process.
const program = ts.createProgram([microsoftPath, oursPath], options, hostParsingOnce(options));
const checker = program.getTypeChecker();

function exportsOf(path: string): Map<string, TypeScript.Symbol> {
  const file = program.getSourceFile(path);
  assert.ok(file, `cannot load ${path}`);
  const moduleSymbol = checker.getSymbolAtLocation(file);
  assert.ok(moduleSymbol, `${path} is not a module`);
  return new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, symbol]));
}

const microsoft = exportsOf(microsoftPath);
const ours = exportsOf(oursPath);

function declared(exports: Map<string, TypeScript.Symbol>, name: string, where: string): TypeScript.Type {
  const symbol = exports.get(name);
  assert.ok(symbol, `${where} has no type ${name}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

const parts = (type: TypeScript.Type): readonly TypeScript.Type[] => (type.isUnion() ? type.types : [type]);
const isNull = (type: TypeScript.Type): boolean => (type.flags & ts.TypeFlags.Null) !== 0;
const isUndefined = (type: TypeScript.Type): boolean => (type.flags & ts.TypeFlags.Undefined) !== 0;
const isOptional = (symbol: TypeScript.Symbol): boolean => (symbol.flags & ts.SymbolFlags.Optional) !== 0;
const nameOf = (type: TypeScript.Type): string | undefined => type.aliasSymbol?.name ?? type.getSymbol()?.name;
const show = (type: TypeScript.Type): string => checker.typeToString(type);

/** Microsoft's named object types that properties of the contract types refer to. */
const referenced = new Set<string>();

/** True when every value of Microsoft's type (one union member) is a value of ours. */
function holds(microsoftPart: TypeScript.Type, oursType: TypeScript.Type): boolean {
  const candidates = parts(oursType).filter((part) => !isNull(part) && !isUndefined(part));
  if (checker.isArrayType(microsoftPart)) {
    const [element] = checker.getTypeArguments(microsoftPart as TypeScript.TypeReference);
    return (
      element !== undefined &&
      candidates.some((part) => {
        if (!checker.isArrayType(part)) return false;
        const [ourElement] = checker.getTypeArguments(part as TypeScript.TypeReference);
        return ourElement !== undefined && holds(element, ourElement);
      })
    );
  }
  if (microsoftPart.flags & ts.TypeFlags.Object) {
    // Microsoft's interfaces have no index signature and ours are open, so they are never assignable
    // either way; an object reference is judged by name, and each named type by its own entry.
    const name = nameOf(microsoftPart);
    if (name === undefined) return false;
    referenced.add(name);
    const wanted = referenceMap[name] ?? name;
    return candidates.some((part) => nameOf(part) === wanted);
  }
  return checker.isTypeAssignableTo(microsoftPart, oursType);
}

/** Enum names written in a property's declared type, such as EndpointType in NullableOption<EndpointType>. */
function enumsNamedIn(symbol: TypeScript.Symbol, found: Set<string>): void {
  const visit = (node: TypeScript.Node): void => {
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const target = microsoft.get(node.typeName.text);
      const declaration = target?.declarations?.[0];
      if (declaration !== undefined && ts.isTypeAliasDeclaration(declaration)) {
        const type = checker.getDeclaredTypeOfSymbol(target as TypeScript.Symbol);
        if (parts(type).every((part) => part.isStringLiteral())) found.add(node.typeName.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const declaration of symbol.declarations ?? []) visit(declaration);
}

interface Comparison {
  /** Properties of Microsoft's interface (inherited ones included) that ours lacks. */
  readonly missing: string[];
  /** Properties whose Microsoft type holds a value ours refuses, with the reason. */
  readonly incompatible: string[];
  /** Differences that may be deliberate: keys in the form of the deliberate list. */
  readonly differences: string[];
  readonly declaredOnlyInOurs: string[];
  readonly enums: Set<string>;
}

function compare(): Comparison {
  const result: Comparison = { missing: [], incompatible: [], differences: [], declaredOnlyInOurs: [], enums: new Set() };
  for (const [microsoftName, oursName] of contractTypes) {
    const microsoftType = declared(microsoft, microsoftName, `@microsoft/microsoft-graph-types-beta ${microsoftVersion}`);
    const oursType = declared(ours, oursName, 'generated/types.ts');
    const microsoftProperties = checker.getPropertiesOfType(microsoftType);
    for (const property of microsoftProperties) {
      const where = `${microsoftName}.${property.name}`;
      const ourProperty = checker.getPropertyOfType(oursType, property.name);
      if (ourProperty === undefined) {
        const owner = property.declarations?.[0]?.parent;
        const from = owner !== undefined && ts.isInterfaceDeclaration(owner) && owner.name.text !== microsoftName ? ` (inherited from ${owner.name.text})` : '';
        result.missing.push(`${where}${from} is in Microsoft's typings ${microsoftVersion} but not in our ${oursName}`);
        continue;
      }
      enumsNamedIn(property, result.enums);
      const microsoftPropertyType = checker.getTypeOfSymbol(property);
      const ourPropertyType = checker.getTypeOfSymbol(ourProperty);
      if (isOptional(property) && !isOptional(ourProperty)) result.differences.push(`${where} required`);
      const microsoftParts = parts(microsoftPropertyType);
      if (microsoftParts.some(isNull) && !parts(ourPropertyType).some(isNull)) result.differences.push(`${where} not nullable`);
      // Widenings cannot hurt a reader of Microsoft's values, but they are differences all the same.
      if (!microsoftParts.some(isNull) && parts(ourPropertyType).some(isNull)) result.differences.push(`${where} accepts null`);
      const extra = parts(ourPropertyType).filter(
        (part) => !isNull(part) && !isUndefined(part) && !(part.flags & ts.TypeFlags.Object) && !checker.isTypeAssignableTo(part, microsoftPropertyType),
      );
      if (extra.length > 0) result.differences.push(`${where} accepts ${extra.map(show).join(' | ')}`);
      for (const part of microsoftParts) {
        if (isNull(part) || isUndefined(part)) continue;
        if (!holds(part, ourPropertyType)) {
          result.incompatible.push(`${where}: Microsoft's ${show(part)} is not held by our ${oursName}.${property.name} (${show(ourPropertyType)})`);
          continue;
        }
        const name = part.flags & ts.TypeFlags.Object && !checker.isArrayType(part) ? nameOf(part) : undefined;
        const element = checker.isArrayType(part) ? checker.getTypeArguments(part as TypeScript.TypeReference)[0] : undefined;
        const retyped = name ?? (element === undefined ? undefined : nameOf(element));
        if (retyped !== undefined && referenceMap[retyped] !== undefined) result.differences.push(`${where} ${retyped} as ${referenceMap[retyped]}`);
      }
    }
    // Extras are counted against the same-named type only: the subtypes would list Identity's many times.
    if (microsoftName !== oursName) continue;
    const names = new Set(microsoftProperties.map((p) => p.name));
    for (const property of checker.getPropertiesOfType(oursType)) {
      if (property.name !== '@odata.type' && !names.has(property.name)) result.declaredOnlyInOurs.push(`${oursName}.${property.name}`);
    }
  }
  return result;
}

const comparison = compare();

test(`every property of Microsoft's contract types (${microsoftVersion}) exists in our generated types`, () => {
  assert.equal(comparison.missing, [], comparison.missing.join('\n'));
});

test("every value Microsoft's typings allow a property is a value our type allows", () => {
  assert.equal(comparison.incompatible, [], comparison.incompatible.join('\n'));
});

test('our types differ from Microsoft\'s only where the list of deliberate differences says so', () => {
  const found = [...new Set(comparison.differences)].sort();
  const unlisted = found.filter((key) => deliberate[key] === undefined);
  const stale = Object.keys(deliberate).filter((key) => !found.includes(key));
  assert.equal(unlisted, [], `differences not listed as deliberate:\n${unlisted.join('\n')}`);
  assert.equal(stale, [], `listed as deliberate but no longer different:\n${stale.join('\n')}`);
});

test('what our types declare beyond Microsoft\'s is listed, with the reason', () => {
  const found = [...new Set(comparison.declaredOnlyInOurs)].sort();
  const unlisted = found.filter((key) => declaredOnlyInOurs[key] === undefined);
  const stale = Object.keys(declaredOnlyInOurs).filter((key) => !found.includes(key));
  assert.equal(unlisted, [], `declared in our types, not in Microsoft's, and not listed:\n${unlisted.join('\n')}`);
  assert.equal(stale, [], `listed as declared only in ours, but Microsoft's typings declare them now:\n${stale.join('\n')}`);
});

test("every communications identity subtype of Microsoft's typings is compared", () => {
  const subtypes = [...microsoft.keys()].filter((name) => identitySubtypeName.test(name)).sort();
  const compared = new Set(contractTypes.map(([name]) => name));
  assert.ok(subtypes.length >= 7, subtypes.join(', '));
  assert.equal(subtypes.filter((name) => !compared.has(name)), [], 'identity subtypes missing from contractTypes');
});

test('every type the contract types refer to is compared itself, and every enum they use is checked', () => {
  const compared = new Set(contractTypes.map(([name]) => name));
  assert.equal([...referenced].filter((name) => !compared.has(name)).sort(), [], 'referenced types missing from contractTypes');
  assert.equal([...comparison.enums].filter((name) => !(contractEnums as readonly string[]).includes(name)).sort(), [], 'enums missing from contractEnums');
});

function members(name: ContractEnum, exports: Map<string, TypeScript.Symbol>, where: string): string[] {
  return parts(declared(exports, name, where)).map((part) => {
    assert.ok(part.isStringLiteral(), `${where} ${name} has a member that is not a string literal: ${show(part)}`);
    return part.value;
  });
}

/** A payload that carries one enum value at a known place, to check it against the validator. */
interface Probe {
  readonly kind: Kind;
  readonly payload: unknown;
  readonly pointer: string;
}

const participant = (extra: Record<string, unknown>): Record<string, unknown> => ({
  '@odata.type': '#microsoft.graph.participant',
  id: 'b1381d74-4de8-5bee-9b22-189c4876afc5',
  info: { identity: { user: { id: 'c78c089b-556c-517f-ad82-7f2a0b7503a1', displayName: 'Tomás Herrera' } } },
  isInLobby: false,
  isMuted: false,
  ...extra,
});

const roster = (entry: Record<string, unknown>, pointer: string): Probe => ({
  kind: 'comms-notifications',
  payload: {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [{ changeType: 'updated', resourceUrl: '/communications/calls/7b4bbcf0/participants', resourceData: [entry] }],
  },
  pointer: `/value/0/resourceData/0${pointer}`,
});

const stream = (extra: Record<string, unknown>): Record<string, unknown> => ({ direction: 'sendReceive', mediaType: 'audio', serverMuted: false, sourceId: '1', ...extra });

const probes: Readonly<Record<ContractEnum, (member: string) => Probe>> = {
  ChangeType: (member) => ({
    kind: 'comms-notifications',
    payload: { value: [{ changeType: member, resourceUrl: '/communications/calls/7b4bbcf0/participants', resourceData: [participant({})] }] },
    pointer: '/value/0/changeType',
  }),
  EndpointType: (member) => ({
    kind: 'invite-request',
    payload: { participants: [{ identity: { user: { id: 'c78c089b' } }, endpointType: member }] },
    pointer: '/participants/0/endpointType',
  }),
  MediaDirection: (member) => roster(participant({ mediaStreams: [stream({ direction: member })] }), '/mediaStreams/0/direction'),
  Modality: (member) => roster(participant({ mediaStreams: [stream({ mediaType: member })] }), '/mediaStreams/0/mediaType'),
  OperationStatus: (member) => ({
    kind: 'invite-operation',
    payload: { '@odata.type': '#microsoft.graph.inviteParticipantsOperation', id: 'f6346e12', status: member, participants: [{ identity: { user: { id: 'c78c089b' } } }] },
    pointer: '/status',
  }),
  RecordingStatus: (member) => roster(participant({ recordingInfo: { recordingStatus: member } }), '/recordingInfo/recordingStatus'),
  OnlineMeetingContentSharingDisabledReason: (member) =>
    roster(participant({ restrictedExperience: { contentSharingDisabled: member } }), '/restrictedExperience/contentSharingDisabled'),
  OnlineMeetingVideoDisabledReason: (member) => roster(participant({ restrictedExperience: { videoDisabled: member } }), '/restrictedExperience/videoDisabled'),
};

const flagsEnums: ReadonlySet<ContractEnum> = new Set(['OnlineMeetingContentSharingDisabledReason', 'OnlineMeetingVideoDisabledReason']);

const errorsOf = (probe: Probe): string[] =>
  validate(probe.payload, { kind: probe.kind })
    .problems.filter((p) => p.severity === 'error')
    .map((p) => `${p.ruleId} at ${p.pointer}: ${p.message}`);

test('each probe reaches its enum: a value outside it is refused at the probed place', () => {
  for (const name of contractEnums) {
    const probe = probes[name]('notAMemberOfAnyEnum');
    const errors = errorsOf(probe);
    assert.ok(errors.length > 0 && errors.every((e) => e.includes(` at ${probe.pointer}:`)), `${name}: ${errors.join('; ')}`);
  }
});

test("every member of Microsoft's contract enums is accepted by our schemas and our types", () => {
  for (const name of contractEnums) {
    const official = members(name, microsoft, `@microsoft/microsoft-graph-types-beta ${microsoftVersion}`);
    assert.ok(official.length > 0, name);
    const ourType = declared(ours, name, 'generated/types.ts');
    const values = flagsEnums.has(name) ? [...official, official.join(',')] : official;
    for (const value of values) {
      const errors = errorsOf(probes[name](value));
      assert.equal(errors, [], `Microsoft's ${name} member ${JSON.stringify(value)} is refused by our schema: ${errors.join('; ')}`);
    }
    for (const part of parts(declared(microsoft, name, 'Microsoft'))) {
      assert.ok(checker.isTypeAssignableTo(part, ourType), `Microsoft's ${name} member ${show(part)} is not assignable to our ${name}`);
    }
  }
});

test.run();
