/**
 * Type-checks a module in memory, as if it were the given file of the project, under the project's
 * strict options. The files every check reads (the standard library's declarations, the generated types,
 * Microsoft's typings) are parsed once: each check builds a program of its own, and parsing them again
 * for each is most of its cost.
 */
import type TypeScript from 'typescript';
import { hostParsingOnce, ts } from './typescript.js';

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
  // The module checked is parsed afresh each time; the files it reads are parsed once for the process.
  const host = hostParsingOnce(options, (name) => name === fileName);
  const read = host.readFile.bind(host);
  host.readFile = (name) => (name === fileName ? source : read(name));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || exists(name);
  const program = ts.createProgram([fileName], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}:${d.start ?? 0} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
