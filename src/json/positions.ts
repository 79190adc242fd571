import { CR, LF } from './chars.js';

/**
 * Lines and columns of a text, as every report gives them: 1-based lines (CRLF, a lone CR and a lone LF
 * each end one), 1-based columns in UTF-16 code units, a leading BOM not counted.
 */
export interface SourcePosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column in UTF-16 code units. */
  readonly column: number;
  /** 0-based UTF-16 offset into the text as given (a BOM included). */
  readonly offset: number;
}

const BOM = 0xfeff;

/** Converts a UTF-16 offset to a 1-based line/column. */
export function positionAt(text: string, offset: number): SourcePosition {
  const target = clampOffset(text, offset);
  let line = 1;
  let lineStart = contentStart(text);
  for (let i = lineStart; i < target; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.max(target - lineStart, 0) + 1, offset: target };
}

export function contentStart(text: string): number {
  return text.charCodeAt(0) === BOM ? 1 : 0;
}

function clampOffset(text: string, offset: number): number {
  if (!(offset > 0)) return 0;
  return Math.min(Math.floor(offset), text.length);
}

/**
 * The positions of many offsets in one forward pass, read only as far as the last of them: for the
 * findings of a scan, which need no table of every line start. Offsets may come in any order.
 */
export function positionsAt(text: string, offsets: readonly number[]): SourcePosition[] {
  const order = Array.from(offsets.keys()).sort((a, b) => (offsets[a] as number) - (offsets[b] as number));
  const positions = new Array<SourcePosition>(offsets.length);
  // Without a CR, lines end at each LF alone, found natively; the next LF is kept between offsets.
  const lfOnly = text.indexOf('\r') === -1;
  let line = 1;
  let lineStart = contentStart(text);
  let at = lineStart;
  let nextLf = lfOnly ? text.indexOf('\n', at) : -1;
  for (const index of order) {
    const target = clampOffset(text, offsets[index] as number);
    if (lfOnly) {
      while (nextLf !== -1 && nextLf < target) {
        line += 1;
        lineStart = nextLf + 1;
        nextLf = text.indexOf('\n', lineStart);
      }
    } else {
      for (; at < target; at += 1) {
        const code = text.charCodeAt(at);
        if (code === LF || (code === CR && text.charCodeAt(at + 1) !== LF)) {
          line += 1;
          lineStart = at + 1;
        }
      }
    }
    positions[index] = { line, column: Math.max(target - lineStart, 0) + 1, offset: target };
  }
  return positions;
}

/** Line starts computed once so that many lookups cost a binary search each instead of a rescan. */
export class LineIndex {
  readonly #text: string;
  #starts: number[] | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  position(offset: number): SourcePosition {
    const starts = (this.#starts ??= lineStarts(this.#text));
    const target = clampOffset(this.#text, offset);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((starts[middle] as number) <= target) low = middle;
      else high = middle - 1;
    }
    const lineStart = starts[low] as number;
    return { line: low + 1, column: Math.max(target - lineStart, 0) + 1, offset: target };
  }
}

function lineStarts(text: string): number[] {
  const starts = [contentStart(text)];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) starts.push(i + 1);
  }
  return starts;
}

