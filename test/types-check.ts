/**
 * Type-checks a module in memory, as if it were the given file of the project, under the project's
 * strict options. The files every check reads (the standard library's declarations, the generated types,
 * Microsoft's typings) are parsed once: each check builds a program of its own, and parsing them again
 * for each is most of its cost.
 */
import type TypeScript from 'typescript';
import { ts } from './typescript.js';

const parsed = new Map<string, TypeScript.SourceFile | undefined>();

export function typeDiagnostics(fileName: string, source: string): string[] {
  const options: TypeScript.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => (name === fileName ? source : read(name));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || exists(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    if (name === fileName) return getSourceFile(name, languageVersion, onError, shouldCreate);
    const key = `${name} ${JSON.stringify(languageVersion)}`;
    if (!parsed.has(key)) parsed.set(key, getSourceFile(name, languageVersion, onError, shouldCreate));
    return parsed.get(key);
  };
  const program = ts.createProgram([fileName], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}:${d.start ?? 0} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
