import { memoize } from '../model/memo.js';

/** What a notification's resource path names. */
export type ResourcePath =
  | { readonly kind: 'operation'; readonly root: 'app' | 'communications'; readonly callId: string; readonly operationId: string | null }
  | { readonly kind: 'participants'; readonly root: 'app' | 'communications'; readonly callId: string; readonly participantId: string | null }
  | { readonly kind: 'call'; readonly root: 'app' | 'communications'; readonly callId: string }
  | { readonly kind: 'other' };

/** Segments that name a collection or navigation property, never an operation id. */
const notAnId = new Set(['participants', 'operations', 'calls', 'audioroutinggroups', 'contentsharingsessions', '']);

const pathPattern = /^(?:https?:\/\/[^/]+)?(?:\/(?:beta|v1\.0))?\/(app|communications)\/calls\/([^/?#]+)(?:\/([^/?#]+)(?:\/([^/?#]*))?)?\/?(?:[?#].*)?$/i;

/**
 * Parses a resource or resourceUrl value such as /communications/calls/{callId}/operations/{operationId}.
 * Several rules parse the same path of each notification: remembered, it is parsed once.
 */
export const parseResourcePath: (path: string) => ResourcePath = memoize(parse);

function parse(path: string): ResourcePath {
  const match = pathPattern.exec(path);
  if (match === null) return { kind: 'other' };
  const [, rootSegment = '', callId = '', collection, item] = match;
  const root = rootSegment.toLowerCase() === 'app' ? 'app' : 'communications';
  if (collection === undefined) return { kind: 'call', root, callId };
  const name = collection.toLowerCase();
  if (name === 'operations') {
    const operationId = item === undefined || notAnId.has(item.toLowerCase()) ? null : item;
    return { kind: 'operation', root, callId, operationId };
  }
  if (name === 'participants') {
    return { kind: 'participants', root, callId, participantId: item === undefined || item === '' ? null : item };
  }
  return { kind: 'other' };
}

/** The same resource on the current path: /app/... becomes /communications/..., case and trailing slash ignored. */
export const canonicalResource: (path: string) => string = memoize(canonical);

function canonical(path: string): string {
  // The same resource may be written absolute (https://graph.microsoft.com/beta/...) or relative, on the
  // /app or the /communications root: only the path from the root on is compared.
  let canonical = path.trim().replace(/^https?:\/\/[^/]+/i, '').replace(/^\/(?:beta|v1\.0)(?=\/)/i, '');
  if (canonical.slice(0, 5).toLowerCase() === '/app/') canonical = `/communications/${canonical.slice(5)}`;
  let end = canonical.length;
  while (end > 0 && canonical.charCodeAt(end - 1) === 0x2f) end -= 1;
  return canonical.slice(0, end).toLowerCase();
}

/** True for the deprecated /app/... path. */
export function isAppPath(path: string): boolean {
  return /^(?:https?:\/\/[^/]+)?(?:\/(?:beta|v1\.0))?\/app\//i.test(path);
}

/** The two properties a notification names its resource by: resource (older) and resourceUrl. */
export const resourceKeys = ['resource', 'resourceUrl'] as const;

/** The key of the field the notification is about: resourceUrl, else resource, if either is a string. */
export function primaryResourceKey(node: Readonly<Record<string, unknown>>): (typeof resourceKeys)[number] | undefined {
  if (typeof node['resourceUrl'] === 'string') return 'resourceUrl';
  return typeof node['resource'] === 'string' ? 'resource' : undefined;
}

/** The field the notification is about: resourceUrl, else resource. */
export function primaryResourceField(node: Readonly<Record<string, unknown>>): { key: (typeof resourceKeys)[number]; value: string } | undefined {
  const key = primaryResourceKey(node);
  return key === undefined ? undefined : { key, value: node[key] as string };
}
