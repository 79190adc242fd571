import { resolve } from 'node:path';
import { relativeInside, toPosix } from '../../paths.js';

/** Path as shown to the user: relative to cwd when inside it, always with / separators. */
export function displayPath(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  const rel = relativeInside(cwd, absolute);
  return rel === undefined || rel === '' ? toPosix(absolute) : rel;
}
