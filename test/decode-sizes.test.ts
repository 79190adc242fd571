/**
 * ASCII bytes are decoded as latin1 below the size from which Node.js makes such a string external, and as
 * UTF-8 from there on unless the text is to be kept to the end of the run (json/decode.ts): every way gives
 * the text TextDecoder gives, at every size around the edge.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeUtf8 } from '../src/json/decode.js';

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

test.run();
