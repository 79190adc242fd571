import type { LocatedProblem } from '../../model/problem.js';
import { isObject } from '../../model/rule.js';
import { blockTypes, docsAnnotation } from '../../rules/docs/docs-annotation.js';
import { placed } from '../http/position.js';
import { commentPosition, type HtmlComment } from './markdown.js';

/** What a block is, as its annotation says. */
export type BlockType = (typeof blockTypes)[number];

/** The annotation of a code block. */
export interface Annotation {
  readonly blockType: BlockType;
  readonly name?: string;
  /** The @odata.type the block holds, as written (with or without #). */
  readonly odataType?: string;
  /** A shortened example: properties may be left out. */
  readonly truncated: boolean;
}

/** The annotation a comment holds, a problem when it cannot be read, or undefined when the comment is no annotation. */
export function readAnnotation(comment: HtmlComment): { annotation: Annotation } | { problem: LocatedProblem } | undefined {
  const text = comment.text;
  // Only comments holding a JSON object are annotations; others (uuids, lint switches) are prose.
  if (!text.trim().startsWith('{')) return undefined;
  const inPage = (problem: LocatedProblem) => ({ problem: placed(problem, (position) => commentPosition(comment, position)) });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return inPage(docsAnnotation.checkSyntax(text));
  }
  if (!isObject(value)) return undefined;
  const problem = docsAnnotation.checkFields(value, text);
  if (problem !== undefined) return inPage(problem);
  const truncated = value['truncated'];
  const odataType = value['@odata.type'];
  const name = value['name'];
  return {
    annotation: {
      blockType: value['blockType'] as BlockType,
      truncated: truncated === true || truncated === 'true',
      ...(typeof odataType === 'string' ? { odataType } : {}),
      ...(typeof name === 'string' ? { name } : {}),
    },
  };
}
