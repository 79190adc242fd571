import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the package: this module is compiled to dist/src/paths.js, two levels down. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Folder of the JSON Schema files and the OpenAPI document. */
export const schemasDir = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** A path with / separators, as reports and glob patterns write paths on every platform. */
export function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** An absolute path relative to a folder that holds it, with / separators; undefined when it lies outside. */
export function relativeInside(folder: string, path: string): string | undefined {
  const rel = relative(folder, path);
  // Outside is a first segment that is .. itself: a name such as ..dots.json is inside.
  return rel === '..' || rel.startsWith(`..${sep}`) || rel.startsWith('../') || isAbsolute(rel) ? undefined : toPosix(rel);
}
