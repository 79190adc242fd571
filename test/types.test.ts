import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Kind } from '../src/model/kind.js';
import { packageRoot } from '../src/paths.js';
import { listSamples, sampleKind } from './samples.js';

const typeOfKind: Record<Kind, string> = {
  'invite-request': 'InviteRequest',
  'invite-operation': 'InviteParticipantsOperation',
  'comms-notifications': 'CommsNotifications',
};

/**
 * The files every check reads (the standard library's declarations, generated/types.ts), parsed once: each
 * check builds a program of its own, and parsing them again for each is most of its cost.
 */
const parsed = new Map<string, ts.SourceFile | undefined>();

/** Type-checks a module against the generated types, in memory, under the project's strict options. */
function diagnostics(source: string): string[] {
  const fileName = join(packageRoot, 'test', '__samples_typecheck__.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => (name === fileName ? source : read(name));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || exists(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    if (name === fileName) return getSourceFile(name, languageVersion, onError, shouldCreate);
    const key = `${name} ${JSON.stringify(languageVersion)}`;
    if (!parsed.has(key)) parsed.set(key, getSourceFile(name, languageVersion, onError, shouldCreate));
    return parsed.get(key);
  };
  const program = ts.createProgram([fileName], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}:${d.start ?? 0} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

function moduleOf(entries: Array<{ type: string; json: string }>): string {
  const names = [...new Set(entries.map((e) => e.type))].join(', ');
  return [
    `import type { ${names} } from '../generated/types.js';`,
    ...entries.map((e, i) => `export const sample${i}: ${e.type} = ${e.json};`),
  ].join('\n');
}

test('every documented and valid sample type-checks against its generated type', () => {
  const entries = [...listSamples('documented'), ...listSamples('valid')].map((sample) => {
    const kind = sampleKind(sample);
    assert.ok(kind, `${sample.name}: no kind`);
    return { type: typeOfKind[kind], json: readFileSync(sample.path, 'utf8') };
  });
  assert.ok(entries.length >= 16);
  assert.equal(diagnostics(moduleOf(entries)), []);
});

test('the generated types reject what the schemas reject', () => {
  const wrong = [
    { type: 'InviteRequest', json: '{ "clientContext": "no participants" }' },
    { type: 'InviteRequest', json: '{ "participants": [{ "identity": { "user": { "id": 5 } } }] }' },
    { type: 'InviteParticipantsOperation', json: '{ "id": "o", "status": "paused" }' },
    { type: 'CommsNotifications', json: '{ "value": [{ "changeType": "Updated" }] }' },
    { type: 'CommsNotifications', json: '{ "value": [{ "changeType": "updated", "resourceData": "text" }] }' },
  ];
  for (const entry of wrong) {
    assert.ok(diagnostics(moduleOf([entry])).length > 0, `${entry.type} accepted ${entry.json}`);
  }
});

test.run();
