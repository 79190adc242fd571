import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Formatter } from './types.js';
import { sourcePath, toolName } from './shared.js';

/** Where the tool is described, for SARIF viewers that link to it. */
export const informationUri = 'https://graph-invite-contract.dev';

/**
 * GitHub code scanning refuses a whole log with more results than this in a run (its SARIF limits); the
 * results past it are left out and counted in a notification.
 */
export const maxResults = 25_000;

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
  // With a baseline, every result is new (the accepted ones are not reported). The entries that no longer
  // occur are listed in the run's properties, not as results: code scanning reads neither kind nor
  // baselineState, and made each one an open alert.
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
  const absent = (baseline?.absent ?? []).map((entry) => ({ ruleId: entry.ruleId, path: sourcePath(entry.path, options), pointer: entry.pointer, count: entry.count }));
  const omitted = Math.max(0, results.length - maxResults);
  if (omitted > 0) results.length = maxResults;
  // Whether the run did all it was asked: a run that failed (exit 2) says so, with each cause, so that a log
  // uploaded whatever the outcome never reads as a clean scan.
  const failure = outcome.failure ?? [];
  const notifications = [
    ...failure.map((cause) => ({ level: 'error', message: { text: cause } })),
    ...(omitted === 0 ? [] : [{ level: 'warning', message: { text: `${omitted} more results are left out: code scanning refuses a run with more than ${maxResults}; the other formats list them all` } }]),
  ];
  const invocation = {
    executionSuccessful: failure.length === 0,
    ...(notifications.length === 0 ? {} : { toolExecutionNotifications: notifications }),
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
        ...(absent.length === 0 ? {} : { properties: { baselineAbsent: absent } }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
