/**
 * ASCII bytes are decoded as latin1 below the size from which Node.js makes such a string external, and as
 * UTF-8 from there on unless the text is to be kept to the end of the run (json/decode.ts): every way gives
 * the text TextDecoder gives, at every size around the edge. Past the bytes a string can be decoded from,
 * the file is file-too-large, never a throw (that edge is some 512 MiB: a smaller one stands in for it).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeUtf8 } from '../src/json/decode.js';
import { decodeText } from '../src/lint/decode.js';

const edge = 0xfbee9;

test('ASCII text of every size around the edge decodes to what TextDecoder gives', () => {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const size of [0, 1, edge - 1, edge, edge + 1, 3 * edge]) {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i += 1) bytes[i] = 0x20 + ((i * 31) % 95);
    // Held to the end of a run or not, the text is the same.
    for (const keptLong of [false, true]) {
      const decoded = decodeUtf8(bytes, keptLong);
      assert.ok('text' in decoded, String(size));
      assert.is((decoded as { text: string }).text, decoder.decode(bytes), `${size}, kept long: ${keptLong}`);
    }
  }
});

test('past the edge, a byte order mark is still dropped and a fault still found', () => {
  const body = Buffer.alloc(edge + 10, 0x61);
  const marked = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
  assert.is((decodeUtf8(marked) as { text: string }).text, body.toString('latin1'));
  const broken = Buffer.from(body);
  broken[edge] = 0xff;
  assert.equal(decodeUtf8(broken), { fault: { found: 'invalid-utf-8', offset: edge, line: 1, column: edge + 1 } });
});

test('more bytes than a string can be decoded from: file-too-large with the size and that limit, ASCII or not', () => {
  for (const bytes of [Buffer.from('[1,2,3]'), Buffer.from('["\u00e9\u{1f600}"]'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[1]')])]) {
    assert.ok('text' in decodeUtf8(bytes, false, bytes.length), 'at the edge, decoded');
    assert.equal(decodeUtf8(bytes, false, bytes.length - 1), { tooLong: { limit: bytes.length - 1 } });
    assert.equal(decodeText(bytes, true, bytes.length - 1), {
      problem: {
        ruleId: 'file-too-large',
        severity: 'error',
        message: `the file is ${bytes.length} bytes; Node.js cannot decode more than ${bytes.length - 1} into one string, so it cannot be checked`,
        pointer: '',
        params: { size: bytes.length, limit: bytes.length - 1, reason: 'string-length' },
        line: 1,
        column: 1,
      },
    });
  }
  // Another encoding, or NUL bytes, is still told as such: it needs no string to be found.
  assert.equal(decodeUtf8(Buffer.from([0xff, 0xfe, 0x5b, 0x00]), false, 1), { fault: { found: 'utf-16', line: 1, column: 1 } });
  assert.equal(decodeUtf8(Buffer.from([0x5b, 0x00, 0x5d]), false, 1), { fault: { found: 'nul', offset: 1, line: 1, column: 2 } });
});

test.run();
