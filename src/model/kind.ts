/** The three payloads of the contract that the validator knows how to check. */
export type Kind = 'invite-request' | 'invite-operation' | 'comms-notifications';

/** Every kind, in a stable order. Frozen: the package exports it, and the validator reads it. */
export const kinds: readonly Kind[] = Object.freeze(['invite-request', 'invite-operation', 'comms-notifications']);

const kindSet: ReadonlySet<unknown> = new Set(kinds);

/** True when the value is one of the kinds; never throws, whatever the value. */
export function isKind(value: unknown): value is Kind {
  return kindSet.has(value);
}
