/**
 * TypeScript's compiler API, loaded with require. An ES import of its 9 MB CommonJS file first has Node.js
 * scan the whole file for the names it exports, some 0.3 s in every process that loads it; require skips
 * that. Its types come from `import type TypeScript from 'typescript'`, which is erased.
 */
import { createRequire } from 'node:module';
import type TypeScript from 'typescript';

export const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;

/**
 * Source files parsed (and bound) once for every program of the process. The tests' programs read the same
 * large files: TypeScript's libs (lib.dom.d.ts alone is 1.5 MB) and Microsoft's typings (4 MB), whose parse
 * is most of a small program's cost. A file is kept by its name, the settings its parse was given (target,
 * module format) and the options its binding reads; only for files that do not change while the tests run.
 */
const parsedFiles = new Map<string, TypeScript.SourceFile | undefined>();

/** A compiler host for the options that takes each file from parsedFiles, but those `fresh` names. */
export function hostParsingOnce(options: TypeScript.CompilerOptions, fresh: (fileName: string) => boolean = () => false): TypeScript.CompilerHost {
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  const binding = JSON.stringify([options.strict ?? options.alwaysStrict, options.allowUnreachableCode, options.allowUnusedLabels]);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (fresh(fileName)) return parse(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName} ${JSON.stringify(languageVersion)} ${binding}`;
    if (!parsedFiles.has(key)) parsedFiles.set(key, parse(fileName, languageVersion, onError, shouldCreate));
    return parsedFiles.get(key);
  };
  return host;
}
