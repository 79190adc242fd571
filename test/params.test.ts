/**
 * Every problem's params are the ones its rule documents (docs/rules.md lists them): checked on every
 * problem of the kept reports (samples, pages, exchanges) and of every sample linted as each kind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kinds } from '../src/model/kind.js';
import { lint } from '../src/lint/lint.js';
import type { Problem } from '../src/model/problem.js';
import { packageRoot } from '../src/paths.js';
import { rules } from '../src/rules/index.js';
import { listSamples } from './samples.js';

const documented = new Map(rules.map((rule) => [rule.id, new Set(Object.keys(rule.params))]));

/** The params of a problem that its rule does not document, as "rule-id: name". */
function undocumented(problems: Iterable<Pick<Problem, 'ruleId' | 'params'>>): string[] {
  const found = new Set<string>();
  for (const { ruleId, params } of problems) {
    const names = documented.get(ruleId);
    if (names === undefined) found.add(`${ruleId}: no such rule`);
    else for (const name of Object.keys(params)) if (!names.has(name)) found.add(`${ruleId}: ${name}`);
  }
  return [...found].sort();
}

test('every rule documents its params with a meaning for each', () => {
  for (const rule of rules) {
    for (const [name, meaning] of Object.entries(rule.params)) assert.ok(meaning.length > 8, `${rule.id}.${name} says what it holds`);
  }
});

test('the problems of the kept reports carry only documented params', () => {
  const problems: Array<Pick<Problem, 'ruleId' | 'params'>> = [];
  const goldenDir = join(packageRoot, 'test', 'golden');
  for (const name of readdirSync(goldenDir).filter((file) => file.endsWith('.json.txt'))) {
    const text = readFileSync(join(goldenDir, name), 'utf8');
    const stdout = text.slice(text.indexOf('--- stdout\n') + 11, text.lastIndexOf('\n--- stderr'));
    const report = JSON.parse(stdout) as { files: Array<{ problems: Array<Pick<Problem, 'ruleId' | 'params'>> }> };
    for (const file of report.files) problems.push(...file.problems);
  }
  assert.ok(problems.length > 100, `${problems.length} problems`);
  assert.ok(new Set(problems.map((p) => p.ruleId)).size > 25, 'many rules are represented');
  assert.equal(undocumented(problems), []);
});

test('every sample linted as every kind carries only documented params', () => {
  const problems: Problem[] = [];
  for (const folder of ['documented', 'valid', 'invalid'] as const) {
    for (const sample of listSamples(folder)) {
      const text = readFileSync(sample.path);
      for (const kind of [undefined, ...kinds]) problems.push(...lint({ text, type: 'payload', kind }).problems);
    }
  }
  assert.ok(new Set(problems.map((p) => p.ruleId)).size > 20);
  assert.equal(undocumented(problems), []);
});

test.run();
