/**
 * The short, fixed-seed fuzz campaign of npm test (npm run fuzz runs the long one), and a check that the
 * campaign really catches a CLI that crashes: a fuzzer that cannot fail proves nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateInputs, operatorNames, runCampaign, type Input } from '../scripts/fuzz.js';

const seed = 0x0f22;

test('400 fuzzed payloads, messages and pages through the binary: no crash, exit 0, 1 or 2, every problem located', async () => {
  const result = await runCampaign({ count: 400, seed, batchSize: 200, jobs: 2, batchTimeoutMs: 60_000 });
  assert.is(result.inputs, 400);
  assert.equal(
    result.crashes.map((crash) => `${crash.name}: ${crash.reason} [${crash.operators.join(', ')}]`),
    [],
    `replay with: node dist/scripts/fuzz.js --count 400 --seed ${seed} --batch 200`,
  );
  for (const status of Object.keys(result.batchStatuses)) assert.ok(['0', '1', '2'].includes(status), `exit status ${status}`);
  for (const name of operatorNames) assert.ok((result.operators[name] ?? 0) > 0, `the campaign never applied ${name}`);
  assert.ok(Object.keys(result.otherFormats).length > 0, 'no batch was linted with another format');
  // Messages go through validate and pages through docs, and both reach their own rules.
  for (const type of ['json', 'http', 'page']) assert.ok((result.inputTypes[type] ?? 0) >= 40, `only ${result.inputTypes[type] ?? 0} ${type} inputs`);
  for (const family of ['http-', 'docs-', 'exchange-']) assert.ok(Object.keys(result.ruleIds).some((id) => id.startsWith(family)), `no ${family} rule was reported`);
  // Inputs that reach the validator matter most: make sure a fair share does, not only parse errors.
  const schemaProblems = Object.entries(result.ruleIds).filter(([id]) => !['json-syntax', 'file-encoding', 'file-empty', 'nesting-too-deep'].includes(id));
  assert.ok(schemaProblems.length >= 10, `only ${schemaProblems.length} rule ids beyond parsing were reported`);
});

test('the same count and seed give the same inputs', () => {
  const a = generateInputs(50, seed);
  const b = generateInputs(50, seed);
  assert.equal(a.map((input) => input.bytes.toString('base64')), b.map((input) => input.bytes.toString('base64')));
  assert.not.equal(
    a.map((input) => input.bytes.toString('base64')),
    generateInputs(50, seed + 1).map((input) => input.bytes.toString('base64')),
  );
});

/**
 * A stand-in CLI with planted bugs: it prints a stack trace whenever a file holds "__proto__", or, linting
 * pages (docs), when a page holds a four-backtick fence (after its count line, which is allowed); drops a
 * file from the report when it holds a \ud800 escape, or is a message (.http) with an X-Long header; and
 * reports line 0 for a file that holds "1e400". A CommonJS script: the campaign starts it some thirty
 * times, and Node starts one a few milliseconds sooner than an ES module.
 */
const brokenCli = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const folder = process.argv.at(-1);
const command = process.argv[2];
const names = readdirSync(folder).sort();
const text = (name) => readFileSync(join(folder, name), 'latin1');
if (command === 'docs') for (const name of names) process.stderr.write(folder + '/' + name + ': 1 payload, 0 exchanges\\n');
if (names.some((name) => text(name).includes('__proto__') || (command === 'docs' && text(name).includes('\\u0060\\u0060\\u0060\\u0060')))) {
  process.stderr.write('TypeError: Cannot read properties of undefined\\n    at lintFile (lint.js:1:1)\\n');
  process.exit(2);
}
const files = names
  .filter((name) => !text(name).includes('\\\\ud800') && !(name.endsWith('.http') && text(name).includes('X-Long')))
  .map((name) => ({ path: folder + '/' + name, kind: null, problems: text(name).includes('1e400') ? [{ ruleId: 'x', severity: 'error', message: '', pointer: '', line: 0, column: 1 }] : [] }));
const errors = files.reduce((n, f) => n + f.problems.length, 0);
process.stdout.write(JSON.stringify({ version: 1, files, summary: { files: files.length, errors, warnings: 0 } }));
process.exitCode = errors > 0 ? 1 : 0;
`;

test('a CLI that crashes is caught, down to exactly the inputs that crash it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-fuzz-self-'));
  try {
    const binary = join(dir, 'broken-cli.cjs');
    writeFileSync(binary, brokenCli);
    const count = 60;
    const holds = (input: Input, marker: string): boolean => input.bytes.toString('latin1').includes(marker);
    const planted = generateInputs(count, seed)
      .filter((input) => ['__proto__', '\\ud800', '1e400'].some((marker) => holds(input, marker)) || (input.type === 'page' && holds(input, '````')) || (input.type === 'http' && holds(input, 'X-Long')))
      .map((input) => input.name)
      .sort();
    assert.ok(planted.length > 0, 'the inputs hold none of the planted triggers');
    assert.ok(planted.some((name) => name.endsWith('.md')) && planted.some((name) => name.endsWith('.http')), 'a page and a message are among the planted triggers');
    const result = await runCampaign({ count, seed, batchSize: 20, jobs: 2, binary, crashDir: join(dir, 'crashes') });
    assert.equal(result.crashes.map((crash) => crash.name).sort(), planted);
    for (const crash of result.crashes) assert.ok(crash.savedAs !== undefined && crash.reason !== '', crash.name);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
