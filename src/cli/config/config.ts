import { closeSync, constants, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { apiVersionNamed, apiVersions, type ApiVersion } from '../../model/api-version.js';
import { isKind, type Kind } from '../../model/kind.js';
import { compilePattern, maxPathLength, splitPath, testPattern, type PathPattern } from './path-pattern.js';
import { toPosix } from '../../paths.js';
import { syntaxFault } from '../../json/syntax-fault.js';
import { scanSource } from '../../json/scanner.js';
import { codeSuffix } from '../failure.js';
import { nearestName, readRuleSettings, type RuleSettings } from '../../validate/rule-settings.js';

/** An entry of the config's overrides: rule settings for the files its patterns match. */
export interface ConfigOverride {
  readonly files: readonly PathPattern[];
  readonly rules: RuleSettings;
}

/** Project settings: which kind each file is, which files to skip, and the rules' settings. */
export interface Config {
  /** Folder the patterns are relative to (where the config was found). */
  readonly root: string;
  /** Path patterns (glob syntax) mapped to kinds; the first match wins. */
  readonly kinds: ReadonlyArray<readonly [pattern: PathPattern, kind: Kind]>;
  /** Path patterns of files never linted, even inside a named folder. */
  readonly ignore: readonly PathPattern[];
  /** The profile every file is checked against, unless --api-version says otherwise; undefined: not set. */
  readonly apiVersion?: ApiVersion | undefined;
  /** Rule settings of every file; none when left out. */
  readonly rules?: RuleSettings;
  /** Rule settings of the files their patterns match; a later one wins over an earlier one and over rules. */
  readonly overrides?: readonly ConfigOverride[];
  /** Where it was read from; null when no config was found. */
  readonly source: string | null;
}

/** Name of the config file looked for at the project root. */
export const configFileName = 'graph-invite-contract.config.json';

/** Key of the config inside package.json. */
const packageJsonKey = 'graphInviteContract';

/** Raised for a config that cannot be used; the CLI turns it into exit status 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const knownKeys: readonly string[] = ['kinds', 'ignore', 'apiVersion', 'rules', 'overrides'];

/**
 * Where an editor finds the config's shape (schemas/tooling/config.schema.json), as ESLint's and Spectral's
 * JSON configs take it: a string, read by editors only, which the CLI otherwise leaves alone.
 */
const schemaKey = '$schema';

/** A config's rule settings (at place, such as overrides[1].rules), or a ConfigError naming the place and what is wrong. */
function parseRules(value: unknown, source: string, place: string): RuleSettings {
  return readRuleSettings(value, place, (at, why) => {
    throw new ConfigError(`${source}: ${at} ${why}`);
  });
}

/** The overrides: an array of { files: [patterns], rules: {...} }. */
function parseOverrides(value: unknown, source: string, compile: (pattern: string, place: string) => PathPattern): ConfigOverride[] {
  if (!Array.isArray(value)) throw new ConfigError(`${source}: "overrides" must be an array of { "files": [patterns], "rules": {...} }`);
  return value.map((entry: unknown, index) => {
    const place = `overrides[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new ConfigError(`${source}: ${place} must be an object with "files" and "rules"`);
    const extra = Object.keys(entry).filter((key) => key !== 'files' && key !== 'rules');
    if (extra.length > 0) throw new ConfigError(`${source}: ${place} has an unknown key ${JSON.stringify(extra[0])}; an override takes "files" and "rules"`);
    const { files, rules } = entry as { files?: unknown; rules?: unknown };
    if (!Array.isArray(files) || files.length === 0 || !files.every((item): item is string => typeof item === 'string')) {
      throw new ConfigError(`${source}: ${place}.files must be a non-empty array of path patterns`);
    }
    if (rules === undefined) throw new ConfigError(`${source}: ${place} has no "rules"`);
    return { files: files.map((pattern, at) => compile(pattern, `${place}.files[${at}]`)), rules: parseRules(rules, source, `${place}.rules`) };
  });
}

function parseConfig(raw: unknown, source: string, root: string): Config {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${source}: the config must be a JSON object`);
  const schemaLink = (raw as Record<string, unknown>)[schemaKey];
  if (Object.hasOwn(raw, schemaKey) && typeof schemaLink !== 'string') throw new ConfigError(`${source}: "${schemaKey}" must be a string, the address of the config's JSON Schema`);
  const unknown = Object.keys(raw).filter((key) => key !== schemaKey && !knownKeys.includes(key));
  // A misspelt key ("ignores") would otherwise be dropped silently and the run would lint the wrong files.
  if (unknown.length > 0) {
    const near = nearestName(unknown[0] as string, knownKeys);
    const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
    throw new ConfigError(`${source}: unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')}${hint}; the config takes ${knownKeys.map((k) => `"${k}"`).join(', ')}`);
  }
  const { kinds = {}, ignore = [], apiVersion, rules = {}, overrides = [] } = raw as { kinds?: unknown; ignore?: unknown; apiVersion?: unknown; rules?: unknown; overrides?: unknown };
  const version = apiVersionNamed(apiVersion);
  if (apiVersion !== undefined && version === undefined) throw new ConfigError(`${source}: "apiVersion" is ${JSON.stringify(apiVersion)}, not one of ${apiVersions.join(', ')}`);
  if (kinds === null || typeof kinds !== 'object' || Array.isArray(kinds)) {
    throw new ConfigError(`${source}: "kinds" must map path patterns to kinds`);
  }
  const compile = (pattern: string, place?: string): PathPattern => {
    try {
      return compilePattern(pattern);
    } catch (error) {
      throw new ConfigError(`${source}: ${place === undefined ? '' : `${place}: `}pattern ${JSON.stringify(pattern)} is not valid: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const entries = Object.entries(kinds as Record<string, unknown>).map(([pattern, kind]): readonly [PathPattern, Kind] => {
    if (!isKind(kind)) throw new ConfigError(`${source}: kinds["${pattern}"] is ${JSON.stringify(kind)}, not one of invite-request, invite-operation, comms-notifications`);
    return [compile(pattern), kind];
  });
  if (!Array.isArray(ignore) || !ignore.every((item): item is string => typeof item === 'string')) {
    throw new ConfigError(`${source}: "ignore" must be an array of path patterns`);
  }
  return {
    root,
    kinds: entries,
    ignore: ignore.map((pattern) => compile(pattern)),
    apiVersion: version,
    rules: parseRules(rules, source, 'rules'),
    overrides: parseOverrides(overrides, source, compile),
    source,
  };
}

const noRules: RuleSettings = Object.freeze(Object.create(null) as RuleSettings);

/** Largest config read: a real one is a few hundred bytes. */
export const maxConfigBytes = 1024 * 1024;

/**
 * The text of a config file. Only a regular file under the size limit is read: a FIFO or a device
 * (/dev/zero) would block the run or never end. It is opened without blocking (a FIFO's open would wait
 * for a writer) and checked through the open file, so that it cannot be swapped between check and read.
 */
function readConfigText(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the config${codeSuffix(error)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ConfigError(`${path}: the config is not a regular file`);
    if (stat.size > maxConfigBytes) throw new ConfigError(`${path}: the config is over ${maxConfigBytes} bytes`);
    // One byte more than its size: a file that grew since the check is read past what it said.
    const bytes = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (;;) {
      const read = length < bytes.length ? readSync(fd, bytes, length, bytes.length - length, null) : 0;
      if (read === 0) break;
      length += read;
    }
    if (length > stat.size) throw new ConfigError(`${path}: the config changed while it was read`);
    return bytes.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${path}: cannot read the config${codeSuffix(error)}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses a key given twice in one object of the config (at or below `under`, a JSON Pointer): JSON.parse
 * keeps the last, so `"rules"` twice would silently drop the first one's settings.
 */
function refuseDuplicateKeys(path: string, text: string, under: string): void {
  for (const issue of scanSource(text)) {
    const pointer = issue.pointer ?? '';
    if (issue.kind !== 'duplicate-key' || !(under === '' || pointer === under || pointer.startsWith(`${under}/`))) continue;
    throw new ConfigError(`${path}:${issue.position.line}:${issue.position.column}: the config gives ${JSON.stringify(String(issue.params['key']))} twice in one object, and JSON keeps only the last: give it once`);
  }
}

function readJson(path: string, opened: (path: string) => void, under = ''): unknown {
  opened(path);
  // A byte order mark (as some Windows editors write one) may start the file, as it may a payload or a baseline.
  const read = readConfigText(path);
  const text = read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
  try {
    const value: unknown = JSON.parse(text);
    // package.json is judged only when it holds the tool's key (every start reads one, most hold none).
    const holds = under === '' || (value !== null && typeof value === 'object' && Object.hasOwn(value, under.slice(1)));
    if (holds) refuseDuplicateKeys(path, text, under);
    return value;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const fault = syntaxFault(text);
    if (fault !== undefined) throw new ConfigError(`${path}:${fault.place}: the config is not JSON: ${fault.message}`);
    throw new ConfigError(`${path}: cannot read the config: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Finds the config from a folder upwards: graph-invite-contract.config.json, else a graphInviteContract
 * key in package.json. The nearest folder with either wins. Each file read is told to opened (the run
 * never writes onto it).
 */
export function loadConfig(from: string = process.cwd(), explicitPath?: string, opened: (path: string) => void = () => undefined): Config {
  if (explicitPath !== undefined) {
    const path = resolve(from, explicitPath);
    return parseConfig(readJson(path, opened), path, dirname(path));
  }
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const file = join(dir, configFileName);
    if (existsSync(file)) return parseConfig(readJson(file, opened), file, dir);
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      // Only the tool's own key is judged: the rest of package.json is other tools' business.
      const json = readJson(pkg, opened, `/${packageJsonKey}`) as Record<string, unknown> | null;
      if (json !== null && typeof json === 'object' && json[packageJsonKey] !== undefined) {
        return parseConfig(json[packageJsonKey], `${pkg} (${packageJsonKey})`, dir);
      }
    }
    if (dirname(dir) === dir) return { root: resolve(from), kinds: [], ignore: [], apiVersion: undefined, rules: noRules, overrides: [], source: null };
  }
}

/** A path as the config's patterns read it: relative to the config's folder, with / separators. */
export function configRelative(config: Config, path: string): string {
  return toPosix(relative(config.root, resolve(path)));
}

/**
 * Whether the config file found holds path patterns (kinds, ignore, overrides) and none that could reach
 * out of its folder: a pattern may climb out with a .. segment (../payloads/**), so any .. in one counts.
 */
function patternsStayInside(config: Config): boolean {
  const patterns = [...config.kinds.map(([pattern]) => pattern), ...config.ignore, ...(config.overrides ?? []).flatMap((override) => override.files)];
  return config.source !== null && patterns.length > 0 && patterns.every((pattern) => !pattern.source.includes('..'));
}
const staysInside = new WeakMap<Config, boolean>();

/**
 * Whether a path as configRelative gives it lies outside the folder of a config file whose path patterns
 * can then match none of it (patternsStayInside): it climbs out (../), or is on another drive (relative()
 * then gives it whole).
 */
export function outsideConfigFolder(config: Config, rel: string): boolean {
  if (!(rel === '..' || rel.startsWith('../') || rel.startsWith('/') || /^[A-Za-z]:/.test(rel))) return false;
  let inside = staysInside.get(config);
  if (inside === undefined) staysInside.set(config, (inside = patternsStayInside(config)));
  return inside;
}

/**
 * What the config says of one file, from its path relative to the config's folder (configRelative), split
 * once for every pattern: whether it is ignored, and the kind it gives the file.
 */
export interface ConfigMatch {
  readonly ignored: boolean;
  /** The kind of the first kinds pattern that matches; undefined when none does, or when the file is ignored. */
  readonly kind: Kind | undefined;
}

const noMatch: ConfigMatch = { ignored: false, kind: undefined };
const ignoredMatch: ConfigMatch = { ignored: true, kind: undefined };
const kindMatches = new WeakMap<Config, Map<Kind, ConfigMatch>>();

/** What the config says of a file given by its relative path; the kinds patterns are tried only for a file that is not ignored. */
export function matchRelative(config: Config, rel: string): ConfigMatch {
  if (config.kinds.length === 0 && config.ignore.length === 0) return noMatch;
  const parts = splitPath(rel);
  return matchWith(config, (pattern) => testPattern(pattern, rel, parts));
}

/**
 * matchRelative for the files of one folder, given by name. A pattern's answer depends on the name only
 * through its nameBits, so the whole path is matched once per folder and combination of every pattern's
 * bits (or per tail of a name, when the bits follow from it), and remembered: a CPU profile of 50,000
 * files had matching at some 60 ms, most of it minimatch's ** walked per file, and a number as the key
 * (not a pattern's key, then a map per pattern) took a cold walk of them from about 100 to 60-75 ms.
 */
export function folderMatcher(config: Config, folderRel: string): (name: string) => ConfigMatch {
  if (config.kinds.length === 0 && config.ignore.length === 0) return () => noMatch;
  const patterns = [...config.ignore, ...config.kinds.map(([pattern]) => pattern)];
  let width = 0;
  for (const pattern of patterns) width += pattern.nameBitCount ?? Number.POSITIVE_INFINITY;
  // Up to 30 bits in all, the key is a small integer; beyond, one number per pattern in a string.
  const narrow = width <= 30;
  // What each pattern's bits are multiplied by as the next pattern's are added (narrow keys only).
  const scales = patterns.map((pattern) => 2 ** (pattern.nameBitCount ?? 0));
  const known = new Map<number | string, ConfigMatch>();
  const whole = (name: string): ConfigMatch => matchRelative(config, folderRel + name);
  // When every pattern's bits follow from a name's tail (PathPattern.tailDecided), a name whose tail was
  // seen is answered by one lookup instead of every pattern's tests; an unseen tail takes the bits and is
  // remembered, until the folder has shown tailsKept of them. A cold walk of the bench's 50,000 files: a
  // median of 69 ms against 73 (7 runs each); the command 0.7% less time (21 rounds).
  const byTail = patterns.every((pattern) => pattern.tailDecided === true) ? new Map<string, ConfigMatch>() : undefined;
  // The names . and .. (and one so long the path is over the limit) are asked whole each time, and so is
  // every name when a pattern has no bits (a test's RegExp).
  if (width === Number.POSITIVE_INFINITY) return whole;
  return (name) => {
    if (name === '.' || name === '..' || folderRel.length + name.length > maxPathLength) return whole(name);
    let tail: string | undefined;
    if (byTail !== undefined && byTail.size < tailsKept) {
      const dot = name.indexOf('.');
      if (dot > 0) {
        tail = name.slice(dot);
        const seen = byTail.get(tail);
        if (seen !== undefined) return seen;
      }
    }
    let key: number | string;
    if (narrow) {
      key = 0;
      for (let i = 0; i < patterns.length; i += 1) key = key * (scales[i] as number) + ((patterns[i] as PathPattern).nameBits as (name: string) => number)(name);
    } else {
      key = '';
      for (const pattern of patterns) key += `${(pattern.nameBits as (name: string) => number)(name)},`;
    }
    let match = known.get(key);
    if (match === undefined) known.set(key, (match = whole(name)));
    if (tail !== undefined) byTail?.set(tail, match);
    return match;
  };
}

/**
 * Tails a folder's matcher remembers: the usual folder has a handful (.request.json...). One whose names
 * differ from their first dot on (f.1.json, f.2.json...) then goes on by the bits alone, as it did before
 * tails were remembered: 20,000 such names in one folder walked in 33.6 ms against 32.7 before (medians
 * of 7), 37.7 ms when every name's tail was looked up.
 */
const tailsKept = 256;

function matchWith(config: Config, test: (pattern: PathPattern) => boolean): ConfigMatch {
  if (config.ignore.some(test)) return ignoredMatch;
  const kind = config.kinds.find(([pattern]) => test(pattern))?.[1];
  if (kind === undefined) return noMatch;
  // One shared object per kind: nothing is allocated per file.
  let byKind = kindMatches.get(config);
  if (byKind === undefined) kindMatches.set(config, (byKind = new Map()));
  let match = byKind.get(kind);
  if (match === undefined) byKind.set(kind, (match = { ignored: false, kind }));
  return match;
}

/** The kind the config gives a file, if any. */
export function kindForPath(config: Config, path: string): Kind | undefined {
  const rel = configRelative(config, path);
  return config.kinds.find(([pattern]) => pattern.test(rel))?.[1];
}

/** True when the config says the file is never linted. */
export function isIgnored(config: Config, path: string): boolean {
  const rel = configRelative(config, path);
  return config.ignore.some((pattern) => pattern.test(rel));
}
