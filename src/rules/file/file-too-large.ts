import { problemAt, type LocatedProblem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

/** Default size limit of one file: 10 MB. */
export const defaultMaxBytes = 10 * 1024 * 1024;

/** A file over the size limit is reported, not parsed. */
export const fileTooLarge = {
  id: 'file-too-large',
  severity: 'error',
  description: 'A file larger than the size limit (10 MB unless --max-bytes says otherwise).',
  rationale: 'Webhook bodies are small; a huge file is a mistake or an attack, and is not parsed.',
  params: { size: 'the file size in bytes', limit: 'the limit in bytes' },
  /** The problem of a size over the limit, or undefined. */
  check(size: number, limit: number): LocatedProblem | undefined {
    if (size <= limit) return undefined;
    return problemAt(fileTooLarge, `the file is ${size} bytes; the limit is ${limit} (--max-bytes)`, undefined, '', { size, limit });
  },
} as const satisfies RuleDefinition;
