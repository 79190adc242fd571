/**
 * TypeScript's compiler API, loaded with require. An ES import of its 9 MB CommonJS file first has Node.js
 * scan the whole file for the names it exports, some 0.3 s in every process that loads it; require skips
 * that. Its types come from `import type TypeScript from 'typescript'`, which is erased.
 */
import { createRequire } from 'node:module';
import type TypeScript from 'typescript';

export const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;
