import { wholeReport, type Report, type StreamFormatter } from './types.js';
import { plural } from '../plural.js';
import { absentLine, nothingFound, problemCounts, sourcePath, toolName } from './shared.js';

/** Escapes the message part of a workflow command, as the Actions runner decodes it. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command, where ':' and ',' are separators too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command per problem, so GitHub Actions annotates the files in the pull request. */
export const githubStream: StreamFormatter = {
  start: () => '',
  file: (file, _index, options) => {
    let out = '';
    const path = `file=${escapeProperty(sourcePath(file.path, options))}`;
    for (const problem of file.problems) {
      const properties = [path, `line=${problem.line}`, `col=${problem.column}`, `title=${escapeProperty(problem.ruleId)}`].join(',');
      out += `::${problem.severity} ${properties}::${escapeData(problem.message)}\n`;
    }
    return out;
  },
  // A failed run is an error annotation, and a baseline entry that no longer occurs a notice on its file.
  end: (_summary, options) => {
    let out = '';
    for (const cause of options.outcome?.failure ?? []) out += `::error title=${escapeProperty(toolName)}::${escapeData(`run failed: ${cause}`)}\n`;
    for (const entry of options.outcome?.baseline?.absent ?? []) {
      out += `::notice file=${escapeProperty(sourcePath(entry.path, options))},title=${escapeProperty('baseline')}::${escapeData(`baseline entry no longer occurs: ${absentLine(entry)}`)}\n`;
    }
    return out;
  },
};

/** The whole report as workflow commands. */
export const github = wholeReport(githubStream);

// GitHub refuses a step summary larger than 1 MiB; the rows stop short of it so the upload never fails.
const stepSummaryBudget = 1_000_000;

/** Makes text inert in a Markdown table cell: every ASCII punctuation backslash-escaped, line breaks as <br>. */
function cell(text: string): string {
  return text
    .replace(/[!-/:-@[-`{-~]/g, (character) => `\\${character}`)
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** A Markdown summary of the run with a row for every problem, to append to $GITHUB_STEP_SUMMARY. */
export function githubStepSummary(report: Report, failure?: readonly string[]): string {
  const { summary } = report;
  // A run that failed (exit status 2) says so first, with its causes: it never reads as a clean one.
  const failed = failure === undefined || failure.length === 0 ? '' : `${failure.map((cause) => `✖ Run failed: ${cell(cause)}`).join('\n\n')}\n\n`;
  const head = `### ${toolName}\n\n${failed}`;
  if (summary.errors + summary.warnings === 0) return `${head}${failed === '' ? `✔ ${nothingFound(summary)}.` : nothingFound(summary)}\n`;

  let out = `${head}${summary.errors > 0 ? '✖' : '⚠'} ${problemCounts(summary)} in ${plural(summary.files, 'checked file')}.\n\n`;
  out += '| File | Line | Column | Severity | Rule | Message |\n| --- | ---: | ---: | --- | --- | --- |\n';
  // Annotations stop at 10 errors and 10 warnings per step, so this table is where the rest is seen.
  let bytes = Buffer.byteLength(out);
  let shown = 0;
  const total = report.files.reduce((count, file) => count + file.problems.length, 0);
  outer: for (const file of report.files) {
    const path = cell(file.path);
    for (const problem of file.problems) {
      const row = `| ${path} | ${problem.line} | ${problem.column} | ${problem.severity} | ${cell(problem.ruleId)} | ${cell(problem.message)} |\n`;
      const size = Buffer.byteLength(row);
      if (bytes + size > stepSummaryBudget) break outer;
      out += row;
      bytes += size;
      shown += 1;
    }
  }
  if (shown < total) out += `\n${total - shown} more not shown: the summary would exceed GitHub's size limit. Use the json or sarif format for the full list.\n`;
  return out;
}
