import { createValidators, type CompiledValidator } from '../../generated/validators.js';
import { decideKind } from '../contract/decide-kind.js';
import { validatorExport } from '../contract/kinds.js';
import { apiVersionNamed, apiVersions, defaultApiVersion, type ApiVersion } from '../model/api-version.js';
import { kindNamed, kinds, type Kind } from '../model/kind.js';
import type { Problem, Result } from '../model/problem.js';
import { walkingRules } from '../rules/index.js';
import { kindMismatch } from '../rules/kind/kind-mismatch.js';
import { kindUnknown } from '../rules/kind/kind-unknown.js';
import { legacyCallingFormat } from '../rules/kind/legacy-calling-format.js';
import { contractFormats } from './formats.js';
import { schemaProblems } from './schema-problems.js';
import { Walker } from './walker.js';
import { CeilingReached, findingsBudget } from './findings-budget.js';
import { validationStopped } from '../rules/file/validation-stopped.js';
import { append } from '../model/append.js';
import { readRuleSettings, settleResult, type RuleSettings } from './rule-settings.js';

/** Options of validate(). */
export interface ValidateOptions {
  /** What the payload is; without it, the root @odata.type decides. */
  readonly kind?: Kind;
  /** The profile to check against: beta (the default) or v1.0, under which beta-only content is reported. */
  readonly apiVersion?: ApiVersion | undefined;
  /** Rule ids mapped to "off", "warning" or "error": problems are re-levelled or dropped, and valid follows. */
  readonly rules?: RuleSettings | undefined;
}

/** validate()'s options once checked. */
export interface CheckedValidateOptions {
  readonly kind: Kind | undefined;
  readonly apiVersion: ApiVersion;
  /** Undefined when none are given. */
  readonly rules?: RuleSettings | undefined;
}

/** What an argument is, for an error message: its type only, so no caller code (a getter, a trap) runs. */
export function describeArgument(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 40 ? `the string ${JSON.stringify(value.slice(0, 40))}…` : `the string ${JSON.stringify(value)}`;
  if (typeof value !== 'object') return `${typeof value === 'undefined' ? '' : /^[aeiou]/.test(typeof value) ? 'an ' : 'a '}${typeof value}`;
  try {
    return Array.isArray(value) ? 'an array' : 'an object';
  } catch {
    return 'a revoked Proxy';
  }
}

/**
 * The own properties of an options (or request) object, read once as plain values into a fresh record.
 * Anything else is a TypeError that names the argument (where, such as "validate: options"): a value
 * that is not a plain object, an unknown key (a misspelt option would otherwise be ignored), a getter,
 * a Proxy whose trap throws. Inherited keys would be ignored silently, so only plain objects are taken.
 */
export function readOptions(where: string, value: unknown, known: readonly string[]): Readonly<Record<string, unknown>> {
  const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let fault: string | undefined;
  try {
    const prototype = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.getPrototypeOf(value) : undefined;
    if (prototype !== Object.prototype && prototype !== null) fault = `must be a plain object, not ${describeArgument(value)}`;
    else {
      for (const key of Reflect.ownKeys(value as object)) {
        const descriptor = Reflect.getOwnPropertyDescriptor(value as object, key);
        if (descriptor === undefined) continue;
        if (typeof key !== 'string' || !known.includes(key)) fault = `has an unknown key ${typeof key === 'string' ? JSON.stringify(key.slice(0, 40)) : 'that is a symbol'}; the keys are ${known.join(', ')}`;
        else if (!('value' in descriptor)) fault = `has ${key} as a getter; give it as a plain value`;
        else record[key] = descriptor.value;
        if (fault !== undefined) break;
      }
    }
  } catch {
    fault = 'cannot be read: a Proxy trap threw';
  }
  if (fault !== undefined) throw new TypeError(`${where} ${fault}`);
  return record;
}

const validateOptionKeys = ['kind', 'apiVersion', 'rules'];

/**
 * Object.prototype.hasOwnProperty as a constant of this module: inside a for-in over the same object the
 * engine answers it from the loop's key cache, with no call (src/validate/walker.ts says more).
 */
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** True when an object has enumerable keys, and each is its own kind or apiVersion (told without building a key list). */
function onlyOwnOptionKeys(options: object): boolean {
  let seen = false;
  for (const key in options) {
    if ((key !== 'kind' && key !== 'apiVersion') || !hasOwnProperty.call(options, key)) return false;
    seen = true;
  }
  return seen;
}

/** Every checked options object there can be, made once: the hot path hands them out without allocating. */
const checkedOptions = new Map<Kind | undefined, ReadonlyMap<ApiVersion, CheckedValidateOptions>>(
  [undefined, ...kinds].map((kind) => [kind, new Map(apiVersions.map((apiVersion) => [apiVersion, Object.freeze({ kind, apiVersion })]))]),
);

function checkedOf(kind: Kind | undefined, apiVersion: ApiVersion): CheckedValidateOptions {
  return checkedOptions.get(kind)?.get(apiVersion) ?? { kind, apiVersion };
}

/** The kind validate()'s options (or another function's, named by where) name, if any; a TypeError for options it cannot take. */
export function kindOption(options: unknown, where = 'validate: options'): Kind | undefined {
  return validateOptions(options, where).kind;
}

/** The kind an option holds, or a TypeError naming it (where.kind). */
function checkKind(kind: unknown, where: string): Kind | undefined {
  if (kind === undefined) return undefined;
  const named = kindNamed(kind);
  if (named === undefined) throw new TypeError(`${where}.kind must be one of ${kinds.join(', ')}, not ${describeArgument(kind)}`);
  return named;
}

/** The API version an option holds (the default when undefined), or a TypeError naming it (where.apiVersion). */
export function checkApiVersion(version: unknown, where: string): ApiVersion {
  if (version === undefined) return defaultApiVersion;
  const named = apiVersionNamed(version);
  if (named === undefined) throw new TypeError(`${where}.apiVersion must be one of ${apiVersions.join(', ')}, not ${describeArgument(version)}`);
  return named;
}

/** validate()'s options (or another function's, named by where) checked: a TypeError for options it cannot take. */
export function validateOptions(options: unknown, where = 'validate: options'): CheckedValidateOptions {
  if (options === undefined) return checkedOf(undefined, defaultApiVersion);
  // The common call, validate(value, { kind }), is on the hot path (a property descriptor per call costs
  // several percent of a clean validation): an ordinary object whose enumerable keys are its own kind
  // and apiVersion, holding good values, is taken as it is. Anything else, or any throw (a Proxy trap, a
  // getter), takes the full check, which names what is wrong.
  try {
    if (Object.getPrototypeOf(options) === Object.prototype && onlyOwnOptionKeys(options as object)) {
      const { kind, apiVersion } = options as { readonly kind?: unknown; readonly apiVersion?: unknown };
      const namedKind = kind === undefined ? undefined : kindNamed(kind);
      const namedVersion = apiVersion === undefined ? defaultApiVersion : apiVersionNamed(apiVersion);
      if ((kind === undefined || namedKind !== undefined) && namedVersion !== undefined) return checkedOf(namedKind, namedVersion);
    }
  } catch {
    // Reported below.
  }
  const { kind, apiVersion, rules } = readOptions(where, options, validateOptionKeys);
  const checked = checkedOf(checkKind(kind, where), checkApiVersion(apiVersion, where));
  return rules === undefined ? checked : { ...checked, rules: checkRuleSettings(rules, `${where}.rules`) };
}

/** Rule settings a caller gave, copied and checked: a TypeError names the place (where["id"]) and what is wrong. */
export function checkRuleSettings(rules: unknown, where: string): RuleSettings {
  return readRuleSettings(rules, where, (place, why) => {
    throw new TypeError(`${place} ${why}`);
  });
}

/** The precompiled (ajv standalone) validator of each kind: nothing is compiled at run time. */
const compiled = createValidators(contractFormats, findingsBudget);
const validators = Object.fromEntries(kinds.map((kind) => [kind, compiled[validatorExport[kind]]])) as Record<Kind, CompiledValidator>;

/**
 * Walkers not in use. A walker binds the rules' visitors once and does one pass or walk at a time; a call
 * takes an idle one, so a getter of the payload that calls validate() meanwhile gets a walker of its own.
 */
const idleWalkers: Walker[] = [];

function result(kind: Kind | null, problems: readonly Problem[]): Result {
  let valid = true;
  for (let i = 0; i < problems.length && valid; i += 1) valid = (problems[i] as Problem).severity !== 'error';
  return { kind, valid, problems };
}

/**
 * Checks one parsed JSON payload against the contract: the kind's schema, then the rules JSON Schema
 * cannot express. Never throws for any JSON value; problems come back as data.
 *
 * @throws {TypeError} when options is not undefined or a plain object whose keys are kind, apiVersion and
 * rules, or when options.kind is not one of the kinds, options.apiVersion not one of the API versions or
 * options.rules not a map of rule ids to "off", "warning" or "error"; the message names the option and
 * what it must be.
 */
export function validate(value: unknown, options?: ValidateOptions): Result {
  const checked = validateOptions(options);
  return settleResult(validateAs(value, checked.kind, checked.apiVersion), checked.rules);
}

/**
 * validate() with options known good, for the stages after this one: reading an options object's keys
 * on every payload of a run cost a few percent of a clean validation.
 */
export function validateAs(value: unknown, given: Kind | undefined, apiVersion: ApiVersion, ceiling = Number.POSITIVE_INFINITY): Result {
  // The flag, else the payload's @odata.type (decideKind's order); no sources object on the common path.
  const kind = given ?? decideKind({ value });
  if (kind === undefined) return result(null, [kindUnknown.explain(value)]);

  if (kind === 'comms-notifications') {
    const legacy = legacyCallingFormat.check(value);
    if (legacy !== undefined) return result(kind, [legacy]);
  }

  const problems: Problem[] = [];
  const mismatch = kindMismatch.check(value, kind);
  if (mismatch !== undefined) problems.push(mismatch);

  const walker = idleWalkers.pop() ?? new Walker(walkingRules);
  // A getter of the payload may call validate() meanwhile: the budget it finds is given back after.
  const { held, ceiling: outerCeiling } = findingsBudget;
  findingsBudget.held = 0;
  findingsBudget.ceiling = ceiling;
  try {
    // The valid path: the schema holds and the rules have run in one pass. Else what the pass's visits
    // found is dropped, and ajv's errors and a full walk say everything.
    const before = problems.length;
    if (walker.check(kind, value, problems, apiVersion)) return result(kind, problems);
    problems.length = before;
    findingsBudget.held = 0;
    const validator = validators[kind];
    if (!validator(value)) {
      append(problems, schemaProblems(validator.errors ?? [], value, kind));
      // Not kept until the validator's next call, which may be many files later: they can be many.
      validator.errors = null;
    }
    walker.walk(kind, value, problems, apiVersion);
    return result(kind, problems);
  } catch (error) {
    if (!(error instanceof CeilingReached)) throw error;
    // What was found is let go: the one problem stands for it, beside the kind's mismatch, found before.
    const stopped = validationStopped.at(error.pointer, ceiling);
    return result(kind, mismatch === undefined ? [stopped] : [mismatch, stopped]);
  } finally {
    findingsBudget.held = held;
    findingsBudget.ceiling = outerCeiling;
    idleWalkers.push(walker);
  }
}
