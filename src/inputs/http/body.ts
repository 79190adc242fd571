import { placePointer } from '../../json/placer.js';
import type { ApiVersion } from '../../model/api-version.js';
import type { Kind } from '../../model/kind.js';
import { lintPayload } from '../payload.js';
import type { Problem } from '../../model/problem.js';
import type { LocatedProblem } from '../../model/problem.js';
import { resourceDataShape } from '../../rules/payload/resource-data-shape.js';
import { resourceMissing } from '../../rules/payload/resource-missing.js';
import { participantsRequired } from '../../rules/schema/participants-required.js';
import { requiredProperty } from '../../rules/schema/required-property.js';
import { placed, type Place, type Position } from './position.js';

/** A JSON body checked against the contract, with its problems placed in the file it came from. */
export interface LintedBody {
  /** The kind it was checked as; null when it could not be told. */
  readonly kind: Kind | null;
  /** The parsed value; undefined when the text is not JSON. */
  readonly value: unknown;
  /** Its problems, at their positions in the file. */
  readonly problems: LocatedProblem[];
  /** Where the value (or the key) a pointer names sits in the file; the nearest enclosing value when it is absent. */
  position(pointer: string, locate?: 'value' | 'key'): Position;
}

/** What a body is checked as, and how much it may leave out. */
export interface BodyOptions {
  /** Check it as this kind; without one, its root @odata.type decides. */
  readonly kind: Kind | undefined;
  /** A truncated body (a shortened example) may omit properties, but may not contradict the schema. */
  readonly truncated: boolean;
  /** The body already parsed (by parseJson), so that it is not parsed twice. */
  readonly parsed?: { readonly value: unknown } | undefined;
  /** Problems listed before the rest are counted in one too-many-problems (none unless given). */
  readonly maxProblems?: number | undefined;
  /** Findings its validation may hold before it stops (validation-stopped); the one maxProblems gives unless given. */
  readonly ceiling?: number | undefined;
  /** The profile to check it against (beta unless given). */
  readonly apiVersion?: ApiVersion | undefined;
}

/** A JSON text parsed, or undefined when it is not JSON (lintBody then says where and why). */
export function parseJson(text: string): { readonly value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * Findings that only say something is absent, which a truncated block may be: a missing property (and
 * participants missing, not null or empty), a notification with no resource, a finished operation or a
 * roster with no resourceData. Everything that contradicts the schema is still reported.
 */
function isOmission(problem: Problem): boolean {
  switch (problem.ruleId) {
    case requiredProperty.id:
    case resourceMissing.id:
      return true;
    case participantsRequired.id:
      return problem.pointer === '';
    case resourceDataShape.id:
      return !problem.pointer.endsWith('/resourceData');
    default:
      return false;
  }
}

/**
 * A syntax error at a REST client variable written as a value (`"hidden": {{hidden}}`), said as what it is:
 * the client puts a value there when it sends the body, so the text as kept is no JSON.
 */
function variableOutsideString<T extends Problem & { readonly line: number; readonly column: number }>(problem: T, text: string): T {
  if (problem.ruleId !== 'json-syntax') return problem;
  const line = text.split(/\r\n|\r|\n/)[problem.line - 1] ?? '';
  // JSON reads the first brace as an object's and stops at the second.
  const at = line.startsWith('{{', problem.column - 2) ? problem.column - 2 : problem.column - 1;
  const variable = /^\{\{[^{}]*\}\}/.exec(line.slice(at))?.[0];
  if (variable === undefined) return problem;
  return { ...problem, column: at + 1, message: `${variable} is a REST client variable outside a string: the body is JSON only once the client puts its value there, so it cannot be checked as kept` };
}

/** Lints a JSON body as lintText does, and places its problems and values in the file through `place`. */
export function lintBody(text: string, place: Place, options: BodyOptions): LintedBody {
  const { report: linted, value } = lintPayload(text, options.kind, options.parsed, options.maxProblems, options.apiVersion, options.ceiling);
  const problems = linted.problems
    .filter((problem) => !(options.truncated && isOmission(problem)))
    .map((problem) => placed(variableOutsideString(problem, text), place));
  return {
    kind: linted.kind,
    value,
    problems,
    position(pointer, locate = 'value') {
      // A few problems of an exchange ask, each once: one pass each over a body, no map of all of it.
      return place(placePointer(text, pointer, locate));
    },
  };
}
