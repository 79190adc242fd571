/** The three payloads of the contract that the validator knows how to check. */
export type Kind = 'invite-request' | 'invite-operation' | 'comms-notifications';

/** Every kind, in a stable order. Frozen: the package exports it, and the validator reads it. */
export const kinds: readonly Kind[] = Object.freeze(['invite-request', 'invite-operation', 'comms-notifications']);

const kindOf: ReadonlyMap<unknown, Kind> = new Map(kinds.map((kind) => [kind, kind]));

/** True when the value is one of the kinds; never throws, whatever the value. */
export function isKind(value: unknown): value is Kind {
  return kindOf.has(value);
}

/**
 * The kind a value names, as the very string of the kinds list, or undefined. A kind read from a config
 * file or an argument is a string of its own, which every later === compares character by character;
 * the list's own string compares by reference.
 */
export function kindNamed(value: unknown): Kind | undefined {
  return kindOf.get(value);
}
