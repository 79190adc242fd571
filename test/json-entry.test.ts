import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { jsonStream, problemText } from '../src/cli/formatters/json.js';
import { fileText } from '../src/cli/formatters/types.js';
import type { LocatedProblem } from '../src/model/problem.js';
import type { FileReport } from '../src/model/report.js';

// The oracle: the document as JSON.stringify writes it, which the field-by-field text must equal.
const entry = (problem: LocatedProblem): unknown => ({
  ruleId: problem.ruleId,
  severity: problem.severity,
  message: problem.message,
  pointer: problem.pointer,
  line: problem.line,
  column: problem.column,
  params: problem.params,
});
const oracle = (problem: LocatedProblem): string => JSON.stringify(entry(problem), null, 2).replace(/\n/g, `\n${'  '.repeat(4)}`);

const params = fc.oneof(
  fc.constant(Object.freeze({})),
  fc.constant(Object.create(null) as Record<string, unknown>),
  fc.dictionary(fc.string(), fc.jsonValue()),
  fc.dictionary(fc.string(), fc.oneof(fc.constant(undefined), fc.string())),
);
const problem = fc.record({
  ruleId: fc.string(),
  severity: fc.constantFrom('error', 'warning'),
  message: fc.string({ unit: 'binary' }),
  pointer: fc.string(),
  line: fc.nat(),
  column: fc.nat(),
  params,
}) as fc.Arbitrary<LocatedProblem>;

test('a problem written field by field is the text JSON.stringify gives', () => {
  fc.assert(
    fc.property(problem, fc.nat(3), (p, at) => {
      assert.is(problemText(p, at), `${at === 0 ? '' : ','}\n        ${oracle(p)}`);
    }),
    { numRuns: 1000 },
  );
});

test('problems that repeat their rule, severity and message, first or not, are each the text JSON.stringify gives', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(problem, fc.nat(3)), { minLength: 1, maxLength: 20 }), (given) => {
      // Runs of one rule, severity and message with their own pointers and places, each ended by a problem of
      // the same rule and severity with another message; every other problem is an entry's first (at 0, no
      // comma). The text before the pointer is made once per run and reused.
      let count = 0;
      for (const [p, repeat] of given) {
        const run = Array.from({ length: repeat + 1 }, (_, i): LocatedProblem => ({ ...p, pointer: `${p.pointer}/${i}`, line: p.line + i }));
        run.push({ ...p, message: `${p.message}.` });
        for (const shown of run) {
          const at = count % 2;
          count += 1;
          assert.is(problemText(shown, at), `${at === 0 ? '' : ','}\n        ${oracle(shown)}`);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('a file entry, as one string or in parts, is its part of JSON.stringify of the whole document', () => {
  const files = fc.array(fc.record({ path: fc.string(), kind: fc.constantFrom('invite-request', null), problems: fc.array(problem, { maxLength: 3 }) }), { maxLength: 3 });
  fc.assert(
    fc.property(files, fc.nat(300), (given, many) => {
      // One file past the size at which the entry comes in parts.
      const reports = [...given, { path: 'big.json', kind: null, problems: Array.from({ length: many }, (_, i) => ({ ruleId: 'r', severity: 'warning', message: `m${i}`, pointer: `/${i}`, line: i, column: 1, params: { i } })) }] as FileReport[];
      const summary = { files: reports.length, errors: 0, warnings: 0 };
      const text = jsonStream.start({} as never) + reports.map((file, index) => fileText(jsonStream.file(file, index, {} as never))).join('') + jsonStream.end(summary, {} as never);
      const whole = { version: 1, files: reports.map((file) => ({ path: file.path, kind: file.kind, problems: file.problems.map(entry) })), summary };
      assert.is(text, `${JSON.stringify(whole, null, 2)}\n`);
    }),
    { numRuns: 60 },
  );
});

test.run();
