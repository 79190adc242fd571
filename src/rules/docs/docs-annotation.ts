import { scanSourceCapped } from '../../json/scanner.js';
import { placePointer } from '../../json/placer.js';
import { describeValue } from '../../model/describe.js';
import { problemAt, type LocatedProblem, type ProblemParams } from '../../model/problem.js';
import type { JsonObject, RuleDefinition } from '../../model/rule.js';

/** The block types this tool reads; resource blocks describe a type, not a payload, and are skipped like ignored ones. */
export const blockTypes = ['request', 'response', 'example', 'ignored', 'resource'] as const;

/** What went wrong with an annotation. */
type Reason = 'not-json' | 'block-type-missing' | 'block-type-unknown' | 'truncated-not-boolean' | 'odata-type-not-string';

/** The value found, when a report can carry it as it is: objects and arrays are left out (a page may hold anything). */
function found(value: unknown): ProblemParams {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? { found: value } : {};
}

/**
 * The JSON annotation of a code block (in the HTML comment before it) that cannot be read. Positions are
 * in the annotation's own text; the page reader places them in the page.
 */
export const docsAnnotation = {
  id: 'docs-annotation',
  severity: 'error',
  description: 'The JSON annotation in the HTML comment before a code block is not valid JSON, or its blockType, truncated or @odata.type is missing where required or of the wrong form.',
  rationale: 'The annotation says what the block is; a block whose annotation cannot be read is not checked at all.',
  params: {
    reason: `not-json (the annotation does not parse), block-type-missing, block-type-unknown (not one of ${blockTypes.join(', ')}), truncated-not-boolean (neither true nor false, as a boolean or a string) or odata-type-not-string`,
    found: 'the blockType, truncated or @odata.type found, when it is a string, number, boolean or null (absent for not-json, block-type-missing, and an object or an array)',
  },
  /** The problem of an annotation text that JSON.parse refused, at the scanner's first syntax error. */
  checkSyntax(text: string): LocatedProblem {
    // Duplicate keys and lossy numbers before the error are counted, not made: only the error is wanted.
    const issue = scanSourceCapped(text, { maxIssues: 0 }).issues.find((each) => each.kind === 'syntax');
    const position = issue === undefined ? { line: 1, column: 1 } : issue.position;
    return problemAt(docsAnnotation, `the annotation is not valid JSON: ${issue?.message ?? 'it does not parse'}`, position, '', { reason: 'not-json' });
  },
  /** The problem of an annotation object whose blockType, truncated or @odata.type cannot be read, at that value; undefined when all can. */
  checkFields(annotation: JsonObject, text: string): LocatedProblem | undefined {
    const fail = (key: string, reason: Reason, message: string, value?: unknown): LocatedProblem => {
      // The value of the key, else the annotation's own value, else the start of its text.
      return problemAt(docsAnnotation, message, placePointer(text, `/${key}`), `/${key}`, { reason, ...found(value) });
    };
    const blockType = annotation['blockType'];
    if (blockType === undefined) return fail('blockType', 'block-type-missing', `the annotation has no blockType; expected one of ${blockTypes.join(', ')}`);
    if (typeof blockType !== 'string' || !(blockTypes as readonly string[]).includes(blockType)) {
      return fail('blockType', 'block-type-unknown', `blockType ${describeValue(blockType)} is not one of ${blockTypes.join(', ')}`, blockType);
    }
    const truncated = annotation['truncated'];
    if (truncated !== undefined && truncated !== true && truncated !== false && truncated !== 'true' && truncated !== 'false') {
      return fail('truncated', 'truncated-not-boolean', `truncated ${describeValue(truncated)} is neither true nor false`, truncated);
    }
    const odataType = annotation['@odata.type'];
    if (odataType !== undefined && typeof odataType !== 'string') return fail('@odata.type', 'odata-type-not-string', `@odata.type ${describeValue(odataType)} is not a string`, odataType);
    return undefined;
  },
} as const satisfies RuleDefinition;
