import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { memoize } from '../src/model/memo.js';

test('memoize computes each string once while it is remembered', () => {
  const calls: string[] = [];
  const length = memoize((key: string) => {
    calls.push(key);
    return key.length;
  });
  assert.is(length('abc'), 3);
  assert.is(length('abc'), 3);
  assert.is(length('de'), 2);
  assert.equal(calls, ['abc', 'de']);
});

test('memoize forgets past its limit, so distinct strings cannot grow it without end', () => {
  const calls: string[] = [];
  const upper = memoize((key: string) => {
    calls.push(key);
    return key.toUpperCase();
  }, 3);
  for (const key of ['a', 'b', 'c']) upper(key);
  upper('a');
  assert.is(calls.length, 3, 'remembered while under the limit');
  upper('d'); // the fourth string starts the memory over
  upper('a');
  assert.equal(calls, ['a', 'b', 'c', 'd', 'a']);
  assert.is(upper('d'), 'D');
  assert.is(calls.length, 5, 'd is remembered after the reset');
});

test('memoize computes long strings each time instead of keeping them', () => {
  const calls: string[] = [];
  const length = memoize(
    (key: string) => {
      calls.push(key);
      return key.length;
    },
    10,
    4,
  );
  length('abcd');
  length('abcd');
  length('abcde');
  length('abcde');
  assert.equal(calls, ['abcd', 'abcde', 'abcde']);
  assert.is(length('abcde'), 5);
});

test.run();
