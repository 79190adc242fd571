import { parseHttpMessage } from '../inputs/http/message.js';
import { lintDecoded, type SourceType } from '../lint/lint.js';
import type { ApiVersion } from '../model/api-version.js';
import type { Kind } from '../model/kind.js';
import type { LocatedProblem } from '../model/problem.js';
import type { RuleFix, TextEdit } from '../model/rule.js';
import type { RuleSettings } from '../validate/rule-settings.js';
import { rules } from '../rules/index.js';
import { CR, LF } from '../json/chars.js';

/** How a text is linted to find what to fix: as the run lints it. */
export interface FixRequest {
  readonly type: SourceType;
  readonly kind?: Kind | undefined;
  /** The kind assumed when neither kind nor the payload's @odata.type names one (the lint's fallbackKind). */
  readonly fallbackKind?: Kind | undefined;
  readonly apiVersion?: ApiVersion | undefined;
  /** The file's rule settings: a rule turned off is not reported, and so not fixed either. */
  readonly rules?: RuleSettings | undefined;
}

/** A text after its certain fixes. */
export interface FixedText {
  readonly text: string;
  /** Fixes made, by rule id, in the order of the rules list. */
  readonly fixes: Readonly<Record<string, number>>;
  /** Fixes were still to be made when the passes ran out: the text is fixed only in part. */
  readonly unsettled: boolean;
}

/** A fix can make another problem fixable (a body's edit changes its Content-Length): passes run until none has more to do. */
export const maxPasses = 10;

const fixes: ReadonlyMap<string, RuleFix> = new Map(rules.flatMap((rule) => (rule.fix === undefined ? [] : [[rule.id, rule.fix.edit] as const])));

/** The ids of the rules that have a certain fix, in the order of the rules list. */
export const fixableRuleIds: readonly string[] = [...fixes.keys()];

/** Offsets where each line starts: CRLF, a lone CR and a lone LF each end one, as positions count them. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) starts.push(i + 1);
  }
  return starts;
}

/** Where the JSON a problem belongs to starts: the payload file, or the body of an HTTP message. */
function jsonStartOf(text: string, type: SourceType, starts: readonly number[]): number | undefined {
  if (type === 'payload') return 0;
  if (type !== 'http') return undefined;
  const parsed = parseHttpMessage(text);
  if ('error' in parsed || parsed.message.body === undefined) return undefined;
  return starts[parsed.message.body.line - 1];
}

/** An edit and the rule that made it. */
interface RuleEdit extends TextEdit {
  readonly ruleId: string;
}

/** The edits of one pass, in the problems' order; an edit that overlaps one kept before it waits for the next pass. */
function editsOf(text: string, type: SourceType, problems: readonly LocatedProblem[]): RuleEdit[] {
  const starts = lineStarts(text);
  let jsonStart: number | undefined | null = null;
  const kept: RuleEdit[] = [];
  for (const problem of problems) {
    const fix = fixes.get(problem.ruleId);
    const lineStart = starts[problem.line - 1];
    if (fix === undefined || lineStart === undefined) continue;
    if (jsonStart === null) jsonStart = jsonStartOf(text, type, starts);
    const edit = fix(problem, { text, offset: lineStart + problem.column - 1, jsonStart });
    if (edit === undefined || text.slice(edit.start, edit.end) === edit.text) continue;
    if (kept.some((other) => edit.start < other.end && other.start < edit.end)) continue;
    kept.push({ ...edit, ruleId: problem.ruleId });
  }
  return kept;
}

/** The text with the edits made, from the end backwards so that each edit's offsets still hold. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/**
 * Makes every certain fix of a text (decoded, without its BOM): lints it, applies the fixes of the
 * problems found, and lints again until nothing is left to fix or the passes run out. Pages are not
 * fixed (a block's text sits in the page indented or quoted; its fixes would need that mapping).
 */
export function fixText(text: string, request: FixRequest): FixedText {
  const counts = new Map<string, number>();
  let current = text;
  let unsettled = false;
  if (request.type !== 'page') {
    for (let pass = 0; ; pass += 1) {
      const { problems } = lintDecoded({ text: current }, { type: request.type, kind: request.kind, fallbackKind: request.fallbackKind, maxProblems: Infinity, apiVersion: request.apiVersion, rules: request.rules });
      const edits = editsOf(current, request.type, problems);
      if (edits.length === 0) break;
      if (pass === maxPasses) {
        unsettled = true;
        break;
      }
      current = applyEdits(current, edits);
      for (const edit of edits) counts.set(edit.ruleId, (counts.get(edit.ruleId) ?? 0) + 1);
    }
  }
  const ordered: Record<string, number> = {};
  for (const id of fixableRuleIds) {
    const count = counts.get(id);
    if (count !== undefined) ordered[id] = count;
  }
  return { text: current, fixes: ordered, unsettled };
}
