/**
 * The one-pass placer (src/json/placer.ts) against the full map (src/json/source-map.ts), kept as the
 * oracle: on generated texts — any whitespace, CRLF, lone CR, a BOM, escaped and duplicated keys, unicode,
 * deep nesting — every pointer, present or absent, at its value or its key, lands where the map puts it.
 * Also the pre-check that decides whether the scanner runs (src/json/needs-scan.ts): never a miss, and
 * no full scan for numbers that only stand inside strings.
 *
 * The seed is fixed so npm test is reproducible; FC_SEED=<n> explores other texts.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { needsScan, numbersMayUnderflow } from '../src/json/needs-scan.js';
import { LineIndex, positionAt, positionsAt } from '../src/json/positions.js';
import { placePointer, placePointers } from '../src/json/placer.js';
import { scanSource, scanSourceCapped } from '../src/json/scanner.js';
import { mapSource, positionOf } from '../src/json/source-map.js';
import { lint } from '../src/lint/lint.js';
import { kinds } from '../src/model/kind.js';
import { childPointer } from '../src/model/pointer.js';
import { byPosition, type LocatedProblem, type Problem } from '../src/model/problem.js';
import { rules } from '../src/rules/index.js';
import { problemOfScanIssue } from '../src/rules/file/scan-issues.js';
import { tooManyProblems } from '../src/rules/file/too-many-problems.js';
import { validate } from '../src/validate/validate.js';
import { mutations, payloadOf } from './arbitraries.js';

const seed = Number(process.env['FC_SEED'] ?? 0x51ace);
const runs = (numRuns: number): fc.Parameters<unknown> => ({ seed, numRuns });

type Locate = 'value' | 'key';

/** Where the full map of a text places a pointer: the oracle. */
function oracle(map: ReturnType<typeof mapSource>, pointer: string, locate: Locate): string {
  const { line, column } = positionOf(map, pointer, locate);
  return `${line}:${column}`;
}

/** Places every request in one pass and compares each with the oracle (the text's full map, when the caller has it already). */
function assertPlacedAsMapped(text: string, requests: readonly (readonly [string, Locate])[], map = mapSource(text)): void {
  const { lines, columns } = placePointers(text, requests.length, (i) => (requests[i] as [string, Locate])[0], (i) => (requests[i] as [string, Locate])[1] === 'key');
  // The text as the messages show it, written once rather than for each request.
  const shown = JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}...` : text);
  requests.forEach(([pointer, locate], i) => {
    const { line, column } = positionOf(map, pointer, locate);
    assert.is(`${lines[i]}:${columns[i]}`, `${line}:${column}`, `${JSON.stringify(pointer)} at its ${locate} in ${shown}`);
  });
}

// --- a writer of JSON text with every freedom the grammar gives ---------------------------------------

/** A small deterministic random source, so that one fast-check integer replays one text. */
function randomOf(start: number): (n: number) => number {
  let state = start >>> 0 || 1;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

const keys = ['a', 'id', 'b/c', 'd~e', '~1', '__proto__', 'constructor', '', '0', '1', '01', '-', 'ü', '😀', 'q"uote', 'back\\slash', 'line\nbreak', 'tab\t'];
const strings = ['', 'text', '24215.1007.3082.1590', '8:acs:bd3e6a4c-0000001a-6e3f', 'say \\"', '"', '\\', 'ü😀', '12345678901234567890', '1e400', 'a\r\nb'];
const numbers = ['0', '-0', '0.0', '0e5', '-1', '1.5', '-12.5e3', '1e21', '9007199254740993', '9007199254740993.0', '12345678901234567890', '1e400', '1E-400', '-1e-400', '4.9e-325', '123456789012345678e-2', '0.1', '9007199254740991'];

/** Writes a random JSON text and returns it with the pointers of every value written, duplicates' included. */
function writeText(start: number, maxDepth = 5): { text: string; written: string[] } {
  const random = randomOf(start);
  const pick = <T>(items: readonly T[]): T => items[random(items.length)] as T;
  const breaks = ['\n', '\r\n', '\r'];
  const lineBreak = random(4) === 0 ? undefined : pick(breaks);
  const space = (): string => {
    switch (random(6)) {
      case 0:
        return '';
      case 1:
        return ' ';
      case 2:
        return '\t';
      case 3:
        return lineBreak ?? pick(breaks);
      case 4:
        return `${lineBreak ?? '\n'}  `;
      default:
        return random(2) === 0 ? '' : `${pick(breaks)}${pick(breaks)} `;
    }
  };
  // A key written with some characters as \u escapes, or its '/' as '\/': the same key once decoded.
  const keyText = (key: string): string => {
    const plain = JSON.stringify(key);
    if (random(4) !== 0) return plain;
    const body = [...key].map((char) => (random(2) === 0 && char.length === 1 ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(char).slice(1, -1))).join('');
    return `"${body.replace(/\//g, '\\/')}"`;
  };
  const written: string[] = [];
  const value = (pointer: string, depth: number): string => {
    written.push(pointer);
    const choice = depth >= maxDepth ? 9 : random(10);
    if (choice < 3) {
      const items: string[] = [];
      for (let i = random(4); i > 0; i -= 1) items.push(`${space()}${value(childPointer(pointer, items.length), depth + 1)}${space()}`);
      return `[${items.join(',') || space()}]`;
    }
    if (choice < 6) {
      const members: string[] = [];
      for (let i = random(5); i > 0; i -= 1) {
        const key = pick(keys);
        members.push(`${space()}${keyText(key)}${space()}:${space()}${value(childPointer(pointer, key), depth + 1)}${space()}`);
        // Now and then the same key again: JSON.parse and the map keep the last.
        if (random(5) === 0) members.push(`${space()}${keyText(key)}:${space()}${value(childPointer(pointer, key), depth + 1)}`);
      }
      return `{${members.join(',') || space()}}`;
    }
    if (choice < 8) return JSON.stringify(pick(strings));
    return pick([...numbers, 'true', 'false', 'null']);
  };
  const body = `${space()}${value('', 0)}${space()}`;
  return { text: random(5) === 0 ? `\uFEFF${body}` : body, written };
}

/** Pointers that name nothing in the text: below scalars, past the last item, unknown keys, no leading '/'. */
function absentPointers(written: readonly string[], random: (n: number) => number): string[] {
  const out = ['', '/', 'a', 'a/b', '/zz/0', '/0/0/0/0/0/0/0/0'];
  for (const pointer of written) {
    if (random(3) !== 0) continue;
    out.push(`${pointer}/zz`, `${pointer}/7`, `${pointer}/01`, `${pointer}/-`, `${pointer}/0/a`, `${pointer}/`);
    const cut = pointer.lastIndexOf('/');
    if (cut >= 0) out.push(`${pointer.slice(0, cut)}/a~1b`, `${pointer.slice(0, cut)}/~`);
  }
  return out;
}

test('one pass places every pointer of generated texts where the full map does, at values and keys', () => {
  fc.assert(
    fc.property(fc.integer(), (start) => {
      const { text, written } = writeText(start);
      const random = randomOf(start ^ 0x5bd1e995);
      const pointers = [...written, ...absentPointers(written, random)];
      const requests: [string, Locate][] = pointers.flatMap((pointer) => [
        [pointer, 'value'],
        [pointer, 'key'],
      ]);
      // In document order and shuffled: the placer reuses the tokens a pointer shares with the one before.
      // One oracle map serves both orders: it is built from the text alone.
      const map = mapSource(text);
      assertPlacedAsMapped(text, requests, map);
      for (let i = requests.length - 1; i > 0; i -= 1) {
        const j = random(i + 1);
        [requests[i], requests[j]] = [requests[j] as [string, Locate], requests[i] as [string, Locate]];
      }
      assertPlacedAsMapped(text, requests, map);
    }),
    runs(400),
  );
});

test('one pointer at a time: the same places', () => {
  fc.assert(
    fc.property(fc.integer(), (start) => {
      const { text, written } = writeText(start, 3);
      // The oracle's map and the text as the messages show it, made once per text rather than per pointer.
      const map = mapSource(text);
      const shown = JSON.stringify(text);
      for (const pointer of [...written, ...absentPointers(written, randomOf(start))]) {
        for (const locate of ['value', 'key'] as const) {
          const { line, column } = placePointer(text, pointer, locate);
          assert.is(`${line}:${column}`, oracle(map, pointer, locate), `${pointer} ${locate} in ${shown}`);
        }
      }
    }),
    runs(150),
  );
});

test('a duplicated key places its pointers in the last occurrence, and pointers only the first holds at the last', () => {
  const text = '{"a": {"x": 1, "y": {"z": 2}},\r\n "a": [3, {"x": 4}],\r "b": 0, "a": {"y": 5}}';
  const requests: [string, Locate][] = ['/a', '/a/x', '/a/y', '/a/y/z', '/a/0', '/a/1/x', '/b'].flatMap((pointer): [string, Locate][] => [
    [pointer, 'value'],
    [pointer, 'key'],
  ]);
  assertPlacedAsMapped(text, requests);
  assert.equal(placePointer(text, '/a/y/z'), { line: 3, column: 21 });
  assert.equal(placePointer(text, '/a/x', 'key'), { line: 3, column: 15 });
  assert.equal(placePointer(text, '/a', 'key'), { line: 3, column: 10 });
});

test('a key escaped in the text is the key it decodes to, and no other', () => {
  const text = '{"\\u0069d": 1, "i\\"d": 2, "a\\/b": {"c": 3}, "id2": 4}';
  assert.equal(placePointer(text, '/id', 'key'), { line: 1, column: 2 });
  assert.equal(placePointer(text, '/i"d'), { line: 1, column: 24 });
  assert.equal(placePointer(text, '/a~1b/c', 'key'), { line: 1, column: 36 });
  assert.equal(placePointer(text, '/id2'), { line: 1, column: 52 });
  assertPlacedAsMapped(text, ['/id', '/i"d', '/a~1b/c', '/id2', '/i'].map((pointer): [string, Locate] => [pointer, 'key']));
});

test('positions count CRLF, lone CR and LF as one line each, columns in UTF-16 units, a BOM not counted', () => {
  const text = '\uFEFF{"😀": "ü😀",\r\n"b":\r[1,\n\n  "x"]}';
  assert.equal(placePointer(text, ''), { line: 1, column: 1 });
  assert.equal(placePointer(text, '/😀'), { line: 1, column: 8 });
  assert.equal(placePointer(text, '/b', 'key'), { line: 2, column: 1 });
  assert.equal(placePointer(text, '/b/1'), { line: 5, column: 3 });
  assertPlacedAsMapped(text, ['', '/😀', '/b', '/b/0', '/b/1', '/b/2'].map((pointer): [string, Locate] => [pointer, 'value']));
});

test('nesting at the depth limit: the deepest value, and the pointers below it, are placed as the map places them', () => {
  for (const depth of [999, 1000]) {
    const arrays = `${'[\n'.repeat(depth)}7${'\r\n]'.repeat(depth)}`;
    const objects = `${'{"a":'.repeat(depth)}{"z": 1}${'}'.repeat(depth)}`;
    const deepest = '/0'.repeat(depth);
    assertPlacedAsMapped(arrays, [
      [deepest, 'value'],
      [`${deepest}/0`, 'key'],
      [`${'/0'.repeat(depth - 1)}/1`, 'value'],
    ]);
    assert.equal(placePointer(arrays, deepest), { line: depth + 1, column: 1 });
    assertPlacedAsMapped(objects, [
      [`${'/a'.repeat(depth)}/z`, 'key'],
      [`${'/a'.repeat(depth)}/y`, 'key'],
      [`${'/a'.repeat(depth - 1)}/b`, 'value'],
    ]);
  }
});

test('the placer never throws on text that is not JSON, and stays inside it', () => {
  fc.assert(
    fc.property(fc.integer(), fc.nat(), fc.nat({ max: 6 }), fc.string({ unit: 'binary', maxLength: 4 }), (start, at, remove, insert) => {
      const { text: valid, written } = writeText(start, 3);
      const cut = at % (valid.length + 1);
      const text = valid.slice(0, cut) + insert + valid.slice(cut + remove);
      const lines = text.split(/\r\n|\r|\n/).length;
      const { lines: placedLines, columns } = placePointers(text, written.length, (i) => written[i] as string, (i) => i % 2 === 0);
      placedLines.forEach((line, i) => {
        assert.ok(line >= 1 && line <= lines, `line ${line} of ${lines}`);
        assert.ok((columns[i] as number) >= 1 && (columns[i] as number) <= text.length + 1);
      });
    }),
    runs(300),
  );
  for (const text of ['', '   ', '{"a": "unterminated', '{"a\\', '{"\\uZZZZ": 1}', '[1, }', '{"a" 1}', '\uFEFF']) {
    assert.not.throws(() => placePointers(text, 3, (i) => ['', '/a', '/0'][i] as string, () => true));
  }
});

test('positions of many offsets in one pass are those of the line index, in any order, LF only or not', () => {
  fc.assert(
    fc.property(fc.integer(), fc.array(fc.integer({ min: -3, max: 400 }), { maxLength: 30 }), (start, offsets) => {
      const { text } = writeText(start, 3);
      const lines = new LineIndex(text);
      assert.equal(positionsAt(text, offsets), offsets.map((offset) => lines.position(offset)), JSON.stringify(text));
      for (const offset of offsets.slice(0, 3)) assert.equal(positionAt(text, offset), lines.position(offset));
    }),
    runs(300),
  );
  assert.equal(positionsAt('\uFEFFa\nb\n\nc', [5, 0, 3, 1, 99]), [
    { line: 3, column: 1, offset: 5 },
    { line: 1, column: 1, offset: 0 },
    { line: 2, column: 1, offset: 3 },
    { line: 1, column: 1, offset: 1 },
    { line: 4, column: 2, offset: 7 },
  ]);
});

test('a duplicate key names the place of its first occurrence, however many duplicates and lines', () => {
  const text = '{"a": 1,\r\n "b": {"c": 2,\r "c": 3},\n "a": 4, "a": 5}';
  const issues = scanSource(text);
  assert.equal(
    issues.map((issue) => [issue.pointer, `${issue.position.line}:${issue.position.column}`, /the first "[a-z]" is at (\d+:\d+)$/.exec(issue.message)?.[1]]),
    [
      ['/b/c', '3:2', '2:8'],
      ['/a', '4:2', '1:2'],
      ['/a', '4:10', '1:2'],
    ],
  );
});

// --- lint(): the problems of payloads placed as the full map places them --------------------------------

const locateOf = new Map(rules.map((rule) => [rule.id, ((Object.hasOwn(rule, 'locate') ? rule.locate : undefined) ?? 'value') as Locate]));

/** The former placement of lintPayload: the scanner's findings, and the whole map with each problem looked up; sorted, cut. */
function placedByMap(text: string, problems: readonly Problem[], limit: number): LocatedProblem[] {
  const map = mapSource(text);
  const located = problems.map((problem) => ({ ...problem, ...positionOf(map, problem.pointer, locateOf.get(problem.ruleId)) }));
  return tooManyProblems.cap([...scanSource(text).map(problemOfScanIssue), ...located].sort(byPosition), limit);
}

test('lint() places the problems of broken payloads where the full map places them', () => {
  const all = mutations();
  fc.assert(
    fc.property(payloadOf(...kinds), fc.nat(), fc.nat(), fc.constantFrom<number | string>(0, 2, '\t'), fc.constantFrom('\n', '\r\n', '\r'), (input, which, pick, indent, lineBreak) => {
      const mutation = all[which % all.length];
      const broken = mutation?.kinds.includes(input.kind) === true ? mutation.apply(input, pick) : undefined;
      const payload = broken?.payload ?? input.payload;
      const text = JSON.stringify(payload, null, indent).replace(/\n/g, lineBreak);
      const { problems } = lint({ text, type: 'payload', kind: input.kind, maxProblems: Number.POSITIVE_INFINITY });
      assert.equal(problems, placedByMap(text, validate(JSON.parse(text), { kind: input.kind }).problems, Number.POSITIVE_INFINITY));
    }),
    runs(120),
  );
});

/** A roster whose participants each break something: a null id (at the value), an identitySet with a phone (at the key). */
function brokenRoster(count: number): string {
  const participants = Array.from({ length: count }, (_, i) => ({
    '@odata.type': '#microsoft.graph.participant',
    id: i % 3 === 0 ? null : `p-${i}`,
    info: { identity: i % 3 === 1 ? { '@odata.type': '#microsoft.graph.identitySet', phone: { id: `+1555${i}` } } : { user: { id: `u-${i}`, displayName: `A ${i}` } } },
    mediaStreams: i % 3 === 2 ? 'audio' : [{ mediaType: 'audio', sourceId: String(i), direction: 'sendReceive', serverMuted: false }],
    isMuted: false,
    isInLobby: false,
  }));
  const body = { '@odata.type': '#microsoft.graph.commsNotifications', value: [{ changeType: 'updated', resourceUrl: '/communications/calls/c1/participants', resourceData: participants }] };
  return JSON.stringify(body, null, 2);
}

test('past maxProblems the first problems in report order are listed and the rest counted, as the full placement did', () => {
  const text = brokenRoster(300);
  const problems = validate(JSON.parse(text), { kind: 'comms-notifications' }).problems;
  assert.ok(problems.length > 250, `only ${problems.length} problems`);
  assert.ok(new Set(problems.map((p) => p.ruleId)).size >= 3);
  for (const limit of [1, 7, 100, problems.length - 1, problems.length, Number.POSITIVE_INFINITY]) {
    const report = lint({ text, type: 'payload', kind: 'comms-notifications', maxProblems: limit });
    assert.equal(report.problems, placedByMap(text, problems, limit), `limit ${limit}`);
  }
});

test('past maxProblems, with the scanner\'s findings before or after the cut, the closing problem stands at the first problem cut', () => {
  // A duplicate key at the end of the root, and in one text another in the first participant: the
  // scanner's findings are merged with the payload's problems only after those were cut.
  const roster = brokenRoster(30);
  const late = `${roster.slice(0, roster.lastIndexOf('}'))}, "x": 1, "x": 2\n}`;
  for (const text of [late, late.replace('"isMuted": false', '"isMuted": false, "isMuted": false')]) {
    const problems = validate(JSON.parse(text), { kind: 'comms-notifications' }).problems;
    const found = scanSource(text);
    assert.ok(found.length > 0 && found.every((issue) => issue.kind === 'duplicate-key'));
    for (const limit of [1, 2, 7, problems.length - 1, problems.length, problems.length + 1, problems.length + 2]) {
      const report = lint({ text, type: 'payload', kind: 'comms-notifications', maxProblems: limit });
      assert.equal(report.problems, placedByMap(text, problems, limit), `limit ${limit}`);
    }
  }
});

test('a capped scan keeps the first findings and counts the rest, as cutting the whole list would', () => {
  // Duplicate keys and lossy numbers in every third participant, among the payload's own problems.
  const roster = brokenRoster(40).replace(/"isMuted": false/g, (match, offset: number) => (offset % 3 === 0 ? '"isMuted": false, "isMuted": true' : match)).replace(/"isInLobby": false/g, (match, offset: number) => (offset % 2 === 0 ? '"isInLobby": false, "n": 9007199254740993' : match));
  const all = scanSource(roster);
  const kinds = new Set(all.map((issue) => issue.kind));
  assert.ok(all.length > 20 && kinds.has('duplicate-key') && kinds.has('number-precision'), `${all.length} findings: ${[...kinds].join(', ')}`);
  for (const cap of [1, 2, 7, all.length - 1, all.length, all.length + 1]) {
    const capped = scanSourceCapped(roster, { maxIssues: cap });
    assert.equal(capped.issues, all.slice(0, cap), `cap ${cap}`);
    const rest = all.slice(cap);
    const counts = { 'duplicate-key': 0, 'number-precision': 0 };
    for (const issue of rest) counts[issue.kind as keyof typeof counts] += 1;
    assert.equal(capped.omitted, rest.length === 0 ? undefined : { counts, position: (rest[0] as (typeof rest)[number]).position }, `cap ${cap}`);
    // Through lint(): the list, its counts and its closing problem are those of every problem found, cut.
    const whole = lint({ text: roster, type: 'payload', kind: 'comms-notifications', maxProblems: Number.POSITIVE_INFINITY }).problems;
    assert.equal(lint({ text: roster, type: 'payload', kind: 'comms-notifications', maxProblems: cap }).problems, tooManyProblems.cap(whole, cap), `lint at ${cap}`);
  }
});

// --- needsScan: the scanner runs whenever it can find something, and not for strings alone -------------

/** What only the scanner can find in a text JSON.parse accepted. */
function hidden(text: string): boolean {
  return scanSource(text).some((issue) => issue.kind !== 'syntax');
}

test('the pre-check never misses a duplicate key, a lossy number or too deep a nesting', () => {
  let hiding = 0;
  fc.assert(
    fc.property(fc.integer(), (start) => {
      const { text } = writeText(start);
      // The pre-check is for texts JSON.parse accepted, with the BOM already dropped.
      const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      if (hidden(body)) {
        hiding += 1;
        assert.ok(needsScan(body, JSON.parse(body)), body);
      }
    }),
    runs(600),
  );
  // The generated texts must hide something often enough for the property to say anything.
  assert.ok(hiding > 0, 'no generated text hid anything from JSON.parse');
});

test('numbers inside strings never call for the full scan; number tokens that may lose precision always do', () => {
  // Each holds a 0, which alone sends the pre-check to the text's number tokens.
  const inStrings = [
    '{"clientVersion": "24215.1007.3082.1590", "n": 0}',
    '{"id": "8:acs:bd3e6a4c-1e37-4c8f-8e85-58c1b6e3f0d2_0000001a-6e3f-aa1b-28f4-343a0d00a7e1", "n": [0]}',
    '{"guid": "0a1b2c3e-4d5e-6f70-8e-91a2b3c4d5e6", "n": 0}',
    '{"say": "he said \\"1e-400\\" twice", "n": 0}',
    '{"e": "1e-400", "list": ["9007199254740993", "1.5E-3", 0], "k": {"2e-500": 2}}',
    `["\\\\", "x 0.${'0'.repeat(330)}1 y", "x: 1e-5,", -0.0]`,
    '0',
  ];
  for (const text of inStrings) {
    assert.is(numbersMayUnderflow(text), false, text);
    assert.is(needsScan(text, JSON.parse(text)), false, text);
  }
  const underflows = [
    '{"a": "x\\\\", "n":1e-400, "z": 0}',
    '{"a": "\\\\\\"", "b": [1,\n-1.5E-400]}',
    '{"a": "\\"12345678901234567890", "b": 1e-400}',
    '1e-400',
    `[0.${'0'.repeat(330)}1]`,
    '{"v": "24215.1007.3082.1590", "n": 2.5e-999}',
  ];
  for (const text of underflows) {
    assert.is(numbersMayUnderflow(text), true, text);
    assert.ok(hidden(text), text);
    assert.ok(needsScan(text, JSON.parse(text)), text);
  }
  // Digits lost above 2^53, or a number beyond every double: the parsed value tells, not the text.
  const large = ['{"a": "\\"", "n": 12345678901234567890}', '{"a": "x\\\\", "n":1e400}', '["say \\"hi\\"",9007199254740993]', '1e400', '[12345678901234567]', '{"v": "24215.1007.3082.1590", "n": 9007199254740993.0}'];
  for (const text of large) {
    assert.ok(hidden(text), text);
    assert.ok(needsScan(text, JSON.parse(text)), text);
  }
});

test('duplicate keys call for the scan wherever the key marks stand, strings holding marks or not', () => {
  for (const text of ['{"a": 1, "a": 2}', '{"a" :\n1, "b": {"c": "\\":", "c"\t: 2}}', '[{"x": 1}, {"y": "\\": \\":", "y": 3}]', '{"k\\"": 1, "k\\"" : 2}']) {
    assert.ok(hidden(text), text);
    assert.ok(needsScan(text, JSON.parse(text)), text);
  }
  // Keys are counted as the value holds them, whatever was made enumerable on Object.prototype.
  Object.defineProperty(Object.prototype, 'inherited', { value: 1, enumerable: true, configurable: true, writable: true });
  try {
    assert.ok(needsScan('{"a": 1, "a": 2}', JSON.parse('{"a": 1, "a": 2}')));
    assert.ok(needsScan('[{"x": {"y": 1, "y": 2}}]', JSON.parse('[{"x": {"y": 1, "y": 2}}]')));
  } finally {
    delete (Object.prototype as { inherited?: number }).inherited;
  }
  // Key marks inside strings only count more: the scan runs, finds nothing, and nothing is lost.
  assert.is(needsScan('{"a": "\\": \\":"}', { a: '": ":' }), true);
  assert.is(needsScan('{"a": "x:", "b": [1, 2]}', { a: 'x:', b: [1, 2] }), false);
});

test.run();
