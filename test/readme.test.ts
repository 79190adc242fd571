import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { rules } from '../src/rules/index.js';
import { withRulesTable } from '../scripts/readme-rules.js';

const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');

test('the README rules table is the rules list (node dist/scripts/readme-rules.js rewrites it)', () => {
  assert.fixture(readme, withRulesTable(readme));
  const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
  assert.equal(rows.sort(), rules.map((rule) => `${rule.id} ${rule.severity}`).sort());
});

test('the README quick start is the two commands', () => {
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm test/);
});

test.run();
