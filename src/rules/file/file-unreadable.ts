import { problemAt, type LocatedProblem } from '../../model/problem.js';
import type { RuleDefinition } from '../../model/rule.js';

const messages = {
  directory: 'this is a directory, not a file',
  special: 'not a regular file (a FIFO, socket or device)',
} as const;

/** A file the run cannot read: a folder, a special file, or an I/O error. */
export const fileUnreadable = {
  id: 'file-unreadable',
  severity: 'error',
  description: 'A file that cannot be read (permissions, a special file, an I/O error).',
  rationale: 'A payload nobody can read is not checked; that must not pass silently.',
  params: { reason: 'directory, special (a FIFO, socket or device) or io', code: 'the system error code of an I/O error (EACCES...), or null' },
  /** A path that is not a regular file: reading a FIFO or a device would block or never end. */
  notAFile(what: keyof typeof messages): LocatedProblem {
    return problemAt(fileUnreadable, messages[what], undefined, '', { reason: what, code: null });
  },
  /** A read that failed, with the system's error code when it gave one. */
  ioError(code: string | undefined): LocatedProblem {
    return problemAt(fileUnreadable, `cannot read the file${code === undefined ? '' : ` (${code})`}`, undefined, '', { reason: 'io', code: code ?? null });
  },
} as const satisfies RuleDefinition;
