import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_MAX_DEPTH, scanSource, type ParseIssue } from '../src/json/scanner.js';
import { denotedInteger, lostPrecision } from '../src/json/number-precision.js';
import { positionAt, type SourcePosition } from '../src/json/positions.js';
import { mapSource } from '../src/json/source-map.js';
import { decodeUtf8 } from '../src/json/decode.js';

/** "line:column" keeps expectations short and failures readable. */
function at(position: SourcePosition | undefined): string | undefined {
  return position === undefined ? undefined : `${position.line}:${position.column}`;
}

function only(issues: ParseIssue[], kind: ParseIssue['kind']): ParseIssue {
  assert.is(issues.length, 1, `expected exactly one issue, got ${JSON.stringify(issues)}`);
  const issue = issues[0] as ParseIssue;
  assert.is(issue.kind, kind);
  return issue;
}

function throwsInJsonParse(text: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

// --- positionAt -------------------------------------------------------------------------------------

test('positionAt counts LF, CRLF and lone CR as one line break each', () => {
  assert.is(at(positionAt('a\nb', 2)), '2:1');
  assert.is(at(positionAt('a\r\nb', 3)), '2:1');
  assert.is(at(positionAt('a\rb', 2)), '2:1');
  assert.is(at(positionAt('a\r\n\r\n\n\rb', 7)), '5:1');
  // The LF of a CRLF still belongs to the line the CR ends.
  assert.is(at(positionAt('a\r\nb', 2)), '1:3');
});

test('positionAt: tab is one column, columns are UTF-16 code units, BOM is skipped', () => {
  assert.is(at(positionAt('\t\tx', 2)), '1:3');
  assert.is(at(positionAt('😀x', 2)), '1:3');
  assert.is(at(positionAt('üx', 1)), '1:2');
  assert.equal(positionAt('\uFEFFab', 2), { line: 1, column: 2, offset: 2 });
  assert.equal(positionAt('\uFEFFab', 1), { line: 1, column: 1, offset: 1 });
  assert.equal(positionAt('\uFEFFab', 0), { line: 1, column: 1, offset: 0 });
});

test('positionAt clamps offsets outside the text', () => {
  assert.equal(positionAt('ab\ncd', 99), { line: 2, column: 3, offset: 5 });
  assert.equal(positionAt('ab', -4), { line: 1, column: 1, offset: 0 });
  assert.equal(positionAt('', 0), { line: 1, column: 1, offset: 0 });
});

// --- mapSource: positions -----------------------------------------------------------------------------

const nested = ['{', '  "a": {', '    "b": [10, "x", true]', '  },', '  "c": null', '}'];

function assertNestedPositions(text: string): void {
  const map = mapSource(text);
  assert.is(at(map.value('')), '1:1');
  assert.is(map.key(''), undefined);
  assert.is(at(map.value('/a')), '2:8');
  assert.is(at(map.key('/a')), '2:3');
  assert.is(at(map.value('/a/b')), '3:10');
  assert.is(at(map.key('/a/b')), '3:5');
  assert.is(at(map.value('/a/b/0')), '3:11');
  assert.is(at(map.value('/a/b/1')), '3:15');
  assert.is(at(map.value('/a/b/2')), '3:20');
  assert.is(map.key('/a/b/2'), undefined, 'array items have no key');
  assert.is(at(map.value('/c')), '5:8');
  assert.is(at(map.key('/c')), '5:3');
}

test('mapSource: nested values and keys with LF line breaks', () => {
  assertNestedPositions(nested.join('\n'));
});

test('mapSource: CRLF, lone CR and mixed line breaks give the same positions', () => {
  assertNestedPositions(nested.join('\r\n'));
  assertNestedPositions(nested.join('\r'));
  assertNestedPositions(`${nested.slice(0, 2).join('\r\n')}\n${nested.slice(2, 4).join('\r')}\r\n${nested.slice(4).join('\n')}`);
});

test('mapSource: offsets index the text as given', () => {
  const text = nested.join('\r\n');
  const map = mapSource(text);
  const b = map.value('/a/b/1');
  assert.ok(b !== undefined);
  assert.is(text.slice(b.offset, b.offset + 3), '"x"');
  assert.equal(b, positionAt(text, b.offset));
});

test('mapSource: a tab counts as one column', () => {
  const map = mapSource('{\n\t"a":\t1,\n\t\t"b": [\t2]\n}');
  assert.is(at(map.key('/a')), '2:2');
  assert.is(at(map.value('/a')), '2:7');
  assert.is(at(map.key('/b')), '3:3');
  assert.is(at(map.value('/b/0')), '3:10');
});

test('mapSource: a leading BOM is skipped, line 1 column 1 is the character after it', () => {
  const map = mapSource('\uFEFF{"a": 1,\n"b": 2}');
  assert.equal(map.value(''), { line: 1, column: 1, offset: 1 });
  assert.equal(map.key('/a'), { line: 1, column: 2, offset: 2 });
  assert.is(at(map.value('/a')), '1:7');
  assert.is(at(map.key('/b')), '2:1');
});

test('mapSource: columns count UTF-16 code units, so an emoji takes two columns and ü one', () => {
  const map = mapSource('{"ü": "ü", "e": "😀", "n": 1}');
  assert.is(at(map.value('/ü')), '1:7');
  assert.is(at(map.key('/e')), '1:12');
  assert.is(at(map.value('/e')), '1:17');
  // "😀" is one code point but two UTF-16 code units.
  assert.is(at(map.key('/n')), '1:23');
  assert.is(at(map.value('/n')), '1:28');
  const emojiKey = mapSource('{"😀": [1, 2]}');
  assert.is(at(emojiKey.value('/😀/1')), '1:12');
});

test('mapSource: scalar roots and every value kind start at their first character', () => {
  assert.is(at(mapSource('  42 ').value('')), '1:3');
  assert.is(at(mapSource('\n"s"').value('')), '2:1');
  const map = mapSource('[-1.5e3, "s", true, false, null, {}, []]');
  assert.is(at(map.value('/0')), '1:2');
  assert.is(at(map.value('/1')), '1:10');
  assert.is(at(map.value('/2')), '1:15');
  assert.is(at(map.value('/3')), '1:21');
  assert.is(at(map.value('/4')), '1:28');
  assert.is(at(map.value('/5')), '1:34');
  assert.is(at(map.value('/6')), '1:38');
  assert.is(map.value('/5/0'), undefined);
  assert.is(map.value('/6/0'), undefined);
  assert.is(map.value('/1/0'), undefined, 'strings have no children');
});

test('mapSource: pointers escape / and ~ (RFC 6901) and keys are decoded', () => {
  const map = mapSource('{"a/b": {"m~n": 1}, "~1": 2, "": 3, "\\u0078\\/y": 4, " ": {"": 5}}');
  assert.is(at(map.value('/a~1b/m~0n')), '1:17');
  assert.is(at(map.key('/a~1b/m~0n')), '1:10');
  assert.is(at(map.value('/~01')), '1:27');
  assert.is(at(map.value('/')), '1:34');
  assert.is(at(map.value('/x~1y')), '1:50');
  assert.is(at(map.value('/ /')), '1:63');
  assert.is(map.value('/a/b'), undefined);
  assert.is(map.value('/~1'), undefined);
});

test('mapSource: pointers that name nothing give undefined', () => {
  const map = mapSource('{"a": [1, 2], "b": {"c": 3}}');
  for (const pointer of ['/x', '/a/2', '/a/-1', '/a/01', '/a/1.0', '/a/-', '/b/c/d', 'a', '#/a', '/a/']) {
    assert.is(map.value(pointer), undefined, pointer);
    assert.is(map.key(pointer), undefined, pointer);
  }
});

test('mapSource: __proto__ and constructor are ordinary keys and nothing is polluted', () => {
  const map = mapSource('{"__proto__": {"polluted": 1}, "constructor": {"prototype": 2}}');
  assert.is(at(map.value('/__proto__/polluted')), '1:28');
  assert.is(at(map.key('/__proto__')), '1:2');
  assert.is(at(map.value('/constructor/prototype')), '1:61');
  assert.is(map.value('/toString'), undefined);
  assert.is(map.value('/hasOwnProperty'), undefined);
  assert.is(map.value('/__proto__/toString'), undefined);
  assert.is(map.value('/constructor/name'), undefined);
  assert.is(({} as Record<string, unknown>)['polluted'], undefined);
});

test('mapSource: a duplicated key maps to the last occurrence, the one JSON.parse keeps', () => {
  const map = mapSource('{"a": {"x": 1}, "a": [2]}');
  assert.is(at(map.key('/a')), '1:17');
  assert.is(at(map.value('/a')), '1:22');
  assert.is(at(map.value('/a/0')), '1:23');
  assert.is(map.value('/a/x'), undefined);
});

test('mapSource: on invalid text it maps what precedes the error and does not throw', () => {
  const map = mapSource('{"a": 1, "b": [2, }');
  assert.is(at(map.value('/a')), '1:7');
  assert.is(at(map.value('/b/0')), '1:16');
  assert.is(map.value('/b/1'), undefined);
  assert.is(mapSource('').value(''), undefined);
});

test('mapSource agrees with JSON.stringify for every value of generated documents', () => {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const keys = ['a', 'b/c', 'd~e', '__proto__', 'constructor', '', 'ü', '😀', 'line\nbreak', 'q"uote'];
  const generate = (depth: number): unknown => {
    const pick = random();
    if (depth > 4 || pick < 0.3) {
      const scalars: unknown[] = [null, true, false, 0, -12.5, 1e21, 'text', 'tab\there', '😀ü', ''];
      return scalars[Math.floor(random() * scalars.length)];
    }
    if (pick < 0.65) return Array.from({ length: Math.floor(random() * 4) }, () => generate(depth + 1));
    const object: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 4); i > 0; i--) {
      Object.defineProperty(object, keys[Math.floor(random() * keys.length)] as string, {
        value: generate(depth + 1),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
    return object;
  };
  const pointersOf = (value: unknown, pointer: string, out: [string, unknown][]): void => {
    out.push([pointer, value]);
    if (Array.isArray(value)) value.forEach((item, index) => pointersOf(item, `${pointer}/${index}`, out));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        pointersOf(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
      }
    }
  };
  for (let round = 0; round < 200; round++) {
    const value = generate(0);
    for (const indent of [0, 2, '\t']) {
      const text = JSON.stringify(value, null, indent);
      assert.equal(scanSource(text), []);
      const map = mapSource(indent === 0 ? text : text.replace(/\n/g, '\r\n'));
      const pointers: [string, unknown][] = [];
      pointersOf(value, '', pointers);
      for (const [pointer, item] of pointers) {
        const position = map.value(pointer);
        assert.ok(position !== undefined, pointer);
        if (indent === 0) assert.ok(text.startsWith(JSON.stringify(item), position.offset), pointer);
      }
    }
  }
});

// --- decodeUtf8: where a fault is ----------------------------------------------------------------

test('an encoding fault is placed as every other problem: CR, CRLF and LF lines, UTF-16 columns, no BOM', () => {
  const cases: [text: string, position: string][] = [
    ['{\r  "a": "éé', '2:11'],
    ['{\n  "a": "😀', '2:11'],
    ['{\r\n"a": "😀ü\r\n\r', '4:1'],
    ['\uFEFF{"😀": "', '1:9'],
    ['\uFEFF', '1:1'],
    ['a\u2028b', '1:4'],
  ];
  for (const [text, position] of cases) {
    const prefix = Buffer.from(text, 'utf8');
    // One invalid byte, then a NUL in another copy: both are placed after the same valid prefix.
    for (const [bad, found] of [[0xff, 'invalid-utf-8'], [0x00, 'nul']] as const) {
      const decoded = decodeUtf8(Buffer.concat([prefix, Buffer.from([bad, 0x7d])]));
      assert.equal(decoded, { fault: { found, offset: prefix.length, line: Number(position.split(':')[0]), column: Number(position.split(':')[1]) } }, JSON.stringify(text));
      // The place the text itself would give the character there.
      assert.is(at(positionAt(`${text}x`, text.length)), position, JSON.stringify(text));
    }
  }
});

// --- scanSource: syntax errors ----------------------------------------------------------------------

const syntaxCases: [name: string, text: string, position: string, message: RegExp][] = [
  ['empty file', '', '1:1', /empty file.*expected a JSON value/],
  ['whitespace only', ' \r\n\t ', '1:1', /empty file.*expected a JSON value/],
  // Decoding takes the file's byte order mark; one left in the text is a character JSON does not allow.
  ['a byte order mark alone', '\uFEFF', '1:1', /unexpected U\+FEFF: expected a value.*byte order mark/],
  ['trailing comma in an object', '{"a": 1,}', '1:8', /trailing comma.*expected another property/],
  ['trailing comma in an array', '[1, 2,\n]', '1:6', /trailing comma.*expected another item/],
  ['trailing comma on a CRLF line', '{\r\n"a": 1,\r\n}', '2:7', /trailing comma/],
  ['leading zero', '{"a": 01}', '1:8', /leading zero/],
  ['negative leading zero', '[-00]', '1:4', /leading zero/],
  ['minus without digits', '{"a": -}', '1:8', /unexpected '}' after '-': expected a digit/],
  ['fraction without digits', '[1.]', '1:4', /after '.': expected a digit/],
  ['exponent without digits', '[1e+]', '1:5', /exponent: expected a digit/],
  ['number starting with a dot', '[.5]', '1:2', /unexpected '\.': expected a value/],
  ['number with a plus sign', '[+1]', '1:2', /unexpected '\+': expected a value/],
  ['bad escape', '{"a": "x\\qy"}', '1:10', /invalid escape '\\q'.*expected one of/],
  ['bad unicode escape', '"\\u12G4"', '1:6', /unexpected 'G' in \\u escape: expected 4 hexadecimal digits/],
  ['raw line break in a string', '{\n  "a": "line\nbreak"\n}', '2:13', /control character U\+000A.*expected it escaped as \\n/],
  ['raw tab in a string', '["a\tb"]', '1:4', /control character U\+0009.*\\t/],
  ['raw NUL in a key', '{"a\u0000": 1}', '1:4', /control character U\+0000.*\\u0000/],
  ['unterminated string', '{"a": "abc', '1:11', /unterminated string \(opened at 1:7\): expected '"'/],
  ['unterminated string ending in a backslash', '["abc\\', '1:7', /unterminated string \(opened at 1:2\)/],
  ['unterminated unicode escape', '["\\u12', '1:7', /unterminated string/],
  ['missing value after a colon', '{"a": }', '1:7', /unexpected '}': expected a value.*missing/],
  ['missing value in an array', '[1, , 2]', '1:5', /unexpected ',': expected a value/],
  ['missing value at end of file', '{"a":', '1:6', /unexpected end of file: expected a value/],
  ['missing colon', '{"a" 1}', '1:6', /unexpected '1' after property name "a": expected ':'/],
  ['missing comma between items', '[1 2]', '1:4', /unexpected '2': expected ',' or '\]'/],
  ['missing comma between properties', '{"a":1\n  "b":2}', '2:3', /expected ',' or '}' \(the object opened at 1:1 is still open\)/],
  ['unquoted key', '{a: 1}', '1:2', /unexpected 'a': expected a property name in double quotes or '}'/],
  ['non-string key after a comma', '{"a": 1, 2: 3}', '1:10', /expected a property name in double quotes after ','/],
  ['leading comma in an object', '{,}', '1:2', /expected a property name/],
  ['leading comma in an array', '[,1]', '1:2', /expected a value/],
  ['single-quoted string', "['a']", '1:2', /expected a value.*double quotes/],
  ['comment', '// note\n{}', '1:1', /unexpected '\/'.*comments/],
  ['mismatched bracket', '[1}', '1:3', /unexpected '}': expected ',' or '\]'/],
  ['unclosed array', '[1, [2', '1:7', /unexpected end of file: expected ',' or '\]' \(the array opened at 1:5 is still open\)/],
  ['unclosed object', '{"a": {}\n', '2:1', /unexpected end of file: expected ',' or '}'/],
  ['truncated literal', '[tru', '1:5', /unexpected end of file: expected 'true'/],
  ['misspelt literal', '{"a": nul1}', '1:10', /unexpected '1': expected 'null'/],
  ['capitalised literal', 'True', '1:1', /unexpected 'T': expected a value/],
  ['NaN', '[NaN]', '1:2', /unexpected 'N'/],
  ['trailing garbage after the root value', '{}\n\n  x', '3:3', /unexpected 'x' after the root value: expected end of file/],
  ['second root value', '1 2', '1:3', /after the root value/],
  ['closing bracket after the root value', '[]]', '1:3', /unexpected '\]' after the root value/],
  ['non-breaking space as whitespace', '\u00A0{}', '1:1', /unexpected U\+00A0/],
  ['BOM in the middle', '[1,\uFEFF2]', '1:4', /unexpected U\+FEFF/],
  ['a byte order mark before the value', '\uFEFF{"a": 1}', '1:1', /unexpected U\+FEFF/],
  ['a byte order mark after white space', ' \uFEFF{}', '1:2', /unexpected U\+FEFF/],
  ['error after non-ASCII text', '{"ü😀": 1 x}', '1:11', /unexpected 'x'/],
];

for (const [name, text, position, message] of syntaxCases) {
  test(`syntax error: ${name} at ${position}`, () => {
    assert.ok(throwsInJsonParse(text), 'JSON.parse rejects it too');
    const issue = only(scanSource(text), 'syntax');
    assert.is(at(issue.position), position);
    assert.match(issue.message, message);
    assert.not.ok('pointer' in issue, 'syntax errors carry no pointer');
    assert.equal(issue.position, positionAt(text, issue.position.offset));
  });
}

test('valid documents give no issues, including every escape and lone surrogates', () => {
  const texts = [
    '{}',
    '[]',
    '0',
    '-0',
    '-0.0e-0',
    '1E+2',
    '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\\uD800"',
    ' {"a": [1, {"b": null}], "c": true, "d": false}\r\n',
    ' \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n',
    '"\u2028\u2029\uD800"',
  ];
  for (const text of texts) {
    assert.not.ok(throwsInJsonParse(text), text);
    assert.equal(scanSource(text), [], text);
  }
});

test('every prefix of a valid document is rejected exactly when JSON.parse rejects it', () => {
  const text = '{"a": [1, -2.5e+3, "x\\n\\u00e9"], "b": {"c": true, "d": null}, "e": false}';
  for (let end = 0; end <= text.length; end++) {
    const prefix = text.slice(0, end);
    const issues = scanSource(prefix);
    assert.is(issues.length === 1 && issues[0]?.kind === 'syntax', throwsInJsonParse(prefix), prefix);
  }
});

// --- scanSource: duplicate keys ---------------------------------------------------------------------

test('duplicate keys are reported at the second key with its pointer and the first position', () => {
  const text = '{\n  "a": 1,\n  "b": {"c": 1, "c": 2},\n  "a": 3\n}';
  const issues = scanSource(text);
  assert.equal(
    issues.map((issue) => [issue.kind, issue.pointer, at(issue.position)]),
    [
      ['duplicate-key', '/b/c', '3:17'],
      ['duplicate-key', '/a', '4:3'],
    ],
  );
  assert.match(issues[0]?.message ?? '', /duplicate key "c": JSON\.parse keeps only the last value; the first "c" is at 3:9/);
  assert.match(issues[1]?.message ?? '', /the first "a" is at 2:3/);
});

test('__proto__ twice is an ordinary duplicate key', () => {
  const text = '{"__proto__": 1, "__proto__": 2}';
  const issue = only(scanSource(text), 'duplicate-key');
  assert.is(issue.pointer, '/__proto__');
  assert.is(at(issue.position), '1:18');
  assert.match(issue.message, /the first "__proto__" is at 1:2/);
  // The premise of the message: JSON.parse keeps the last value as an own property.
  assert.is(Object.getOwnPropertyDescriptor(JSON.parse(text), '__proto__')?.value, 2);
});

test('duplicate keys: decoded names compare, pointers are escaped, each repeat is reported', () => {
  const escaped = only(scanSource('{"a": 1, "\\u0061": 2}'), 'duplicate-key');
  assert.is(escaped.pointer, '/a');
  assert.is(at(escaped.position), '1:10');
  assert.is(only(scanSource('{"x": {"a/b~": 1, "a/b~": 2}}'), 'duplicate-key').pointer, '/x/a~1b~0');
  const triple = scanSource('{"k": 1, "k": 2, "k": 3, "constructor": 4, "constructor": 5}');
  assert.equal(
    triple.map((issue) => [issue.pointer, at(issue.position)]),
    [
      ['/k', '1:10'],
      ['/k', '1:18'],
      ['/constructor', '1:44'],
    ],
  );
  assert.ok(triple.slice(0, 2).every((issue) => issue.message.includes('the first "k" is at 1:2')));
});

test('the same key in different objects, or differing only in case, is not a duplicate', () => {
  assert.equal(scanSource('[{"a": 1}, {"a": 1}, {"a": {"a": {"a": 1}}}]'), []);
  assert.equal(scanSource('{"a": 1, "A": 2, "a ": 3}'), []);
  assert.equal(scanSource('{"toString": 1, "hasOwnProperty": 2, "valueOf": 3}'), []);
});

test('a duplicate key in an array item has the item index in its pointer', () => {
  const issue = only(scanSource('[{}, {"id": 1,\r\n "id": 2}]'), 'duplicate-key');
  assert.is(issue.pointer, '/1/id');
  assert.is(at(issue.position), '2:2');
});

// --- scanSource: number precision -------------------------------------------------------------------

test('numbers that JSON.parse cannot keep exactly are reported with pointer and position', () => {
  const text = '{"n": [\n9007199254740993,\n1e400,\n-1e400,\n12345678901234567890,\n9007199254740991,\n1.5,\n-9007199254740991,\n9007199254740992,\n0.1,\n1e-400,\n100000000000000000000\n]}';
  const issues = scanSource(text);
  assert.equal(
    issues.map((issue) => [issue.kind, issue.pointer, at(issue.position)]),
    [
      ['number-precision', '/n/0', '2:1'],
      ['number-precision', '/n/1', '3:1'],
      ['number-precision', '/n/2', '4:1'],
      ['number-precision', '/n/3', '5:1'],
      ['number-precision', '/n/9', '11:1'],
    ],
  );
  assert.match(issues[0]?.message ?? '', /9007199254740993 .*reads it as 9007199254740992/);
  assert.match(issues[1]?.message ?? '', /1e400 .*reads it as Infinity/);
  assert.match(issues[2]?.message ?? '', /-1e400 .*reads it as -Infinity/);
  assert.match(issues[3]?.message ?? '', /12345678901234567890 .*reads it as 12345678901234567000/);
  // An underflow: no double is that small, and JSON.parse reads 0 without a word.
  assert.equal(issues[4]?.params, { literal: '1e-400', read: '0' });
});

test('number precision: a non-zero number below every double is flagged, a written zero is not', () => {
  assert.equal(lostPrecision('1e-400', false), { read: '0', loss: 'underflow' });
  assert.equal(lostPrecision('-7.5e-330', false), { read: '-0', loss: 'underflow' });
  for (const literal of ['0e-400', '0.000e-999', '-0.0', '5e-324', '1e-300']) assert.is(lostPrecision(literal, false), undefined, literal);
});

test('number precision: safe integers and ordinary fractions are not flagged', () => {
  for (const text of ['9007199254740991', '-9007199254740991', '1.5', '0.30000000000000004', '123456789012345', '1e308', '-0']) {
    assert.equal(scanSource(text), [], text);
  }
});

test('number precision: huge integers and fractions overflowing to Infinity are flagged', () => {
  const huge = `{"big": ${'9'.repeat(400)}}`;
  const issue = only(scanSource(huge), 'number-precision');
  assert.is(issue.pointer, '/big');
  assert.is(at(issue.position), '1:9');
  assert.match(issue.message, /reads it as Infinity/);
  assert.is(only(scanSource(`[${'1'.repeat(310)}.5]`), 'number-precision').pointer, '/0');
  assert.is(only(scanSource('-9007199254740993'), 'number-precision').pointer, '');
});

test('number precision: integers written with a fraction or an exponent are held to the same standard', () => {
  for (const text of ['9007199254740993.0', '9007199254740993.000', '9.007199254740993e15', '900719925474099.3e1', '-9007199254740993.0']) {
    const issue = only(scanSource(`[${text}]`), 'number-precision');
    assert.match(issue.message, /reads it as -?9007199254740992; expected an integer within/, text);
  }
  // What prints back as the same decimal number lost nothing that was written.
  for (const text of ['9007199254740992.0', '1.0', '12e3', '123e20', '6.02e23', '1e308', '100e-2', '0.0', '1.5e1', '2.5']) {
    assert.equal(scanSource(`[${text}]`), [], text);
  }
});

test('denotedInteger: the integer a fraction or exponent form denotes, if any', () => {
  const cases: Array<[string, bigint | undefined]> = [
    ['1.0', 1n], ['0.0', 0n], ['-0.0', 0n], ['12e3', 12000n], ['1.5e1', 15n], ['100e-2', 1n], ['-120e-1', -12n],
    ['0.5', undefined], ['1e-5', undefined], ['1.25e1', undefined], ['9.007199254740993e15', 9007199254740993n],
    ['1e401', undefined], ['abc', undefined], ['0.1e401', 10n ** 400n], ['100e399', undefined], ['0.01e403', undefined], ['0e999', 0n],
  ];
  for (const [literal, expected] of cases) assert.is(denotedInteger(literal), expected, literal);
});

test('number precision: every form of one magnitude gets the same wording', () => {
  const wording = (literal: string): string | undefined => /; expected (an integer|a finite double)/.exec(only(scanSource(`[${literal}]`), 'number-precision').message)?.[1];
  const tenTo = (exponent: number): string => `1${'0'.repeat(exponent)}`;
  for (const [words, forms] of [
    ['an integer', ['1e309', '1e400', '10e399', '0.1e401', tenTo(400), `${tenTo(400)}.0`, '-1E+400']],
    ['a finite double', ['1e401', '100e399', '0.01e403', '10e400', tenTo(401), `${tenTo(401)}.0`, `-${tenTo(401)}`, '1.5e401']],
  ] as const) {
    for (const literal of forms) assert.is(wording(literal), words, literal);
  }
});

// --- scanSource: depth ------------------------------------------------------------------------------

test(`the default depth limit is ${DEFAULT_MAX_DEPTH}`, () => {
  const ok = '['.repeat(DEFAULT_MAX_DEPTH) + ']'.repeat(DEFAULT_MAX_DEPTH);
  assert.equal(scanSource(ok), []);
  const deep = '['.repeat(DEFAULT_MAX_DEPTH + 1) + ']'.repeat(DEFAULT_MAX_DEPTH + 1);
  const issue = only(scanSource(deep), 'too-deep');
  assert.is(at(issue.position), `1:${DEFAULT_MAX_DEPTH + 1}`);
  assert.is(issue.pointer, '/0'.repeat(DEFAULT_MAX_DEPTH));
});

test('100,000 levels of nesting: one too-deep issue, no stack overflow', () => {
  const depth = 100_000;
  const text = '['.repeat(depth) + ']'.repeat(depth);
  const issue = only(scanSource(text), 'too-deep');
  assert.is(at(issue.position), `1:${DEFAULT_MAX_DEPTH + 1}`);
  assert.match(issue.message, /deeper than 1000 levels/);
  assert.equal(scanSource(text, { maxDepth: Number.POSITIVE_INFINITY }), []);
  const objects = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  assert.equal(scanSource(objects, { maxDepth: Number.POSITIVE_INFINITY }), []);
  assert.is(only(scanSource(objects), 'too-deep').pointer, '/a'.repeat(DEFAULT_MAX_DEPTH));
  const unclosed = only(scanSource('['.repeat(depth), { maxDepth: Number.POSITIVE_INFINITY }), 'syntax');
  assert.is(at(unclosed.position), `1:${depth + 1}`);
});

test('mapSource handles 100,000 levels of nesting', () => {
  const depth = 100_000;
  const map = mapSource('['.repeat(depth) + ']'.repeat(depth));
  assert.is(at(map.value('/0'.repeat(depth - 1))), `1:${depth}`);
  assert.is(map.value('/0'.repeat(depth)), undefined);
  const objects = mapSource('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
  assert.is(at(objects.value('/a'.repeat(depth))), `1:${5 * depth + 1}`);
  assert.is(at(objects.key('/a'.repeat(depth))), `1:${5 * depth - 3}`);
});

test('the depth limit is configurable, counts containers only, and ends the scan', () => {
  assert.equal(scanSource('{"a": [[1]]}', { maxDepth: 3 }), []);
  const issue = only(scanSource('{"a": [[[1]]]}', { maxDepth: 3 }), 'too-deep');
  assert.is(issue.pointer, '/a/0/0');
  assert.is(at(issue.position), '1:9');
  const mixed = scanSource('[9007199254740993, [[["x" "y"]]]', { maxDepth: 2 });
  assert.equal(
    mixed.map((found) => [found.kind, found.pointer]),
    [
      ['number-precision', '/0'],
      ['too-deep', '/1/0'],
    ],
  );
  assert.is(only(scanSource('{}', { maxDepth: 0 }), 'too-deep').pointer, '');
  assert.equal(scanSource('"scalar"', { maxDepth: 0 }), []);
  assert.throws(() => scanSource('[]', { maxDepth: Number.NaN }), RangeError);
});

// --- size ------------------------------------------------------------------------------------------

test('a 5,000-element array maps its last element correctly', () => {
  const count = 5000;
  const items = Array.from({ length: count }, (_, i) => `  {"i": ${i}, "s": "item ${i}"}`);
  const text = `[\n${items.join(',\n')}\n]`;
  const map = mapSource(text);
  assert.is(at(map.value(`/${count - 1}`)), `${count + 1}:3`);
  assert.is(at(map.key(`/${count - 1}/s`)), `${count + 1}:${11 + String(count - 1).length}`);
  assert.is(at(map.value(`/${count - 1}/s`)), `${count + 1}:${16 + String(count - 1).length}`);
  assert.is(map.value(`/${count}`), undefined);
  assert.equal(scanSource(text), []);
});

test('a 5 MB document is scanned and mapped in linear time', () => {
  const record = (i: number): string =>
    `{"id": "${i}", "name": "participant \\u00e9 ${i}", "score": ${i * 1.5}, "tags": ["a", "b\\n"], "ok": true, "none": null}`;
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 5_000_000; i++) {
    const part = record(i);
    parts.push(part);
    size += part.length + 2;
  }
  const text = `{"items": [\n${parts.join(',\n')}\n], "id": 9007199254740993, "items": 0}`;
  const started = performance.now();
  const issues = scanSource(text);
  const map = mapSource(text);
  const elapsed = performance.now() - started;
  assert.equal(
    issues.map((issue) => [issue.kind, issue.pointer]),
    [
      ['number-precision', '/id'],
      ['duplicate-key', '/items'],
    ],
  );
  assert.is(at(map.value('/id')), `${parts.length + 2}:10`);
  assert.ok(elapsed < 5000, `took ${Math.round(elapsed)} ms`);
});

test('an object with 50,000 keys and a string of 2 million characters stay linear', () => {
  const keys = Array.from({ length: 50_000 }, (_, i) => `"k${i}": ${i}`);
  const started = performance.now();
  assert.equal(scanSource(`{${keys.join(',')}}`), []);
  const long = `["${'x'.repeat(2_000_000)}", 1]`;
  assert.is(at(mapSource(long).value('/1')), `1:${2_000_000 + 6}`);
  assert.ok(performance.now() - started < 5000);
});

test.run();
