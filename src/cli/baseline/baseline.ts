import { readFileSync } from 'node:fs';
import type { FileReport } from '../../model/report.js';
import { codeSuffix, RunFailure } from '../failure.js';
import { syntaxFault } from '../../json/syntax-fault.js';
import { fixedRules } from '../../validate/rule-settings.js';

/**
 * A baseline (schemas/tooling/baseline.schema.json): the problems a repository accepts, keyed by the path
 * the report shows, the rule id and the JSON Pointer. Not by line: an edit elsewhere in the file moves
 * lines, not pointers. The same key found several times in a file is counted: a baseline entry with count
 * n accepts the first n of them, in report order, and a further one is new.
 */
export interface BaselineEntry {
  readonly path: string;
  readonly ruleId: string;
  readonly pointer: string;
  readonly count: number;
}

/** Version of the baseline document; raised on any breaking change. */
export const baselineVersion = 1;

/** What comparing a run with its baseline gave: how many problems it accepted, and the entries that no longer occur. */
export interface BaselineOutcome {
  readonly accepted: number;
  /** Entries (or the part of their count) that the run did not find: fixed, or moved. */
  readonly absent: readonly BaselineEntry[];
}

function keyOf(path: string, ruleId: string, pointer: string): string {
  // As JSON: a pointer may hold any character (a key "\u0000a" is /\u0000a), so no separator would do.
  return JSON.stringify([path, ruleId, pointer]);
}

function entryOf(key: string, count: number): BaselineEntry {
  const [path, ruleId, pointer] = JSON.parse(key) as [string, string, string];
  return { path, ruleId, pointer, count };
}

/** Sorted by path, rule id, pointer (as compared with <), so that the file is stable for diffs. */
function byKey(a: BaselineEntry, b: BaselineEntry): number {
  for (const field of ['path', 'ruleId', 'pointer'] as const) {
    if (a[field] < b[field]) return -1;
    if (a[field] > b[field]) return 1;
  }
  return 0;
}

/** Why a parsed document is not a baseline, or undefined when it is one. */
function notABaseline(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'a baseline is a JSON object';
  const document = value as Record<string, unknown>;
  const unknown = Object.keys(document).filter((key) => key !== '$schema' && key !== 'version' && key !== 'entries');
  if (unknown.length > 0) return `unknown key ${JSON.stringify(unknown[0])}; a baseline holds "version" and "entries"`;
  if (document['version'] !== baselineVersion) return `"version" must be ${baselineVersion}`;
  const entries = document['entries'];
  if (!Array.isArray(entries)) return '"entries" must be an array';
  for (const [index, entry] of entries.entries()) {
    const at = `entries[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return `${at} must be an object`;
    const fields = entry as Record<string, unknown>;
    const extra = Object.keys(fields).find((key) => !['path', 'ruleId', 'pointer', 'count'].includes(key));
    if (extra !== undefined) return `${at} has an unknown key ${JSON.stringify(extra)}`;
    for (const name of ['path', 'ruleId', 'pointer'] as const) if (typeof fields[name] !== 'string') return `${at}.${name} must be a string`;
    const count = fields['count'];
    if (count !== undefined && !(Number.isInteger(count) && (count as number) >= 1)) return `${at}.count must be a whole number of at least 1`;
  }
  return undefined;
}

/** Reads a baseline file, or refuses the run (exit 2) saying what is wrong with it. */
export function readBaseline(file: { readonly given: string; readonly path: string }): Baseline {
  let text: string;
  try {
    text = readFileSync(file.path, 'utf8');
  } catch (error) {
    throw new RunFailure(`--baseline ${file.given}: cannot read the baseline${codeSuffix(error)}`);
  }
  let value: unknown;
  // A byte order mark is allowed at the start, and left out of the text both the parse and the placing read.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const fault = syntaxFault(json);
    if (fault !== undefined) throw new RunFailure(`--baseline ${file.given}:${fault.place}: not JSON: ${fault.message}`);
    throw new RunFailure(`--baseline ${file.given}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const why = notABaseline(value);
  if (why !== undefined) throw new RunFailure(`--baseline ${file.given}: ${why} (see schemas/tooling/baseline.schema.json)`);
  const counts = new Map<string, number>();
  const refused = new Set<string>();
  for (const entry of (value as { entries: ReadonlyArray<Partial<BaselineEntry> & Omit<BaselineEntry, 'count'>> }).entries) {
    // An entry no baseline can accept (a file not checked) would only ever read as "no longer occurs".
    if (!acceptable(entry.ruleId)) {
      refused.add(entry.ruleId);
      continue;
    }
    const key = keyOf(entry.path, entry.ruleId, entry.pointer);
    counts.set(key, (counts.get(key) ?? 0) + (entry.count ?? 1));
  }
  return new Baseline(counts, [...refused].sort());
}

/**
 * Problems no baseline accepts: those saying a file, or a part, was not checked (json-syntax, kind-unknown...;
 * the rules a config cannot turn off, for the same reason), and those standing for others (too-many-problems,
 * validation-stopped), whose count says nothing of which problems they hide.
 */
function acceptable(ruleId: string): boolean {
  return !fixedRules.has(ruleId);
}

/** A baseline read for a run: takes each report's accepted problems out, and tells at the end what it never met. */
export class Baseline {
  private accepted = 0;
  /** The paths of the reports the run made: only their entries can be told absent by what the run found. */
  private readonly linted = new Set<string>();

  /**
   * @param refused the rule ids of entries left out as read: rules no baseline accepts (json-syntax...),
   * as a hand-made or older baseline may list them.
   */
  constructor(
    private readonly left: Map<string, number>,
    readonly refused: readonly string[] = [],
  ) {}

  /** The report with only its new problems. */
  filter(report: FileReport): FileReport {
    this.linted.add(report.path);
    const problems = report.problems.filter((problem) => {
      if (!acceptable(problem.ruleId)) return true;
      const key = keyOf(report.path, problem.ruleId, problem.pointer);
      const left = this.left.get(key) ?? 0;
      if (left === 0) return true;
      this.left.set(key, left - 1);
      this.accepted += 1;
      return false;
    });
    return problems.length === report.problems.length ? report : { ...report, problems };
  }

  /**
   * What the run accepted, and the entries it no longer met: of the files it linted, and of files that are
   * gone (`exists` says). A run over a few files (pre-commit, lint-staged) says nothing of the others' entries.
   */
  outcome(exists: (path: string) => boolean): BaselineOutcome {
    const absent = [...this.left]
      .filter(([, count]) => count > 0)
      .map(([key, count]) => entryOf(key, count))
      .filter((entry) => this.linted.has(entry.path) || !exists(entry.path));
    return { accepted: this.accepted, absent: absent.sort(byKey) };
  }
}

/** Gathers every problem of a run as baseline entries (a count per key, not the problems). */
export class BaselineWriter {
  private readonly counts = new Map<string, number>();
  /** Problems no baseline accepts, by rule id: they are left out, and the run still fails on them. */
  readonly leftOut = new Map<string, number>();

  add(report: FileReport): void {
    for (const problem of report.problems) {
      if (!acceptable(problem.ruleId)) {
        this.leftOut.set(problem.ruleId, (this.leftOut.get(problem.ruleId) ?? 0) + 1);
        continue;
      }
      const key = keyOf(report.path, problem.ruleId, problem.pointer);
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
  }

  /** The baseline document's text: sorted, two-space indented, one field a line, ending with a line break. */
  text(): string {
    const entries = [...this.counts].map(([key, count]) => entryOf(key, count)).sort(byKey);
    return `${JSON.stringify({ version: baselineVersion, entries }, null, 2)}\n`;
  }
}
