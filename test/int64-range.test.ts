/**
 * int64's bounds told from the numbers as written: a double reads every integer from 2^63 − 512 to
 * 2^63 + 1024 as 2^63, int64's bound (2^63 − 1) among them, so a comparison of doubles passed numbers past
 * int64. The linter reads their literals (src/validate/exact-ranges.ts); the schema files write the bounds
 * exactly (scripts/metadata/schema-text.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint } from '../src/index.js';
import { lostPrecision } from '../src/json/number-precision.js';
import { packageRoot } from '../src/paths.js';

/** A roster update whose participant's rosterSequenceNumber (an int64) is written as given, pretty-printed. */
const roster = (sequence: string): string =>
  [
    '{',
    '  "@odata.type": "#microsoft.graph.commsNotifications",',
    '  "value": [',
    '    {',
    '      "changeType": "updated",',
    '      "resourceUrl": "/communications/calls/c1/participants",',
    '      "resourceData": [',
    '        {',
    `          "@odata.type": "#microsoft.graph.participant", "id": "p1", "isInLobby": false, "isMuted": false,`,
    '          "info": { "identity": { "user": { "id": "u1" } } },',
    `          "rosterSequenceNumber": ${sequence}`,
    '        }',
    '      ]',
    '    }',
    '  ]',
    '}',
  ].join('\n');

const rangeProblems = (text: string, apiVersion: 'beta' | 'v1.0' = 'beta') =>
  lint({ text, type: 'payload', kind: 'comms-notifications', apiVersion })
    .problems.filter((p) => p.ruleId === 'value-range')
    .map((p) => `${p.line}:${p.column} ${p.message} ${JSON.stringify(p.params)}`);

const at = '11:35';

test('integers past int64 that a double reads as its bound are out of range, at their place, quoted as written', () => {
  for (const apiVersion of ['beta', 'v1.0'] as const) {
    assert.equal(rangeProblems(roster('9223372036854775808'), apiVersion), [
      `${at} rosterSequenceNumber 9223372036854775808 is out of range: must be <= 9223372036854775807 {"comparison":"<=","limit":9223372036854776000,"found":9223372036854776000}`,
    ]);
    assert.equal(rangeProblems(roster('9223372036854776831'), apiVersion).length, 1, apiVersion);
    assert.equal(rangeProblems(roster('9.223372036854775808e18'), apiVersion).length, 1, apiVersion);
    assert.equal(rangeProblems(roster('-9223372036854775809'), apiVersion), [
      `${at} rosterSequenceNumber -9223372036854775809 is out of range: must be >= -9223372036854775808 {"comparison":">=","limit":-9223372036854776000,"found":-9223372036854776000}`,
    ]);
  }
});

test("int64's own bounds, and integers a double reads as them from within, are in range", () => {
  for (const within of ['9223372036854775807', '9223372036854775000', '9223372036854775807.0', '-9223372036854775808', '-9223372036854775807', '0', '9007199254740993']) {
    assert.equal(rangeProblems(roster(within)), [], within);
  }
});

test('a number far past int64 keeps its error, quoting the literal rather than the double it reads as', () => {
  assert.equal(rangeProblems(roster('18446744073709551616')), [
    `${at} rosterSequenceNumber 18446744073709551616 is out of range: must be <= 9223372036854775807 {"comparison":"<=","limit":9223372036854776000,"found":18446744073709552000}`,
  ]);
});

test('a number read as 2^63 where no int64 bound applies is no range error', () => {
  // A participant's metadata is a string: 2^63 there is a type error, not value-range.
  const text = roster('1').replace('"isMuted": false', '"isMuted": false, "metadata": 9223372036854775808');
  const problems = lint({ text, type: 'payload', kind: 'comms-notifications' }).problems.map((p) => p.ruleId);
  assert.equal(problems, ['type-mismatch']);
});

test('an integer written with an exponent that a double holds exactly is no precision loss', () => {
  assert.is(lostPrecision('9.223372036854775808e18', false), undefined);
  assert.is(lostPrecision('1.8446744073709551616e19', false), undefined);
  assert.equal(lostPrecision('9.223372036854775807e18', false), { read: '9223372036854776000', loss: 'integer' });
  // As before: a literal that prints back as written passes, though no double is exactly it.
  assert.is(lostPrecision('123e20', false), undefined);
});

test("the schema files write int64's bounds as the metadata gives them", () => {
  const files = readdirSync(join(packageRoot, 'schemas'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.json'));
  let bounds = 0;
  for (const name of files) {
    const text = readFileSync(join(packageRoot, 'schemas', name), 'utf8');
    assert.not.match(text, /9223372036854776000/, name);
    bounds += [...text.matchAll(/"maximum": 9223372036854775807\b/g)].length;
    assert.is([...text.matchAll(/"minimum": -9223372036854775808\b/g)].length, [...text.matchAll(/"maximum": 9223372036854775807\b/g)].length, name);
  }
  assert.ok(bounds >= 8, `int64 bounds found: ${bounds}`);
});

test.run();
