import { createValidators, type CompiledValidator } from '../../generated/validators.js';
import { decideKind } from '../contract/decide-kind.js';
import { isKind, kinds, validatorExport, type Kind } from '../contract/kinds.js';
import type { Problem, Result } from '../model/problem.js';
import { walkingRules } from '../rules/index.js';
import { kindMismatch } from '../rules/kind/kind-mismatch.js';
import { kindUnknown } from '../rules/kind/kind-unknown.js';
import { legacyCallingFormat } from '../rules/kind/legacy-calling-format.js';
import { contractFormats } from './formats.js';
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

function result(kind: Kind | null, problems: readonly Problem[]): Result {
  let valid = true;
  for (let i = 0; i < problems.length && valid; i += 1) valid = (problems[i] as Problem).severity !== 'error';
  return { kind, valid, problems };
}

/**
 * Checks one parsed JSON payload against the contract: the kind's schema, then the rules JSON Schema
 * cannot express. Never throws for any JSON value; problems come back as data.
 */
export function validate(value: unknown, options: ValidateOptions = {}): Result {
  if (options.kind !== undefined && !isKind(options.kind)) throw new TypeError(`unknown kind ${String(options.kind)}; expected one of ${kinds.join(', ')}`);
  // The flag, else the payload's @odata.type (decideKind's order); no sources object on the common path.
  const kind = options.kind ?? decideKind({ value });
  if (kind === undefined) return result(null, [kindUnknown.explain(value)]);

  if (kind === 'comms-notifications') {
    const legacy = legacyCallingFormat.check(value);
    if (legacy !== undefined) return result(kind, [legacy]);
  }

  const problems: Problem[] = [];
  const mismatch = kindMismatch.check(value, kind);
  if (mismatch !== undefined) problems.push(mismatch);

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
