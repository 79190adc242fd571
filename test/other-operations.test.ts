/**
 * Notifications of operations other than the invite's (playPromptOperation, recordOperation...): their
 * resourceData is checked as a commsOperation — id, status, clientContext, resultInfo — by the schema and
 * by the operation rules, on the one-pass path and on the full walk; the invite's own operation keeps its
 * checks. Other validators see the same through the portable schema.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { validate, type Problem } from '../src/index.js';
import { schemasDir } from '../src/paths.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

function batch(resourceData: Record<string, unknown>): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.commsNotifications',
    value: [
      {
        '@odata.type': '#microsoft.graph.commsNotification',
        changeType: 'deleted',
        resourceUrl: '/communications/calls/421f1100-e2d2-45fe-b3ae-bc4d3c8e7e01/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5',
        resourceData,
      },
    ],
  };
}

const playPrompt = {
  '@odata.type': '#microsoft.graph.playPromptOperation',
  id: '0fe0623f-d628-42ed-b4bd-8ac290072cc5',
  status: 'completed',
  clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
  completionReason: 'completedSuccessfully',
};

// An error elsewhere in the batch sends validate() down the full walk instead of the one-pass check.
const withFullWalk = (value: Record<string, unknown>): Record<string, unknown> => ({ ...value, value: [...(value['value'] as unknown[]), { changeType: 'bogus', resourceUrl: '/communications/calls/x' }] });

const brief = (problems: readonly Problem[]): string[] => problems.map((p) => `${p.ruleId} ${p.severity} ${p.pointer}`).sort();

test('a finished playPromptOperation is a valid commsOperation, on both paths', () => {
  assert.equal(brief(validate(batch(playPrompt), { kind: 'comms-notifications' }).problems), []);
  const full = brief(validate(withFullWalk(batch(playPrompt)), { kind: 'comms-notifications' }).problems);
  assert.ok(full.every((line) => line.includes('/value/1')), full.join('\n'));
});

test("another operation's properties are not read as an invite's: its participants are its own", () => {
  // Checked as the invite's operation, participants "x" would be a type mismatch.
  const value = batch({ ...playPrompt, participants: 'x' });
  assert.equal(brief(validate(value, { kind: 'comms-notifications' }).problems), []);
  // The invite's own operation, typed or untyped, keeps its checks.
  for (const type of [{ '@odata.type': '#microsoft.graph.inviteParticipantsOperation' }, { '@odata.type': '#Microsoft.Graph.InviteParticipantsOperation' }, {}]) {
    const { '@odata.type': _ignored, ...untyped } = playPrompt;
    const result = validate(batch({ ...untyped, ...type, participants: 'x' }), { kind: 'comms-notifications' });
    assert.equal(brief(result.problems), ['type-mismatch error /value/0/resourceData/participants'], JSON.stringify(type));
  }
});

test('the commsOperation checks apply to other operations: status, id, clientContext, resultInfo', () => {
  const cases: ReadonlyArray<[Record<string, unknown>, string[]]> = [
    [{ ...playPrompt, status: 'Completed' }, ['status-casing warning /value/0/resourceData/status']],
    [{ ...playPrompt, status: 'finished' }, ['enum-member error /value/0/resourceData/status']],
    [{ ...playPrompt, id: null }, ['entity-id-null warning /value/0/resourceData/id']],
    [{ ...playPrompt, clientContext: 'x'.repeat(257) }, ['client-context-length error /value/0/resourceData/clientContext']],
    [{ ...playPrompt, resultInfo: { code: '500' } }, ['type-mismatch error /value/0/resourceData/resultInfo/code']],
  ];
  for (const [operation, expected] of cases) {
    const value = batch(operation);
    assert.equal(brief(validate(value, { kind: 'comms-notifications' }).problems), expected, JSON.stringify(operation));
    // The same problems on the full walk, beside the one that forces it.
    const full = brief(validate(withFullWalk(value), { kind: 'comms-notifications' }).problems).filter((line) => !line.includes('/value/1'));
    assert.equal(full, expected, `full walk: ${JSON.stringify(operation)}`);
  }
});

test('a missing status on another operation is the required-property error', () => {
  const { status: _status, ...withoutStatus } = playPrompt;
  const result = validate(batch(withoutStatus), { kind: 'comms-notifications' });
  assert.equal(result.problems.map((p) => [p.ruleId, p.pointer, p.params]), [['required-property', '/value/0/resourceData', { missing: 'status' }]]);
});

test('the portable schema gives another validator the same verdicts', () => {
  const ajv = new Ajv2020();
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(join(schemasDir, 'portable', 'beta', 'comms-notifications.schema.json'), 'utf8')) as object;
  const check = ajv.compile(schema);
  assert.ok(check(batch(playPrompt)));
  assert.ok(check(batch({ ...playPrompt, participants: 'x' })));
  assert.not.ok(check(batch({ ...playPrompt, status: 'finished' })));
  const { '@odata.type': _type, ...untyped } = playPrompt;
  assert.not.ok(check(batch({ ...untyped, participants: 'x' })));
});

test.run();
