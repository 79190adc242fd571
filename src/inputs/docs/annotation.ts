import { scanSource } from '../../json/scanner.js';
import { mapSource } from '../../json/source-map.js';
import { describeValue } from '../../model/describe.js';
import type { Position } from '../http/position.js';
import { problemAt, type LocatedProblem } from '../../model/problem.js';
import { pageRules } from '../../rules/docs/page-rules.js';
import { isObject } from '../../model/rule.js';
import { commentPosition, type HtmlComment } from './markdown.js';

/** The block types this tool reads; resource blocks describe a type, not a payload, and are skipped like ignored ones. */
const blockTypes = ['request', 'response', 'example', 'ignored', 'resource'] as const;

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
  const at = (position: Position): Position => commentPosition(comment, position);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const issue = scanSource(text).find((found) => found.kind === 'syntax');
    const position = issue === undefined ? { line: 1, column: 1 } : issue.position;
    return { problem: problemAt(pageRules.docsAnnotation, `the annotation is not valid JSON: ${issue?.message ?? 'it does not parse'}`, at(position)) };
  }
  if (!isObject(value)) return undefined;

  const map = mapSource(text);
  const fail = (key: string, message: string) => ({ problem: problemAt(pageRules.docsAnnotation, message, at(map.value(`/${key}`) ?? map.value('') ?? { line: 1, column: 1 }), `/${key}`) });
  const blockType = value['blockType'];
  if (blockType === undefined) return fail('blockType', `the annotation has no blockType; expected one of ${blockTypes.join(', ')}`);
  if (typeof blockType !== 'string' || !(blockTypes as readonly string[]).includes(blockType)) {
    return fail('blockType', `blockType ${describeValue(blockType)} is not one of ${blockTypes.join(', ')}`);
  }
  const truncated = value['truncated'];
  if (truncated !== undefined && truncated !== true && truncated !== false && truncated !== 'true' && truncated !== 'false') {
    return fail('truncated', `truncated ${describeValue(truncated)} is neither true nor false`);
  }
  const odataType = value['@odata.type'];
  if (odataType !== undefined && typeof odataType !== 'string') return fail('@odata.type', `@odata.type ${describeValue(odataType)} is not a string`);
  const name = value['name'];
  return {
    annotation: {
      blockType: blockType as BlockType,
      truncated: truncated === true || truncated === 'true',
      ...(typeof odataType === 'string' ? { odataType } : {}),
      ...(typeof name === 'string' ? { name } : {}),
    },
  };
}
