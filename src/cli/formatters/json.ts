import type { Formatter } from '../../report.js';

/** Version of the document shape in schemas/tooling/lint-report.schema.json; raise it on any breaking change. */
const jsonReportVersion = 1;

/** The report as the machine-readable document described by schemas/tooling/lint-report.schema.json. */
export const json: Formatter = (report) => {
  // Keys are picked one by one rather than spread: the document is a published contract, so a field
  // added to the in-memory report (such as the file's source text) must never leak into it.
  const document = {
    version: jsonReportVersion,
    files: report.files.map((file) => ({
      path: file.path,
      kind: file.kind,
      problems: file.problems.map((problem) => ({
        ruleId: problem.ruleId,
        severity: problem.severity,
        message: problem.message,
        pointer: problem.pointer,
        line: problem.line,
        column: problem.column,
      })),
    })),
    summary: {
      files: report.summary.files,
      errors: report.summary.errors,
      warnings: report.summary.warnings,
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
};
