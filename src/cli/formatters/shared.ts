import { resolve } from 'node:path';
import { relativeInside, toPosix } from '../../paths.js';
import type { FormatOptions } from './types.js';
import type { Summary } from '../../model/report.js';
import { plural } from '../plural.js';
import type { BaselineEntry, BaselineOutcome } from '../baseline/baseline.js';

/** The tool's name as formats that name their producer show it. */
export const toolName = 'graph-invite-contract';

/** A baseline entry that no longer occurs, on one line: path, rule id, pointer, and how many times. */
export function absentLine(entry: BaselineEntry): string {
  return `${entry.path} ${entry.ruleId} ${entry.pointer === '' ? '(whole document)' : entry.pointer}${entry.count > 1 ? ` (×${entry.count})` : ''}`;
}

/** What a baseline did, for people: how many problems it accepted, and which of its entries no longer occur. */
export function baselineLines(baseline: BaselineOutcome): string[] {
  const lines = [`${plural(baseline.accepted, 'problem')} accepted by the baseline`];
  if (baseline.absent.length > 0) {
    const count = baseline.absent.length;
    lines.push(`${count} baseline ${count === 1 ? 'entry no longer occurs' : 'entries no longer occur'} (write the baseline again to drop ${count === 1 ? 'it' : 'them'}):`);
    for (const entry of baseline.absent) lines.push(`  ${absentLine(entry)}`);
  }
  return lines;
}

/** The totals as people read them: "3 problems (2 errors, 1 warning)". */
export function problemCounts(summary: Summary): string {
  const total = summary.errors + summary.warnings;
  return `${plural(total, 'problem')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')})`;
}

/** The text for a run that found nothing, naming how many files were looked at. */
export function nothingFound(summary: Summary): string {
  return summary.files === 0 ? 'No files were checked' : `No problems found in ${plural(summary.files, 'file')}`;
}

/**
 * A report path as the repository names it: relative to the source root, with / separators; absolute
 * for a file outside it. Unchanged when the options name no source root.
 */
export function sourcePath(path: string, options: FormatOptions): string {
  const root = options.sourceRoot;
  if (root === undefined) return path;
  const absolute = resolve(root.cwd, path);
  return relativeInside(root.root, absolute) ?? toPosix(absolute);
}
