import { isObject } from '../model/rule.js';
import type { Kind } from '../model/kind.js';
import { kindOfODataType } from './kinds.js';

/**
 * What can name a payload's kind, in the one order every reader follows: what the user said (the --kind
 * flag, { kind } in the library), then the config's patterns, then the payload's place (the role of an
 * exchange file, a page block's annotation, the invite path of an HTTP request), then the payload's own
 * root @odata.type; last what the reader assumes. The first that names a kind decides.
 */
export interface KindSources {
  readonly flag?: Kind | undefined;
  readonly config?: Kind | undefined;
  readonly place?: Kind | undefined;
  /** The parsed payload, for its root @odata.type. */
  readonly value?: unknown;
  /** What a reader assumes when nothing names the kind (the body of a successful invite response is the operation). */
  readonly fallback?: Kind | undefined;
}

/** The root @odata.type of a parsed payload, when it is a string. */
export function rootODataType(value: unknown): string | undefined {
  const type = isObject(value) ? value['@odata.type'] : undefined;
  return typeof type === 'string' ? type : undefined;
}

/** The kind the sources name, strongest first; undefined when none does. */
export function decideKind(sources: KindSources): Kind | undefined {
  const named = sources.flag ?? sources.config ?? sources.place;
  if (named !== undefined) return named;
  const type = rootODataType(sources.value);
  return (type === undefined ? undefined : kindOfODataType(type)) ?? sources.fallback;
}
