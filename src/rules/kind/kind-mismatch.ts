import { kindOfODataType, odataTypeOf } from '../../contract/kinds.js';
import { type Kind } from '../../model/kind.js';
import { rootODataType } from '../../contract/decide-kind.js';
import { describeValue } from '../../model/describe.js';
import { problemOf, type Problem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** A root @odata.type that names another kind than the one the payload is checked as. */
export const kindMismatch = {
  id: 'kind-mismatch',
  severity: 'error',
  description: 'The root @odata.type names another kind than the one the payload is checked as.',
  rationale: 'A payload checked against the wrong contract yields meaningless problems.',
  params: { expected: 'the kind the payload is checked as', found: 'the kind its @odata.type names', type: 'the @odata.type as given' },
  /** The problem of a payload whose @odata.type names another kind, or undefined. */
  check(value: unknown, kind: Kind): Problem | undefined {
    const type = rootODataType(value);
    const named = type === undefined ? undefined : kindOfODataType(type);
    if (type === undefined || named === undefined || named === kind) return undefined;
    const expectedType = odataTypeOf(kind);
    const message = `@odata.type ${describeValue(type)} names ${named}, but the payload is checked as ${kind}${expectedType === undefined ? '' : ` (${expectedType})`}`;
    return problemOf(kindMismatch, '/@odata.type', message, { expected: kind, found: named, type });
  },
} as const satisfies RuleDefinition;
