/**
 * Keeps the README's rules table in step with the rules list: rewrites the block between the
 * rules:start and rules:end markers. With --check it only says whether the block is stale (exit 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/paths.js';
import { rules } from '../src/rules/index.js';

const readmePath = join(packageRoot, 'README.md');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The rules table as the README shows it. */
function rulesTable(): string {
  const rows = rules.map((rule) => `| \`${rule.id}\` | ${rule.severity} | ${cell(rule.description)} | ${cell(rule.rationale)} |`);
  return ['| id | severity | what it checks | why |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The README with its rules block replaced by the current table. */
export function withRulesTable(readme: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to < from) throw new Error(`README.md has no ${start} ... ${end} block`);
  return `${readme.slice(0, from + start.length)}\n${rulesTable()}\n${readme.slice(to)}`;
}

// Run as a script (not when the tests import the functions).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const readme = readFileSync(readmePath, 'utf8');
  const updated = withRulesTable(readme);
  if (process.argv.includes('--check')) {
    if (updated !== readme) console.error('README.md rules table is stale: run node dist/scripts/readme-rules.js');
    process.exitCode = updated === readme ? 0 : 1;
  } else if (updated !== readme) {
    writeFileSync(readmePath, updated);
  }
}
