import type { EncodingFault } from '../../json/decode.js';
import { problemAt, type LocatedProblem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** A text that is not UTF-8; src/json/decode.ts finds why and where. */
export const fileEncoding = {
  id: 'file-encoding',
  severity: 'error',
  description: 'A file that is not UTF-8 text: UTF-16 or UTF-32, binary content, or invalid UTF-8 bytes.',
  rationale: 'JSON exchanged between systems must be UTF-8 (RFC 8259); Graph sends and expects UTF-8.',
  params: { found: 'utf-16, utf-32, nul (a NUL byte) or invalid-utf-8', offset: 'the byte offset of the first offending byte (absent for a byte order mark)' },
  /** The problem of bytes the decoder refused. */
  fromFault(fault: EncodingFault, bytes: Uint8Array): LocatedProblem {
    const position = { line: fault.line, column: fault.column };
    switch (fault.found) {
      case 'utf-16':
      case 'utf-32': {
        const what = fault.found.toUpperCase();
        return problemAt(fileEncoding, `the file is ${what} text (it starts with a ${what} byte order mark); save it as UTF-8`, position, '', { found: fault.found });
      }
      case 'nul':
        return problemAt(fileEncoding, 'the file holds NUL bytes: it is binary, or UTF-16 without a byte order mark; JSON must be UTF-8 text', position, '', { found: 'nul', offset: fault.offset ?? 0 });
      case 'invalid-utf-8': {
        const offset = fault.offset ?? 0;
        const byte = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
        return problemAt(fileEncoding, `byte 0x${byte} at offset ${offset} is not valid UTF-8`, position, '', { found: 'invalid-utf-8', offset });
      }
    }
  },
} as const satisfies RuleDefinition;
