import { wholeReport, type StreamFormatter } from './types.js';
import { type FileReport, type Summary } from '../../model/report.js';

/** Version of the document shape in schemas/tooling/lint-report.schema.json; raise it on any breaking change. */
const jsonReportVersion = 1;

/**
 * One file's entry. Keys are picked one by one rather than spread: the document is a published contract,
 * so a field added to the in-memory report (such as the file's source text) must never leak into it.
 */
function entry(file: FileReport): unknown {
  return {
    path: file.path,
    kind: file.kind,
    problems: file.problems.map((problem) => ({
      ruleId: problem.ruleId,
      severity: problem.severity,
      message: problem.message,
      pointer: problem.pointer,
      line: problem.line,
      column: problem.column,
      params: problem.params,
    })),
  };
}

/** JSON.stringify(value, null, 2), for a value nested `depth` levels down in the document. */
function nested(value: unknown, depth: number): string {
  // JSON escapes line breaks inside strings, so every line break here is between tokens.
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/**
 * The entry of a file without problems (most files of a long run), written directly: the text nested()
 * gives, without a stringify of the whole entry and a replace over it (a CPU profile of 50,000 files had
 * nested() at 75 ms on the thread that writes the report). Undefined for a file with problems.
 */
function cleanEntry(file: FileReport): string | undefined {
  if (file.problems.length > 0 || file.kind === undefined) return undefined;
  return `{\n      "path": ${JSON.stringify(file.path)},\n      "kind": ${JSON.stringify(file.kind)},\n      "problems": []\n    }`;
}

/**
 * The report as the machine-readable document described by schemas/tooling/lint-report.schema.json,
 * written a file at a time: the same text as JSON.stringify of the whole document with an indent of 2.
 */
export const jsonStream: StreamFormatter = {
  start: () => `{\n  "version": ${jsonReportVersion},\n  "files": [`,
  file: (file, index) => `${index === 0 ? '' : ','}\n    ${cleanEntry(file) ?? nested(entry(file), 2)}`,
  end: (summary: Summary) => {
    const totals = { files: summary.files, errors: summary.errors, warnings: summary.warnings };
    return `${summary.files === 0 ? '' : '\n  '}],\n  "summary": ${nested(totals, 1)}\n}\n`;
  },
};

/** The whole report as that document. */
export const json = wholeReport(jsonStream);
