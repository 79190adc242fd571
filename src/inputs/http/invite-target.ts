/** What the target of an invite request names. */
export interface InviteTarget {
  /** /app is the deprecated root of the same action. */
  readonly root: 'app' | 'communications';
  readonly callId: string;
  /** False for a placeholder such as {id} or {{callId}}: the call is not known. */
  readonly concrete: boolean;
}

// The host may be a REST client variable ({{baseUrl}}); the version segment is optional on relative targets.
const invitePattern = /^(?:\{\{[^}]*\}\}|https?:\/\/[^/?#]+)?(?:\/(?:beta|v1\.0))?\/(app|communications)\/calls\/([^/?#]+)\/participants\/invite\/?(?:[?#].*)?$/i;

/** Parses the target of an invite request, or gives undefined when it names another resource. */
export function parseInviteTarget(target: string): InviteTarget | undefined {
  const match = invitePattern.exec(target);
  if (match === null) return undefined;
  const [, root = '', callId = ''] = match;
  return { root: root.toLowerCase() === 'app' ? 'app' : 'communications', callId, concrete: !/[{}]/.test(callId) };
}
