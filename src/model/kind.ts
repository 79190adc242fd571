/** The three payloads of the contract that the validator knows how to check. */
export type Kind = 'invite-request' | 'invite-operation' | 'comms-notifications';

/** Every kind, in a stable order. */
export const kinds: readonly Kind[] = ['invite-request', 'invite-operation', 'comms-notifications'];

const kindSet: ReadonlySet<unknown> = new Set(kinds);

/** True when the string is one of the kinds. */
export function isKind(value: unknown): value is Kind {
  return kindSet.has(value);
}
