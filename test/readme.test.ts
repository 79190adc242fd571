import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { rules } from '../src/rules/index.js';
import { rulesDoc, rulesDocPath } from '../scripts/rules-doc.js';

const readmePath = join(packageRoot, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const docsDir = join(packageRoot, 'docs');
const docPages = readdirSync(docsDir).filter((name) => name.endsWith('.md')).sort().map((name) => join(docsDir, name));

/** The README stays an overview; the reference lives in docs/. */
const readmeLimit = 12_000;

/**
 * The targets of a Markdown text's relative links, inline ([text](target)) and reference-style
 * ([label]: target), outside fenced code blocks and code spans, without their #fragment. Links to a
 * scheme (https:, mailto:) and to a place in the same page (#...) are left out.
 */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const targets = [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? ''),
    ...[...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)].map((m) => m[1] ?? ''),
  ];
  return targets
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => decodeURIComponent(target.replace(/#.*$/, '')));
}

test('relativeLinks finds inline and reference links, and skips code, URLs and anchors', () => {
  const text = [
    'See [the rules](docs/rules.md#phone-e164) and [ref][r], [site](https://example.com), [here](#top).',
    '`[not](a-link.md)`',
    '```md',
    '[inside](code.md)',
    '```',
    '[r]: ../schemas/openapi.json',
    '[spaced](docs/my%20page.md "title")',
  ].join('\n');
  assert.equal(relativeLinks(text), ['docs/rules.md', 'docs/my page.md', '../schemas/openapi.json']);
});

test('every relative link of README.md and docs/*.md names a file or folder that exists', () => {
  const broken: string[] = [];
  for (const page of [readmePath, ...docPages]) {
    for (const target of relativeLinks(readFileSync(page, 'utf8'))) {
      if (!existsSync(join(dirname(page), target))) broken.push(`${relative(packageRoot, page)}: ${target}`);
    }
  }
  assert.equal(broken, []);
});

test('the README links every page of docs/', () => {
  const linked = new Set(relativeLinks(readme).map((target) => join(packageRoot, target)));
  assert.equal(docPages.filter((page) => !linked.has(page)).map((page) => relative(packageRoot, page)), []);
});

test(`the README is at most ${readmeLimit} characters`, () => {
  const length = [...readme].length;
  assert.ok(length <= readmeLimit, `README.md has ${length} characters; move reference material into docs/`);
});

test('docs/rules.md is the rules list (npm run build && node dist/scripts/rules-doc.js rewrites it)', () => {
  assert.ok(existsSync(rulesDocPath), 'docs/rules.md is missing');
  const doc = readFileSync(rulesDocPath, 'utf8');
  assert.fixture(doc, rulesDoc());
  const rows = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
  assert.equal(rows, rules.map((rule) => `${rule.id} ${rule.severity}`));
});

test('each row of docs/rules.md names the params of its rule', () => {
  const doc = rulesDoc();
  for (const rule of rules) {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${rule.id}\` |`)) ?? '';
    const paramsCell = row.split(' | ').at(-1) ?? '';
    const names = [...paramsCell.matchAll(/`([^`]+)` —/g)].map((m) => m[1]);
    assert.equal(names, Object.keys(rule.params), rule.id);
  }
});

test('the README quick start is the two commands', () => {
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm test/);
});

test.run();
