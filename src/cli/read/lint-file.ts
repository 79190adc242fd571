import { lintDecoded, type LintedSource, type SourceType } from '../../lint/lint.js';
import { defaultMaxProblems } from '../../rules/file/too-many-problems.js';
import type { ApiVersion } from '../../model/api-version.js';
import type { Kind } from '../../model/kind.js';
import type { FileReport } from '../../model/report.js';
import type { FsPath } from '../paths/fs-path.js';
import { readSource, type ReadResult } from './read-source.js';
import { decodeText } from '../../lint/decode.js';
import { apiVersionOfPageLocation } from '../../inputs/docs/location.js';
import { kindOfExchangeFileName } from '../../inputs/exchange/files.js';
import { basename } from 'node:path';
import type { RuleSettings } from '../../validate/rule-settings.js';

/** How the CLI lints one file. */
export interface FileLintOptions {
  readonly type: SourceType;
  /** The kind the flag or the config gives the file, if any. */
  readonly kind: Kind | undefined;
  readonly maxBytes: number;
  /** Problems the file lists before the rest are counted in one too-many-problems (the library's default unless given). */
  readonly maxProblems?: number | undefined;
  /** Keep the text of files with problems (for code frames); off, memory stays flat over many files. */
  readonly keepSource: boolean;
  /** The profile the flag or the config names; undefined: each HTTP request's path, else beta. */
  readonly apiVersion?: ApiVersion | undefined;
  /** The rule settings the config gives the file, if any. */
  readonly rules?: RuleSettings | undefined;
  /** The expansion saw a regular file at the path (see readSource). */
  readonly listed?: boolean | undefined;
  /** Every problem the settings keep, not cut at maxProblems: the run cuts after its baseline (lintDecoded). */
  readonly uncut?: boolean | undefined;
}

/** A payload file named for a part of an exchange (request.json...) is that part when nothing else says: the lint and --fix read it so. */
export function fallbackKindOf(type: SourceType, kind: Kind | undefined, shown: string): Kind | undefined {
  return type === 'payload' && kind === undefined ? kindOfExchangeFileName(basename(shown)) : undefined;
}

/**
 * The bytes are decoded here, not in the library, and let go before the text is linted: a parameter or a
 * call's argument would hold them for the whole lint (in a 50 MB file, a sixth of the peak memory).
 */
function lintRead(path: FsPath, options: FileLintOptions, shown: string): LintedSource {
  let read: ReadResult | undefined = readSource(path, options.maxBytes, options.listed === true);
  if ('problem' in read) return { kind: null, problems: [read.problem], payloads: 0, exchanges: 0, outside: 0 };
  // A text the report keeps (for code frames) is decoded to be held long (json/decode.ts).
  const decoded = decodeText(read.bytes, options.keepSource);
  read = undefined;
  // A page's place in a docs repository (api-reference/v1.0/...) names its profile, unless its requests do.
  const locationApiVersion = options.type === 'page' ? apiVersionOfPageLocation(typeof path === 'string' ? path : path.toString('latin1')) : undefined;
  return lintDecoded(decoded, { type: options.type, kind: options.kind, maxProblems: options.maxProblems ?? defaultMaxProblems, apiVersion: options.apiVersion, rules: options.rules, locationApiVersion, uncut: options.uncut, fallbackKind: fallbackKindOf(options.type, options.kind, shown) });
}

/** A file's report under its shown path, and for a page what it held. Never throws: every failure is a located problem of that file. */
export function lintFile(path: FsPath, options: FileLintOptions, shown: string): { readonly report: FileReport; readonly linted: LintedSource } {
  const linted = lintRead(path, options, shown);
  const { payloads: _payloads, exchanges: _exchanges, outside: _outside, source, ...rest } = linted;
  const report: FileReport = options.keepSource && source !== undefined ? { path: shown, ...rest, source } : { path: shown, ...rest };
  return { report, linted };
}
