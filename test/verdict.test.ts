import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exitStatus, verdict, type FailReason, type Totals, type WarningLimits } from '../src/cli/verdict.js';

const none: WarningLimits = { strict: false, max: undefined };
const strict: WarningLimits = { strict: true, max: undefined };
const budget = (max: number): WarningLimits => ({ strict: false, max });

type Case = readonly [name: string, totals: Totals, limits: WarningLimits, status: 0 | 1, reason: FailReason | undefined, stderr: string];

const cases: readonly Case[] = [
  ['nothing found passes', { errors: 0, warnings: 0 }, none, 0, undefined, ''],
  ['warnings alone pass', { errors: 0, warnings: 3 }, none, 0, undefined, ''],
  ['an error fails, without a word: the report shows it', { errors: 1, warnings: 0 }, none, 1, 'errors', ''],
  ['errors come first, under --strict too', { errors: 2, warnings: 5 }, strict, 1, 'errors', ''],
  ['errors come first, beyond --max-warnings too', { errors: 1, warnings: 9 }, budget(2), 1, 'errors', ''],
  ['--strict fails one warning and says why', { errors: 0, warnings: 1 }, strict, 1, 'strict', 'graph-invite-contract: 1 warning with --strict\n'],
  ['--strict passes a run without warnings', { errors: 0, warnings: 0 }, strict, 0, undefined, ''],
  ['--max-warnings passes up to its budget', { errors: 0, warnings: 2 }, budget(2), 0, undefined, ''],
  ['--max-warnings fails beyond it and says why', { errors: 0, warnings: 3 }, budget(2), 1, 'max-warnings', 'graph-invite-contract: 3 warnings, more than --max-warnings 2\n'],
  ['--max-warnings 0 fails a single warning', { errors: 0, warnings: 1 }, budget(0), 1, 'max-warnings', 'graph-invite-contract: 1 warning, more than --max-warnings 0\n'],
  ['--strict wins over --max-warnings', { errors: 0, warnings: 1 }, { strict: true, max: 5 }, 1, 'strict', 'graph-invite-contract: 1 warning with --strict\n'],
];

test('totals and options give the exit status, and why on standard error', () => {
  for (const [name, totals, limits, status, reason, stderr] of cases) {
    let written = '';
    const judged = verdict(totals, limits);
    assert.is(exitStatus(judged, { write: (text: string) => (written += text) }), status, name);
    assert.is(judged.pass, status === 0, name);
    assert.is(judged.reason, reason, name);
    assert.is(written, stderr, name);
  }
});

test('what JUnit reads: which problems fail alone, and the warning budget', () => {
  assert.equal(verdict({ errors: 0, warnings: 1 }, none).failsAlone, ['error']);
  assert.equal(verdict({ errors: 0, warnings: 1 }, strict).failsAlone, ['error', 'warning']);
  assert.is(verdict({ errors: 0, warnings: 1 }, none).budget, undefined);
  assert.equal(verdict({ errors: 0, warnings: 3 }, budget(2)).budget, { max: 2, exceeded: true });
  assert.equal(verdict({ errors: 4, warnings: 2 }, budget(2)).budget, { max: 2, exceeded: false });
  assert.is(verdict({ errors: 0, warnings: 3 }, { strict: true, max: 2 }).budget, undefined, '--strict leaves no budget to spend');
});

test.run();
