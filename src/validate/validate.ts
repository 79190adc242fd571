import { describeValue } from '../model/describe.js';
import { createValidators, type CompiledValidator } from '../../generated/validators.js';
import { contractFormats } from './formats.js';
import { isKind, kindOfODataType, kinds, odataTypeOf, validatorExport, type Kind } from '../contract/kinds.js';
import { problemOf, type Problem, type Result } from '../model/problem.js';
import { walkingRules } from '../rules/index.js';
import { kindRules } from '../rules/kind/kind-rules.js';
import { isObject } from '../model/rule.js';
import { schemaProblems } from './schema-problems.js';
import { Walker } from './walker.js';
import { append } from '../model/append.js';

/** Options of validate(). */
export interface ValidateOptions {
  /** What the payload is; without it, the root @odata.type decides. */
  readonly kind?: Kind;
}

/** The precompiled (ajv standalone) validator of each kind: nothing is compiled at run time. */
const compiled = createValidators(contractFormats);
const validators = Object.fromEntries(kinds.map((kind) => [kind, compiled[validatorExport[kind]]])) as Record<Kind, CompiledValidator>;

/**
 * Walkers not in use. A walker binds the rules' visitors once and does one pass or walk at a time; a call
 * takes an idle one, so a getter of the payload that calls validate() meanwhile gets a walker of its own.
 */
const idleWalkers: Walker[] = [];

/** Root keys of the legacy (pre-Graph, Skype bot) calling callbacks. */
const legacyKeys = ['callState', 'presentedModalityTypes', 'conversationResult', 'operationOutcome'];

function result(kind: Kind | null, problems: readonly Problem[]): Result {
  let valid = true;
  for (let i = 0; i < problems.length && valid; i += 1) valid = (problems[i] as Problem).severity !== 'error';
  return { kind, valid, problems };
}

/** How kind-unknown tells the reader to name the kind; readers that name it otherwise (pages) replace it. */
export const howToName = `name the kind (${kinds.join(', ')}): --kind on the command line, a kinds entry in the config file, or { kind } in validate()`;

function legacyKey(value: unknown): string | undefined {
  if (!isObject(value) || Object.hasOwn(value, 'value')) return undefined;
  return legacyKeys.find((key) => Object.hasOwn(value, key));
}

/** Tells the kind from the root @odata.type, or explains why it cannot. */
function detectKind(value: unknown): Kind | Problem {
  const type = isObject(value) ? value['@odata.type'] : undefined;
  if (typeof type === 'string') {
    const kind = kindOfODataType(type);
    if (kind !== undefined) return kind;
    return problemOf(kindRules.kindUnknown, '/@odata.type', `@odata.type ${describeValue(type)} is not a payload this contract knows; ${howToName}`);
  }
  const legacy = legacyKey(value);
  const what = isObject(value)
    ? legacy === undefined
      ? 'the root object has no @odata.type'
      : `the root object has no @odata.type (its ${legacy} key looks like the legacy pre-Graph calling format)`
    : `the root is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not an object`;
  return problemOf(kindRules.kindUnknown, '', `cannot tell the payload's kind: ${what}; ${howToName}`);
}

/**
 * Checks one parsed JSON payload against the contract: the kind's schema, then the rules JSON Schema
 * cannot express. Never throws for any JSON value; problems come back as data.
 */
export function validate(value: unknown, options: ValidateOptions = {}): Result {
  let kind: Kind;
  if (options.kind !== undefined) {
    if (!isKind(options.kind)) throw new TypeError(`unknown kind ${String(options.kind)}; expected one of ${kinds.join(', ')}`);
    kind = options.kind;
  } else {
    const detected = detectKind(value);
    if (typeof detected !== 'string') return result(null, [detected]);
    kind = detected;
  }

  if (kind === 'comms-notifications') {
    const legacy = legacyKey(value);
    if (legacy !== undefined) {
      return result(kind, [
        problemOf(
          kindRules.legacyCallingFormat,
          `/${legacy}`,
          `this is a callback in the legacy pre-Graph calling format (${legacy}), not Graph commsNotifications; the bot's calling webhook is still registered for the old platform`,
        ),
      ]);
    }
  }

  const problems: Problem[] = [];
  const type = isObject(value) ? value['@odata.type'] : undefined;
  if (typeof type === 'string') {
    const named = kindOfODataType(type);
    if (named !== undefined && named !== kind) {
      const expectedType = odataTypeOf(kind);
      problems.push(problemOf(kindRules.kindMismatch, '/@odata.type', `@odata.type ${describeValue(type)} names ${named}, but the payload is checked as ${kind}${expectedType === undefined ? '' : ` (${expectedType})`}`));
    }
  }

  const walker = idleWalkers.pop() ?? new Walker(walkingRules);
  try {
    // The valid path: the schema holds and the rules have run in one pass. Else what the pass's visits
    // found is dropped, and ajv's errors and a full walk say everything.
    const before = problems.length;
    if (walker.check(kind, value, problems)) return result(kind, problems);
    problems.length = before;
    const validator = validators[kind];
    if (!validator(value)) append(problems, schemaProblems(validator.errors ?? [], value, kind));
    walker.walk(kind, value, problems);
    return result(kind, problems);
  } finally {
    idleWalkers.push(walker);
  }
}
