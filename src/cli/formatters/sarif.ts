import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Formatter } from './types.js';
import { sourcePath, toolName } from './shared.js';

/** Where the tool is described, for SARIF viewers that link to it. */
export const informationUri = 'https://graph-invite-contract.dev';

/** Key of the partial fingerprint; the suffix changes only if the hashed inputs ever change. */
export const fingerprintKey = 'graphInviteContract/v1';

/** The file's path as a URI reference: relative ones resolve against %SRCROOT%, absolute ones become file: URIs. */
export function artifactUri(path: string): { uri: string; uriBaseId?: string } {
  // Each segment is percent-encoded: a ':' left in the first segment of a relative reference would read as a URI scheme.
  const encode = (segments: readonly string[]): string => segments.map(encodeURIComponent).join('/');
  // A drive letter only on Windows: elsewhere C:/d.json is a folder named C: under the source root.
  const drive = process.platform === 'win32' ? /^([A-Za-z]:)\//.exec(path) : null;
  if (drive !== null) return { uri: `file:///${drive[1] as string}/${encode(path.slice(3).split('/'))}` };
  if (path.startsWith('/')) return { uri: `file://${encode(path.split('/'))}` };
  return { uri: encode(path.split('/')), uriBaseId: '%SRCROOT%' };
}

/** A folder as a file URI ending in /, as SARIF requires of a base URI. */
function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** A stable identity of a problem across runs: what rule, in which file, at which place in the payload. */
function fingerprint(ruleId: string, path: string, pointer: string): string {
  // NUL separates the parts so that no two different triples can hash the same text.
  return createHash('sha256').update(`${ruleId}\0${path}\0${pointer}`).digest('hex');
}

/** The report as a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers. */
export const sarif: Formatter = (report, options) => {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  // Code scanning reads relative paths against the repository root, so they are made relative to it.
  const paths = report.files.map((file) => sourcePath(file.path, options));
  const locations = paths.map(artifactUri);
  const artifacts = locations.map((location) => ({ location }));

  const outcome = options.outcome ?? {};
  // With a baseline, every result is new (the accepted ones are not reported), and each entry that no
  // longer occurs is a result of its own: baselineState absent, kind pass (the rule found nothing there).
  const baseline = outcome.baseline;
  const state = baseline === undefined ? {} : { baselineState: 'new' };
  const results: object[] = report.files.flatMap((file, fileIndex) => {
    const path = paths[fileIndex] as string;
    // The same rule can fire twice at one pointer; an occurrence count keeps the fingerprints apart without
    // tying them to line numbers, which shift with unrelated edits.
    const seen = new Map<string, number>();
    return file.problems.map((problem) => {
      const hash = fingerprint(problem.ruleId, path, problem.pointer);
      const occurrence = (seen.get(hash) ?? 0) + 1;
      seen.set(hash, occurrence);
      const index = ruleIndex.get(problem.ruleId);
      return {
        ruleId: problem.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: problem.severity,
        message: { text: problem.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { ...locations[fileIndex], index: fileIndex },
              region: { startLine: problem.line, startColumn: problem.column },
            },
            logicalLocations: [{ fullyQualifiedName: problem.pointer }],
          },
        ],
        partialFingerprints: { [fingerprintKey]: `${hash}:${occurrence}` },
        ...state,
      };
    });
  });
  for (const entry of baseline?.absent ?? []) {
    const index = ruleIndex.get(entry.ruleId);
    results.push({
      ruleId: entry.ruleId,
      ...(index === undefined ? {} : { ruleIndex: index }),
      kind: 'pass',
      level: 'none',
      message: { text: `Baseline entry no longer occurs${entry.count > 1 ? ` (${entry.count} times)` : ''}` },
      locations: [{ physicalLocation: { artifactLocation: artifactUri(sourcePath(entry.path, options)) }, logicalLocations: [{ fullyQualifiedName: entry.pointer }] }],
      baselineState: 'absent',
    });
  }
  // Whether the run did all it was asked: a run that failed (exit 2) says so, with each cause, so that a log
  // uploaded whatever the outcome never reads as a clean scan.
  const failure = outcome.failure ?? [];
  const invocation = {
    executionSuccessful: failure.length === 0,
    ...(failure.length === 0 ? {} : { toolExecutionNotifications: failure.map((cause) => ({ level: 'error', message: { text: cause } })) }),
  };

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: toolName,
            version: options.toolVersion,
            informationUri,
            rules: options.rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.rationale },
              help: { text: rule.rationale },
              defaultConfiguration: { level: rule.severity },
            })),
          },
        },
        invocations: [invocation],
        // Columns come from the JSON text as JavaScript strings count them.
        columnKind: 'utf16CodeUnits',
        // What %SRCROOT% stands for, so viewers other than code scanning can open the files too.
        ...(options.sourceRoot === undefined ? {} : { originalUriBaseIds: { '%SRCROOT%': { uri: folderUri(options.sourceRoot.root) } } }),
        artifacts,
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
