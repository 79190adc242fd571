/**
 * Rule settings: a map of rule id to "off", "warning" or "error", applied once to the problems a source
 * gave (re-levelled, or dropped when off). validate(), lint(), lintExchange(), the guards and the CLI
 * (every thread) all go through applyRuleSettings or settleProblems, so a setting means one thing.
 */
import { fileEmpty } from '../rules/file/file-empty.js';
import { fileEncoding } from '../rules/file/file-encoding.js';
import { fileTooLarge } from '../rules/file/file-too-large.js';
import { fileUnreadable } from '../rules/file/file-unreadable.js';
import { jsonSyntax } from '../rules/file/json-syntax.js';
import { nestingTooDeep } from '../rules/file/nesting-too-deep.js';
import { tooManyProblems } from '../rules/file/too-many-problems.js';
import { validationStopped } from '../rules/file/validation-stopped.js';
import { kindUnknown } from '../rules/kind/kind-unknown.js';
import { legacyCallingFormat } from '../rules/kind/legacy-calling-format.js';
import { httpSyntax } from '../rules/http/http-syntax.js';
import { docsAnnotation } from '../rules/docs/docs-annotation.js';
import { rules } from '../rules/index.js';
import type { LocatedProblem, Problem, Result, Severity } from '../model/problem.js';

/** What a rule can be set to. */
export type RuleSetting = 'off' | Severity;

/** Rule ids mapped to settings; a rule left out keeps its own severity. */
export type RuleSettings = Readonly<Record<string, RuleSetting>>;

/** Every setting, in the order messages list them. */
export const ruleSettingValues: readonly RuleSetting[] = ['off', 'warning', 'error'];

const ruleIds: ReadonlySet<string> = new Set(rules.map((rule) => rule.id));

/**
 * Rules that stay errors: each says that a file, or a part of it, was not checked at all (not read, not
 * JSON, of no kind, not an HTTP message, a block whose annotation cannot be read). Turned off or down, a
 * run would pass a file it never checked. too-many-problems takes no setting at all: its severity is that
 * of the worst problem it counts, which keeps the exit status the one the whole list gives.
 */
export const fixedRules: ReadonlySet<string> = new Set([
  fileUnreadable.id,
  fileTooLarge.id,
  fileEncoding.id,
  fileEmpty.id,
  jsonSyntax.id,
  nestingTooDeep.id,
  tooManyProblems.id,
  validationStopped.id,
  kindUnknown.id,
  legacyCallingFormat.id,
  httpSyntax.id,
  docsAnnotation.id,
]);

/** Levenshtein distance, bounded: past `limit` the exact value does not matter. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The nearest of some names to a misspelt one (edits: a third of its length at most, at least 2), if any. */
export function nearestName(name: string, names: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  const lower = name.toLowerCase();
  for (const candidate of names) {
    // A name cut short (warn for warning) is as near as one letter off.
    const distance = lower.length >= 3 && candidate.startsWith(lower) ? 1 : editDistance(lower, candidate, limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** A name as a message shows it: quoted, and cut short when long. */
function shown(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}

/** What is wrong with one setting, as words that follow its place (rules["id"] ...), or undefined when it can be taken. */
export function ruleSettingFault(id: string, setting: unknown): string | undefined {
  if (!ruleIds.has(id)) {
    const near = nearestName(id, ruleIds);
    return `is not a rule${near === undefined ? '' : `; did you mean "${near}"?`} (graph-invite-contract rules lists them)`;
  }
  if (typeof setting !== 'string' || !(ruleSettingValues as readonly string[]).includes(setting)) {
    const what = typeof setting === 'string' ? shown(setting) : setting === null ? 'null' : `a ${Array.isArray(setting) ? 'array' : typeof setting}`;
    const near = typeof setting === 'string' ? nearestName(setting, ruleSettingValues) : undefined;
    return `is ${what}, not "off", "warning" or "error"${near === undefined ? '' : `; did you mean "${near}"?`}`;
  }
  if (id === tooManyProblems.id) return `takes no setting: too-many-problems is an error when a problem it counts is one, else a warning (--max-problems sets how many are listed)`;
  if (fixedRules.has(id) && setting !== 'error') return `cannot be "${setting}": ${id} reports a file (or a part) that was not checked, and the run would pass it (use "ignore" to skip files)`;
  return undefined;
}

/**
 * Reads rule settings: an object of rule ids to settings, copied into a frozen record with no prototype.
 * fail is called with the place of the first thing wrong (place, place["id"]) and why, words that
 * follow the place; it throws.
 * Only own, plain-valued keys are read: a getter or a Proxy trap never runs twice, and one that throws is
 * reported, not passed on.
 */
export function readRuleSettings(value: unknown, place: string, fail: (place: string, why: string) => never): RuleSettings {
  const settings = Object.create(null) as Record<string, RuleSetting>;
  let keys: Array<string | symbol> = [];
  let notAMap: string | undefined;
  try {
    const prototype = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.getPrototypeOf(value) : undefined;
    if (prototype !== Object.prototype && prototype !== null) {
      notAMap = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object of a class' : `a ${typeof value}`;
    } else {
      keys = Reflect.ownKeys(value as object);
    }
  } catch {
    return fail(place, 'cannot be read: a Proxy trap threw');
  }
  // Outside the try: fail throws, and its error is not a trap's.
  if (notAMap !== undefined) return fail(place, `must map rule ids to "off", "warning" or "error", not ${notAMap}`);
  for (const key of keys) {
    if (typeof key !== 'string') return fail(place, 'has a key that is a symbol');
    const at = `${place}[${shown(key)}]`;
    let descriptor: PropertyDescriptor | undefined;
    try {
      descriptor = Reflect.getOwnPropertyDescriptor(value as object, key);
    } catch {
      return fail(at, 'cannot be read: a Proxy trap threw');
    }
    if (descriptor === undefined || !descriptor.enumerable) continue;
    if (!('value' in descriptor)) return fail(at, 'is a getter; give it as a plain value');
    const fault = ruleSettingFault(key, descriptor.value);
    if (fault !== undefined) return fail(at, fault);
    settings[key] = descriptor.value as RuleSetting;
  }
  return Object.freeze(settings);
}

/** True when settings change nothing: none given, or an empty map. */
export function noSettings(settings: RuleSettings | undefined): settings is undefined {
  if (settings === undefined) return true;
  for (const _ in settings) return false;
  return true;
}

/** The problems with the settings applied: a rule set off drops its problems, the others take the severity set. Order is kept. */
export function applyRuleSettings<P extends Problem>(problems: readonly P[], settings: RuleSettings | undefined): P[] {
  if (noSettings(settings)) return [...problems];
  const kept: P[] = [];
  for (const problem of problems) {
    const setting = Object.hasOwn(settings, problem.ruleId) ? settings[problem.ruleId] : undefined;
    if (setting === undefined || setting === problem.severity || problem.ruleId === tooManyProblems.id) kept.push(problem);
    else if (setting !== 'off') kept.push({ ...problem, severity: setting });
  }
  return kept;
}

/**
 * A source's problems, found with no cap, settled: the settings applied, then cut to maxProblems, so that
 * too-many-problems counts only what the settings keep, at the severities they give.
 */
export function settleProblems(problems: readonly LocatedProblem[], settings: RuleSettings | undefined, maxProblems: number): LocatedProblem[] {
  return tooManyProblems.cap(applyRuleSettings(problems, settings), maxProblems);
}

/** A result of validate() with the settings applied; valid follows the severities they give. */
export function settleResult(result: Result, settings: RuleSettings | undefined): Result {
  if (noSettings(settings)) return result;
  const problems = applyRuleSettings(result.problems, settings);
  return { kind: result.kind, valid: problems.every((problem) => problem.severity !== 'error'), problems };
}

/** The severity a rule has under settings, and whether they set it. */
export function effectiveSeverity(rule: { readonly id: string; readonly severity: Severity }, settings: RuleSettings | undefined): RuleSetting {
  return settings !== undefined && Object.hasOwn(settings, rule.id) ? (settings[rule.id] as RuleSetting) : rule.severity;
}
