import { kinds } from '../../model/kind.js';
import { rootODataType } from '../../contract/decide-kind.js';
import { describeValue, jsonType } from '../../model/describe.js';
import { problemOf, type Problem } from '../../model/problem.js';
import { isObject, type RuleDefinition } from '../../model/rule.js';
import { legacyKey } from './legacy-calling-format.js';

/** How kind-unknown tells the reader to name the kind; readers that name it otherwise (pages) replace it. */
export const howToName = `name the kind (${kinds.join(', ')}): --kind on the command line, a kinds entry in the config file, or { kind } in validate()`;

/** A payload no source names the kind of. */
export const kindUnknown = {
  id: 'kind-unknown',
  severity: 'error',
  description: 'The payload\'s kind cannot be told: no kind was given and the root @odata.type names none.',
  rationale: 'A payload is never checked against a schema guessed from its shape; name the kind instead.',
  params: {
    reason: 'unknown-type (an @odata.type of no kind), no-type (an object without one), legacy (no type, and a legacy calling key) or not-object',
    found: 'the @odata.type, the legacy key, or the JSON type of a root that is not an object',
  },
  /** Why nothing names the kind of a payload (src/contract/decide-kind.ts decided it names none). */
  explain(value: unknown): Problem {
    const type = rootODataType(value);
    if (type !== undefined) {
      return problemOf(kindUnknown, '/@odata.type', `@odata.type ${describeValue(type)} is not a payload this contract knows; ${howToName}`, { reason: 'unknown-type', found: type });
    }
    if (!isObject(value)) {
      const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
      return problemOf(kindUnknown, '', `cannot tell the payload's kind: the root is ${what}, not an object; ${howToName}`, { reason: 'not-object', found: jsonType(value) });
    }
    const legacy = legacyKey(value);
    if (legacy !== undefined) {
      const what = `the root object has no @odata.type (its ${legacy} key looks like the legacy pre-Graph calling format)`;
      return problemOf(kindUnknown, '', `cannot tell the payload's kind: ${what}; ${howToName}`, { reason: 'legacy', found: legacy });
    }
    return problemOf(kindUnknown, '', `cannot tell the payload's kind: the root object has no @odata.type; ${howToName}`, { reason: 'no-type', found: null });
  },
} as const satisfies RuleDefinition;
