import { kinds, type Kind } from '../model/kind.js';

// The kinds themselves are part of the model (problems and reports name them, src/model/kind.ts); what
// names each kind in the contract (schema files, @odata.types) is here.

/** The root schema file of each kind. */
export const rootSchemaFile: Readonly<Record<Kind, string>> = Object.freeze({
  'invite-request': 'invite-request.schema.json',
  'invite-operation': 'invite-participants-operation.schema.json',
  'comms-notifications': 'comms-notifications.schema.json',
});

/** Name of each kind's precompiled validator in generated/validators.ts. */
export const validatorExport = Object.freeze({
  'invite-request': 'inviteRequest',
  'invite-operation': 'inviteOperation',
  'comms-notifications': 'commsNotifications',
} as const satisfies Readonly<Record<Kind, string>>);

/** The @odata.type that names each kind at the root of a payload (the request body carries none). */
const odataTypeOfKind: Readonly<Partial<Record<Kind, string>>> = {
  'invite-operation': 'microsoft.graph.inviteParticipantsOperation',
  'comms-notifications': 'microsoft.graph.commsNotifications',
};

const kindByODataType = new Map(
  kinds.flatMap((kind) => {
    const type = odataTypeOfKind[kind];
    return type === undefined ? [] : [[type.toLowerCase(), kind] as const];
  }),
);

const exactKind = new Map<string, Kind>(
  kinds.flatMap((kind) => {
    const type = odataTypeOfKind[kind];
    return type === undefined ? [] : [[`#${type}`, kind] as const];
  }),
);

/** The @odata.type without its leading '#', as SDK logs sometimes write it. */
export function bareODataType(value: string): string {
  return value.startsWith('#') ? value.slice(1) : value;
}

/** Whether an @odata.type names the expected type: in any case, the # left out or not (as SDK logs vary it). */
export function odataTypeTest(expected: string): (type: string) => boolean {
  const bare = bareODataType(expected).toLowerCase();
  const documented = `#${bareODataType(expected)}`;
  // The documented spelling at once, and a string of another length without a copy: this runs for every
  // operation, invitation and participant of every payload.
  return (type) => type === documented || ((type.length === bare.length || type.length === bare.length + 1) && bareODataType(type).toLowerCase() === bare);
}

/** The kind an @odata.type names, if any. */
export function kindOfODataType(value: string): Kind | undefined {
  // The exact documented spelling is by far the most common; only other spellings are normalized.
  return exactKind.get(value) ?? kindByODataType.get(bareODataType(value).toLowerCase());
}

/** The @odata.type expected at the root of a kind, if it has one. */
export function odataTypeOf(kind: Kind): string | undefined {
  const bare = odataTypeOfKind[kind];
  return bare === undefined ? undefined : `#${bare}`;
}
