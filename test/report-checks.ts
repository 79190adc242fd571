/** Schema checks of the documents the CLI writes, shared by the baseline, stdin, several-outputs and failed-run tests. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';

const Ajv04 = Ajv04Module as unknown as typeof Ajv04Module.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const require = createRequire(import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const ajv2020 = new Ajv2020({ strict: true, allErrors: true });
const lintReport = ajv2020.compile(readJson(join(packageRoot, 'schemas', 'tooling', 'lint-report.schema.json')) as object);
const baseline = ajv2020.compile(readJson(join(packageRoot, 'schemas', 'tooling', 'baseline.schema.json')) as object);
// The OASIS schema is draft-04, with keywords ajv's strict mode does not know and a pattern valid only without the u flag.
// It is large and checks a few reports per process: ajv's passes that tidy the generated code would take
// half its compile time and save nothing here.
const ajv04 = new Ajv04({ strict: false, allErrors: true, unicodeRegExp: false, code: { optimize: false } });
addFormats(ajv04);
const sarifLog = ajv04.compile(readJson(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')) as object);

/** The json report, checked against schemas/tooling/lint-report.schema.json. */
export function jsonReport(text: string): JsonReport {
  const document = JSON.parse(text) as JsonReport;
  assert.ok(lintReport(document), ajv2020.errorsText(lintReport.errors));
  return document;
}

/** A baseline file's text, checked against schemas/tooling/baseline.schema.json. */
export function baselineDocument(text: string): BaselineDocument {
  const document = JSON.parse(text) as BaselineDocument;
  assert.ok(baseline(document), ajv2020.errorsText(baseline.errors));
  return document;
}

/** A SARIF log, checked against the SARIF 2.1.0 schema. */
export function sarifDocument(text: string): SarifDocument {
  const document = JSON.parse(text) as SarifDocument;
  assert.ok(sarifLog(document), ajv04.errorsText(sarifLog.errors));
  return document;
}

/** A JUnit document, well formed, parsed with its test cases as a list. */
export function junitDocument(text: string): JunitDocument {
  assert.is(XMLValidator.validate(text), true);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' || name === 'failure' || name === 'error' });
  return parser.parse(text) as JunitDocument;
}

export interface BaselineEntryData {
  readonly path: string;
  readonly ruleId: string;
  readonly pointer: string;
  readonly count: number;
}

export interface BaselineDocument {
  readonly version: number;
  readonly entries: readonly BaselineEntryData[];
}

export interface JsonReport {
  readonly files: ReadonlyArray<{ readonly path: string; readonly kind: string | null; readonly problems: ReadonlyArray<{ readonly ruleId: string; readonly pointer: string; readonly severity: string; readonly message: string; readonly params?: Readonly<Record<string, unknown>> }> }>;
  readonly summary: { readonly files: number; readonly errors: number; readonly warnings: number };
  readonly baseline?: { readonly accepted: number; readonly absent: readonly BaselineEntryData[] };
  readonly failure?: { readonly causes: readonly string[] };
}

export interface SarifResult {
  readonly ruleId: string;
  readonly kind?: string;
  readonly level: string;
  readonly baselineState?: string;
  readonly locations: ReadonlyArray<{ readonly logicalLocations: ReadonlyArray<{ readonly fullyQualifiedName: string }> }>;
}

export interface SarifDocument {
  readonly runs: ReadonlyArray<{
    readonly invocations: ReadonlyArray<{ readonly executionSuccessful: boolean; readonly toolExecutionNotifications?: ReadonlyArray<{ readonly level: string; readonly message: { readonly text: string } }> }>;
    readonly results: readonly SarifResult[];
  }>;
}

export interface JunitDocument {
  readonly testsuites: {
    readonly tests: string;
    readonly errors: string;
    readonly failures: string;
    readonly testsuite: {
      readonly testcase: ReadonlyArray<{ readonly name: string; readonly failure?: ReadonlyArray<{ readonly type: string }>; readonly error?: ReadonlyArray<{ readonly type: string; readonly message: string; readonly '#text': string }> }>;
      readonly 'system-out'?: string;
    };
  };
}

/** A scratch folder for one test, removed after it. */
export async function inScratch<T>(prefix: string, body: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
