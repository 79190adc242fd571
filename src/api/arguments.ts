/**
 * The package's public entries that need more than their stage's own checks: validate() and
 * lintExchange() as exported, and the helper that turns a failure to read a caller's value into a
 * TypeError naming the argument. The stages never throw for JSON data; what they can meet through the
 * public API is also a getter that throws, a Proxy, or an object nested past the stack.
 */
import { lintExchange as lintExchangeFiles, settleExchange, type ExchangeFile, type LintedExchange } from '../lint/lint.js';
import type { ApiVersion } from '../model/api-version.js';
import type { LocatedProblem, Result } from '../model/problem.js';
import { checkMaxProblems } from '../rules/file/too-many-problems.js';
import { findingsCeiling } from '../rules/file/validation-stopped.js';
import { checkApiVersion, checkRuleSettings, describeArgument, readOptions, validateAs, validateOptions, type ValidateOptions } from '../validate/validate.js';
import { noSettings, settleResult, type RuleSettings } from '../validate/rule-settings.js';

/**
 * Runs a check of a caller's value; whatever reading the value throws (a getter, a Proxy trap, a stack
 * overflow on a non-JSON object graph) becomes a TypeError that names the argument (where), the thrown
 * value kept as its cause. Not a single property of the thrown value is read: it may be hostile too.
 */
export function readingCallerValue<T>(where: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new TypeError(`${where} must be JSON data (plain objects, arrays, strings, numbers, booleans, null): reading it threw`, { cause: error });
  }
}

/**
 * Checks one parsed JSON payload against the contract: the kind's schema, then the rules JSON Schema
 * cannot express. Never throws for any JSON value; problems come back as data.
 *
 * @throws {TypeError} when options is not undefined or a plain object whose keys are kind, apiVersion and
 * rules, or when options.kind is not one of the kinds, options.apiVersion not beta or v1.0, or
 * options.rules not a map of rule ids to "off", "warning" or "error" ("validate: options..."); when
 * reading value throws (a getter, a Proxy trap: "validate: value must be JSON data...").
 */
export function validate(value: unknown, options?: ValidateOptions): Result {
  const { kind, apiVersion, rules } = validateOptions(options);
  return settleResult(
    readingCallerValue('validate: value', () => validateAs(value, kind, apiVersion)),
    rules,
  );
}

const fileKeys = ['name', 'text', 'problems'];
const problemKeys = ['ruleId', 'severity', 'message', 'pointer', 'params', 'line', 'column'];

/** A copy of one exchange file as plain values, or a TypeError naming it (where: lintExchange: files[i]) and what it must be. */
function checkFile(file: unknown, where: string): ExchangeFile {
  const { name, text, problems } = readOptions(where, file, fileKeys);
  if (typeof name !== 'string') throw new TypeError(`${where}.name must be a string, not ${describeArgument(name)}`);
  if (text !== undefined && problems !== undefined) throw new TypeError(`${where} must have text or problems, not both`);
  if (typeof text === 'string') return { name, text };
  if (text !== undefined) throw new TypeError(`${where}.text must be a string, not ${describeArgument(text)}`);
  if (!Array.isArray(problems)) throw new TypeError(`${where} must have text (a string) or problems (an array), not ${describeArgument(problems)}`);
  const copies = readingCallerValue(`${where}.problems`, () => Array.from(problems as unknown[]));
  return { name, problems: copies.map((problem, index) => readOptions(`${where}.problems[${index}]`, problem, problemKeys) as unknown as LocatedProblem) };
}

/**
 * Lints an exchange given as named files (request, response, notifications), as the exchange command
 * does a folder: each file's own problems, and the correlation of the whole.
 *
 * @throws {TypeError} when files is not an array of plain objects { name: string, text: string } or
 * { name: string, problems: LocatedProblem[] } with no other key; the message names the element
 * (lintExchange: files[2].name...) and what it must be; or when options is not a plain object whose only
 * keys are maxProblems, a positive integer or Infinity (the problems listed per file, 1,000 by default),
 * and apiVersion, beta or v1.0 (without it, the version the request's path names, else beta), and rules,
 * a map of rule ids to "off", "warning" or "error" applied to every file's problems.
 */
export function lintExchange(
  files: readonly ExchangeFile[],
  options: { readonly maxProblems?: number | undefined; readonly apiVersion?: ApiVersion | undefined; readonly rules?: RuleSettings | undefined } = {},
): LintedExchange {
  const { maxProblems, apiVersion, rules } = readOptions('lintExchange: options', options, ['maxProblems', 'apiVersion', 'rules']);
  const limit = checkMaxProblems(maxProblems, 'lintExchange: options.maxProblems');
  const version = apiVersion === undefined ? undefined : checkApiVersion(apiVersion, 'lintExchange: options');
  const settings = rules === undefined ? undefined : checkRuleSettings(rules, 'lintExchange: options.rules');
  const list = readingCallerValue('lintExchange: files', () => (Array.isArray(files) ? Array.from(files as readonly unknown[]) : undefined));
  if (list === undefined) throw new TypeError(`lintExchange: files must be an array of { name, text } or { name, problems }, not ${describeArgument(files)}`);
  const checked = list.map((file, index) => checkFile(file, `lintExchange: files[${index}]`));
  if (noSettings(settings)) return readingCallerValue('lintExchange: files', () => lintExchangeFiles(checked, { maxProblems: limit, apiVersion: version }));
  // Found with no cap, then settled: the cap counts only what the settings keep. Validations still stop where the cap's ceiling is.
  const ceiling = findingsCeiling(limit);
  const linted = readingCallerValue('lintExchange: files', () => lintExchangeFiles(checked, { maxProblems: Number.POSITIVE_INFINITY, apiVersion: version, ceiling }));
  return settleExchange(linted, settings, limit);
}

