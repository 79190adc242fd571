import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideKind, type KindSources } from '../src/contract/decide-kind.js';
import type { Kind } from '../src/model/kind.js';

const operation = { '@odata.type': '#microsoft.graph.inviteParticipantsOperation' };
const batch = { '@odata.type': '#microsoft.graph.commsNotifications', value: [] };

// [name, { given, want }]: one order for every reader, strongest first.
const cases: ReadonlyArray<readonly [string, { readonly given: KindSources; readonly want: Kind | undefined }]> = [
  ['nothing names a kind', { given: {}, want: undefined }],
  ['the flag wins over everything', { given: { flag: 'invite-request', config: 'invite-operation', place: 'comms-notifications', value: batch, fallback: 'invite-operation' }, want: 'invite-request' }],
  ['the config wins over the place and the payload', { given: { config: 'invite-operation', place: 'comms-notifications', value: batch }, want: 'invite-operation' }],
  ['the place wins over the payload', { given: { place: 'invite-request', value: operation }, want: 'invite-request' }],
  ['the payload @odata.type', { given: { value: batch }, want: 'comms-notifications' }],
  ['an @odata.type written without # or in another case', { given: { value: { '@odata.type': 'Microsoft.Graph.InviteParticipantsOperation' } }, want: 'invite-operation' }],
  ['the payload wins over the fallback', { given: { value: batch, fallback: 'invite-operation' }, want: 'comms-notifications' }],
  ['the fallback when the payload names nothing', { given: { value: { id: 'x' }, fallback: 'invite-operation' }, want: 'invite-operation' }],
  ['an @odata.type of no kind names nothing', { given: { value: { '@odata.type': '#microsoft.graph.call' } }, want: undefined }],
  ['a root that is no object names nothing', { given: { value: [batch] }, want: undefined }],
  ['a non-string @odata.type names nothing', { given: { value: { '@odata.type': 7 } }, want: undefined }],
];

for (const [name, { given, want }] of cases) {
  test(`decideKind: ${name}`, () => {
    assert.is(decideKind(given), want);
  });
}

test.run();
