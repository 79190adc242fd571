/**
 * The test runner's environment: its workers, and the processes they start, run without NODE_EXTRA_CA_CERTS
 * (read by every Node.js 20 process as it starts), which is kept aside for the TLS clients among the tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extraCaCertsVariable, withExtraCaCerts, withoutExtraCaCerts } from '../scripts/test-environment.js';
import { packageRoot } from '../src/paths.js';

test('the certificates are kept aside and given back, and nothing else changes', () => {
  const env = { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/ca.pem' };
  const aside = withoutExtraCaCerts(env);
  assert.equal(aside, { PATH: '/bin', [extraCaCertsVariable]: '/etc/ca.pem' });
  assert.equal(withExtraCaCerts(aside), env);
  assert.equal(withoutExtraCaCerts({ PATH: '/bin' }), { PATH: '/bin' });
  assert.equal(withExtraCaCerts({ PATH: '/bin' }), { PATH: '/bin' });
});

test('a file the runner runs finds the certificates kept aside, and the processes it starts go without them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gic-runner-env-'));
  try {
    const certificates = join(dir, 'ca.pem');
    const uvu = import.meta.resolve('uvu');
    const assertions = import.meta.resolve('uvu/assert');
    writeFileSync(
      join(dir, 'env.test.js'),
      `import { spawnSync } from 'node:child_process';
import { test } from ${JSON.stringify(uvu)};
import * as assert from ${JSON.stringify(assertions)};
test('the environment', () => {
  assert.is(process.env.NODE_EXTRA_CA_CERTS, undefined);
  assert.is(process.env.${extraCaCertsVariable}, ${JSON.stringify(certificates)});
  const child = spawnSync(process.execPath, ['-p', 'process.env.NODE_EXTRA_CA_CERTS ?? "unset"'], { encoding: 'utf8' });
  assert.is(child.stdout, 'unset\\n');
});
test.run();
`,
    );
    const runner = join(packageRoot, 'dist', 'scripts', 'run-tests.js');
    const run = spawnSync(process.execPath, [runner, dir, '\\.test\\.js$', '--jobs', '1'], { encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: certificates, NO_COLOR: '1' } });
    const plain = run.stdout.replace(/\x1B\[[0-9;]*[A-Za-z]/g, '');
    assert.is(run.status, 0, plain + run.stderr);
    assert.match(plain, /Total:\s+1\b/);
    assert.match(plain, /Passed:\s+1\b/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
