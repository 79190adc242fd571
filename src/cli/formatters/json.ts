import { wholeReport, type StreamFormatter } from './types.js';
import { type FileReport, type Summary } from '../../model/report.js';
import type { LocatedProblem } from '../../model/problem.js';

/** Version of the document shape in schemas/tooling/lint-report.schema.json; raise it on any breaking change. */
const jsonReportVersion = 1;

/** JSON.stringify(value, null, 2), for a value nested `depth` levels down in the document. */
function nested(value: unknown, depth: number): string {
  // JSON escapes line breaks inside strings, so every line break here is between tokens.
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

// A kind or profile left undefined is left out, as JSON.stringify leaves it out.
const entryHead = (file: FileReport, index: number): string =>
  `${index === 0 ? '' : ','}\n    {\n      "path": ${JSON.stringify(file.path)},${file.kind === undefined ? '' : `\n      "kind": ${JSON.stringify(file.kind)},`}${file.apiVersion === undefined ? '' : `\n      "apiVersion": ${JSON.stringify(file.apiVersion)},`}${file.fixes === undefined ? '' : `\n      "fixes": ${nested(file.fixes, 3)},`}\n      "problems": `;
/** A problem's params at their depth: a call of JSON.stringify spared for the common empty ones. */
function paramsText(params: LocatedProblem['params']): string {
  const prototype: unknown = Object.getPrototypeOf(params);
  if (prototype === Object.prototype || prototype === null) {
    let empty = true;
    for (const _ in params) {
      empty = false;
      break;
    }
    if (empty) return '{}';
  }
  return nested(params, 5);
}

/**
 * A problem's text up to its pointer's value, for its rule id, severity and message: the same for a file's
 * problems that repeat them, as most do, so it is made once per run of them, as one flat string. The text
 * of a problem is then a few pieces joined to it; written out, a block of the report is a string of those
 * pieces, which V8 copies piece by piece before it encodes them (half the pieces: 15 to 7 for a problem
 * without params).
 */
function problemHead(): (problem: LocatedProblem, first: boolean) => string {
  let rule: string | undefined;
  let severity: string | undefined;
  let message: string | undefined;
  let head = '';
  let firstHead = '';
  return (problem, first) => {
    if (problem.ruleId !== rule || problem.severity !== severity || problem.message !== message) {
      rule = problem.ruleId;
      severity = problem.severity;
      message = problem.message;
      const text = `\n        {\n          "ruleId": ${JSON.stringify(rule)},\n          "severity": ${JSON.stringify(severity)},\n          "message": ${JSON.stringify(message)},\n          "pointer": `;
      // join makes a flat string, where a template literal makes a tree of its pieces; the first head is a slice of it.
      head = [',', text].join('');
      firstHead = head.slice(1);
    }
    return first ? firstHead : head;
  };
}
const headOf = problemHead();

/** The text after a problem's column when its params are empty, as they mostly are: one piece. */
const emptyParamsTail = ',\n          "params": {}\n        }';

/**
 * A problem's entry four levels down, field by field: the same text as JSON.stringify of its fields with
 * an indent of 2 (a test holds the two equal), at a third of the cost, which showed in a file of 100,000
 * problems. Lines and columns are whole numbers, which JSON writes as their decimal digits.
 */
export const problemText = (problem: LocatedProblem, at: number): string => {
  const params = paramsText(problem.params);
  const tail = params === '{}' ? emptyParamsTail : `,\n          "params": ${params}\n        }`;
  return `${headOf(problem, at === 0)}${JSON.stringify(problem.pointer)},\n          "line": ${problem.line},\n          "column": ${problem.column}${tail}`;
};
const entryTail = '\n      ]\n    }';

/** Past this many problems a file's entry is given a problem at a time rather than as one string. */
const partsFrom = 256;

/** A large file's entry in parts, so that the text of 100,000 problems is written out as it is made, never held whole. */
function* entryParts(file: FileReport, index: number): Generator<string> {
  yield `${entryHead(file, index)}[`;
  for (let at = 0; at < file.problems.length; at += 1) yield problemText(file.problems[at] as LocatedProblem, at);
  yield entryTail;
}

/** One file's entry (path, kind, problems; not the source text), as JSON.stringify with an indent of 2 writes it two levels down. */
function fileEntry(file: FileReport, index: number): string | Iterable<string> {
  if (file.problems.length === 0) return `${entryHead(file, index)}[]\n    }`;
  if (file.problems.length >= partsFrom) return entryParts(file, index);
  return `${entryHead(file, index)}[${file.problems.map(problemText).join('')}${entryTail}`;
}

/**
 * The report as the machine-readable document described by schemas/tooling/lint-report.schema.json,
 * written a file at a time: the same text as JSON.stringify of the whole document with an indent of 2.
 */
export const jsonStream: StreamFormatter = {
  start: () => `{\n  "version": ${jsonReportVersion},\n  "files": [`,
  file: (file, index) => fileEntry(file, index),
  end: (summary: Summary, options) => {
    const totals = { files: summary.files, errors: summary.errors, warnings: summary.warnings };
    // Present only when there is something to say, so that a plain run's document is as it always was.
    const { failure, baseline } = options.outcome ?? {};
    const failed = failure === undefined ? '' : `,\n  "failure": ${nested({ causes: failure }, 1)}`;
    const accepted = baseline === undefined ? '' : `,\n  "baseline": ${nested(baseline, 1)}`;
    return `${summary.files === 0 ? '' : '\n  '}],\n  "summary": ${nested(totals, 1)}${accepted}${failed}\n}\n`;
  },
};

/** The whole report as that document. */
export const json = wholeReport(jsonStream);
