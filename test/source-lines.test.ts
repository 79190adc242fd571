import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { SourceLines } from '../src/cli/formatters/source-lines.js';

// The frame's lines must be exactly what splitting the whole text gave, and the frame's last line the same.
test('lines found as asked are the lines a split gives, in any order of asking', () => {
  const texts = fc.array(fc.constantFrom('a', 'é', '\r', '\n', '\r\n', ' '), { maxLength: 40 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(texts, fc.array(fc.nat(45), { maxLength: 12 }), (text, asks) => {
      const split = text.split(/\r\n|\r|\n/);
      const count = split.length > 1 && split[split.length - 1] === '' ? split.length - 1 : split.length;
      const lines = new SourceLines(text);
      for (const number of [...asks, ...split.keys()].map((n) => n + 1)) {
        assert.is(lines.line(number), split[number - 1], `line ${number} of ${JSON.stringify(text)}`);
        assert.is(lines.shows(number), number <= count, `shows ${number} of ${JSON.stringify(text)}`);
      }
    }),
    { numRuns: 500 },
  );
});

test.run();
