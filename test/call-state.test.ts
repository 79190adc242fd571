/**
 * A call's state sent without @odata.type under the call's own path: comms-notification.schema.json reads
 * the path beside resourceData and accepts the object unchecked, as it accepts a #microsoft.graph.call.
 * validate() on both of its paths (the one pass and the full walk), the per-notification parse,
 * classification, the ajv validators, the one-pass checks and the portable schemas must all say the same,
 * and near misses (another path, no path, an @odata.type that is there) are still checked as the invite's
 * operation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { classifyNotifications, parseCommsNotifications, validate, type Problem } from '../src/index.js';
import { isUntypedCallState } from '../src/contract/resource-data.js';
import { contractFormats } from '../src/validate/formats.js';
import { Walker } from '../src/validate/walker.js';
import { walkingRules } from '../src/rules/index.js';
import { schemasDir } from '../src/paths.js';
import { createValidators } from '../generated/validators.js';
import { samplesDir } from './samples.js';
import { listConstraints, schemaMutation, type SchemaConstraint } from './arbitraries.js';

// ajv-formats is CommonJS with a default export; under NodeNext the default sits one level down.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const callId = '5e1f0a7c-2d4b-4f39-9c0e-7a3b8d6e1f20';
const callState = { id: callId, state: 'established', direction: 'outgoing', mediaState: { audio: 'active' } };

/** The ways a notification names a call's own path: resourceUrl or resource alone, relative or absolute, any case. */
const callFields: ReadonlyArray<Record<string, unknown>> = [
  { resourceUrl: `/communications/calls/${callId}` },
  { resourceUrl: `/communications/calls/${callId}/` },
  { resourceUrl: `https://graph.microsoft.com/v1.0/communications/calls/${callId}` },
  { resourceUrl: `/beta/Communications/CALLS/${callId}?$select=state` },
  { resource: `/app/calls/${callId}` },
  { resource: `HTTPS://graph.microsoft.com/beta/app/calls/${callId}#x` },
  { resourceUrl: `/communications/calls/${callId}`, resource: `/app/calls/${callId}` },
  { resourceUrl: `/communications/calls/${callId}`, resource: null },
];

/** Untyped objects the schema still checks as the invite's operation: the path is not the call's own, or there is an @odata.type. */
const nearMisses: ReadonlyArray<Record<string, unknown>> = [
  { resourceUrl: `/communications/calls/${callId}/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5`, resourceData: callState },
  { resourceUrl: `/communications/calls/${callId}/operations`, resourceData: callState },
  { resourceUrl: `/communications/calls/${callId}/audioRoutingGroups/g1`, resourceData: callState },
  { resource: 'urn:call', resourceData: callState },
  { resourceUrl: `/communications/calls/`, resourceData: callState },
  { resourceUrl: `/communications/callsx/${callId}`, resourceData: callState },
  { resourceUrl: `/communication/calls/${callId}`, resourceData: callState },
  // resourceUrl is the path the notification is about, resource only its older name.
  { resourceUrl: `/communications/calls/${callId}/operations/o1`, resource: `/app/calls/${callId}`, resourceData: callState },
  // An @odata.type that is there but broken is no missing one.
  { resourceUrl: `/communications/calls/${callId}`, resourceData: { ...callState, '@odata.type': null } },
  { resourceUrl: `/communications/calls/${callId}`, resourceData: { ...callState, '@odata.type': 7 } },
];

const notification = (fields: Record<string, unknown>, data: unknown = callState): Record<string, unknown> => ({ changeType: 'updated', ...fields, resourceData: data });
const batchOf = (...value: unknown[]): { value: unknown[] } => ({ value });
const errors = (problems: readonly Problem[]): string[] => problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.pointer}`);
const all = (problems: readonly Problem[]): string[] => problems.map((p) => `${p.ruleId} ${p.severity} ${p.pointer}`);

const ajv = createValidators(contractFormats);
const checking = new Walker(walkingRules);
const onePass = (value: unknown): boolean => checking.check('comms-notifications', value, []);

function walked(value: unknown): string[] {
  const sink: Problem[] = [];
  new Walker(walkingRules).walk('comms-notifications', value, sink);
  return all(sink);
}

function portableCheck(profile: 'beta' | 'v1.0'): (value: unknown) => boolean {
  const portable = new Ajv2020({ allErrors: true });
  addFormats(portable);
  return portable.compile(JSON.parse(readFileSync(join(schemasDir, 'portable', profile, 'comms-notifications.schema.json'), 'utf8')) as object);
}
const portable = { beta: portableCheck('beta'), 'v1.0': portableCheck('v1.0') };

test('an untyped call state under the call\'s own path is accepted unchecked by validate() and every validator', () => {
  for (const fields of callFields) {
    const batch = batchOf(notification(fields));
    const what = JSON.stringify(fields);
    assert.equal(errors(validate(batch, { kind: 'comms-notifications' }).problems), [], what);
    assert.ok(ajv.commsNotifications(batch), what);
    assert.ok(onePass(batch), what);
    assert.ok(portable.beta(batch) && portable['v1.0'](batch), what);
    assert.ok(isUntypedCallState(batch.value[0] as Record<string, unknown>), what);
  }
});

test('per notification: the call state is ok and classified as the call, with the notification\'s own warnings only', () => {
  const body = JSON.stringify(batchOf(notification(callFields[0] as Record<string, unknown>), notification({ resource: `/app/calls/${callId}` })));
  const result = parseCommsNotifications(body);
  assert.ok(result.ok);
  assert.equal(
    result.notifications.map((n) => (n.ok ? `ok ${n.classified.type}` : 'refused')),
    ['ok call', 'ok call'],
  );
  const second = result.notifications[1];
  assert.ok(second !== undefined && second.ok && second.classified.type === 'call');
  assert.is(second.classified.call['state'], 'established');
  // The deprecated path still warns; nothing inside the call's state is reported.
  assert.equal(all(second.problems), ['deprecated-app-path warning /value/1/resource']);
  assert.equal(classifyNotifications(JSON.parse(body) as never).map((item) => item.type), ['call', 'call']);
});

test('near misses are still the invite\'s operation: refused for its missing status, by every validator', () => {
  for (const fields of nearMisses) {
    const batch = batchOf({ changeType: 'updated', ...fields });
    const what = JSON.stringify(fields);
    const found = validate(batch, { kind: 'comms-notifications' }).problems;
    assert.ok(
      found.some((p) => p.ruleId === 'required-property' && p.pointer === '/value/0/resourceData' && p.params['missing'] === 'status'),
      `${what}: ${errors(found).join(', ')}`,
    );
    assert.not.ok(ajv.commsNotifications(batch), what);
    assert.not.ok(onePass(batch), what);
    assert.not.ok(portable.beta(batch) || portable['v1.0'](batch), what);
    assert.not.ok(isUntypedCallState(batch.value[0] as Record<string, unknown>), what);
    const parsed = parseCommsNotifications(JSON.stringify(batch)).notifications[0];
    assert.ok(parsed !== undefined && !parsed.ok, what);
  }
});

test('the one pass and the full walk report the same of a batch that holds a call state', () => {
  const call = notification({ resource: `/app/calls/${callId}` });
  // Valid: validate() answers from the one pass.
  const valid = batchOf(call, notification({ resourceUrl: `/communications/calls/${callId}/participants` }, []));
  assert.ok(ajv.commsNotifications(valid) && onePass(valid));
  assert.equal(all(validate(valid, { kind: 'comms-notifications' }).problems), walked(valid));
  assert.equal(all(validate(valid, { kind: 'comms-notifications' }).problems), ['deprecated-app-path warning /value/0/resource']);
  // An error elsewhere sends validate() down the full walk with ajv's errors: the call state still adds nothing.
  const invalid = batchOf(call, notification({ resourceUrl: `/communications/calls/${callId}/operations/o1` }, { id: 'o1' }));
  const problems = validate(invalid, { kind: 'comms-notifications' }).problems;
  assert.equal(errors(problems), ['required-property /value/1/resourceData']);
  assert.equal(all(problems).filter((line) => line.includes('/value/0')), ['deprecated-app-path warning /value/0/resource']);
});

test('the samples: an untyped call state is valid, the same object under an operation path is not', () => {
  const sample = (folder: string, name: string): unknown => JSON.parse(readFileSync(join(samplesDir, folder, name), 'utf8'));
  const good = sample('valid', 'call-state-untyped.notification.json');
  const bad = sample('invalid', 'untyped-state-operation-path.notification.json');
  assert.equal(all(validate(good).problems), []);
  assert.equal(errors(validate(bad).problems), ['required-property /value/0/resourceData']);
  for (const check of [ajv.commsNotifications, onePass, portable.beta, portable['v1.0']]) {
    assert.ok(check(good));
    assert.not.ok(check(bad));
  }
});

test('the mutation machinery breaks no path that makes a call state an operation: that is two broken things', () => {
  const constraint = (id: string): SchemaConstraint => {
    const found = listConstraints().find((c): c is SchemaConstraint => c.type === 'schema' && c.id === id);
    assert.ok(found !== undefined, id);
    return found;
  };
  const resourceUrlType = constraint('comms-notification.schema.json#/properties/resourceUrl type');
  const resourceUrlNull = constraint('comms-notification.schema.json#/properties/resourceUrl nullable');
  const call = { kind: 'comms-notifications' as const, payload: batchOf(notification({ resourceUrl: `/communications/calls/${callId}` })) as never };
  // Broken, resourceUrl no longer names the call, and the state would be read as an operation without status.
  for (const broken of [resourceUrlType, resourceUrlNull]) assert.is(schemaMutation(broken, ['comms-notifications']).apply(call, 0), undefined, broken.id);
  // Where resource still names the call, or the object is an operation anyway, the break is one broken thing.
  const both = { kind: 'comms-notifications' as const, payload: batchOf(notification({ resourceUrl: `/communications/calls/${callId}`, resource: `/app/calls/${callId}` })) as never };
  const broken = schemaMutation(resourceUrlType, ['comms-notifications']).apply(both, 0);
  assert.ok(broken !== undefined);
  assert.equal(errors(validate(broken.payload, { kind: 'comms-notifications' }).problems), ['type-mismatch /value/0/resourceUrl']);
});

test.run();
