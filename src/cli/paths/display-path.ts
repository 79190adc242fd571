import { resolve } from 'node:path';
import { relativeInside, toPosix } from '../../paths.js';

/** Path as shown to the user: relative to cwd when inside it, always with / separators. */
export function displayPath(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  const rel = relativeInside(cwd, absolute);
  return rel === undefined || rel === '' ? toPosix(absolute) : rel;
}

/**
 * What displayPath shows of every file directly in a folder, less the file's name: the folder's relative
 * path and a /, nothing for the working folder itself, or the absolute path and a / outside it. A name
 * that starts with a dot is never walked, so none can read as a step up (..) from the working folder.
 */
export function displayPrefix(folder: string, cwd: string): string {
  const absolute = resolve(cwd, folder);
  const rel = relativeInside(cwd, absolute);
  if (rel === '') return '';
  const shown = rel ?? toPosix(absolute);
  return shown.endsWith('/') ? shown : `${shown}/`;
}
