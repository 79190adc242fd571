import type { RuleMeta } from '../model/rule.js';

/** Rules about the file itself, checked before its content is validated. */
export const fileRules = {
  fileUnreadable: {
    id: 'file-unreadable',
    severity: 'error',
    description: 'A file that cannot be read (permissions, a special file, an I/O error).',
    rationale: 'A payload nobody can read is not checked; that must not pass silently.',
    params: {},
  },
  fileTooLarge: {
    id: 'file-too-large',
    severity: 'error',
    description: 'A file larger than the size limit (10 MB unless --max-bytes says otherwise).',
    rationale: 'Webhook bodies are small; a huge file is a mistake or an attack, and is not parsed.',
    params: {},
  },
  fileEncoding: {
    id: 'file-encoding',
    severity: 'error',
    description: 'A file that is not UTF-8 text: UTF-16 or UTF-32, binary content, or invalid UTF-8 bytes.',
    rationale: 'JSON exchanged between systems must be UTF-8 (RFC 8259); Graph sends and expects UTF-8.',
    params: {},
  },
  fileEmpty: {
    id: 'file-empty',
    severity: 'error',
    description: 'An empty file, or one holding only white space.',
    rationale: 'An empty body is not a payload; usually a capture or a redirect went wrong.',
    params: {},
  },
  jsonSyntax: {
    id: 'json-syntax',
    severity: 'error',
    description: 'Text that is not JSON, located at the first offending character.',
    rationale: 'Nothing else can be checked until the file parses.',
    params: {},
  },
  nestingTooDeep: {
    id: 'nesting-too-deep',
    severity: 'error',
    description: 'JSON nested deeper than any payload of the contract can be (the limit is far above real payloads).',
    rationale: 'Deep nesting exhausts the stack of recursive consumers; it is refused before validation.',
    params: {},
  },
  duplicateKey: {
    id: 'duplicate-key',
    severity: 'warning',
    description: 'An object with the same key twice.',
    rationale: 'JSON.parse silently keeps the last value; other parsers keep the first, so the payload means different things to different readers.',
    locate: 'key',
    params: {},
  },
  numberPrecision: {
    id: 'number-precision',
    severity: 'warning',
    description: 'A number that a double cannot hold exactly: an integer beyond 2^53 (also written with a fraction or an exponent, as 9007199254740993.0), or one that overflows.',
    rationale: 'JavaScript and many JSON libraries round it silently; int64 ids and sequence numbers change value.',
    params: {},
  },
} as const satisfies Record<string, RuleMeta>;
