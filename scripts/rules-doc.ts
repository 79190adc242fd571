/**
 * Writes docs/rules.md from the rules list: one row per rule, in the list's order, with the params its
 * problems carry. With --check it only says whether the file is stale (exit 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleMeta } from '../src/model/rule.js';
import { packageRoot } from '../src/paths.js';
import { rules } from '../src/rules/index.js';

export const rulesDocPath = join(packageRoot, 'docs', 'rules.md');

const regenerate = 'npm run build && node dist/scripts/rules-doc.js';

// A table cell holds one line: pipes are escaped, and the params of a rule are listed one per line with <br>.
const cell = (text: string): string => text.replace(/\|/g, '\\|');

function paramsCell(rule: RuleMeta): string {
  const entries = Object.entries(rule.params);
  if (entries.length === 0) return '—';
  return entries.map(([name, meaning]) => `\`${name}\` — ${cell(meaning)}`).join('<br>');
}

/** docs/rules.md as the rules list makes it. */
export function rulesDoc(): string {
  const rows = rules.map(
    (rule) => `| \`${rule.id}\` | ${rule.severity} | ${cell(rule.description)} | ${cell(rule.rationale)} | ${paramsCell(rule)} |`,
  );
  return [
    '# Rules',
    '',
    `<!-- Generated from src/rules/index.ts by scripts/rules-doc.ts: do not edit. Run ${regenerate}. -->`,
    '',
    'Every problem names its rule by id. The id, the severity, the JSON Pointer and the params are stable; the',
    'message is for people and its wording may change. `params` holds what the rule found, as data (the names',
    'below); a rule shown with — reports none. `graph-invite-contract rules` prints the same list',
    '(`--format json` for data), and the library exports it as `rules`.',
    '',
    '| id | severity | what it checks | why | params |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '## Fixes',
    '',
    '`validate --fix` makes these fixes, and only these: each is certain, and made only where the text at the',
    'problem is exactly what the fix expects ([how --fix works](fixes.md)).',
    '',
    ...rules.flatMap((rule) => (rule.fix === undefined ? [] : [`- \`${rule.id}\`: ${rule.fix.what}.`])),
    '',
  ].join('\n');
}

// Run as a script (not when the tests import the functions).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const wanted = rulesDoc();
  let current: string | undefined;
  try {
    current = readFileSync(rulesDocPath, 'utf8');
  } catch {
    current = undefined;
  }
  if (process.argv.includes('--check')) {
    if (current !== wanted) console.error(`docs/rules.md is stale: run ${regenerate}`);
    process.exitCode = current === wanted ? 0 : 1;
  } else if (current !== wanted) {
    writeFileSync(rulesDocPath, wanted);
  }
}
