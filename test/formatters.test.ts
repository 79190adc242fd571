import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeData, escapeProperty, github, githubStepSummary } from '../src/cli/formatters/github.js';
import { formatNames, isFormatName, loadFormatter } from '../src/cli/formatters/index.js';
import { json } from '../src/cli/formatters/json.js';
import { escapeXmlAttribute, escapeXmlText, junit, stripIllegalXml } from '../src/cli/formatters/junit.js';
import { artifactUri, fingerprintKey, maxResults, sarif } from '../src/cli/formatters/sarif.js';
import { frameWidth, stylish } from '../src/cli/formatters/stylish.js';
import { kinds } from '../src/model/kind.js';
import { type Formatter, type Report } from '../src/cli/formatters/types.js';
import { summarize, type FileReport } from '../src/model/report.js';
import { rules } from '../src/rules/index.js';
import { verdict } from '../src/cli/verdict.js';
import {
  awkwardLines,
  awkwardMessage,
  awkwardPath,
  cleanReport,
  fixtureOptions,
  fixtureReport,
  fixtureRules,
  illegalXmlCharacters,
} from './fixtures/report.js';
import { jsonReport, sarifDocument } from './report-checks.js';

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const lintReportSchema = readJson(new URL('../../schemas/tooling/lint-report.schema.json', import.meta.url).pathname) as {
  $defs: { file: { properties: { kind: { enum: unknown[] } } }; problem: { properties: { ruleId: { pattern: string }; severity: { enum: unknown[] } } } };
};

const allProblems = fixtureReport.files.flatMap((file) => file.problems.map((problem) => ({ file, problem })));
const errorCount = allProblems.filter(({ problem }) => problem.severity === 'error').length;
const warningCount = allProblems.length - errorCount;
const ansi = /\u001b\[[0-9;]*m/g;

function reportOf(files: FileReport[]): Report {
  return { files, summary: summarize(files) };
}

function sortedKeys(value: object): string[] {
  return Object.keys(value).sort();
}

// ---------------------------------------------------------------------------------------------- registry

test('the fixture points at the characters it claims to', () => {
  assert.is(awkwardLines[8]?.[9], '"', 'line 9, column 10 starts the phone id value');
  assert.ok(awkwardLines[8]?.includes('\t"+1'), 'a tab stands right before the offending value');
  assert.is(awkwardLines[6]?.[18], '{', 'line 7, column 19 opens the identity set');
  assert.is(fixtureReport.summary.files, 3);
  assert.ok(fixtureReport.files.some((file) => file.problems.length === 0));
  assert.ok(fixtureReport.files.some((file) => file.kind === null));
  assert.ok(/[%,:\n<&>"']/.test(awkwardMessage) && [...'%,:\n<&>"\''].every((c) => awkwardMessage.includes(c)));
});

test('json, written a file at a time, is exactly JSON.stringify of the document with an indent of 2', () => {
  const options = { color: false, rules, toolVersion: '0.0.0' };
  const many = Array.from({ length: 3 }, () => fixtureReport.files).flat();
  for (const report of [fixtureReport, { files: [], summary: summarize([]) }, { files: many, summary: summarize(many) }]) {
    const text = json(report, options);
    assert.is(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    assert.is((JSON.parse(text) as { files: unknown[] }).files.length, report.files.length);
  }
});

test('loadFormatter loads every format by name and refuses others', async () => {
  assert.equal([...formatNames].sort(), ['github', 'json', 'junit', 'sarif', 'stylish']);
  const direct: Record<string, Formatter> = { stylish, json, github, sarif, junit };
  for (const name of formatNames) {
    assert.ok(isFormatName(name));
    assert.is((await loadFormatter(name)).whole, direct[name], name);
  }
  // The formats the CLI writes a file at a time; the others need the whole report first.
  const streaming = await Promise.all(formatNames.map(async (name) => ((await loadFormatter(name)).stream === undefined ? [] : [name])));
  assert.equal(streaming.flat(), ['stylish', 'json', 'github']);
  assert.not.ok(isFormatName('checkstyle'));
  try {
    await loadFormatter('checkstyle');
    assert.unreachable('an unknown format must be refused');
  } catch (error) {
    assert.instance(error, Error);
    assert.match((error as Error).message, 'stylish');
  }
});

test('every formatter is pure: same output twice, report untouched', () => {
  const before = JSON.stringify(fixtureReport);
  for (const format of [stylish, json, github, sarif, junit]) {
    for (const color of [false, true]) {
      assert.is(format(fixtureReport, fixtureOptions(color)), format(fixtureReport, fixtureOptions(color)));
    }
  }
  assert.is(JSON.stringify(fixtureReport), before);
});

// ---------------------------------------------------------------------------------------------- json

test('json validates against schemas/tooling/lint-report.schema.json', () => {
  for (const report of [fixtureReport, cleanReport, reportOf([])]) jsonReport(json(report, fixtureOptions()));
});

test('json has exactly the documented keys, drops source and keeps every value', () => {
  const document = JSON.parse(json(fixtureReport, fixtureOptions())) as {
    files: Array<{ problems: object[] } & Record<string, unknown>>;
    summary: object;
  } & Record<string, unknown>;
  assert.equal(sortedKeys(document), ['files', 'summary', 'version']);
  assert.is(document.version, 1);
  assert.equal(sortedKeys(document.summary), ['errors', 'files', 'warnings']);
  assert.equal(document.summary, fixtureReport.summary);
  assert.is(document.files.length, fixtureReport.files.length);
  document.files.forEach((file, index) => {
    const expected = fixtureReport.files[index] as FileReport;
    assert.equal(sortedKeys(file), ['kind', 'path', 'problems']);
    assert.is(file.path, expected.path);
    assert.is(file.kind, expected.kind);
    assert.equal(file.problems, expected.problems.map((problem) => ({ ...problem })));
    for (const problem of file.problems) assert.equal(sortedKeys(problem), ['column', 'line', 'message', 'params', 'pointer', 'ruleId', 'severity']);
  });
});

test('json is pretty-printed with two spaces and ends with a newline', () => {
  const text = json(fixtureReport, fixtureOptions());
  assert.ok(text.startsWith('{\n  "version": 1,\n'));
  assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'));
});

test('the lint-report schema rejects what it should and stays in step with the code', () => {
  const ajv = new Ajv2020({ strict: true });
  const validate = ajv.compile(lintReportSchema);
  const good = JSON.parse(json(fixtureReport, fixtureOptions())) as { files: Array<{ problems: Array<Record<string, unknown>> }> };
  const broken = (change: (document: typeof good) => void): boolean => {
    const copy = structuredClone(good);
    change(copy);
    return validate(copy);
  };
  assert.not.ok(broken((d) => Object.assign(d, { extra: true })), 'extra top-level key');
  assert.not.ok(broken((d) => Object.assign(d.files[1]?.problems[0] ?? {}, { source: 'x' })), 'extra problem key');
  assert.not.ok(broken((d) => Object.assign(d.files[1]?.problems[0] ?? {}, { line: 0 })), 'line 0');
  assert.not.ok(broken((d) => Object.assign(d.files[1]?.problems[0] ?? {}, { column: 1.5 })), 'fractional column');
  assert.not.ok(broken((d) => Object.assign(d.files[1]?.problems[0] ?? {}, { ruleId: 'Phone_E164' })), 'ruleId pattern');
  assert.not.ok(broken((d) => Object.assign(d.files[1]?.problems[0] ?? {}, { severity: 'info' })), 'severity enum');
  assert.not.ok(broken((d) => Object.assign(d.files[1] ?? {}, { kind: 'invite' })), 'kind enum');

  assert.equal(lintReportSchema.$defs.file.properties.kind.enum, [...kinds, null]);
  assert.equal(lintReportSchema.$defs.problem.properties.severity.enum, ['error', 'warning']);
  const ruleId = new RegExp(lintReportSchema.$defs.problem.properties.ruleId.pattern, 'u');
  for (const rule of rules) assert.ok(ruleId.test(rule.id), `rule id ${rule.id} fits the schema's pattern`);
});

// ---------------------------------------------------------------------------------------------- github

/** Reverses the runner's decoding; %25 last so that an escaped escape is not decoded twice. */
function unescapeCommand(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

test('github writes one workflow command per problem whose fields round-trip', () => {
  const out = github(fixtureReport, fixtureOptions());
  assert.ok(out.endsWith('\n'));
  const lines = out.slice(0, -1).split('\n');
  assert.is(lines.length, allProblems.length);
  lines.forEach((line, index) => {
    const { file, problem } = allProblems[index] as (typeof allProblems)[number];
    assert.not.ok(line.includes('\r'));
    const command = /^::(error|warning) ([^:]*)::(.*)$/.exec(line);
    assert.ok(command, line);
    const [, level, rawProperties, rawMessage] = command as unknown as [string, string, string, string];
    assert.is(level, problem.severity);
    const properties = Object.fromEntries(
      rawProperties.split(',').map((pair) => {
        const equals = pair.indexOf('=');
        return [pair.slice(0, equals), unescapeCommand(pair.slice(equals + 1))];
      }),
    );
    assert.equal(properties, { file: file.path, line: String(problem.line), col: String(problem.column), title: problem.ruleId });
    assert.is(unescapeCommand(rawMessage), problem.message);
  });
  assert.ok(out.includes(escapeProperty(awkwardPath)) && escapeProperty(awkwardPath).includes('%3A') && escapeProperty(awkwardPath).includes('%2C'));
});

test('github escapes as the Actions runner documents', () => {
  assert.is(escapeData('100% a:b,c\r\nd'), '100%25 a:b,c%0D%0Ad');
  assert.is(escapeProperty('100% a:b,c\r\nd'), '100%25 a%3Ab%2Cc%0D%0Ad');
  assert.is(escapeData('%0A'), '%250A', 'an already-escaped-looking text survives');
  assert.is(github(cleanReport, fixtureOptions()), '');
});

test('githubStepSummary lists every problem in a well-formed Markdown table', () => {
  const text = githubStepSummary(fixtureReport);
  const rows = text.split('\n').filter((line) => line.startsWith('|'));
  assert.is(rows.length, 2 + allProblems.length, 'header, delimiter and one row per problem');
  for (const row of rows) {
    // A cell boundary is a pipe not escaped by a backslash; the fixture's cells hold none of their own.
    const boundaries = row.match(/(?<!\\)\|/g) ?? [];
    assert.is(boundaries.length, 7, row);
  }
  assert.ok(text.includes('<br>'), 'the line break in a message stays inside its row');
  assert.match(text, `${fixtureReport.summary.errors} errors`);
  assert.match(text, `${fixtureReport.summary.warnings} warning`);
  const withPipe = githubStepSummary(
    reportOf([{ path: 'a|b.json', kind: null, problems: [{ ruleId: 'x', severity: 'error', message: 'one | two', pointer: '', line: 1, column: 1, params: {} }] }]),
  );
  const row = withPipe.split('\n').filter((line) => line.startsWith('|'))[2] as string;
  assert.is((row.match(/(?<!\\)\|/g) ?? []).length, 7, 'pipes in a path or message are escaped');
});

test('githubStepSummary says when nothing was found, and stays under GitHub size limit', () => {
  const clean = githubStepSummary(cleanReport);
  assert.not.ok(clean.includes('|'));
  assert.match(clean, /no problems/i);

  const message = 'x'.repeat(400);
  const many: FileReport = {
    path: 'big.json',
    kind: 'invite-request',
    problems: Array.from({ length: 5000 }, (_, index) => ({ ruleId: 'phone-e164', severity: 'error' as const, message, pointer: `/p/${index}`, line: index + 1, column: 1, params: {} })),
  };
  const big = githubStepSummary(reportOf([many]));
  assert.ok(Buffer.byteLength(big) < 1024 * 1024, 'under the 1 MiB step summary limit');
  const shown = big.split('\n').filter((line) => line.startsWith('| big')).length;
  assert.ok(shown > 1000 && shown < 5000);
  assert.match(big, `${5000 - shown} more`);
});

// ---------------------------------------------------------------------------------------------- sarif

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string; index: number }; region: { startLine: number; startColumn: number } };
    logicalLocations: Array<{ fullyQualifiedName: string }>;
  }>;
  partialFingerprints: Record<string, string>;
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Array<Record<string, unknown> & { id: string; defaultConfiguration: { level: string } }> } };
    artifacts: Array<{ location: { uri: string } }>;
    results: SarifResult[];
  }>;
}

const parseSarif = (report: Report): SarifLog => JSON.parse(sarif(report, fixtureOptions())) as SarifLog;

test('sarif validates against the official SARIF 2.1.0 schema', () => {
  // The schema as report-checks.ts compiles it once for every test file of the process.
  for (const report of [fixtureReport, cleanReport, reportOf([])]) {
    sarifDocument(sarif(report, fixtureOptions()));
    sarifDocument(sarif(report, { ...fixtureOptions(), sourceRoot: { cwd: '/repo/sub', root: '/repo' } }));
  }
});

test('sarif and github name files from the repository root, and absolutely outside it', () => {
  const file = (path: string): FileReport => ({
    path,
    kind: 'invite-request',
    problems: [{ ruleId: 'phone-e164', severity: 'error', message: 'm', pointer: '/p', line: 2, column: 3, params: {} }],
  });
  const report = reportOf([file('payloads/a.json'), file('../../elsewhere/b.json')]);
  const options = { ...fixtureOptions(), sourceRoot: { cwd: '/repo/tools', root: '/repo' } };
  const log = JSON.parse(sarif(report, options)) as SarifLog & { runs: Array<{ originalUriBaseIds?: Record<string, { uri: string }> }> };
  const run = log.runs[0];
  assert.equal(run?.artifacts.map((artifact) => artifact.location), [{ uri: 'tools/payloads/a.json', uriBaseId: '%SRCROOT%' }, { uri: 'file:///elsewhere/b.json' }]);
  assert.equal(run?.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///repo/' } });
  assert.equal(github(report, options).split('\n').filter(Boolean).map((line) => /file=([^,]*)/.exec(line)?.[1]), ['tools/payloads/a.json', '/elsewhere/b.json']);
  // The same problem has the same fingerprint from any working folder.
  const fromRoot = JSON.parse(sarif(reportOf([file('tools/payloads/a.json')]), { ...fixtureOptions(), sourceRoot: { cwd: '/repo', root: '/repo' } })) as SarifLog;
  assert.equal(fromRoot.runs[0]?.results[0]?.partialFingerprints, run?.results[0]?.partialFingerprints);
});

test('sarif describes the tool and every rule', () => {
  const log = parseSarif(fixtureReport);
  assert.is(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.is(log.version, '2.1.0');
  assert.is(log.runs.length, 1);
  const driver = log.runs[0]?.tool.driver;
  assert.ok(driver);
  assert.is(driver.name, 'graph-invite-contract');
  assert.is(driver.version, '9.8.7');
  assert.ok(driver.informationUri.startsWith('https://'));
  assert.equal(driver.rules.map((rule) => rule.id), fixtureRules.map((rule) => rule.id));
  driver.rules.forEach((rule, index) => {
    const meta = fixtureRules[index];
    assert.equal(rule, {
      id: meta?.id,
      shortDescription: { text: meta?.description },
      fullDescription: { text: meta?.rationale },
      help: { text: meta?.rationale },
      defaultConfiguration: { level: meta?.severity },
    });
  });
});

test('sarif results point at the rule, the file, the position and the JSON pointer', () => {
  const run = parseSarif(fixtureReport).runs[0];
  assert.ok(run);
  assert.is(run.results.length, allProblems.length);
  assert.equal(run.artifacts.map((artifact) => artifact.location.uri).length, fixtureReport.files.length);
  run.results.forEach((result, index) => {
    const { file, problem } = allProblems[index] as (typeof allProblems)[number];
    assert.is(result.ruleId, problem.ruleId);
    assert.is(run.tool.driver.rules[result.ruleIndex ?? -1]?.id, problem.ruleId, 'ruleIndex names the same rule');
    assert.is(result.level, problem.severity);
    assert.is(result.message.text, problem.message);
    const location = result.locations[0];
    assert.ok(location);
    const artifact = location.physicalLocation.artifactLocation;
    assert.is(artifact.uriBaseId, '%SRCROOT%');
    // Resolved against a base, the URI names the file again: a ':' in the first segment must not read as a scheme.
    assert.is(decodeURIComponent(new URL(artifact.uri, 'file:///src/').pathname), `/src/${file.path}`);
    assert.is(run.artifacts[artifact.index]?.location.uri, artifact.uri);
    assert.equal(location.physicalLocation.region, { startLine: problem.line, startColumn: problem.column });
    assert.equal(location.logicalLocations, [{ fullyQualifiedName: problem.pointer }]);
  });
});

test('sarif fingerprints are stable, distinct, and ignore line moves', () => {
  const fingerprints = (report: Report): string[] => parseSarif(report).runs[0]?.results.map((result) => result.partialFingerprints[fingerprintKey] as string) ?? [];
  const first = fingerprints(fixtureReport);
  assert.equal(fingerprints(fixtureReport), first);
  assert.is(new Set(first).size, first.length);
  for (const value of first) assert.match(value, /^[0-9a-f]{64}:\d+$/);

  const moved = reportOf(fixtureReport.files.map((file) => ({ ...file, problems: file.problems.map((problem) => ({ ...problem, line: problem.line + 3 })) })));
  assert.equal(fingerprints(moved), first);

  const problem = { ruleId: 'phone-e164', severity: 'error' as const, message: 'm', pointer: '/a', line: 1, column: 1, params: {} };
  const twice = fingerprints(reportOf([{ path: 'a.json', kind: null, problems: [problem, { ...problem, column: 5 }] }]));
  assert.is(new Set(twice).size, 2, 'the same rule twice at one pointer still gets two fingerprints');
});

test('sarif artifact URIs', () => {
  assert.equal(artifactUri('a b/c.json'), { uri: 'a%20b/c.json', uriBaseId: '%SRCROOT%' });
  assert.equal(artifactUri('../up.json'), { uri: '../up.json', uriBaseId: '%SRCROOT%' });
  assert.equal(artifactUri('/abs/x#1.json'), { uri: 'file:///abs/x%231.json' });
  // A drive letter on Windows only: elsewhere C: is a folder under the source root.
  if (process.platform === 'win32') assert.equal(artifactUri('C:/work/x.json'), { uri: 'file:///C:/work/x.json' });
  else assert.equal(artifactUri('C:/work/x.json'), { uri: 'C%3A/work/x.json', uriBaseId: '%SRCROOT%' });
});

test('sarif holds at most the results code scanning takes in a run, and says how many it left out', () => {
  const problem = allProblems[0]?.problem;
  assert.ok(problem);
  const many = (count: number): Report => reportOf([{ path: 'many.json', kind: 'invite-request', problems: Array.from({ length: count }, (_, index) => ({ ...problem, pointer: `/p/${index}`, line: index + 1 })) }]);
  const full = sarifDocument(sarif(many(maxResults), fixtureOptions()));
  assert.is(full.runs[0]?.results.length, maxResults);
  assert.is(full.runs[0]?.invocations[0]?.toolExecutionNotifications, undefined);
  const over = sarifDocument(sarif(many(maxResults + 7), fixtureOptions()));
  assert.is(over.runs[0]?.results.length, maxResults);
  const invocation = over.runs[0]?.invocations[0];
  assert.is(invocation?.executionSuccessful, true);
  assert.equal(invocation?.toolExecutionNotifications?.map((notification) => notification.level), ['warning']);
  assert.match(invocation?.toolExecutionNotifications?.[0]?.message.text ?? '', /^7 more results are left out/);
});

// ---------------------------------------------------------------------------------------------- junit

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => name === 'testcase' || name === 'failure',
});

interface JunitCase {
  classname: string;
  name: string;
  failure?: Array<{ message: string; type: string; '#text': string }>;
  'system-out'?: string;
}
interface JunitDocument {
  testsuites: { name: string; tests: string; failures: string; errors: string; testsuite: { name: string; tests: string; failures: string; errors: string; testcase: JunitCase[] } };
}

test('junit is well-formed XML whose counts match the report', () => {
  const out = junit(fixtureReport, fixtureOptions());
  assert.ok(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
  assert.is(XMLValidator.validate(out), true);
  const document = xmlParser.parse(out) as JunitDocument;
  const failingFiles = fixtureReport.files.filter((file) => file.problems.some((problem) => problem.severity === 'error')).length;
  const { testsuites } = document;
  const suite = testsuites.testsuite;
  for (const counts of [testsuites, suite]) {
    assert.is(counts.tests, String(fixtureReport.files.length));
    assert.is(counts.failures, String(failingFiles));
    assert.is(counts.errors, '0');
  }
  assert.is(suite.name, 'graph-invite-contract');
  assert.equal(suite.testcase.map((testcase) => testcase.name), fixtureReport.files.map((file) => file.path));
  assert.ok(suite.testcase.every((testcase) => testcase.classname === 'graph-invite-contract'));
  assert.is(suite.testcase.flatMap((testcase) => testcase.failure ?? []).length, errorCount);
  assert.is(suite.testcase.filter((testcase) => testcase['system-out'] !== undefined).length, warningCount);
});

test('junit under --strict fails every file with a problem, one failure element per file listing each problem', () => {
  const warningOnly: FileReport = {
    path: 'warning-only.json',
    kind: 'invite-operation',
    problems: [{ ruleId: 'status-casing', severity: 'warning', message: 'status "Running" is PascalCase', pointer: '/status', line: 1, column: 2, params: {} }],
  };
  const files = [...fixtureReport.files, warningOnly];
  const report: Report = { files, summary: summarize(files) };
  const failing = (out: string): string[] =>
    (xmlParser.parse(out) as JunitDocument).testsuites.testsuite.testcase.filter((testcase) => testcase.failure !== undefined).map((testcase) => testcase.name);
  assert.not.ok(failing(junit(report, fixtureOptions())).includes('warning-only.json'), 'without --strict a warning does not fail the file');
  const out = junit(report, { ...fixtureOptions(), verdict: (totals) => verdict(totals, { strict: true, max: undefined }) });
  assert.is(XMLValidator.validate(out), true);
  const suite = (xmlParser.parse(out) as JunitDocument).testsuites.testsuite;
  assert.equal(failing(out), files.filter((file) => file.problems.length > 0).map((file) => file.path));
  assert.is(suite.failures, String(files.filter((file) => file.problems.length > 0).length));
  // Jenkins and Azure DevOps read one failure element per test case: it lists every problem of the file.
  assert.ok(suite.testcase.every((testcase) => (testcase.failure?.length ?? 0) <= 1));
  let listed = 0;
  for (const testcase of suite.testcase) {
    const failure = testcase.failure?.[0];
    const problems = files.find((file) => file.path === testcase.name)?.problems ?? [];
    if (failure === undefined || problems.length === 0) continue;
    // Each problem is described in the one element, in order, ending with its rule id.
    let from = 0;
    for (const problem of problems) {
      const at = failure['#text'].indexOf(`(${problem.ruleId})`, from);
      assert.ok(at >= from, `${testcase.name}: ${problem.ruleId} not listed`);
      from = at + 1;
      listed += 1;
    }
    assert.is(failure.type, problems[0]?.ruleId);
    // The messages hold awkward characters that XML strips: only the summary's start is compared.
    if (problems.length > 1) assert.ok(failure.message.startsWith(`${problems.length} problems fail this file; the first: `), failure.message);
  }
  assert.is(listed, errorCount + warningCount + 1);
  assert.ok(suite.testcase.every((testcase) => testcase['system-out'] === undefined));
});

test('junit with --max-warnings adds a test case for the warning budget that fails when it is exceeded', () => {
  for (const [max, fails] of [[0, true], [warningCount - 1, true], [warningCount, false]] as const) {
    const out = junit(fixtureReport, { ...fixtureOptions(), verdict: (totals) => verdict(totals, { strict: false, max }) });
    const suite = (xmlParser.parse(out) as JunitDocument).testsuites.testsuite;
    const budget = suite.testcase.at(-1);
    assert.is(budget?.name, `warnings (--max-warnings ${max})`);
    assert.is(suite.tests, String(fixtureReport.files.length + 1));
    const failingFiles = fixtureReport.files.filter((file) => file.problems.some((p) => p.severity === 'error')).length;
    assert.is(suite.failures, String(failingFiles + (fails ? 1 : 0)), `max ${max}`);
    assert.is(budget?.failure?.[0]?.message, fails ? `${warningCount} warnings, more than --max-warnings ${max}` : undefined);
  }
});

test('junit keeps messages intact through escaping and drops characters XML forbids', () => {
  const out = junit(fixtureReport, fixtureOptions());
  assert.not.ok(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(out));
  assert.not.ok(/[\uD800-\uDFFF]/u.test(out), 'no lone surrogate');
  const testcases = (xmlParser.parse(out) as JunitDocument).testsuites.testsuite.testcase;
  const awkward = testcases.find((testcase) => testcase.name === awkwardPath);
  assert.ok(awkward);
  const failure = awkward.failure?.[0];
  assert.ok(failure);
  assert.is(failure.message, awkwardMessage);
  assert.is(failure.type, 'phone-e164');
  assert.is(failure['#text'], `${awkwardPath}:9:10 ${awkwardMessage} (phone-e164)`);
  const output = awkward['system-out'] ?? '';
  assert.match(output, `${awkwardPath}:7:19 warning`);
  assert.match(output, '(identity-set-type)');
  assert.not.ok(output.includes(illegalXmlCharacters[0] as string));
});

test('junit escaping helpers', () => {
  assert.is(escapeXmlText(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  assert.is(escapeXmlAttribute('a\tb\nc\rd'), 'a&#9;b&#10;c&#13;d');
  assert.is(stripIllegalXml('a\u0000b\u001Fc\tdé\uD83D\uDE00\uDC00\uFFFF'), 'abc\tdé\uD83D\uDE00', 'a paired surrogate stays, a lone one goes');
  const clean = xmlParser.parse(junit(cleanReport, fixtureOptions())) as JunitDocument;
  assert.is(clean.testsuites.failures, '0');
  assert.is(XMLValidator.validate(junit(reportOf([]), fixtureOptions())), true);
});

// ---------------------------------------------------------------------------------------------- stylish

test('stylish writes no escape codes without colour and colours with it', () => {
  const plain = stylish(fixtureReport, fixtureOptions(false));
  assert.not.ok(plain.includes('\u001b'));
  const coloured = stylish(fixtureReport, fixtureOptions(true));
  assert.ok(coloured.includes('\u001b[31m'), 'red for errors');
  assert.ok(coloured.includes('\u001b[33m'), 'yellow for warnings');
  assert.ok(coloured.includes('\u001b[2m'), 'dim gutter');
  assert.is(coloured.replace(ansi, ''), plain, 'colour changes nothing but colour');
});

test('stylish groups problems under each file that has some', () => {
  const lines = stylish(fixtureReport, fixtureOptions()).split('\n');
  const headers = lines.filter((line) => fixtureReport.files.some((file) => file.path === line));
  assert.equal(headers, fixtureReport.files.filter((file) => file.problems.length > 0).map((file) => file.path));
  for (const { problem } of allProblems) {
    const row = lines.find((line) => line.startsWith(`  ${problem.line}:${problem.column} `) && line.endsWith(problem.ruleId));
    assert.ok(row, `a row for ${problem.ruleId}`);
    assert.match(row, problem.severity);
  }
  const rows = lines.filter((line) => /^ {2}\d+:\d+ /.test(line));
  const awkwardRows = rows.slice(0, 2);
  assert.is(new Set(awkwardRows.map((row) => row.lastIndexOf(' ') + 1)).size, 1, 'the rule column is aligned within a file');
  assert.ok(rows.every((row) => !row.includes('\t')));
});

test('stylish puts the caret under the offending column, tabs included', () => {
  const lines = stylish(fixtureReport, fixtureOptions()).split('\n');
  assert.not.ok(lines.some((line) => line.includes('\t')), 'tabs are expanded');
  for (const { problem } of allProblems) {
    if (problem.line === 1) continue;
    const target = lines.findIndex((line) => new RegExp(`^ {4}> +${problem.line} \\| `).test(line));
    assert.ok(target >= 0, `a frame line for line ${problem.line}`);
    const targetLine = lines[target] as string;
    const caretLine = lines[target + 1] as string;
    assert.match(caretLine, /^ +\| +\^$/);
    const expected = (awkwardLines[problem.line - 1] as string)[problem.column - 1];
    assert.is(targetLine[caretLine.indexOf('^')], expected, `caret of line ${problem.line}`);
    assert.match(lines[target - 1] as string, new RegExp(` ${problem.line - 1} \\|`), 'a line of context before');
    assert.match(lines[target + 2] as string, new RegExp(` ${problem.line + 1} \\|`), 'a line of context after');
  }
  const tabbed = lines.find((line) => / 9 \| /.test(line)) as string;
  assert.match(tabbed, /\| {13}"id": {3}"\+1/, 'tabs expand to stops every four columns');
});

test('stylish clips long lines around the column and keeps the frame aligned', () => {
  const before = `{ "pad": "${'a'.repeat(1200)}",`;
  const line = `  "x": "${'b'.repeat(690)}", "phone": "bad", "tail": "${'c'.repeat(400)}" }`;
  const column = line.indexOf('"bad"') + 1;
  const source = `${before}\n${line}\n}\n`;
  const report = reportOf([
    { path: 'long.json', kind: 'invite-request', source, problems: [{ ruleId: 'phone-e164', severity: 'error', message: 'bad', pointer: '/phone', line: 2, column, params: {} }] },
  ]);
  const lines = stylish(report, fixtureOptions()).split('\n');
  const target = lines.findIndex((text) => /^ {4}> 2 \| /.test(text));
  const frame = lines.slice(target - 1, target + 3);
  assert.match(lines[target + 2] as string, /^ {6}3 \| …$/, 'a context line wholly left of the window shows only that it was clipped');
  for (const text of frame) assert.ok(text.length <= 12 + frameWidth + 2, `clipped: ${text.length}`);
  const targetLine = lines[target] as string;
  const caretLine = lines[target + 1] as string;
  assert.is(targetLine.slice(caretLine.indexOf('^'), caretLine.indexOf('^') + 5), '"bad"');
  assert.match(targetLine, /\| …b+", "phone": "bad", "tail": "c+…$/);
  assert.match(lines[target - 1] as string, /\| …a+…$/, 'context clipped to the same window');
});

test('stylish counts problems in its summary line', () => {
  const out = stylish(fixtureReport, fixtureOptions());
  const summary = /✖ (\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(out);
  assert.ok(summary, out);
  assert.equal(summary.slice(1).map(Number), [allProblems.length, errorCount, warningCount]);
  assert.ok(out.trimEnd().endsWith(summary[0]), 'the summary comes last');

  const clean = stylish(cleanReport, fixtureOptions());
  assert.not.ok(clean.includes('✖'));
  assert.match(clean, /no problems/i);
  assert.is(clean.split('\n').filter(Boolean).length, 1);
});

test('stylish keeps terminal control out of messages and paths', () => {
  const report = reportOf([
    { path: 'evil\u001b[2J.json', kind: null, problems: [{ ruleId: 'x', severity: 'warning', message: 'a\u001b]0;title\u0007b\nc', pointer: '', line: 1, column: 1, params: {} }] },
  ]);
  const out = stylish(report, fixtureOptions());
  assert.not.ok(out.includes('\u001b') || out.includes('\u0007'));
  assert.match(out, 'a\\u001b]0;title\\u0007b c');
});

test.run();
