/**
 * The layout's promises, checked on the sources: imports follow the stages one way, nothing imports in a
 * cycle, the library never reaches into the CLI, and generated/ imports nothing from src/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';

/** Every .ts and .cts file below a folder of the project, relative to the project, with / separators. */
function sources(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(packageRoot, folder), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.c?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(relative(packageRoot, join(entry.parentPath, entry.name)).split('\\').join('/'));
  }
  return found.sort();
}

/** The project files a source imports (relative specifiers only, types included), as project paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(packageRoot, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import|require)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1] as string);
  return specifiers.map((specifier) => {
    const target = relative(packageRoot, resolve(dirname(join(packageRoot, file)), specifier)).split('\\').join('/');
    return target.replace(/\.js$/, '.ts').replace(/\.cjs$/, '.cts');
  });
}

const library = sources('src').filter((file) => !file.startsWith('src/cli/'));
const graph = new Map([...sources('src'), ...sources('generated')].map((file) => [file, importsOf(file)]));

/** The stage of a library file: its first folder below src/, or the file itself at the top. */
const stageOf = (file: string): string => file.split('/')[1]?.replace(/\.ts$/, '') ?? file;

test('the stages import one way: each uses only stages before it', () => {
  // paths.ts is the package's location (the CLI and the scripts use it), at the base like the model.
  const order = [['model', 'paths'], ['contract'], ['json'], ['rules'], ['validate'], ['inputs'], ['lint'], ['fix'], ['api'], ['simulate'], ['index']];
  const rank = (stage: string): number => order.findIndex((group) => group.includes(stage));
  const backwards: string[] = [];
  for (const file of library) {
    for (const target of graph.get(file) ?? []) {
      if (!target.startsWith('src/')) continue;
      const from = rank(stageOf(file));
      const to = rank(stageOf(target));
      assert.ok(from !== -1 && to !== -1, `${file} or ${target} is in no known stage`);
      if (to > from) backwards.push(`${file} → ${target}`);
    }
  }
  assert.equal(backwards, []);
});

test('the library never imports the CLI', () => {
  const intoCli = library.flatMap((file) => (graph.get(file) ?? []).filter((target) => target.startsWith('src/cli/')).map((target) => `${file} → ${target}`));
  assert.equal(intoCli, []);
});

test('generated/ imports nothing from src/', () => {
  const intoSrc = sources('generated').flatMap((file) => (graph.get(file) ?? []).filter((target) => target.startsWith('src/')).map((target) => `${file} → ${target}`));
  assert.equal(intoSrc, []);
});

test('no module imports itself through others: no cycle', () => {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, trail: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const target of graph.get(file) ?? []) if (graph.has(target)) visit(target, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  assert.equal(cycles, []);
});

test('every rule of the published list is defined in src/rules/<family>/', () => {
  const ruleFiles = sources('src/rules').filter((file) => !file.endsWith('/index.ts'));
  const defined = ruleFiles.flatMap((file) => [...readFileSync(join(packageRoot, file), 'utf8').matchAll(/^\s+id: '([a-z0-9-]+)',$/gm)].map((match) => match[1] as string));
  const listed = readFileSync(join(packageRoot, 'docs', 'rules.md'), 'utf8').match(/^\| `[a-z0-9-]+` \|/gm)?.map((row) => row.slice(3, row.indexOf('`', 3))) ?? [];
  assert.ok(listed.length > 50, `${listed.length} rules listed`);
  assert.equal([...defined].sort(), [...listed].sort());
});

test.run();
