import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Kind } from '../src/model/kind.js';
import { isCommsNotifications, isInviteOperation } from '../src/api/guards.js';
import { packageRoot } from '../src/paths.js';
import { listSamples, sampleKind } from './samples.js';
import { typeDiagnostics } from './types-check.js';

const typeOfKind: Record<Kind, string> = {
  'invite-request': 'InviteRequest',
  'invite-operation': 'InviteParticipantsOperation',
  'comms-notifications': 'CommsNotifications',
};

/** Type-checks a module against the generated types, in memory, under the project's strict options. */
const diagnostics = (source: string): string[] => typeDiagnostics(join(packageRoot, 'test', '__samples_typecheck__.ts'), source);

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

test('what a guard accepts, its type describes: an operation that names itself without an id', () => {
  const path = '/communications/calls/c1/operations/op-1';
  const entries = [
    { type: 'InviteParticipantsOperation', json: `{ "@odata.type": "#microsoft.graph.inviteParticipantsOperation", "@odata.id": "${path}", "status": "running" }` },
    {
      type: 'CommsNotifications',
      json: `{ "value": [{ "changeType": "deleted", "resourceUrl": "${path}", "resourceData": { "@odata.type": "#microsoft.graph.inviteParticipantsOperation", "status": "completed" } }] }`,
    },
  ];
  const guards: Record<string, (value: unknown) => boolean> = { InviteParticipantsOperation: isInviteOperation, CommsNotifications: isCommsNotifications };
  for (const entry of entries) assert.ok(guards[entry.type]?.(JSON.parse(entry.json)), `the guard refused ${entry.json}`);
  // A type that required id would promise a property such a value lacks (op.id undefined at run time).
  assert.equal(diagnostics(moduleOf(entries)), []);
});

test.run();
