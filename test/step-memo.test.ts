/**
 * The generator's kept step results (scripts/step-memo.ts): a step runs once per input, the latest few
 * inputs are kept, and a failure is never kept.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { remembered } from '../scripts/step-memo.js';

test('a step runs once for an input and again for another', () => {
  const runs: string[] = [];
  const step = (input: string): string => remembered('test: once', input, () => (runs.push(input), `result of ${input}`));
  assert.is(step('a'), 'result of a');
  assert.is(step('a'), 'result of a');
  assert.is(step('b'), 'result of b');
  assert.is(step('a'), 'result of a');
  assert.equal(runs, ['a', 'b']);
  // Steps are kept apart: the same input of another step is that step's own.
  assert.is(remembered('test: other step', 'a', () => 'other'), 'other');
});

test('the four latest inputs are kept; the one used least lately goes first', () => {
  const runs: string[] = [];
  const step = (input: string): string => remembered('test: bound', input, () => (runs.push(input), input));
  for (const input of ['1', '2', '3', '4']) step(input);
  step('1');
  step('5');
  // 2 was the least lately used: it is computed again, 1 is not.
  step('1');
  step('2');
  assert.equal(runs, ['1', '2', '3', '4', '5', '2']);
});

test('a rejected step is not kept: the next call runs it again', async () => {
  let calls = 0;
  const step = (): Promise<string> =>
    remembered('test: failure', 'input', () => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('first call fails')) : Promise.resolve('second call');
    });
  await step().then(
    () => assert.unreachable('the first call resolved'),
    (error: unknown) => assert.match(String(error), 'first call fails'),
  );
  assert.is(await step(), 'second call');
  assert.is(await step(), 'second call');
  assert.is(calls, 2);
});

test('a rejection that comes after its input was dropped and computed again leaves the new result kept', async () => {
  let reject: (error: Error) => void = () => undefined;
  let calls = 0;
  const step = (input: string): Promise<string> =>
    remembered('test: late failure', input, () => {
      calls += 1;
      return input === 'a' && calls === 1 ? new Promise<string>((_, no) => (reject = no)) : Promise.resolve(`${input} ${calls}`);
    });
  const first = step('a');
  // Four other inputs drop 'a'; computed again, it resolves.
  for (const input of ['b', 'c', 'd', 'e']) await step(input);
  assert.is(await step('a'), 'a 6');
  reject(new Error('the first computation failed late'));
  await first.then(() => assert.unreachable('resolved'), () => undefined);
  assert.is(await step('a'), 'a 6');
  assert.is(calls, 6);
});

test.run();
