/**
 * The self-contained schemas (schemas/portable/<profile>/) in tools other than this package: ajv in its
 * default strict mode, a second validator written independently of ajv (@hyperjump/json-schema), and the
 * JSON language service of VS Code, run headless on a document that names the schema by a relative path.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { registerSchema, setShouldValidateFormat, unregisterSchema, validate as hyperjumpValidate } from '@hyperjump/json-schema/draft-2020-12';
import '@hyperjump/json-schema/formats';
import jsonLanguageService, { type Diagnostic, type TextDocument } from 'vscode-json-languageservice';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lint, type Kind, type LocatedProblem } from '../src/index.js';
import { rootSchemaFile } from '../src/contract/kinds.js';
import { kinds } from '../src/model/kind.js';
import { packageRoot, schemasDir } from '../src/paths.js';
import { kindForPath } from '../src/cli/config/config.js';
import { projectConfig, samplesDir } from './samples.js';
import { type ApiVersion as Profile } from '../src/index.js';

// vscode-json-languageservice is CommonJS (a UMD build): its exports come as one default object.
const { getLanguageService, TextDocument: TextDocuments } = jsonLanguageService;
// ajv-formats is CommonJS with a default export; under NodeNext the default sits one level down.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const profiles: readonly Profile[] = ['beta', 'v1.0'];

const portablePath = (profile: Profile, kind: Kind): string => join(schemasDir, 'portable', profile, rootSchemaFile[kind]);
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8')) as unknown;

/** A sample and the profile it is checked under: its folder's. */
interface ProfiledSample {
  readonly name: string;
  readonly path: string;
  readonly profile: Profile;
}

/** Every sample of every folder, documented-v1.0 (checked under v1.0) once it exists. */
function allSamples(): ProfiledSample[] {
  const folders: Array<[string, Profile]> = [
    ['documented', 'beta'],
    ['valid', 'beta'],
    ['invalid', 'beta'],
    ['documented-v1.0', 'v1.0'],
  ];
  return folders
    .filter(([folder]) => existsSync(join(samplesDir, folder)))
    .flatMap(([folder, profile]) =>
      readdirSync(join(samplesDir, folder))
        .filter((name) => name.endsWith('.json') && !name.endsWith('.expected.json'))
        .sort()
        .map((name) => ({ name: `${folder}/${name}`, path: join(samplesDir, folder, name), profile })),
    );
}

/** The linter's report of a sample under its profile, with the kind the project config gives its path. */
function lintSample(sample: ProfiledSample): ReturnType<typeof lint> {
  const kind = kindForPath(projectConfig, sample.path);
  const request = { text: readFileSync(sample.path), type: 'payload' as const, ...(kind === undefined ? {} : { kind }) };
  return lint({ ...request, apiVersion: sample.profile });
}

const errorsOf = (problems: readonly LocatedProblem[]): LocatedProblem[] => problems.filter((p) => p.severity === 'error');

/**
 * Samples the linter refuses and the schemas accept, by the rule the linter reports, each for a check a
 * JSON Schema cannot state.
 */
const beyondJsonSchema: Readonly<Record<string, { readonly rule: string; readonly why: string }>> = {
  'invalid/call-resource.json': { rule: 'kind-unknown', why: 'kind: no contract kind fits the document, and a schema is picked by its user, not by the document' },
  'invalid/no-odata-type.json': { rule: 'kind-unknown', why: 'kind: nothing names the kind, so no schema applies' },
  'invalid/notifications-type.response.json': {
    rule: 'kind-mismatch',
    why: 'file-level: the file is configured as one kind while its @odata.type names another; the schemas accept the annotation in any spelling',
  },
  'invalid/completed-with-roster.notification-completed.json': {
    rule: 'resource-data-shape',
    why: 'correlation: the shape resourceData must have follows from parsing the path in resourceUrl (or resource, when it is absent) together with changeType',
  },
  'invalid/roster-with-operation.notification-roster.json': {
    rule: 'resource-data-shape',
    why: 'correlation: the shape resourceData must have follows from parsing the path in resourceUrl (or resource, when it is absent) together with changeType',
  },
  'invalid/invitation-typed-participant-info.request.json': {
    rule: 'odata-type-mismatch',
    why: 'annotation: @odata.type is an annotation the schemas accept in any spelling (SDK logs drop the # or change its case); which type it may name at each place is the linter\'s',
  },
};


test('each portable schema names its published file, holds every definition and no other identifier', () => {
  const { version } = readJson(join(packageRoot, 'package.json')) as { version: string };
  for (const profile of profiles) {
    for (const kind of kinds) {
      const schema = readJson(portablePath(profile, kind)) as { $id: string; $schema: string; $defs?: Record<string, { title?: string }> };
      assert.is(schema.$id, `https://cdn.jsdelivr.net/npm/graph-invite-contract@${version}/schemas/portable/${profile}/${rootSchemaFile[kind]}`);
      assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
      for (const [title, definition] of Object.entries(schema.$defs ?? {})) assert.is(definition.title, title, 'each definition is keyed by its title');
      const text = JSON.stringify(schema);
      for (const [, ref] of text.matchAll(/"\$ref":"([^"]*)"/g)) assert.match(String(ref), /^#(\/\$defs\/\w+)?(\/|$)/, `${profile} ${kind}: $ref ${String(ref)}`);
      assert.is(text.match(/"\$id"/g)?.length, 1, 'only the root has an $id');
      assert.is(text.match(/"\$schema"/g)?.length, 1, 'only the root names the dialect');
    }
  }
});

test('every portable schema compiles under ajv 2020 with its default (strict) options and ajv-formats', () => {
  for (const profile of profiles) {
    for (const kind of kinds) {
      const ajv = new Ajv2020();
      addFormats(ajv);
      const schema = readJson(portablePath(profile, kind)) as object;
      assert.type(ajv.compile(schema), 'function', `${profile} ${kind}`);
    }
  }
});

test('ajv in strict mode refuses a non-standard keyword (the check above is real)', () => {
  const ajv = new Ajv2020();
  assert.throws(() => ajv.compile({ type: 'string', tsType: 'string' }), /unknown keyword/);
});

test('a second validator (@hyperjump/json-schema) and the linter give the same verdict on every sample', async () => {
  setShouldValidateFormat(true);
  const ids: string[] = [];
  for (const profile of profiles) {
    for (const kind of kinds) {
      const schema = readJson(portablePath(profile, kind)) as { $id: string };
      // Registered under its own $id: nothing is fetched.
      registerSchema(schema as Parameters<typeof registerSchema>[0]);
      ids.push(schema.$id);
    }
  }
  const idOf = (profile: Profile, kind: Kind): string => (readJson(portablePath(profile, kind)) as { $id: string }).$id;
  try {
    const disagreements: Record<string, string> = {};
    const samples = allSamples();
    assert.ok(samples.length > 50, `${samples.length} samples`);
    for (const sample of samples) {
      const report = lintSample(sample);
      const errors = errorsOf(report.problems);
      const schemaValid = report.kind === null ? true : (await hyperjumpValidate(idOf(sample.profile, report.kind), readJson(sample.path) as never)).valid;
      const linterValid = errors.length === 0;
      if (schemaValid === linterValid) continue;
      assert.ok(linterValid === false, `${sample.name}: the schema refuses what the linter accepts`);
      disagreements[sample.name] = [...new Set(errors.map((p) => p.ruleId))].join(' ');
    }
    const listed = Object.fromEntries(Object.entries(beyondJsonSchema).map(([name, { rule }]) => [name, rule]));
    assert.equal(disagreements, listed);
  } finally {
    for (const id of ids) unregisterSchema(id);
  }
});

// --- The JSON language service, headless -------------------------------------------------------------

/**
 * A scratch project where the package is installed (node_modules/graph-invite-contract links to this
 * checkout), so a document names the schema by the relative path a user writes.
 */
const project = mkdtempSync(join(tmpdir(), 'gic-editor-'));
mkdirSync(join(project, 'node_modules'));
symlinkSync(packageRoot, join(project, 'node_modules', 'graph-invite-contract'), 'dir');
test.after(() => rmSync(project, { recursive: true, force: true }));

/** Only file: URIs are served, as an editor offline would: a schema that needs the network fails to load. */
const requested: string[] = [];
const languageService = getLanguageService({
  schemaRequestService: async (uri) => {
    requested.push(uri);
    if (!uri.startsWith('file:')) throw new Error(`not served: ${uri}`);
    return readFileSync(fileURLToPath(uri), 'utf8');
  },
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
});
languageService.configure({ validate: true, allowComments: false, schemas: [] });

const installedSchema = (profile: Profile, kind: Kind): string => `./node_modules/graph-invite-contract/schemas/portable/${profile}/${rootSchemaFile[kind]}`;

/** A document of the scratch project: the sample's text with a $schema key first. */
function editorDocument(text: string, schemaPath: string): TextDocument {
  const withSchema = text.replace(/^\s*\{/, `{\n  "$schema": ${JSON.stringify(schemaPath)},`);
  return TextDocuments.create(pathToFileURL(join(project, 'payload.json')).href, 'json', 1, withSchema);
}

async function diagnose(document: TextDocument): Promise<Diagnostic[]> {
  return languageService.doValidation(document, languageService.parseJSONDocument(document));
}

const unableToLoad = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => /Unable to load|can(?:not| ?not) be resolved|Problems loading reference/i.test(typeof d.message === 'string' ? d.message : d.message.value));

test('the language service loads every portable schema from the installed package and finds nothing in a valid sample', async () => {
  const valid: Record<Kind, string> = {
    'invite-request': 'documented/example-4.request.json',
    'invite-operation': 'documented/example-1.response.json',
    'comms-notifications': 'documented/example-1.notification-roster.json',
  };
  for (const profile of profiles) {
    for (const kind of kinds) {
      requested.length = 0;
      const document = editorDocument(readFileSync(join(samplesDir, valid[kind]), 'utf8'), installedSchema(profile, kind));
      const diagnostics = await diagnose(document);
      assert.equal(diagnostics, [], `${profile} ${kind}`);
      assert.equal(requested, [pathToFileURL(join(project, installedSchema(profile, kind))).href], 'the one file, and nothing else, is read');
    }
  }
});

test('a schema whose $ref needs the network does not load offline (the check above is real)', async () => {
  // What the hand-written schemas did: a $ref resolved against an $id on a domain that serves nothing.
  writeFileSync(join(project, 'remote.schema.json'), JSON.stringify({ $ref: 'https://graph-invite-contract.dev/schemas/invite-request.schema.json' }));
  const document = editorDocument('{ "participants": [] }', './remote.schema.json');
  assert.ok(unableToLoad(await diagnose(document)).length > 0);
});

/** Where the linter places a problem, as the language service's zero-based position. */
const positionOf = (problem: LocatedProblem): { line: number; character: number } => ({ line: problem.line - 1, character: problem.column - 1 });

test("the language service reports a sample's error where the linter does", async () => {
  // One sample per kind of schema constraint: type, enum, range, pattern, required, length.
  const cases: Array<[string, Kind]> = [
    ['invalid/hidden-as-string.request.json', 'invite-request'],
    ['invalid/endpoint-type-teams.request.json', 'invite-request'],
    ['invalid/client-context-257.request.json', 'invite-request'],
    ['invalid/six-participants.request.json', 'invite-request'],
    ['invalid/code-as-string.response.json', 'invite-operation'],
    ['invalid/status-null.response.json', 'invite-operation'],
    ['invalid/direction-bidirectional.notification-roster.json', 'comms-notifications'],
    ['invalid/country-code-alpha3.notification-roster.json', 'comms-notifications'],
    ['invalid/synthetic-confidence-over-one.notification-roster.json', 'comms-notifications'],
  ];
  for (const [name, kind] of cases) {
    const document = editorDocument(readFileSync(join(samplesDir, name), 'utf8'), installedSchema('beta', kind));
    // The linter on the same text (the $schema key is one more open-type key at the root).
    const [error, ...more] = errorsOf(lint({ text: document.getText(), type: 'payload', kind }).problems);
    assert.ok(error !== undefined && more.length === 0, `${name}: the linter reports one error`);
    const diagnostics = await diagnose(document);
    assert.equal(unableToLoad(diagnostics), [], name);
    const at = positionOf(error);
    assert.ok(
      diagnostics.some((d) => d.range.start.line === at.line && d.range.start.character === at.character),
      `${name}: ${error.ruleId} at ${error.line}:${error.column}; the language service says ${JSON.stringify(diagnostics.map((d) => [d.range.start, d.message]))}`,
    );
  }
});

test('completion inside participants[0].identity offers the identity keys', async () => {
  const text = '{\n  "$schema": "./node_modules/graph-invite-contract/schemas/portable/beta/invite-request.schema.json",\n  "participants": [\n    { "identity": {  } }\n  ]\n}\n';
  const document = TextDocuments.create(pathToFileURL(join(project, 'invite.json')).href, 'json', 1, text);
  const offset = text.indexOf('{  }') + 2;
  const completion = await languageService.doComplete(document, document.positionAt(offset), languageService.parseJSONDocument(document));
  const labels = (completion?.items ?? []).map((item) => item.label);
  for (const key of ['user', 'application', 'device', 'phone', 'guest', 'applicationInstance', 'endpointType']) {
    assert.ok(labels.includes(key), `${key} is offered: ${labels.join(', ')}`);
  }
  assert.not.ok(labels.includes('participants'), 'root keys are not offered inside an identity set');
});

test.run();
