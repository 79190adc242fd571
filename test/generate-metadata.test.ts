/**
 * The schemas are generated from schemas/source/: in a scratch copy, an edit of the overlay or of a
 * metadata file makes generate --check exit 1 and name the stale schema files; generate repairs them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runGenerator, scratchCopy, spawnGenerator } from './generator.js';

function edit(root: string, path: string, change: (text: string) => string): void {
  const file = join(root, ...path.split('/'));
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  assert.is.not(after, before, `the edit of ${path} changed nothing`);
  writeFileSync(file, after);
}

/**
 * A scratch copy that --check has found current, made and checked once: the check of an unedited copy is
 * the same run on the same files for every test, so each test edits a copy of this one.
 */
let checked: string | undefined;
function checkedCopy(): string {
  if (checked === undefined) {
    const root = scratchCopy();
    const check = runGenerator(['--check', '--root', root]);
    assert.is(check.status, 0, `the scratch copy is stale before the edit:\n${check.output}`);
    checked = root;
  }
  const root = mkdtempSync(join(tmpdir(), 'gic-generate-'));
  cpSync(checked, root, { recursive: true });
  return root;
}

test.after(() => {
  if (checked !== undefined) rmSync(checked, { recursive: true, force: true });
});

function staleAfter(change: (root: string) => void, expected: readonly string[], unexpected: readonly string[]): void {
  const root = checkedCopy();
  try {
    change(root);
    const stale = runGenerator(['--check', '--root', root]);
    assert.is(stale.status, 1, stale.output);
    for (const name of expected) assert.ok(stale.output.includes(`${name} is stale`), `${name} not named in:\n${stale.output}`);
    for (const name of unexpected) assert.not.ok(stale.output.includes(`${name} is stale`), `${name} named in:\n${stale.output}`);
    const run = runGenerator(['--root', root]);
    assert.is(run.status, 0, run.output);
    const check = runGenerator(['--check', '--root', root]);
    assert.is(check.status, 0, check.output);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('an overlay edit (a description) makes both profiles\' schema file stale, and nothing else', () => {
  staleAfter(
    (root) => edit(root, 'schemas/source/overlay.json', (text) => text.replace('Which way the media flows. Non-null.', 'Which way the media flows (edited).')),
    ['schemas/media-stream.schema.json', 'schemas/v1.0/media-stream.schema.json', 'generated/types.ts', 'generated/types-v1.0.ts'],
    ['schemas/participant.schema.json', 'generated/profiles.ts'],
  );
});

test('a beta metadata edit (a new member) makes the beta schema and the beta-only table stale, not v1.0', () => {
  staleAfter(
    (root) =>
      edit(root, 'schemas/source/metadata/beta-contract-types.xml', (text) =>
        text.replace('<Member Name="sendReceive" Value="3" />', '<Member Name="sendReceive" Value="3" />\n        <Member Name="unknownFutureValue" Value="4" />'),
      ),
    ['schemas/media-direction.schema.json', 'generated/profiles.ts', 'generated/validators.js'],
    ['schemas/v1.0/media-direction.schema.json'],
  );
});

test('a v1.0 metadata edit (a property removed) makes the v1.0 schema and the beta-only table stale, not beta', () => {
  staleAfter(
    (root) => edit(root, 'schemas/source/metadata/v1.0-contract-types.xml', (text) => text.replace('<Property Name="label" Type="Edm.String" />', '')),
    ['schemas/v1.0/media-stream.schema.json', 'generated/profiles.ts', 'generated/types-v1.0.ts'],
    ['schemas/media-stream.schema.json', 'generated/types.ts'],
  );
});

/** Generation stops (exit 2) after the edit, with a message matching each pattern. */
function failsAfter(change: (root: string) => void, patterns: readonly RegExp[], generate = runGenerator): void {
  const root = scratchCopy();
  try {
    change(root);
    const run = generate(['--check', '--root', root]);
    assert.is(run.status, 2, run.output);
    for (const pattern of patterns) assert.match(run.output, pattern);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('generation fails, naming the difference, when v1.0 is not a subset of beta', () => {
  failsAfter(
    (root) => edit(root, 'schemas/source/metadata/v1.0-contract-types.xml', (text) => text.replace('<Property Name="label" Type="Edm.String" />', '<Property Name="label" Type="Edm.String" />\n        <Property Name="v1Only" Type="Edm.String" />')),
    [/not a subset of beta/, /mediaStream\.v1Only/],
  );
});

test('a facet of the metadata the overlay does not account for stops generation, and so does one it names in vain', () => {
  failsAfter(
    (root) => {
      for (const profile of ['beta', 'v1.0']) edit(root, `schemas/source/metadata/${profile}-contract-types.xml`, (text) => text.replace('<Property Name="label" Type="Edm.String" />', '<Property Name="label" Type="Edm.String" MaxLength="64" />'));
    },
    [/label: the metadata gives MaxLength="64", which the schemas do not carry/],
  );
  failsAfter(
    (root) => {
      for (const profile of ['beta', 'v1.0']) edit(root, `schemas/source/metadata/${profile}-contract-types.xml`, (text) => text.replace('<Parameter Name="clientContext" Type="Edm.String" Unicode="false" />', '<Parameter Name="clientContext" Type="Edm.String" />'));
    },
    [/clientContext: the overlay's facets name Unicode, which the metadata does not give/],
  );
});

test('an overlay entry that names nothing in the metadata stops generation', () => {
  failsAfter((root) => edit(root, 'schemas/source/overlay.json', (text) => text.replace('"sourceId": {', '"sourceIdentifier": {')), [/types\.mediaStream\.properties\.sourceIdentifier/]);
});

test('a deviation without its reason stops generation', () => {
  failsAfter(
    (root) => edit(root, 'schemas/source/overlay.json', (text) => text.replace(/("maxLength": 256,\s*)"reason": "[^"]*"/, '$1"description2": "x"').replace(/,\s*"description2": "x"/, '')),
    [/overlay\.json does not have the shape/, /reason/],
    // One failure as a process of its own: its exit status is the process's.
    spawnGenerator,
  );
});

test('a schema file generation no longer writes is reported by --check', () => {
  const root = scratchCopy();
  try {
    writeFileSync(join(root, 'schemas', 'v1.0', 'left-over.schema.json'), '{}');
    const run = runGenerator(['--check', '--root', root]);
    assert.is(run.status, 1, run.output);
    assert.match(run.output, /schemas\/v1\.0\/left-over\.schema\.json is no longer generated/);
    assert.is(runGenerator(['--root', root]).status, 0);
    assert.is(runGenerator(['--check', '--root', root]).status, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
