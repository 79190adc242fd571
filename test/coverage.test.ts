/**
 * Constraint coverage: every constraint of schemas/*.schema.json that can fail (each type, enum,
 * minimum/maximum, nullability, required entry, minItems/maxItems, pattern, maxLength and format), and
 * every file, kind and walking rule, must be made to fire by a sample or by a generated case.
 *
 * A sample problem (rule id, pointer) is matched to constraints by resolving its pointer through the
 * schemas on the sample's own payload (test/arbitraries.ts: explain): the constraints of the schema
 * locations at that pointer that fail on the value there and that the rule id reports. A generated case
 * breaks one constraint in a valid payload and counts only when the validator reports it there and the
 * report resolves back to that constraint.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kinds, type Kind } from '../src/model/kind.js';
import { defaultMaxBytes } from '../src/rules/file/file-too-large.js';
import { lintFile } from '../src/cli/read/lint-file.js';
import { displayPath } from '../src/cli/paths/display-path.js';
import { validate } from '../src/validate/validate.js';
import {
  explain,
  fileCases,
  listConstraints,
  mutations,
  nonSchemaRuleIds,
  payloadOf,
  reachability,
  ruleConstraintId,
  schemaMutation,
  type Constraint,
  type KindPayload,
  type SchemaConstraint,
} from './arbitraries.js';
import { listSamples, readExpectation, sampleFolders } from './samples.js';

const seed = 0xc0ffee;

/** One pool of valid payloads per kind, shared by every mutation: generating is the costly part. */
const pool = new Map(
  kinds.map((kind) => [kind, fc.sample(fc.tuple(payloadOf(kind), fc.nat()), { seed, numRuns: 40 })] as const),
);
const poolOf = (of: readonly Kind[]): Array<[KindPayload, number]> => of.flatMap((kind) => pool.get(kind) ?? []);

interface SampleMatch {
  /** Constraint id → the samples whose expected problems fire it. */
  readonly covered: Map<string, string[]>;
  /** Expected problems of a schema rule that resolve to no constraint. */
  readonly unexplained: string[];
}

function matchSamples(): SampleMatch {
  const covered = new Map<string, string[]>();
  const unexplained: string[] = [];
  for (const folder of sampleFolders) {
    for (const sample of listSamples(folder)) {
      const expectation = readExpectation(sample);
      if (expectation === undefined) continue;
      let payload: unknown;
      try {
        payload = JSON.parse(readFileSync(sample.path, 'utf8'));
      } catch {
        // Not JSON: only file rules can stand for its problems.
        payload = undefined;
      }
      for (const problem of expectation.problems) {
        const ids = explain(expectation.kind, payload, problem);
        if (ids.length === 0 && !nonSchemaRuleIds.includes(problem.ruleId)) unexplained.push(`${folder}/${sample.name}: ${problem.ruleId} at ${problem.pointer || '(root)'}`);
        for (const id of ids) covered.set(id, [...(covered.get(id) ?? []), `${folder}/${sample.name}`]);
      }
    }
  }
  return { covered, unexplained };
}

/** Constraint id → the generated case that made it fire. */
async function matchGenerated(): Promise<Map<string, string>> {
  const covered = new Map<string, string>();
  for (const mutation of mutations()) {
    for (const [input, pick] of poolOf(mutation.kinds)) {
      const c = mutation.apply(input, pick);
      if (c === undefined) continue;
      const result = validate(c.payload, c.validateAs === undefined ? {} : { kind: c.validateAs });
      const found = result.problems.find((p) => p.ruleId === c.ruleId && p.pointer === c.pointer);
      if (found !== undefined && explain(c.kind, c.payload, found).includes(c.constraint)) {
        covered.set(c.constraint, c.what);
        break;
      }
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'gic-coverage-'));
  try {
    for (const fileCase of fileCases) {
      const path = join(dir, fileCase.name);
      if (fileCase.directory === true) mkdirSync(path);
      else writeFileSync(path, fileCase.content);
      const { report } = lintFile(path, { type: 'payload', kind: 'invite-request', maxBytes: fileCase.maxBytes ?? defaultMaxBytes, maxProblems: fileCase.maxProblems, keepSource: false }, displayPath(path, dir));
      if (report.problems.some((p) => p.ruleId === fileCase.ruleId)) covered.set(ruleConstraintId(fileCase.ruleId), `file ${fileCase.name}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return covered;
}

function keywordOf(constraint: Constraint): string {
  return constraint.type === 'rule' ? 'rule' : constraint.keyword;
}

test('the constraint model knows every keyword the schemas use', () => {
  // listConstraints throws on a keyword it cannot turn into constraints (minLength, const, oneOf...).
  const constraints = listConstraints();
  const files = new Set(constraints.flatMap((c) => (c.type === 'schema' ? [c.site.file] : [])));
  assert.ok(files.size > 20, `constraints found in ${files.size} schema files`);
});

test('every schema location is reached from some kind', () => {
  assert.equal([...reachability().unreached], [], 'constraints no kind of payload can reach: a schema file no kind references');
});

test('every problem a sample expects stands for a constraint', () => {
  assert.equal(matchSamples().unexplained, []);
});

test('every constraint that can fail is made to fire by a sample or a generated case', async () => {
  const { kindsOf, guarded } = reachability();
  const canFail = listConstraints().filter((c) => c.type === 'rule' || kindsOf.has(c.id));
  const bySample = matchSamples().covered;
  const byCase = await matchGenerated();
  const uncovered = canFail.filter((c) => !bySample.has(c.id) && !byCase.has(c.id)).map((c) => c.id);

  const count = (list: readonly Constraint[], by: ReadonlyMap<string, unknown>): number => list.filter((c) => by.has(c.id)).length;
  const keywords = [...new Set(canFail.map(keywordOf))];
  const breakdown = keywords.map((keyword) => `${keyword} ${canFail.filter((c) => keywordOf(c) === keyword).length}`).join(', ');
  const schemaCount = canFail.filter((c) => c.type === 'schema').length;
  console.log(
    `\nconstraint coverage: ${canFail.length} constraints can fail (${schemaCount} schema, ${canFail.length - schemaCount} rules: ${breakdown});` +
      ` covered by samples ${count(canFail, bySample)}, by generated cases ${count(canFail, byCase)},` +
      ` uncovered ${uncovered.length}; ${guarded.size} more are guaranteed by the if that selects their branch and cannot fail`,
  );
  assert.equal(uncovered, [], 'constraints no sample and no generated case makes fire');
});

test('guarded constraints really cannot fail: breaking one selects another branch', () => {
  const { guarded } = reachability();
  assert.ok(guarded.size > 0);
  for (const id of guarded) {
    const constraint = listConstraints().find((c): c is SchemaConstraint => c.id === id && c.type === 'schema');
    assert.ok(constraint !== undefined, id);
    const mutation = schemaMutation(constraint, ['comms-notifications']);
    let tried = 0;
    for (const [input, pick] of poolOf(['comms-notifications'])) {
      const c = mutation.apply(input, pick);
      if (c === undefined) continue;
      tried += 1;
      for (const problem of validate(c.payload, { kind: 'comms-notifications' }).problems) {
        assert.not.ok(explain('comms-notifications', c.payload, problem).includes(id), `${c.what} fired ${id}`);
      }
      if (tried >= 5) break;
    }
    assert.ok(tried > 0, `no payload offered a place to try ${id}`);
  }
});

test.run();
