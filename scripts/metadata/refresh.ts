/**
 * npm run metadata:refresh -- <cleanMetadata.xml> --version beta|v1.0 [--commit <sha>] [--date YYYY-MM-DD]
 *   [--dry-run | --check] [--json] [--overlay <file>] [--root <project>]
 *
 * Rewrites schemas/source/metadata/<version>-contract-types.xml from a downloaded full metadata file (the
 * closure of closure.json, elements copied byte for byte), updates that file's row in SOURCE.md, and prints
 * what changed against the old excerpt and which overlay entries no longer apply. --dry-run (--check)
 * writes nothing and exits 1 on drift. Exit 2, with one line on stderr, when the input or an option is
 * wrong; nothing is written then. It never reaches the network. See docs/metadata.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { writeAllAtomically } from '../write-all.js';
import { readCsdl, type CsdlModel } from './csdl.js';
import { excerptText, extractClosure, MetadataShapeError, readClosureRoots, type ClosureRoots } from './closure.js';
import { compareModels, formatDrift, hasDrift, overlayOrphans, type DriftReport } from './drift.js';
import { scanXml, XmlSyntaxError, type XmlElement } from './xml-elements.js';

/** A wrong argument or an input that cannot be used: reported in one line, exit 2. */
class RefreshError extends Error {}

/** Where each version's full file lives in microsoftgraph/msgraph-metadata. */
const sourcePaths = { beta: 'clean_beta_metadata/cleanMetadata.xml', 'v1.0': 'clean_v10_metadata/cleanMetadata.xml' } as const;
type Version = keyof typeof sourcePaths;

interface Options {
  readonly input: string;
  readonly version: Version;
  readonly commit: string | undefined;
  readonly date: string | undefined;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly root: string;
  readonly overlay: string;
}

const usage = 'usage: metadata:refresh <cleanMetadata.xml> --version beta|v1.0 [--commit <sha>] [--date YYYY-MM-DD] [--dry-run] [--json] [--overlay <file>] [--root <dir>]';

function parseOptions(argv: readonly string[]): Options {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (['--dry-run', '--check', '--json'].includes(arg)) flags.add(arg);
    else if (['--version', '--commit', '--date', '--overlay', '--root'].includes(arg)) {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) throw new RefreshError(`${arg} needs a value; ${usage}`);
      if (values.has(arg)) throw new RefreshError(`${arg} given twice`);
      values.set(arg, value);
      index += 1;
    } else if (arg.startsWith('--')) throw new RefreshError(`unknown option ${arg}; ${usage}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new RefreshError(`give exactly one metadata file; ${usage}`);
  const version = values.get('--version');
  if (version !== 'beta' && version !== 'v1.0') throw new RefreshError(`--version must be beta or v1.0; ${usage}`);
  const commit = values.get('--commit');
  if (commit !== undefined && !/^[0-9a-f]{7,40}$/.test(commit)) throw new RefreshError('--commit must be a commit hash (7 to 40 lowercase hex digits)');
  const date = values.get('--date');
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RefreshError('--date must be written YYYY-MM-DD');
  const root = resolve(values.get('--root') ?? packageRoot);
  return {
    input: positional[0] as string,
    version,
    commit,
    date,
    dryRun: flags.has('--dry-run') || flags.has('--check'),
    json: flags.has('--json'),
    root,
    overlay: resolve(values.get('--overlay') ?? join(root, 'schemas', 'source', 'overlay.json')),
  };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new RefreshError(`cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const readIfPresent = (path: string): string | undefined => (existsSync(path) ? readText(path, 'file') : undefined);

/** The excerpt's comment: where the elements come from, as far as the options tell. */
function commentFor(options: Options, roots: ClosureRoots): string {
  const actions = roots.actions.map(({ name, bindingType }) => `${name}(${bindingType.replace(/[\w.]+\./g, '')})`);
  const at = `${options.commit === undefined ? 'an unrecorded commit' : `commit ${options.commit}`}${options.date === undefined ? '' : ` (${options.date})`}`;
  return (
    `Excerpt of microsoftgraph/msgraph-metadata ${sourcePaths[options.version]} at ${at}. The EnumType/ComplexType/EntityType elements of the ` +
    `participant:invite contract closure and the bound Action${actions.length === 1 ? '' : 's'} ${actions.join(', ')}, unchanged; only the ` +
    'edmx/Schema envelope is added and the elements are regrouped by kind. See SOURCE.md.'
  );
}

/** SOURCE.md with the excerpt's row rewritten; undefined when SOURCE.md has no row for it. */
function sourceTable(text: string, file: string, options: Options, sourceLength: number): string | undefined {
  const row = new RegExp(`^\\| \`${file.replace(/\./g, '\\.')}\` \\|.*$`, 'm');
  if (!row.test(text)) return undefined;
  const commit = options.commit === undefined ? 'not recorded' : `\`${options.commit}\``;
  const size = sourceLength >= 100_000 ? `${(sourceLength / 1e6).toFixed(1)} M characters` : `${sourceLength} characters`;
  return text.replace(row, `| \`${file}\` | \`${sourcePaths[options.version]}\` (${size}) | ${commit} | ${options.date ?? 'not recorded'} |`);
}

/** A path as the report shows it: relative to the project when inside it. */
function shown(root: string, path: string): string {
  const inside = relative(root, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside.split('\\').join('/');
}

function readModel(xml: string, what: string): CsdlModel {
  try {
    return readCsdl(xml);
  } catch (error) {
    throw new MetadataShapeError(`${what} cannot be read as CSDL: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function scan(source: string, path: string): XmlElement {
  try {
    return scanXml(source);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new RefreshError(`${basename(path)} is not XML: ${error.message}`);
    throw error;
  }
}

function run(argv: readonly string[]): number {
  const options = parseOptions(argv);
  const metadataDir = join(options.root, 'schemas', 'source', 'metadata');
  const excerptName = `${options.version}-contract-types.xml`;
  const excerptPath = join(metadataDir, excerptName);
  const roots = readClosureRoots(readText(join(metadataDir, 'closure.json'), 'the closure roots'));
  const source = readText(options.input, 'the metadata file');
  const extracted = extractClosure(source, scan(source, options.input), roots);

  const oldText = readIfPresent(excerptPath);
  const oldComment = oldText?.match(/^<\?xml[^\n]*\n<!-- (.*) -->\n/)?.[1];
  // Same elements and no new provenance: the old comment still tells where these bytes come from.
  const unchanged = options.commit === undefined && options.date === undefined && oldComment !== undefined && excerptText(extracted, roots.namespace, oldComment) === oldText;
  const newText = unchanged ? (oldText as string) : excerptText(extracted, roots.namespace, commentFor(options, roots));
  const newModel = readModel(newText, 'the new excerpt');
  const oldModel = oldText === undefined ? undefined : readModel(oldText, `the current ${excerptName}`);

  const overlayText = readIfPresent(options.overlay);
  let overlay: unknown;
  try {
    overlay = overlayText === undefined ? undefined : JSON.parse(overlayText);
  } catch (error) {
    throw new RefreshError(`the overlay ${options.overlay} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const report: DriftReport = {
    excerpt: excerptName,
    hadExcerpt: oldText !== undefined,
    changes: compareModels(oldModel, newModel),
    overlay: { path: shown(options.root, options.overlay), found: overlayText !== undefined, orphans: overlayText === undefined ? [] : overlayOrphans(overlay, oldModel, newModel) },
  };

  const notes: string[] = [];
  const writes: Array<{ path: string; content: string; previous: string | undefined }> = [];
  if (newText !== oldText) {
    writes.push({ path: excerptPath, content: newText, previous: oldText });
    const sourceMdPath = join(metadataDir, 'SOURCE.md');
    const sourceMd = readIfPresent(sourceMdPath);
    const table = sourceMd === undefined ? undefined : sourceTable(sourceMd, excerptName, options, source.length);
    if (table === undefined) notes.push(`SOURCE.md has no row for ${excerptName}: add it by hand.`);
    else if (table !== sourceMd) writes.push({ path: sourceMdPath, content: table, previous: sourceMd });
    if (options.commit === undefined) notes.push('The commit is not recorded: run again with --commit <sha> --date <YYYY-MM-DD> of the downloaded file.');
    if (report.changes.length > 0) notes.push("Review SOURCE.md's notes (what beta adds over v1.0), then run npm run generate.");
  }
  if (!options.dryRun) writeAllAtomically(writes);
  const wrote = options.dryRun ? [] : writes.map(({ path }) => shown(options.root, path));
  const drift = hasDrift(report);

  if (options.json) {
    console.log(JSON.stringify({ ...report, drift, dryRun: options.dryRun, wrote }, null, 2));
  } else {
    const written = options.dryRun ? 'Dry run: nothing written.' : wrote.length === 0 ? `${excerptName} is up to date.` : `Wrote ${wrote.join(', ')}.`;
    console.log([formatDrift(report), written, ...(options.dryRun ? [] : notes)].join('\n'));
  }
  return options.dryRun && drift ? 1 : 0;
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (error) {
  const known = error instanceof RefreshError || error instanceof MetadataShapeError;
  const message = error instanceof Error ? error.message : String(error);
  console.error(`metadata:refresh: ${known ? message : `unexpected failure: ${message}`}`.replace(/\s*\n\s*/g, ' '));
  process.exitCode = 2;
}
