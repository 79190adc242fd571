/**
 * The test helpers' own shortcuts give what the plain versions give: asParsed (test/arbitraries.ts) copies
 * a value as a JSON round trip does, which the property tests rely on to hand validate() parser output.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asParsed, objectFrom, payloadOf, type Json } from './arbitraries.js';
import { kinds } from '../src/model/kind.js';

/** Every own key, in order, with its value's type, and the prototype of every object: what equal() would not tell. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return { array: value.map(shape), prototype: Object.getPrototypeOf(value) === Array.prototype };
  if (value !== null && typeof value === 'object') {
    return { keys: Reflect.ownKeys(value).map((key) => [String(key), shape((value as Record<string, unknown>)[key as string])]), prototype: Object.getPrototypeOf(value) === Object.prototype };
  }
  return Object.is(value, -0) ? '-0' : value;
}

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

test('asParsed is a JSON round trip: same keys in the same order, plain prototypes, -0 as 0', () => {
  const hostile = objectFrom([['__proto__', { a: -0 }], ['constructor', [1, -0, 'x']], ['toString', null], ['2', true], ['1', 'one']]);
  assert.equal(shape(asParsed(hostile)), shape(roundTrip(hostile)));
  assert.ok(Object.hasOwn(asParsed(hostile) as object, '__proto__'), 'the __proto__ key stays own data');
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), payloadOf(...kinds).map(({ payload }) => payload)), (value) => {
      const copy = asParsed(value as Json);
      assert.equal(shape(copy), shape(roundTrip(value)));
      if (value !== null && typeof value === 'object') assert.ok(copy !== value, 'a copy, not the value itself');
    }),
    { seed: 0x7e57, numRuns: 200 },
  );
});

test.run();
