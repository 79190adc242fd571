import type { RuleMeta } from '../../model/rule.js';
import { duplicateKey } from './duplicate-key.js';
import { fileEmpty } from './file-empty.js';
import { fileEncoding } from './file-encoding.js';
import { fileTooLarge } from './file-too-large.js';
import { fileUnreadable } from './file-unreadable.js';
import { jsonSyntax } from './json-syntax.js';
import { nestingTooDeep } from './nesting-too-deep.js';
import { numberPrecision } from './number-precision.js';
import { tooManyProblems } from './too-many-problems.js';
import { validationStopped } from './validation-stopped.js';

/** The rules about a file or text before its payload is validated, in the order the rules list shows them. */
export const fileRuleList: readonly RuleMeta[] = [fileUnreadable, fileTooLarge, fileEncoding, fileEmpty, jsonSyntax, nestingTooDeep, duplicateKey, numberPrecision, tooManyProblems, validationStopped];
