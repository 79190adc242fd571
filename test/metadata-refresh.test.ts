/**
 * npm run metadata:refresh: the closure of a full metadata file reproduces the pinned excerpts byte for
 * byte, each kind of drift is reported as data, overlay keys that no longer apply are found, and broken
 * input exits 2 with one line and writes nothing. The full files are synthetic: today's excerpt elements
 * shuffled among unrelated types, other namespaces, annotations and look-alike actions.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { excerptText, extractClosure, MetadataShapeError, readClosureRoots } from '../scripts/metadata/closure.js';
import type { Drift, OverlayOrphan } from '../scripts/metadata/drift.js';
import { scanXml, XmlSyntaxError, type XmlElement } from '../scripts/metadata/xml-elements.js';
import { runScript } from './script-host.js';

const metadataDir = join(packageRoot, 'schemas', 'source', 'metadata');
const fixtures = join(packageRoot, 'test', 'fixtures', 'metadata');
const script = join(packageRoot, 'dist', 'scripts', 'metadata', 'refresh.js');
const versions = ['beta', 'v1.0'] as const;
const excerpt = (version: string): string => readFileSync(join(metadataDir, `${version}-contract-types.xml`), 'utf8');
const roots = readClosureRoots(readFileSync(join(metadataDir, 'closure.json'), 'utf8'));
const betaCommit = 'bd05c95ec804b2eec35e787a524976b67f9a5e36';

/** The excerpt's elements, each with its lines (an element starts at six spaces and a <). */
function excerptElements(text: string): string[] {
  const lines = text.split('\n');
  const body = lines.slice(lines.findIndex((line) => line.startsWith('    <Schema ')) + 1, lines.findIndex((line) => line === '    </Schema>'));
  const elements: string[] = [];
  for (const line of body) {
    if (/^ {6}<[^/]/.test(line)) elements.push(line);
    else elements[elements.length - 1] += `\n${line}`;
  }
  return elements;
}

/** Unrelated elements of microsoft.graph, many of them, some pointing at contract types (never the other way). */
function unrelated(count: number): string[] {
  const made: string[] = [];
  for (let index = 0; index < count; index += 1) {
    if (index % 3 === 0) made.push(`      <EnumType Name="noiseKind${index}">\n        <Member Name="a" Value="0" />\n        <Member Name="b" Value="1" />\n      </EnumType>`);
    else if (index % 3 === 1) made.push(`      <ComplexType Name="noiseInfo${index}" OpenType="true">\n        <Property Name="kind" Type="graph.noiseKind${index - 1}" />\n        <Property Name="who" Type="graph.identitySet" />\n      </ComplexType>`);
    else made.push(`      <EntityType Name="noiseThing${index}" BaseType="graph.entity">\n        <Property Name="info" Type="graph.noiseInfo${index - 1}" Nullable="false" />\n        <NavigationProperty Name="participants" Type="Collection(graph.participant)" ContainsTarget="true" />\n      </EntityType>`);
  }
  return made;
}

/** A deterministic shuffle, so that the contract's elements sit in no order the excerpt has. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 13;
  for (let index = out.length - 1; index > 0; index -= 1) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const other = seed % (index + 1);
    [out[index], out[other]] = [out[other] as T, out[index] as T];
  }
  return out;
}

const noise = readFileSync(join(fixtures, 'graph-noise.xml'), 'utf8').trimEnd().split(/\n\s*\n/);
const otherNamespaces = readFileSync(join(fixtures, 'other-namespaces.xml'), 'utf8').trimEnd();

/** A synthetic full metadata file holding the excerpt's elements (as edited) among everything else. */
function fullMetadata(excerptText: string, options: { readonly crlf?: boolean; readonly graphSchema?: boolean } = {}): string {
  const graph = ['    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">', ...shuffled([...excerptElements(excerptText), ...noise, ...unrelated(1500)]), '    </Schema>'];
  const text = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    // Another namespace first, with types of the contract's names: the Schema is chosen by namespace.
    otherNamespaces,
    ...(options.graphSchema === false ? [] : graph),
    '    <Schema Namespace="microsoft.graph.security" xmlns="http://docs.oasis-open.org/odata/ns/edm" />',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
  return options.crlf === true ? text.replace(/\n/g, '\r\n') : text;
}

/** A scratch project holding a copy of schemas/source/metadata (and no overlay). */
function scratch(): string {
  const root = mkdtempSync(join(tmpdir(), 'gic-refresh-'));
  cpSync(metadataDir, join(root, 'schemas', 'source', 'metadata'), { recursive: true });
  return root;
}

function withScratch(body: (root: string, write: (name: string, text: string) => string) => void): void {
  const root = scratch();
  try {
    body(root, (name, text) => {
      const path = join(root, name);
      writeFileSync(path, text);
      return path;
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs the built refresh in the loaded script host: what it prints and its exit status, as a process gives them. */
function refresh(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  return runScript(script, args);
}

/** Runs the built refresh as a process of its own, as npm run metadata:refresh does. */
function refreshProcess(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface JsonReport {
  changes: Drift[];
  overlay: { found: boolean; orphans: OverlayOrphan[] };
  drift: boolean;
  wrote: string[];
}

function jsonRefresh(args: readonly string[]): { status: number | null; report: JsonReport } {
  const run = refresh([...args, '--json']);
  assert.is(run.stderr, '', run.stderr);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
}

const scratchExcerpt = (root: string, version: string): string => readFileSync(join(root, 'schemas', 'source', 'metadata', `${version}-contract-types.xml`), 'utf8');
const comment = (text: string): string => text.split('\n')[1] ?? '';

/** Replaces one exact piece of an excerpt, failing when it is not there (so that no edit silently misses). */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the excerpt has no ${from}`);
  return text.replace(from, to);
}

// Reproduction

for (const version of versions) {
  test(`${version}: the closure of a full file is today's excerpt, byte for byte`, () => {
    const today = excerpt(version);
    const source = fullMetadata(today);
    const extracted = extractClosure(source, scanXml(source), roots);
    assert.is(excerptText(extracted, roots.namespace, comment(today).slice('<!-- '.length, -' -->'.length)), today);
  });

  test(`${version}: CRLF line ends in the full file give the same excerpt`, () => {
    const today = excerpt(version);
    const source = fullMetadata(today, { crlf: true });
    assert.is(excerptText(extractClosure(source, scanXml(source), roots), roots.namespace, comment(today).slice(5, -4)), today);
  });

  test(`${version}: a refresh with nothing changed reports no drift and leaves both files alone`, () => {
    withScratch((root, write) => {
      const input = write('full.xml', fullMetadata(excerpt(version)));
      const before = readFileSync(join(root, 'schemas', 'source', 'metadata', 'SOURCE.md'), 'utf8');
      const dry = jsonRefresh([input, '--version', version, '--root', root, '--dry-run']);
      assert.is(dry.status, 0);
      assert.equal(dry.report.changes, []);
      assert.is(dry.report.drift, false);
      const run = jsonRefresh([input, '--version', version, '--root', root]);
      assert.is(run.status, 0);
      assert.equal(run.report.wrote, []);
      assert.is(scratchExcerpt(root, version), excerpt(version));
      assert.is(readFileSync(join(root, 'schemas', 'source', 'metadata', 'SOURCE.md'), 'utf8'), before);
    });
  });
}

test('beta: written afresh with --commit and --date, the excerpt is today\'s file byte for byte and SOURCE.md records them', () => {
  withScratch((root, write) => {
    rmSync(join(root, 'schemas', 'source', 'metadata', 'beta-contract-types.xml'));
    const source = fullMetadata(excerpt('beta'));
    const input = write('cleanMetadata.xml', source);
    const run = jsonRefresh([input, '--version', 'beta', '--root', root, '--commit', betaCommit, '--date', '2026-08-06']);
    assert.is(run.status, 0);
    assert.is(scratchExcerpt(root, 'beta'), excerpt('beta'));
    const row = readFileSync(join(root, 'schemas', 'source', 'metadata', 'SOURCE.md'), 'utf8').split('\n').find((line) => line.startsWith('| `beta-contract-types.xml`'));
    assert.is(row, `| \`beta-contract-types.xml\` | \`clean_beta_metadata/cleanMetadata.xml\` (${(source.length / 1e6).toFixed(1)} M characters) | \`${betaCommit}\` | 2026-08-06 |`);
    assert.equal(readdirSync(join(root, 'schemas', 'source', 'metadata')).sort(), ['SOURCE.md', 'beta-contract-types.xml', 'closure.json', 'v1.0-contract-types.xml']);
  });
});

test('v1.0: written afresh without a commit, only the comment differs from today\'s file, and it says the commit is unrecorded', () => {
  withScratch((root, write) => {
    rmSync(join(root, 'schemas', 'source', 'metadata', 'v1.0-contract-types.xml'));
    const input = write('cleanMetadata.xml', fullMetadata(excerpt('v1.0')));
    const run = jsonRefresh([input, '--version', 'v1.0', '--root', root]);
    assert.is(run.status, 0);
    const written = scratchExcerpt(root, 'v1.0').split('\n');
    const today = excerpt('v1.0').split('\n');
    assert.equal([written[0], ...written.slice(2)], [today[0], ...today.slice(2)]);
    assert.match(written[1] ?? '', /clean_v10_metadata\/cleanMetadata\.xml at an unrecorded commit\./);
    const row = readFileSync(join(root, 'schemas', 'source', 'metadata', 'SOURCE.md'), 'utf8').split('\n').find((line) => line.startsWith('| `v1.0-contract-types.xml`'));
    assert.match(row ?? '', /\| not recorded \| not recorded \|$/);
  });
});

// Drift

const changed = (report: JsonReport): string[] => report.changes.map((item) => [item.change, item.subject, item.aspect, item.from, item.to].filter((part) => part !== undefined).join(' ')).sort();

const driftCases: ReadonlyArray<{ name: string; change: (text: string) => string; expected: string[] }> = [
  {
    name: 'a type added through a new property (and the enum it names)',
    change: (text) => edit(text, '        <Property Name="metadata" Type="Edm.String" />\n', '        <Property Name="metadata" Type="Edm.String" />\n        <Property Name="transcription" Type="graph.callTranscriptionInfo" />\n'),
    expected: ['property-added participant.transcription graph.callTranscriptionInfo', 'type-added callTranscriptionInfo complex', 'type-added callTranscriptionState enum'],
  },
  {
    name: 'a property removed',
    change: (text) => edit(text, '        <Property Name="metadata" Type="Edm.String" />\n', ''),
    expected: ['property-removed participant.metadata Edm.String'],
  },
  {
    name: 'an enum member added',
    change: (text) => edit(text, '        <Member Name="deleted" Value="2" />\n', '        <Member Name="deleted" Value="2" />\n        <Member Name="unknownFutureValue" Value="3" />\n'),
    expected: ['member-added changeType.unknownFutureValue 3'],
  },
  {
    name: 'nullability changed',
    change: (text) => edit(text, '<Property Name="code" Type="Edm.Int32" Nullable="false" />', '<Property Name="code" Type="Edm.Int32" />'),
    expected: ['nullability-changed resultInfo.code false true'],
  },
  {
    name: 'a facet added to a parameter (MaxLength), which constrains its values as a type does',
    change: (text) => edit(text, '<Parameter Name="clientContext" Type="Edm.String" Unicode="false" />', '<Parameter Name="clientContext" Type="Edm.String" Unicode="false" MaxLength="64" />'),
    expected: ['facet-changed invite(Collection(graph.participant)).clientContext MaxLength (none) 64'],
  },
  {
    name: 'a property type changed',
    change: (text) => edit(text, '<Property Name="label" Type="Edm.String" />', '<Property Name="label" Type="Edm.Int32" />'),
    expected: ['property-type-changed mediaStream.label Edm.String Edm.Int32'],
  },
  {
    name: 'an action parameter removed and a base type changed',
    change: (text) => edit(edit(text, '        <Parameter Name="clientContext" Type="Edm.String" Unicode="false" />\n', ''), '<ComplexType Name="communicationsGuestIdentity" BaseType="graph.identity"', '<ComplexType Name="communicationsGuestIdentity" BaseType="graph.identitySet"'),
    expected: ['parameter-removed invite(Collection(graph.participant)).clientContext Edm.String', 'type-changed communicationsGuestIdentity baseType graph.identity graph.identitySet'],
  },
];

for (const { name, change, expected } of driftCases) {
  test(`drift: ${name} (--dry-run exits 1 and writes nothing; the write then leaves no drift)`, () => {
    withScratch((root, write) => {
      const input = write('full.xml', fullMetadata(change(excerpt('beta'))));
      const dry = jsonRefresh([input, '--version', 'beta', '--root', root, '--dry-run']);
      assert.is(dry.status, 1);
      assert.equal(changed(dry.report), expected);
      assert.is(dry.report.drift, true);
      assert.is(scratchExcerpt(root, 'beta'), excerpt('beta'));
      const run = jsonRefresh([input, '--version', 'beta', '--root', root]);
      assert.is(run.status, 0);
      assert.equal(changed(run.report), expected);
      assert.is(scratchExcerpt(root, 'beta') === excerpt('beta'), false);
      assert.is(refresh([input, '--version', 'beta', '--root', root, '--check']).status, 0);
    });
  });
}

test('drift: the v1.0 metadata against the beta excerpt is exactly what beta adds over v1.0', () => {
  withScratch((root, write) => {
    const input = write('full.xml', fullMetadata(excerpt('beta')));
    const { status, report } = jsonRefresh([input, '--version', 'v1.0', '--root', root, '--dry-run']);
    assert.is(status, 1);
    assert.equal(changed(report), [
      'member-added modality.unknown 0',
      'property-added invitationParticipantInfo.endpointType graph.endpointType',
      'property-added participant.isIdentityAnonymized Edm.Boolean',
      'property-added participant.preferredDisplayName Edm.String',
      'property-added participant.syntheticMediaDetection graph.syntheticMediaDetectionInfo',
      'property-added participantInfo.nonAnonymizedIdentity graph.identitySet',
      'property-added participantInfo.platformId Edm.String',
      'property-added recordingInfo.initiatedBy graph.participantInfo',
      'type-added syntheticMediaDetectionInfo complex',
    ]);
  });
});

test('closure.json: a new root is one more name, and brings in that type alone (derived types are never followed)', () => {
  withScratch((root, write) => {
    const closure = join(root, 'schemas', 'source', 'metadata', 'closure.json');
    writeFileSync(closure, readFileSync(closure, 'utf8').replace('"communicationsUserIdentity"', '"communicationsUserIdentity",\n    "emailIdentity"'));
    const input = write('full.xml', fullMetadata(excerpt('beta')));
    const { status, report } = jsonRefresh([input, '--version', 'beta', '--root', root, '--dry-run']);
    assert.is(status, 1);
    assert.equal(changed(report), ['type-added emailIdentity complex']);
  });
});

test('overlay: keys naming what the new metadata lacks are orphaned, keys that never named metadata are unmatched', () => {
  withScratch((root, write) => {
    // The beta excerpt stands as the old v1.0 one; the new v1.0 file also lost participant.metadata.
    write('schemas/source/metadata/v1.0-contract-types.xml', excerpt('beta'));
    const input = write('full.xml', fullMetadata(edit(excerpt('v1.0'), '        <Property Name="metadata" Type="Edm.String" />\n', '')));
    const overlay = join(fixtures, 'overlay.json');
    const { status, report } = jsonRefresh([input, '--version', 'v1.0', '--root', root, '--dry-run', '--overlay', overlay]);
    assert.is(status, 1);
    assert.is(report.overlay.found, true);
    assert.equal(
      [...report.overlay.orphans].sort((a, b) => (a.pointer < b.pointer ? -1 : 1)),
      [
        { pointer: '/types/commsNotification/properties/resourceData', status: 'unmatched' },
        { pointer: '/types/modality/members/unknown', status: 'orphaned' },
        { pointer: '/types/noSuchType', status: 'unmatched' },
        { pointer: '/types/participant/properties/metadata', status: 'orphaned' },
        { pointer: '/types/syntheticMediaDetectionInfo', status: 'orphaned' },
      ],
    );
  });
});

test('overlay: unmatched keys alone are no drift, and a missing overlay file is reported, not an error', () => {
  withScratch((root, write) => {
    const input = write('full.xml', fullMetadata(excerpt('beta')));
    const withOverlay = jsonRefresh([input, '--version', 'beta', '--root', root, '--dry-run', '--overlay', join(fixtures, 'overlay.json')]);
    assert.is(withOverlay.status, 0);
    assert.equal(withOverlay.report.overlay.orphans.map((orphan) => orphan.status), ['unmatched', 'unmatched']);
    const without = jsonRefresh([input, '--version', 'beta', '--root', root, '--dry-run']);
    assert.is(without.status, 0);
    assert.is(without.report.overlay.found, false);
  });
});

// Broken input and wrong arguments

const brokenCases: ReadonlyArray<{ name: string; input?: () => string; args?: readonly string[] }> = [
  { name: 'not XML', input: () => '{ "value": [] }' },
  { name: 'an empty file', input: () => '' },
  { name: 'XML cut in the middle', input: () => fullMetadata(excerpt('beta')).slice(0, 200_000) },
  { name: 'a DOCTYPE', input: () => '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "graph">]>\n<x/>' },
  { name: 'XML that is not CSDL', input: () => '<html><body>metadata</body></html>' },
  { name: 'CSDL without the microsoft.graph Schema', input: () => fullMetadata(excerpt('beta'), { graphSchema: false }) },
  { name: 'a missing root type', input: () => fullMetadata(excerpt('beta').replace(/ {6}<EntityType Name="deltaParticipants"[\s\S]*?<\/EntityType>\n/, '')) },
  { name: 'a missing root action', input: () => fullMetadata(excerpt('beta').replace(/ {6}<Action Name="invite"[\s\S]*?<\/Action>\n/, '')) },
  { name: 'a type named but not defined', input: () => fullMetadata(edit(excerpt('beta'), 'Type="graph.removedState"', 'Type="graph.removedStateGone"')) },
  { name: 'a reference into another namespace', input: () => fullMetadata(edit(excerpt('beta'), 'Type="graph.removedState"', 'Type="microsoft.graph.callRecords.identity"')) },
  { name: 'no --version', args: [] },
  { name: 'an unknown --version', args: ['--version', 'v2'] },
  { name: 'a --commit that is no hash', args: ['--version', 'beta', '--commit', 'main -- x'] },
  { name: 'a --date in another form', args: ['--version', 'beta', '--date', '6 Aug 2026'] },
  { name: 'an unknown option', args: ['--version', 'beta', '--force'] },
];

for (const { name, input, args } of brokenCases) {
  test(`exit 2, one line, nothing written: ${name}`, () => {
    withScratch((root, write) => {
      const dir = join(root, 'schemas', 'source', 'metadata');
      const files = readdirSync(dir).sort();
      const file = write('input.xml', input === undefined ? fullMetadata(excerpt('beta')) : input());
      const run = refresh([file, '--root', root, ...(args ?? ['--version', 'beta'])]);
      assert.is(run.status, 2);
      assert.is(run.stdout, '');
      assert.is(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
      assert.not.match(run.stderr, /\n\s+at /);
      assert.equal(readdirSync(dir).sort(), files);
      assert.is(scratchExcerpt(root, 'beta'), excerpt('beta'));
      assert.is(readFileSync(join(dir, 'SOURCE.md'), 'utf8'), readFileSync(join(metadataDir, 'SOURCE.md'), 'utf8'));
    });
  });
}

test('exit 2 for a metadata file that does not exist, and for a broken overlay', () => {
  withScratch((root, write) => {
    // As a process of its own: its exit status is the process's.
    const absent = refreshProcess([join(root, 'absent.xml'), '--version', 'beta', '--root', root]);
    assert.is(absent.status, 2);
    assert.is(absent.stderr.trimEnd().split('\n').length, 1, absent.stderr);
    const input = write('full.xml', fullMetadata(excerpt('beta')));
    const run = refresh([input, '--version', 'beta', '--root', root, '--overlay', write('overlay.json', '{ "types": ')]);
    assert.is(run.status, 2);
    assert.is(run.stderr.trimEnd().split('\n').length, 1);
  });
});

// The scanner

test('scanner: spans and attributes survive > inside quotes, comments, CDATA and self-closing tags', () => {
  const text = '<?xml version="1.0"?>\n<!-- <a> -->\n<r x=\'a > b\' y="&lt;&#x41;&#66;&amp;"><!-- </r> --><c/><![CDATA[</r><c>]]><d z="/>" ></d></r>\n';
  const root = scanXml(text);
  assert.is(root.name, 'r');
  assert.equal([...root.attributes], [['x', 'a > b'], ['y', '<AB&']]);
  assert.equal(root.children.map((child) => text.slice(child.start, child.end)), ['<c/>', '<d z="/>" ></d>']);
  assert.is(text.slice(root.start, root.end), text.slice(text.indexOf('<r '), -1));
});

/** A random element: attribute values with quotes, > and entities; text, comments and CDATA among the children. */
interface TreeNode {
  readonly name: string;
  readonly attributes: ReadonlyArray<readonly [string, string, '"' | "'"]>;
  readonly children: ReadonlyArray<TreeNode | { readonly text: string } | { readonly comment: string } | { readonly cdata: string }>;
}

const chars = fc.constantFrom('a', 'Z', ' ', '<', '>', '&', '"', "'", '/', '=', ']', '-', '\n');
const tree = fc.letrec<{ node: TreeNode }>((tie) => ({
  node: fc.record({
    name: fc.constantFrom('Schema', 'edmx:Edmx', 'Property', 'a.b', 'x-y'),
    attributes: fc.uniqueArray(fc.tuple(fc.constantFrom('Name', 'Type', 'xmlns:edmx', 'Nullable'), fc.string({ unit: chars, maxLength: 8 }), fc.constantFrom<'"' | "'">('"', "'")), { selector: ([name]) => name, maxLength: 3 }),
    children: fc.array(
      fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({ text: fc.string({ unit: chars, maxLength: 6 }) }),
        fc.record({ comment: fc.string({ unit: chars, maxLength: 6 }).filter((c) => !c.includes('--') && !c.endsWith('-')) }),
        fc.record({ cdata: fc.string({ unit: chars, maxLength: 6 }).filter((c) => !c.includes(']]>') && !c.endsWith(']]') && !c.endsWith(']')) }),
        tie('node'),
      ),
      { maxLength: 3 },
    ),
  }),
})).node;

function serialize(node: TreeNode): string {
  const attributes = node.attributes
    .map(([name, value, quote]) => ` ${name}=${quote}${value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(quote === '"' ? /"/g : /'/g, quote === '"' ? '&quot;' : '&#39;')}${quote}`)
    .join('');
  if (node.children.length === 0) return `<${node.name}${attributes} />`;
  const inner = node.children
    .map((child) => ('name' in child ? serialize(child) : 'text' in child ? child.text.replace(/&/g, '&amp;').replace(/</g, '&lt;') : 'comment' in child ? `<!--${child.comment}-->` : `<![CDATA[${child.cdata}]]>`))
    .join('');
  return `<${node.name}${attributes}>${inner}</${node.name} >`;
}

function sameTree(text: string, found: XmlElement, node: TreeNode): boolean {
  const elements = node.children.filter((child): child is TreeNode => 'name' in child);
  return (
    found.name === node.name &&
    text.slice(found.start, found.end) === serialize(node) &&
    JSON.stringify([...found.attributes]) === JSON.stringify(node.attributes.map(([name, value]) => [name, value])) &&
    found.children.length === elements.length &&
    elements.every((child, index) => sameTree(text, found.children[index] as XmlElement, child))
  );
}

test('scanner: every element of random well-formed XML is found with its exact span and decoded attributes', () => {
  fc.assert(
    fc.property(tree, (node) => {
      const text = `<?xml version="1.0"?>\n<!-- lead -->\n${serialize(node)}\n`;
      return sameTree(text, scanXml(text), node);
    }),
    { seed: 13, numRuns: 300 },
  );
});

for (const [name, text] of [
  ['a mismatched end tag', '<a><b></a></b>'],
  ['an unclosed element', '<a><b/>'],
  ['two roots', '<a/><b/>'],
  ['a < inside an attribute', '<a x="<"/>'],
  ['an attribute twice', '<a x="1" x="2"/>'],
  ['an unquoted attribute', '<a x=1/>'],
  ['an unknown entity', '<a x="&nbsp;"/>'],
  ['a DOCTYPE', '<!DOCTYPE a><a/>'],
  ['an unterminated comment', '<a><!-- </a>'],
] as const) {
  test(`scanner: rejects ${name}`, () => {
    assert.throws(() => scanXml(text), (error: unknown) => error instanceof XmlSyntaxError);
  });
}

test('closure: a wrong closure.json is a MetadataShapeError', () => {
  for (const text of ['[', '{}', '{ "namespace": "microsoft.graph", "types": [1], "actions": [] }']) {
    assert.throws(() => readClosureRoots(text), (error: unknown) => error instanceof MetadataShapeError);
  }
});

test.run();
