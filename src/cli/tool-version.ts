import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageRoot } from '../paths.js';

/** This tool's version, read from its package.json when asked for (--version, SARIF). */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
