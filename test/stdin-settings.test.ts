/**
 * Standard input named by --stdin-path takes the config's rule settings of that path, overrides included,
 * in validate and docs, as the file itself would.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { bin } from './cli-harness.js';
import { inScratch, jsonReport } from './report-checks.js';

const response = readFileSync(join(packageRoot, 'samples', 'documented', 'example-1.response.json'));

/** Rule id and severity of every problem the report's one file has, read from the command fed `input`. */
function found(argv: readonly string[], input: Uint8Array, cwd: string): { status: number | null; problems: string[] } {
  const result = spawnSync(process.execPath, [bin, ...argv, '--format', 'json'], { cwd, input, encoding: 'utf8', timeout: 30_000 });
  const problems = (jsonReport(result.stdout).files[0]?.problems ?? []).map((problem) => `${problem.ruleId} ${problem.severity}`);
  return { status: result.status, problems };
}

test("--stdin-path puts standard input under the overrides of the path it names", async () => {
  await inScratch('gic-stdin-settings-', async (dir) => {
    const config = { overrides: [{ files: ['captures/**'], rules: { 'status-casing': 'error', 'invitation-participant-id': 'off' } }] };
    writeFileSync(join(dir, 'graph-invite-contract.config.json'), JSON.stringify(config));
    writeFileSync(join(dir, 'response.json'), response);
    const plain = found(['validate', '-'], response, dir);
    assert.ok(plain.problems.includes('status-casing warning'), plain.problems.join(', '));
    assert.ok(plain.problems.includes('invitation-participant-id warning'));
    const named = found(['validate', '--stdin-path', 'captures/a.json', '-'], response, dir);
    assert.ok(named.problems.includes('status-casing error'), named.problems.join(', '));
    assert.not.ok(named.problems.some((line) => line.startsWith('invitation-participant-id')));
    assert.is(named.status, 1);
    // Elsewhere, the defaults.
    assert.equal(found(['validate', '--stdin-path', 'other/a.json', '-'], response, dir).problems, plain.problems);
  });
});

test.run();
