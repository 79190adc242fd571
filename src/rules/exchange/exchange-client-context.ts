import { describeValue } from '../../model/describe.js';
import { childPointer, resolvePointer } from '../../model/pointer.js';
import type { LocatedProblem } from '../../model/problem.js';
import { isObject, type RuleDefinition } from '../../model/rule.js';
import { problemIn, type PayloadPart } from './payload-part.js';

const holders = { response: 'the response', operation: 'the operation in this notification' } as const;

/** The response, and every operation a notification carries, echo the request's clientContext. */
export const exchangeClientContext = {
  id: 'exchange-client-context',
  severity: 'error',
  description: 'The response, or an operation a notification carries, whose clientContext is not the request\'s: another value, null, or none at all where the payload is not truncated.',
  rationale: 'clientContext is how a bot matches what it hears back with what it asked for; a different value is another invite.',
  params: {
    expected: "the request's clientContext",
    found: 'the clientContext found, when it is a string or null (absent when there is none, or when it is another JSON value)',
  },
  /**
   * The problem of the object at a pointer of a payload (the response, or an operation a notification carries)
   * whose clientContext is not the expected one. A truncated payload may leave properties out: leaving
   * clientContext out is not contradicting it.
   */
  check(expected: string, part: PayloadPart, pointer: string, truncated: boolean, holder: keyof typeof holders): LocatedProblem | undefined {
    const object = resolvePointer(part.value, pointer);
    if (!isObject(object)) return undefined;
    if (!Object.hasOwn(object, 'clientContext')) {
      if (truncated) return undefined;
      return problemIn(part, exchangeClientContext, pointer, `${holders[holder]} has no clientContext; the request's is ${describeValue(expected)}`, { expected });
    }
    const found = object['clientContext'];
    if (found === expected) return undefined;
    const params = typeof found === 'string' || found === null ? { expected, found } : { expected };
    return problemIn(part, exchangeClientContext, childPointer(pointer, 'clientContext'), `clientContext ${describeValue(found)} is not the request's ${describeValue(expected)}`, params);
  },
} as const satisfies RuleDefinition;
