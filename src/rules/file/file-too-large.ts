import { problemAt, type LocatedProblem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** Default size limit of one file: 10 MB. */
export const defaultMaxBytes = 10 * 1024 * 1024;

/** A file over the size limit, or too large to be checked at all, is reported, not parsed. */
export const fileTooLarge = {
  id: 'file-too-large',
  severity: 'error',
  description: 'A file larger than the size limit (10 MB unless --max-bytes says otherwise), or than Node.js can decode into one string (some 512 MiB), whatever the limit.',
  rationale: 'Webhook bodies are small; a huge file is a mistake or an attack, and is not parsed.',
  params: {
    size: 'the file size in bytes; with reason stream, the bytes read, one past the limit',
    limit: 'the limit in bytes',
    reason: 'string-length when the limit is the longest string Node.js holds, not --max-bytes; stream when standard input is no file (a pipe, a socket, a device) and was read no further than the limit, its size unknown; absent otherwise',
  },
  /** The problem of a size over the limit, or undefined. */
  check(size: number, limit: number): LocatedProblem | undefined {
    if (size <= limit) return undefined;
    return problemAt(fileTooLarge, `the file is ${size} bytes; the limit is ${limit} (--max-bytes)`, undefined, '', { size, limit });
  },
  /** Standard input that is no file, read one byte past the limit and no further: how much it holds is not known. */
  streamOverLimit(read: number, limit: number): LocatedProblem {
    return problemAt(fileTooLarge, `standard input holds more than ${limit} bytes, the limit (--max-bytes); it was read no further`, undefined, '', { size: read, limit, reason: 'stream' });
  },
  /** A file within --max-bytes that is more bytes than a string can be decoded from: it cannot be read as text. */
  tooLongForString(size: number, limit: number): LocatedProblem {
    return problemAt(fileTooLarge, `the file is ${size} bytes; Node.js cannot decode more than ${limit} into one string, so it cannot be checked`, undefined, '', { size, limit, reason: 'string-length' });
  },
} as const satisfies RuleDefinition;
