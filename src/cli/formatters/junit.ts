import type { LocatedProblem } from '../../model/problem.js';
import type { Formatter } from './types.js';
import { absentLine, toolName } from './shared.js';
import { verdict, type Totals, type Verdict } from '../verdict.js';

// Everything outside XML 1.0's Char production: C0 controls but tab, CR and LF; lone surrogates (the u flag
// sees a paired surrogate as one code point, so only unpaired halves are left to match); U+FFFE and U+FFFF.
const illegalInXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Drops the characters no XML 1.0 document may contain, even escaped. */
export function stripIllegalXml(text: string): string {
  return text.replace(illegalInXml, '');
}

/** Text content made safe for XML; CR is kept as a reference because parsers fold a literal one into LF. */
export function escapeXmlText(text: string): string {
  return stripIllegalXml(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

/** An attribute value made safe for XML; whitespace is kept as references because parsers normalize literal tabs and line breaks to spaces. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

function describe(path: string, problem: LocatedProblem, withSeverity: boolean): string {
  const severity = withSeverity ? ` ${problem.severity}` : '';
  return `${path}:${problem.line}:${problem.column}${severity} ${problem.message} (${problem.ruleId})`;
}

/** Only errors fail, when the options carry no verdict of the run. */
const errorsOnly = (totals: Totals): Verdict => verdict(totals, { strict: false, max: undefined });

/**
 * The report as JUnit XML for CI test dashboards: a test case per file, failing when it holds a problem that
 * fails the run by itself (an error; under --strict a warning too). A warning budget (--max-warnings) is one
 * more test case, failing when the run spends it: the dashboard fails exactly when the exit status does.
 */
export const junit: Formatter = (report, options) => {
  const judged = (options.verdict ?? errorsOnly)(report.summary);
  const failsFile = (problem: LocatedProblem): boolean => judged.failsAlone.includes(problem.severity);
  // A failure names its severity when warnings fail too; otherwise every failure is an error.
  const warningsFail = judged.failsAlone.includes('warning');
  const { budget } = judged;
  // failures counts failing test cases, not problems: consumers check it against tests.
  const failing = report.files.filter((file) => file.problems.some(failsFile)).length + (budget?.exceeded === true ? 1 : 0);
  // A run that failed (exit 2) is one more test case, in error, holding the causes.
  const failure = options.outcome?.failure;
  const absent = options.outcome?.baseline?.absent ?? [];
  const extra = (budget === undefined ? 0 : 1) + (failure === undefined ? 0 : 1);
  const counts = `tests="${report.files.length + extra}" failures="${failing}" errors="${failure === undefined ? 0 : 1}"`;
  const name = escapeXmlAttribute(toolName);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" ${counts}>`,
    `  <testsuite name="${name}" ${counts}>`,
  ];
  for (const file of report.files) {
    const failures = file.problems.filter(failsFile);
    const shown = file.problems.filter((problem) => !failsFile(problem));
    const open = `    <testcase classname="${name}" name="${escapeXmlAttribute(file.path)}"`;
    if (file.problems.length === 0) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    // One failure element holding them all: Jenkins, Azure DevOps and the JUnit schema take one per test
    // case, and dashboards showed only the first of several.
    const first = failures[0];
    if (first !== undefined) {
      const message = failures.length === 1 ? first.message : `${failures.length} problems fail this file; the first: ${first.message}`;
      const text = failures.map((problem) => describe(file.path, problem, warningsFail)).join('\n');
      lines.push(`      <failure message="${escapeXmlAttribute(message)}" type="${escapeXmlAttribute(first.ruleId)}">${escapeXmlText(text)}</failure>`);
    }
    // Warnings that do not fail the file still show, as the test's output.
    if (shown.length > 0) {
      const text = shown.map((problem) => describe(file.path, problem, true)).join('\n');
      lines.push(`      <system-out>${escapeXmlText(text)}</system-out>`);
    }
    lines.push('    </testcase>');
  }
  if (budget !== undefined) {
    const open = `    <testcase classname="${name}" name="${escapeXmlAttribute(`warnings (--max-warnings ${budget.max})`)}"`;
    if (budget.exceeded) {
      const message = `${report.summary.warnings} warnings, more than --max-warnings ${budget.max}`;
      lines.push(`${open}>`, `      <failure message="${escapeXmlAttribute(message)}" type="max-warnings">${escapeXmlText(message)}</failure>`, '    </testcase>');
    } else {
      lines.push(`${open}/>`);
    }
  }
  if (failure !== undefined) {
    const message = failure.join('; ');
    lines.push(
      `    <testcase classname="${name}" name="run">`,
      `      <error message="${escapeXmlAttribute(message)}" type="run-failed">${escapeXmlText(failure.join('\n'))}</error>`,
      '    </testcase>',
    );
  }
  // Baseline entries that no longer occur: said beside the tests, since no file fails for them.
  if (absent.length > 0) {
    const text = [`${absent.length} baseline ${absent.length === 1 ? 'entry no longer occurs' : 'entries no longer occur'}:`, ...absent.map(absentLine)].join('\n');
    lines.push(`    <system-out>${escapeXmlText(text)}</system-out>`);
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
};
