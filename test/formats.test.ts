import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import formatsModule from 'ajv-formats/dist/formats.js';
import { isUriReference } from '../src/validate/formats.js';
import { parseCommsNotifications, validate } from '../src/index.js';

// The reference: ajv-formats' own uri-reference, as a bare ajv setup would check it.
const { fullFormats } = formatsModule as unknown as typeof import('ajv-formats/dist/formats.js');
const reference = fullFormats['uri-reference'] as RegExp;
const params = (numRuns: number): fc.Parameters<unknown> => ({ seed: 3_2026, numRuns });

const segmentChars = "abcXYZ019-._~!$&'()*+,;=:@";
const char = (chars: string): fc.Arbitrary<string> => fc.constantFrom(...chars.split(''));
const segment = fc.string({ unit: char(segmentChars), minLength: 0, maxLength: 12 });
/** Strings shaped like resource paths, plain or not: scheme, host, port, segments, query, fragment. */
const pathLike = fc
  .tuple(
    fc.constantFrom('', 'https://', 'http://', 'HTTPS://', 'ftp://', '//', 'https:/', 'mailto:'),
    fc.constantFrom('', 'graph.microsoft.com', 'localhost', '10.0.0.1', '[::1]', 'ex ample.com', 'user@host'),
    fc.constantFrom('', ':443', ':', ':x'),
    fc.array(segment, { maxLength: 6 }),
    fc.constantFrom('', '/', '?a=b', '#frag', '?%zz', '#a#b', '%41', '%4', ' ', '\\', '"', '<', '{}'),
  )
  .map(([scheme, host, port, segments, tail]) => `${scheme}${host}${port}${segments.map((s) => `/${s}`).join('')}${tail}`);
/** Any short string over the characters that matter to the grammar. */
const anyString = fc.string({ unit: char("aZ09/:?#[]@!$&'()*+,;=%-._~ \"\\<>{}|^`\t"), maxLength: 24 });

test('isUriReference agrees with ajv-formats on strings shaped like resource paths', () => {
  fc.assert(
    fc.property(pathLike, (value) => isUriReference(value) === reference.test(value)),
    params(20_000),
  );
});

test('isUriReference agrees with ajv-formats on arbitrary strings of URI characters', () => {
  fc.assert(
    fc.property(anyString, (value) => isUriReference(value) === reference.test(value)),
    params(20_000),
  );
});

test('isUriReference agrees with ajv-formats on the paths the documented examples and tests use', () => {
  const values = [
    '',
    '/',
    '/communications/calls/2f1a0b00-ffff-4a6a-a34e-a8f9b73ef3ff/operations/278405a3-f568-4b3e-b684-009193463064',
    '/app/calls/a7ebfb2d-1111-2222-3333-444444444444/participants',
    'https://graph.microsoft.com/beta/communications/calls/abc/participants/',
    'https://graph.microsoft.com:443/v1.0/communications/calls/abc',
    'not a path',
    'https://exa mple.com/x',
    '/calls/%zz',
    '/calls/%41',
    '//double/slash',
  ];
  for (const value of values) assert.is(isUriReference(value), reference.test(value), value);
});

test('a resource path of millions of characters is answered, never a RangeError out of the regular expressions', () => {
  // Past some four million segments, either pattern exhausts the backtracking stack of V8's engine.
  for (const long of ['x'.repeat(8_400_000), 'a/'.repeat(4_200_000), '/a'.repeat(4_200_000)]) {
    assert.type(isUriReference(long), 'boolean');
    const body = { value: [{ changeType: 'updated', resourceUrl: long, resourceData: [] }] };
    const problems = validate(body, { kind: 'comms-notifications' }).problems.map((problem) => `${problem.ruleId} ${problem.pointer}`);
    assert.ok(problems.includes('format-mismatch /value/0/resourceUrl'), problems.join(', '));
    assert.is(parseCommsNotifications(JSON.stringify(body)).notifications.length, 1);
  }
});

test.run();
