import type { Position } from '../http/position.js';
import { indentOf } from '../text.js';

/** One line of a code block's content, with the indentation of the fence taken off. */
export interface CodeLine {
  /** Line number in the page. */
  readonly line: number;
  readonly text: string;
  /** Characters of indentation removed from the start of the page line. */
  readonly indent: number;
}

/** An HTML comment: the text between <!-- and -->. */
export interface HtmlComment {
  readonly text: string;
  /** Where that text starts in the page (just after <!--). */
  readonly at: Position;
}

/** A fenced code block of the page. */
export interface CodeBlock {
  /** Line of the opening fence. */
  readonly fenceLine: number;
  /** Language of the info string, lower case (http, json...); empty when none is given. */
  readonly language: string;
  readonly lines: readonly CodeLine[];
  /** The comment right before the block (blank lines between allowed), where annotations live. */
  readonly comment?: HtmlComment;
}

const openingFence = /^([ \t]*)(`{3,}|~{3,})(.*)$/;

/** Finds the fenced code blocks of a Markdown page and the HTML comment right before each one. */
export function* codeBlocks(text: string): Generator<CodeBlock, void, undefined> {
  const lines = text.split(/\r\n|\r|\n/);
  let pending: HtmlComment | undefined;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const trimmed = line.trim();
    if (trimmed === '') continue;

    const fence = openingFence.exec(line);
    // A backtick fence's info string may not hold a backtick: such a line is inline code, not a fence.
    if (fence !== null && !(fence[2]?.startsWith('`') === true && fence[3]?.includes('`') === true)) {
      const indent = (fence[1] as string).length;
      const marker = fence[2] as string;
      const language = (fence[3] ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      const content: CodeLine[] = [];
      let j = i + 1;
      for (; j < lines.length; j += 1) {
        const inner = lines[j] as string;
        const close = inner.trim();
        if (close.length >= marker.length && close[0] === marker[0] && /^(`+|~+)$/.test(close)) break;
        // As in CommonMark, content loses at most the fence's own indentation.
        const removed = Math.min(indent, indentOf(inner));
        content.push({ line: j + 1, text: inner.slice(removed), indent: removed });
      }
      yield { fenceLine: i + 1, language, lines: content, ...(pending === undefined ? {} : { comment: pending }) };
      pending = undefined;
      i = j;
      continue;
    }

    if (trimmed.startsWith('<!--')) {
      const startColumn = line.indexOf('<!--') + 5;
      const parts: string[] = [];
      let j = i;
      let rest = line.slice(startColumn - 1);
      let end = rest.indexOf('-->');
      while (end === -1 && j + 1 < lines.length) {
        parts.push(rest);
        j += 1;
        rest = lines[j] as string;
        end = rest.indexOf('-->');
      }
      if (end === -1) {
        parts.push(rest);
        pending = undefined;
        i = j;
        continue;
      }
      parts.push(rest.slice(0, end));
      // Only a comment that ends its line can annotate the block below it.
      pending = rest.slice(end + 3).trim() === '' ? { text: parts.join('\n'), at: { line: i + 1, column: startColumn } } : undefined;
      i = j;
      continue;
    }
    pending = undefined;
  }
}

/** Where an offset of a comment's text sits in the page. */
export function commentPosition(comment: HtmlComment, position: Position): Position {
  return position.line === 1 ? { line: comment.at.line, column: comment.at.column + position.column - 1 } : { line: comment.at.line + position.line - 1, column: position.column };
}
