/**
 * The calling API's requests besides the invite: reference pages and kept conversations show them beside
 * the invite's, and they are outside this contract. Each is known by its method and its path under
 * /communications/calls (or the deprecated /app/calls); {...} is any one segment (an id or a placeholder).
 */
export interface CallingAction {
  /** The action or request as Graph's reference names it (transfer, list participants...). */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The path after /calls, '' for the collection itself. */
  readonly path: string;
}

const action = (name: string, method: CallingAction['method'], path: string): CallingAction => ({ name, method, path });

/** The calling API's requests other than the invite, beta and v1.0 alike. */
export const callingActions: readonly CallingAction[] = [
  action('create call', 'POST', ''),
  action('get call', 'GET', '{call}'),
  action('delete call', 'DELETE', '{call}'),
  action('logTeleconferenceDeviceQuality', 'POST', 'logTeleconferenceDeviceQuality'),
  action('answer', 'POST', '{call}/answer'),
  action('reject', 'POST', '{call}/reject'),
  action('redirect', 'POST', '{call}/redirect'),
  action('transfer', 'POST', '{call}/transfer'),
  action('mute', 'POST', '{call}/mute'),
  action('unmute', 'POST', '{call}/unmute'),
  action('playPrompt', 'POST', '{call}/playPrompt'),
  action('record', 'POST', '{call}/record'),
  action('recordResponse', 'POST', '{call}/recordResponse'),
  action('subscribeToTone', 'POST', '{call}/subscribeToTone'),
  action('sendDtmfTones', 'POST', '{call}/sendDtmfTones'),
  action('updateRecordingStatus', 'POST', '{call}/updateRecordingStatus'),
  action('cancelMediaProcessing', 'POST', '{call}/cancelMediaProcessing'),
  action('changeScreenSharingRole', 'POST', '{call}/changeScreenSharingRole'),
  action('keepAlive', 'POST', '{call}/keepAlive'),
  action('addLargeGalleryView', 'POST', '{call}/addLargeGalleryView'),
  action('list participants', 'GET', '{call}/participants'),
  action('get participant', 'GET', '{call}/participants/{participant}'),
  action('delete participant', 'DELETE', '{call}/participants/{participant}'),
  action('participant: mute', 'POST', '{call}/participants/{participant}/mute'),
  action('participant: startHoldMusic', 'POST', '{call}/participants/{participant}/startHoldMusic'),
  action('participant: stopHoldMusic', 'POST', '{call}/participants/{participant}/stopHoldMusic'),
  action('muteAll', 'POST', '{call}/participants/muteAll'),
  action('configureMixer', 'POST', '{call}/participants/configureMixer'),
  action('get operation', 'GET', '{call}/operations/{operation}'),
  action('list audioRoutingGroups', 'GET', '{call}/audioRoutingGroups'),
  action('create audioRoutingGroup', 'POST', '{call}/audioRoutingGroups'),
  action('get audioRoutingGroup', 'GET', '{call}/audioRoutingGroups/{group}'),
  action('update audioRoutingGroup', 'PATCH', '{call}/audioRoutingGroups/{group}'),
  action('delete audioRoutingGroup', 'DELETE', '{call}/audioRoutingGroups/{group}'),
  action('list contentSharingSessions', 'GET', '{call}/contentSharingSessions'),
  action('get contentSharingSession', 'GET', '{call}/contentSharingSessions/{session}'),
];

/** A request target under the calls collection: its root, and the segments after /calls. */
export interface CallsTarget {
  /** /app is the deprecated root of the same API. */
  readonly root: 'app' | 'communications';
  readonly segments: readonly string[];
}

// The host may be a REST client variable ({{baseUrl}}); the version segment is optional on relative targets.
// OData also addresses a call by key in parentheses (calls('id')), and a bound action by its qualified
// name (participants/microsoft.graph.invite, as the SDKs' URL templates write it).
const callsPattern = /^(?:\{\{[^}]*\}\}|https?:\/\/[^/?#]+)?(?:\/(?:beta|v1\.0))?\/(app|communications)\/calls(?:\('([^'/?#]*)'\))?(\/[^?#]*)?(?:[?#].*)?$/i;

/** A bound action's qualified name (microsoft.graph.invite) as the plain one. */
const unqualified = (segment: string): string => segment.replace(/^microsoft\.graph\./i, '');

/** Splits a request target under /communications/calls (or /app/calls), or gives undefined for any other target. */
export function parseCallsTarget(target: string): CallsTarget | undefined {
  const match = callsPattern.exec(target);
  if (match === null) return undefined;
  const [, root = '', key, rest = ''] = match;
  // One trailing slash is allowed, as the invite's target always allowed it; empty segments are not.
  const trimmed = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  const segments = trimmed === '' ? [] : trimmed.slice(1).split('/').map(unqualified);
  if (segments.includes('') || key === '') return undefined;
  return { root: root.toLowerCase() === 'app' ? 'app' : 'communications', segments: key === undefined ? segments : [key, ...segments] };
}

/** True when a segment of a target matches a segment of a template: a {placeholder} matches any one. */
function segmentMatches(template: string, segment: string): boolean {
  return template.startsWith('{') ? true : template.toLowerCase() === segment.toLowerCase();
}

/** How many literal segments a template has: the most literal match wins (muteAll before {participant}). */
const literals = (segments: readonly string[]): number => segments.filter((segment) => !segment.startsWith('{')).length;

const templates = callingActions.map((entry) => ({ entry, segments: entry.path === '' ? [] : entry.path.split('/') }));

/** The calling action other than the invite that a request names (method and target), or undefined. */
export function callingActionOf(method: string, target: string): CallingAction | undefined {
  const parsed = parseCallsTarget(target);
  if (parsed === undefined) return undefined;
  let best: { entry: CallingAction; literals: number } | undefined;
  for (const { entry, segments } of templates) {
    if (entry.method !== method || segments.length !== parsed.segments.length) continue;
    if (!segments.every((segment, index) => segmentMatches(segment, parsed.segments[index] as string))) continue;
    const count = literals(segments);
    if (best === undefined || count > best.literals) best = { entry, literals: count };
  }
  return best?.entry;
}
