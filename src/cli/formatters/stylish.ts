import { type LocatedProblem } from '../../model/problem.js';
import { wholeReport, type FormatOptions, type StreamFormatter } from './types.js';
import { type FileReport } from '../../model/report.js';
import type { Severity } from '../../model/problem.js';
import { baselineLines, nothingFound, problemCounts } from './shared.js';
import { SourceLines } from './source-lines.js';
import { controlCharacter, oneLine, printableAscii } from '../one-line.js';

/** Tab stops of the code frame: tabs become spaces up to the next multiple of this. */
const tabWidth = 4;

/** Most terminal columns of source shown per code-frame line; longer lines are clipped around the problem. */
export const frameWidth = 100;

type Paint = (text: string) => string;

interface Palette {
  readonly error: Paint;
  readonly warning: Paint;
  readonly dim: Paint;
  readonly underline: Paint;
  readonly bold: Paint;
  readonly green: Paint;
}

const sgr = (open: number, close: number): Paint => (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`);

const colours: Palette = {
  error: sgr(31, 39),
  warning: sgr(33, 39),
  dim: sgr(2, 22),
  underline: sgr(4, 24),
  bold: sgr(1, 22),
  green: sgr(32, 39),
};

const plain: Palette = {
  error: (text) => text,
  warning: (text) => text,
  dim: (text) => text,
  underline: (text) => text,
  bold: (text) => text,
  green: (text) => text,
};

/**
 * Made on first use: V8 builds the Unicode property classes when the pattern is created, which cost every
 * start some 0.1 ms though nearly every report is ASCII and never reaches the test.
 */
let zeroWidth: RegExp | undefined;

/** True for code points a terminal draws two columns wide (East Asian wide and fullwidth, most emoji). */
function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0x303e) ||
    (codePoint >= 0x3041 && codePoint <= 0x33ff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xa000 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

/** One drawn unit of a source line: what to print, how many columns it takes, where it starts. */
interface Cell {
  readonly text: string;
  readonly width: number;
  /** Index in the line, in UTF-16 code units (the unit of problem columns). */
  readonly index: number;
  /** Terminal column where it starts, 0-based. */
  readonly column: number;
}


/** Splits a source line into drawn cells: tabs expanded to the tab stops, controls and lone surrogates shown as U+FFFD. */
function toCells(line: string): Cell[] {
  const cells: Cell[] = [];
  let column = 0;
  let index = 0;
  for (const character of line) {
    const codePoint = character.codePointAt(0) as number;
    let text = character;
    let width = 1;
    if (character === '\t') {
      width = tabWidth - (column % tabWidth);
      text = ' '.repeat(width);
    } else if (controlCharacter.test(character) || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
      text = '\uFFFD';
    } else if (codePoint >= 0xad && (zeroWidth ??= /^[\p{M}\p{Cf}]$/u).test(character)) {
      // The test is skipped below U+00AD (the first format character): compiling the Unicode property
      // classes costs more than drawing a whole report of ASCII lines.
      width = 0;
    } else if (isWide(codePoint)) {
      width = 2;
    }
    cells.push({ text, width, index, column });
    column += width;
    index += character.length;
  }
  return cells;
}

/** Terminal columns a single-line text takes. */
function widthOf(text: string): number {
  if (printableAscii.test(text)) return text.length;
  return toCells(text).reduce((sum, cell) => sum + cell.width, 0);
}


function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - widthOf(text)));
}

/** Renders the cells inside the terminal columns [start, end), with an ellipsis where the line goes on. */
function clip(cells: readonly Cell[], start: number, end: number): string {
  const total = cells.reduce((sum, cell) => sum + cell.width, 0);
  let out = start > 0 && total > 0 ? '…' : '';
  for (const cell of cells) {
    if (cell.column < start || cell.column + cell.width > end) {
      // A wide character cut by the window edge would shift everything after it; a space keeps the columns.
      if (cell.column < end && cell.column + cell.width > start) out += ' '.repeat(Math.min(end, cell.column + cell.width) - Math.max(start, cell.column));
      continue;
    }
    out += cell.text;
  }
  if (total > end) out += '…';
  return out;
}

/** A source line as the terminal draws it. */
interface DrawnLine {
  /** Terminal columns the line takes. */
  readonly width: number;
  /** Terminal column of a UTF-16 index; past the end, the column just after the last character. */
  columnAt(index: number): number;
  /** The part inside the terminal columns [start, end), with an ellipsis where the line goes on. */
  clip(start: number, end: number): string;
}

function draw(line: string): DrawnLine {
  if (printableAscii.test(line)) {
    // One column per character: indices are columns, and clipping is slicing.
    return {
      width: line.length,
      columnAt: (index) => Math.min(Math.max(index, 0), line.length),
      clip: (start, end) => `${start > 0 && line.length > 0 ? '…' : ''}${line.slice(start, end)}${line.length > end ? '…' : ''}`,
    };
  }
  const cells = toCells(line);
  const width = cells.reduce((sum, cell) => sum + cell.width, 0);
  return {
    width,
    columnAt: (index) => cells.find((cell) => cell.index >= index)?.column ?? width,
    clip: (start, end) => clip(cells, start, end),
  };
}

/** The offending line with one line of context either side, a line-number gutter and a caret under the column. */
function codeFrame(lines: SourceLines, problem: LocatedProblem, palette: Palette): string[] {
  const target = lines.line(problem.line);
  if (target === undefined) return [];
  // The empty string after a final line break is no line of its own, unless the problem sits there.
  const first = Math.max(1, problem.line - 1);
  const last = lines.shows(problem.line + 1) ? problem.line + 1 : problem.line;

  // Only a window of a long (minified) line is drawn, so each frame costs the same however long the
  // line is; otherwise a one-line file with thousands of problems takes quadratic time.
  const reach = 2 * frameWidth;
  let offset = Math.max(0, problem.column - 1 - reach);
  if (offset > 0 && /[\uDC00-\uDFFF]/.test(target.charAt(offset))) offset += 1;
  const windowed = (line: string): string => (line.length <= 2 * reach ? line : line.slice(offset, offset + 2 * reach));
  if (target.length <= 2 * reach) offset = 0;
  const drawn = new Map<number, DrawnLine>();
  for (let number = first; number <= last; number += 1) drawn.set(number, draw(windowed(lines.line(number) ?? '')));
  const targetLine = drawn.get(problem.line) ?? draw('');
  const caret = targetLine.columnAt(problem.column - 1 - offset);

  // One window for the whole frame, so that context lines stay aligned with the caret line.
  const widest = Math.max(caret + 1, ...[...drawn.values()].map((line) => line.width));
  let start = 0;
  let end = widest;
  if (widest > frameWidth) {
    // Keep some of what leads up to the problem in view, and as much of the rest as fits.
    start = Math.max(0, Math.min(caret - Math.floor(frameWidth / 3), widest - frameWidth));
    end = start + frameWidth;
  }
  const shift = start > 0 ? 1 : 0;

  const gutterWidth = String(last).length;
  const mark = problem.severity === 'error' ? palette.error : palette.warning;
  const out: string[] = [];
  for (let number = first; number <= last; number += 1) {
    const text = (drawn.get(number) ?? draw('')).clip(start, end);
    const isTarget = number === problem.line;
    const gutter = `${isTarget ? mark('>') : ' '} ${palette.dim(`${String(number).padStart(gutterWidth)} |`)}`;
    out.push(`    ${gutter}${text === '' ? '' : ` ${text}`}`);
    if (isTarget) out.push(`      ${palette.dim(`${' '.repeat(gutterWidth)} |`)} ${' '.repeat(caret - start + shift)}${mark('^')}`);
  }
  return out;
}

function severityLabel(severity: Severity, width: number, palette: Palette): string {
  return palette[severity](severity.padEnd(width));
}

function fileSection(file: FileReport, palette: Palette): string[] {
  const lines = file.source === undefined ? undefined : new SourceLines(file.source);
  const rows = file.problems.map((problem) => ({
    problem,
    position: `${problem.line}:${problem.column}`,
    message: oneLine(problem.message),
  }));
  // reduce, not Math.max(...spread): a file can hold more problems than a call may take arguments.
  const widest = (measure: (row: (typeof rows)[number]) => number): number => rows.reduce((most, row) => Math.max(most, measure(row)), 0);
  const positionWidth = widest((row) => row.position.length);
  const severityWidth = widest((row) => row.problem.severity.length);
  const messageWidth = widest((row) => widthOf(row.message));

  const out = [palette.underline(oneLine(file.path))];
  for (const row of rows) {
    out.push(
      `  ${palette.dim(row.position.padEnd(positionWidth))}  ${severityLabel(row.problem.severity, severityWidth, palette)}  ${padEnd(row.message, messageWidth)}  ${palette.dim(oneLine(row.problem.ruleId))}`.trimEnd(),
    );
    if (lines !== undefined) {
      const frame = codeFrame(lines, row.problem, palette);
      if (frame.length > 0) out.push(...frame, '');
    }
  }
  if (out[out.length - 1] !== '') out.push('');
  return out;
}

const paletteOf = (options: FormatOptions): Palette => (options.color ? colours : plain);

/**
 * Human-readable output for the terminal: problems grouped by file, each with a code frame, then the
 * totals; written a file at a time (a file without problems writes nothing).
 */
export const stylishStream: StreamFormatter = {
  start: () => '',
  file: (file, _index, options) => (file.problems.length === 0 ? '' : `${fileSection(file, paletteOf(options)).join('\n')}\n`),
  end: (summary, options) => {
    const palette = paletteOf(options);
    const baseline = options.outcome?.baseline;
    const after = baseline === undefined ? '' : `${baselineLines(baseline).map((line) => palette.dim(oneLine(line))).join('\n')}\n`;
    // A run that failed never reads as a clean one: what it could not do comes first.
    const failure = options.outcome?.failure;
    if (failure !== undefined) return `${failure.map((cause) => palette.bold(palette.error(`✖ Run failed: ${oneLine(cause)}`))).join('\n')}\n${summary.errors + summary.warnings === 0 ? '' : `${palette.bold(palette.error(`✖ ${problemCounts(summary)}`))}\n`}${after}`;
    if (summary.errors + summary.warnings === 0) return `${palette.green(`✔ ${nothingFound(summary)}`)}\n${after}`;
    const paint = summary.errors > 0 ? palette.error : palette.warning;
    return `${palette.bold(paint(`✖ ${problemCounts(summary)}`))}\n${after}`;
  },
};

/** The whole report in that form. */
export const stylish = wholeReport(stylishStream);
