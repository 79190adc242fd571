/**
 * The package as a bot project gets it: packed, installed from the tarball into a scratch project,
 * a consumer compiled under strict with module NodeNext, then run. Needs dist/ (npm test builds first).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type TypeScript from 'typescript';
import { ts } from './typescript.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';
import { withExtraCaCerts } from '../scripts/test-environment.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * npm settings inherited from `npm test` (npm_config_*, the package's own npm_package_*) would apply to
 * the scratch install too; only those that say where and how to reach the registry are kept.
 */
const keptNpmSettings = /^npm_config_(cache|registry|userconfig|globalconfig|offline|prefer_offline|proxy|https_proxy|noproxy|strict_ssl|cafile|@[^_]+:registry)$/i;
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || keptNpmSettings.test(key)));
// The key the consumers' webhook signs Graph's tokens with (test/fixtures/consumer/webhook.ts): made once here.
env['CONSUMER_SIGNING_KEY'] = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  // npm may reach the registry, through a proxy whose certificate the runner kept aside.
  const result = spawnSync(command, args, { cwd, env: command === npm ? withExtraCaCerts(env) : env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (result.error !== undefined) throw result.error;
  return result;
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  assert.is(result.status, 0, `${what} exited with ${String(result.status)}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

interface PackEntry {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: Array<{ path: string }>;
}

/** What the consumer prints when every run-time check of it passed. */
interface ConsumerSummary {
  examples: number;
  warnings: number;
  phone: string | null;
  operationStatus: string;
  contractError: string[];
  refusedAt: { line: number; column: number; ruleId: string } | null;
  seen: string[];
  typesEntryKeys: string[];
  deepImport: string;
}

const tsBlocks = (text: string): string[] => [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');

/** The TypeScript blocks of the README section about the type package, and of docs/library.md, which it points to. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Using the type package\n');
  assert.ok(start >= 0, 'the README has a section "Using the type package"');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...tsBlocks(section), ...tsBlocks(readFileSync(join(packageRoot, 'docs', 'library.md'), 'utf8'))];
}

/**
 * Files that are not the package's nor the consumer's: TypeScript's own lib files and the @types packages.
 * Checking them was three quarters of each compile and says nothing about the package, so they are parsed
 * and bound (every use of them is checked) but their own contents are not checked.
 */
const thirdPartyPath = /[\\/]node_modules[\\/](@types|typescript[\\/]lib)[\\/]/;
const thirdParty = (program: TypeScript.Program, file: TypeScript.SourceFile): boolean => program.isSourceFileDefaultLibrary(file) || thirdPartyPath.test(file.fileName);

/**
 * Third-party files parsed once for every project of the file. The registry keys what it shares by the
 * settings that can change some file's parse; the projects differ only in module settings, which change no
 * parse of TypeScript's libs or of @types/node (the module format a file is read in, which can, keys
 * entries of its own), so every project takes them under one key. Under each project's own settings the
 * registry parsed them again for three of the five projects, some 0.2 s each.
 */
const registry = ts.createDocumentRegistry();
const thirdPartyKey: TypeScript.CompilerOptions = { target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], strict: true };

/**
 * Compiles a scratch project by its tsconfig.json, emitting; the program and every diagnostic, located.
 * Every file of the package and of the consumer is checked, declaration files included (the projects turn
 * skipLibCheck off); third-party files are not (see thirdParty).
 */
function compileProject(dir: string): { program: TypeScript.Program; diagnostics: string[] } {
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => assert.unreachable(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  });
  assert.ok(config);
  assert.equal(config.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
  // The shared third-party files are parsed for the projects' one target (thirdPartyKey).
  assert.is(config.options.target, thirdPartyKey.target, 'every consumer project targets ES2022');
  const host = ts.createCompilerHost(config.options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    if (!thirdPartyPath.test(fileName)) return parse(fileName, languageVersionOrOptions, onError, shouldCreate);
    const text = host.readFile(fileName);
    if (text === undefined) return undefined;
    return registry.acquireDocument(fileName, thirdPartyKey, ts.ScriptSnapshot.fromString(text), '1', ts.ScriptKind.TS, languageVersionOrOptions);
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
  const checked = program.getSourceFiles().filter((file) => !thirdParty(program, file));
  const found = [
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...checked.flatMap((file) => program.getSemanticDiagnostics(file)),
    ...program.getGlobalDiagnostics(),
  ];
  // One emit per root file: an emit of the whole program would first check every file, third-party ones too.
  for (const file of checked) {
    if (!file.isDeclarationFile && config.fileNames.includes(file.fileName)) found.push(...program.emit(file).diagnostics);
  }
  const diagnostics = found.map((d) => {
    const where = d.file === undefined || d.start === undefined ? '' : (() => {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${d.file.fileName}:${line + 1}:${character + 1} `;
    })();
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  return { program, diagnostics };
}

const scratch = mkdtempSync(join(tmpdir(), 'graph-invite-contract-consumer-'));
let packed: PackEntry | undefined;

test.after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

test('npm pack holds what users need and nothing else', () => {
  for (const built of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/generated/types.d.ts', 'dist/src/cli/start/main.js']) {
    assert.ok(existsSync(join(packageRoot, built)), `${built} is missing: build first (npm test does)`);
  }
  // Scripts are skipped: prepare would rebuild dist/ while the suite reads it.
  const output = ok(run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], packageRoot), 'npm pack');
  const [entry] = JSON.parse(output.slice(output.indexOf('['))) as PackEntry[];
  assert.ok(entry);
  packed = entry;
  const files = entry.files.map((f) => f.path).sort();
  const must = [
    'package.json',
    'README.md',
    'dist/src/index.js',
    'dist/src/index.d.ts',
    'dist/src/api/guards.js',
    'dist/src/api/guards.d.ts',
    'dist/src/cli/start/main.js',
    'dist/src/cli/start/bin.cjs',
    'dist/bundle/cli.cjs',
    'dist/bundle/cli.cache',
    'dist/generated/types.d.ts',
    'dist/generated/types.js',
    'dist/generated/validators.js',
    // The CommonJS form and the converters' entry.
    'dist/cjs/package.json',
    'dist/cjs/src/index.js',
    'dist/cjs/src/index.d.ts',
    'dist/cjs/src/api/convert.js',
    'dist/cjs/generated/types.d.ts',
    'dist/cjs/generated/types-v1.0.d.ts',
    'dist/src/api/convert.d.ts',
    'schemas/openapi.json',
    'schemas/v1.0/openapi.json',
    'schemas/portable/beta/invite-request.schema.json',
    'schemas/portable/v1.0/comms-notifications.schema.json',
    'schemas/invite-request.schema.json',
    'schemas/comms-notifications.schema.json',
    // The documented payloads ship for the CLI and for readers of the package.
    'samples/documented/example-1.request.json',
    'samples/documented/example-4.notification-roster.json',
  ];
  assert.equal(must.filter((path) => !files.includes(path)), [], 'missing from the package');
  const mustNot = [
    /^dist\/test\//,
    /^dist\/scripts\//,
    /^test\//,
    /^scripts\//,
    /^src\//,
    /^generated\//,
    /^samples\/(valid|invalid)\//,
    /\.expected\.json$/,
    // TypeScript sources; declaration files are what users need.
    /^(?!.*\.d\.ts$).*\.ts$/,
    /\.tgz$/,
    /(^|\/)tsconfig\.json$/,
    /(^|\/)node_modules\//,
  ];
  const unwanted = files.filter((path) => mustNot.some((pattern) => pattern.test(path)));
  assert.equal(unwanted, [], 'in the package but not for users');
});

const app = join(scratch, 'app');

test('a strict NodeNext project installs the tarball, compiles the consumer and runs it', () => {
  assert.ok(packed, 'the pack test ran first');
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  ok(
    run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--no-package-lock', join(scratch, packed.filename)], app),
    'npm install of the tarball',
  );
  assert.ok(existsSync(join(app, 'node_modules', 'graph-invite-contract', 'package.json')));

  copyFileSync(join(packageRoot, 'test', 'fixtures', 'consumer', 'consumer.ts'), join(app, 'src', 'consumer.ts'));
  // The README's examples of the type package compile against the same tarball.
  const blocks = readmeExamples();
  assert.ok(blocks.length >= 3, 'the README and docs/library.md show the imports, the guards and the webhook handler');
  blocks.forEach((code, index) => writeFileSync(join(app, 'src', `readme-${index + 1}.ts`), code));
  // A consumer's own settings, not this project's: strict and NodeNext, with the shipped declaration
  // files checked too (skipLibCheck off). Node's types come from this project rather than a second install.
  const tsconfig = {
    compilerOptions: {
      strict: true,
      module: 'NodeNext',
      target: 'ES2022',
      lib: ['ES2022'],
      verbatimModuleSyntax: true,
      skipLibCheck: false,
      // docs/library.md imports a documented sample as a JSON module.
      resolveJsonModule: true,
      rootDir: 'src',
      outDir: 'out',
      types: ['node'],
      typeRoots: [join(packageRoot, 'node_modules', '@types')],
    },
    include: ['src'],
  };
  writeFileSync(join(app, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);

  const { program, diagnostics } = compileProject(app);
  assert.equal(diagnostics, [], diagnostics.join('\n'));
  // The package's own declarations are resolved from the installed tarball, not from this project.
  const resolved = program.getSourceFiles().map((f) => f.fileName).filter((name) => name.includes('graph-invite-contract/'));
  assert.ok(resolved.some((name) => name.endsWith('node_modules/graph-invite-contract/dist/src/api/guards.d.ts')), resolved.join('\n'));
  assert.ok(resolved.some((name) => name.endsWith('node_modules/graph-invite-contract/dist/generated/types.d.ts')));

  const stdout = ok(run(process.execPath, [join(app, 'out', 'consumer.js')], app), 'the consumer');
  const summary = JSON.parse(stdout) as ConsumerSummary;
  assert.is(summary.examples, 16, 'every documented example the OpenAPI document names');
  assert.ok(summary.warnings > 0, 'the documented examples carry warnings, not errors');
  assert.is(summary.phone, '+12345678901');
  assert.is(summary.operationStatus, 'pending');
  assert.equal(summary.contractError, ['participants-required']);
  assert.equal(summary.refusedAt && { line: summary.refusedAt.line, ruleId: summary.refusedAt.ruleId }, { line: 3, ruleId: 'json-syntax' });
  assert.equal(summary.seen, ['roster:1', 'operation:done', 'delta-roster:42', 'other:deleted']);
  assert.equal(summary.typesEntryKeys, [], 'the types entry carries no run-time code');
  assert.is(summary.deepImport, 'ERR_PACKAGE_PATH_NOT_EXPORTED');

  // The command line ships in the same tarball.
  const bin = join(app, 'node_modules', '.bin', process.platform === 'win32' ? 'graph-invite-contract.cmd' : 'graph-invite-contract');
  const documented = join(app, 'node_modules', 'graph-invite-contract', 'samples', 'documented', 'example-1.request.json');
  ok(run(bin, ['validate', '--kind', 'invite-request', documented], app), 'the installed CLI');
});

/** A consumer project of the matrix: its module settings, its package type and its main file. */
interface MatrixProject {
  name: string;
  type: 'module' | 'commonjs';
  compilerOptions: Record<string, unknown>;
  main: string;
  /** Where the package's root entry must resolve, for the compiler and for Node. */
  declarations: string;
  runtime: string;
}

const esmMain = `import request from 'graph-invite-contract/samples/documented/example-1.request.json' with { type: 'json' };
import response from 'graph-invite-contract/samples/documented/example-1.response.json' with { type: 'json' };
import roster from 'graph-invite-contract/samples/documented/example-1.notification-roster.json' with { type: 'json' };
import completed from 'graph-invite-contract/samples/documented/example-1.notification-completed.json' with { type: 'json' };
import { runBot } from './bot.js';
import { webhookSummary } from './webhook.js';

const resolved = import.meta.resolve('graph-invite-contract');
const typesEntry = Object.keys(await import('graph-invite-contract/types'));
const webhook = await webhookSummary(response, JSON.stringify(roster), JSON.stringify(completed));
process.stdout.write(JSON.stringify({ bot: runBot(request, response), webhook, resolved, typesEntry }));
`;

// CommonJS through require(): import = require() compiles to a plain require call.
const cjsMain = `import contract = require('graph-invite-contract');
import request = require('graph-invite-contract/samples/documented/example-1.request.json');
import response = require('graph-invite-contract/samples/documented/example-1.response.json');
import roster = require('graph-invite-contract/samples/documented/example-1.notification-roster.json');
import completed = require('graph-invite-contract/samples/documented/example-1.notification-completed.json');
import { runBot } from './bot.js';
import { webhookSummary } from './webhook.js';

if (!contract.isInviteRequest(request)) throw new Error('the documented request is an invite request');
const resolved = require.resolve('graph-invite-contract');
const typesEntry = Object.keys(require('graph-invite-contract/types') as object);
webhookSummary(response, JSON.stringify(roster), JSON.stringify(completed)).then(
  (webhook) => process.stdout.write(JSON.stringify({ bot: runBot(request, response), webhook, resolved, typesEntry })),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
`;

const shared = { strict: true, target: 'ES2022', lib: ['ES2022'], skipLibCheck: false, resolveJsonModule: true, rootDir: 'src', outDir: 'out', types: ['node'], typeRoots: [join(packageRoot, 'node_modules', '@types')] };
const esmDeclarations = 'graph-invite-contract/dist/src/index.d.ts';
const cjsDeclarations = 'graph-invite-contract/dist/cjs/src/index.d.ts';
const matrix: MatrixProject[] = [
  { name: 'nodenext', type: 'module', compilerOptions: { ...shared, module: 'NodeNext', verbatimModuleSyntax: true }, main: esmMain, declarations: esmDeclarations, runtime: 'dist/src/index.js' },
  { name: 'bundler', type: 'module', compilerOptions: { ...shared, module: 'ESNext', moduleResolution: 'Bundler', verbatimModuleSyntax: true }, main: esmMain, declarations: esmDeclarations, runtime: 'dist/src/index.js' },
  { name: 'node16-cjs', type: 'commonjs', compilerOptions: { ...shared, module: 'Node16', moduleResolution: 'Node16' }, main: cjsMain, declarations: cjsDeclarations, runtime: 'dist/cjs/src/index.js' },
  // node10 reads the root's "types" field and, for the subpaths, typesVersions.
  { name: 'node10-cjs', type: 'commonjs', compilerOptions: { ...shared, module: 'CommonJS', moduleResolution: 'Node10', esModuleInterop: true }, main: cjsMain, declarations: esmDeclarations, runtime: 'dist/cjs/src/index.js' },
];

/** What the matrix's main prints. */
interface MatrixSummary {
  bot: { participants: number; valid: boolean; tooMany: string[]; refusedEmpty: string[]; graphStatus: string; backStatus: string; graphIdentity: unknown; fromGraph: boolean };
  webhook: { callbacks: Array<{ status: number; tenant?: string; seen: string[] }>; outcome: { status: string; appeared: string[] } | undefined };
  resolved: string;
  /** The keys of the types entry at run time: none, it carries no code. */
  typesEntry: string[];
}

for (const project of matrix) {
  test(`a ${project.name} project compiles the bot and its webhook against the tarball and runs them`, () => {
    assert.ok(existsSync(join(app, 'node_modules', 'graph-invite-contract', 'package.json')), 'the NodeNext test installed the tarball');
    // Below the installed app, so that the package resolves from its node_modules; a package.json of its own sets the module type.
    const dir = join(app, 'matrix', project.name);
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `consumer-${project.name}`, private: true, type: project.type }, null, 2)}\n`);
    writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: project.compilerOptions, include: ['src'] }, null, 2)}\n`);
    for (const file of ['bot.ts', 'webhook.ts']) copyFileSync(join(packageRoot, 'test', 'fixtures', 'consumer', file), join(dir, 'src', file));
    writeFileSync(join(dir, 'src', 'main.ts'), project.main);

    const { program, diagnostics } = compileProject(dir);
    assert.equal(diagnostics, [], diagnostics.join('\n'));
    const resolved = program.getSourceFiles().map((f) => f.fileName.split('\\').join('/')).filter((name) => name.includes('node_modules/graph-invite-contract/'));
    assert.ok(resolved.some((name) => name.endsWith(`node_modules/${project.declarations}`)), resolved.join('\n'));

    const summary = JSON.parse(ok(run(process.execPath, [join(dir, 'out', 'main.js')], dir), `the ${project.name} consumer`)) as MatrixSummary;
    assert.ok(summary.resolved.split('\\').join('/').endsWith(`node_modules/graph-invite-contract/${project.runtime}`), summary.resolved);
    assert.equal(summary.typesEntry, []);
    assert.equal(summary.bot, {
      participants: 2,
      valid: true,
      tooMany: ['participants-limit'],
      refusedEmpty: ['participants-required'],
      graphStatus: 'Running',
      backStatus: 'running',
      graphIdentity: { user: { id: '278405a3-f568-4b3e-b684-009193463064' } },
      fromGraph: true,
    });
    // The token checked before the body; the mixed batch's good notifications handled, the broken one refused
    // alone; the tracker's outcome of the invite built from a mapped array.
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    assert.equal(summary.webhook.callbacks, [
      { status: 202, tenant, seen: ['roster', 'refused:type-mismatch', 'operation:completed'] },
      { status: 401, seen: ['missing-header'] },
      { status: 401, seen: ['wrong-audience'] },
      { status: 400, tenant, seen: [] },
    ]);
    assert.equal(summary.webhook.outcome, { status: 'completed', appeared: ['user:278405a3-f568-4b3e-b684-009193463064'] });
  });
}

test.run();
