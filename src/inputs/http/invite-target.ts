import { parseCallsTarget } from '../../contract/calling-actions.js';

/** What the target of an invite request names. */
export interface InviteTarget {
  /** /app is the deprecated root of the same action. */
  readonly root: 'app' | 'communications';
  readonly callId: string;
  /** False for a placeholder such as {id} or {{callId}}: the call is not known. */
  readonly concrete: boolean;
}

/**
 * Parses the target of an invite request (relative or absolute, with /beta or /v1.0 or neither, on the
 * /communications or the /app root), or gives undefined when it names another resource.
 */
export function parseInviteTarget(target: string): InviteTarget | undefined {
  const parsed = parseCallsTarget(target);
  if (parsed === undefined || parsed.segments.length !== 3) return undefined;
  const [callId = '', collection = '', action = ''] = parsed.segments;
  if (collection.toLowerCase() !== 'participants' || action.toLowerCase() !== 'invite') return undefined;
  return { root: parsed.root, callId, concrete: !/[{}]/.test(callId) };
}
