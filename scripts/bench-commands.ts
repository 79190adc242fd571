/** The commands the benchmark runs, and how it tells which files a command checked. */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { rootSchemaFile } from '../src/contract/kinds.js';
import type { Kind } from '../src/model/kind.js';
import { packageRoot, schemasDir } from '../src/paths.js';
import type { Run } from './bench-stats.js';
import { loadSchemaFiles } from './schema-registry.js';

/** The installed command: the bundled CLI with its code cache. */
export const cli = join(packageRoot, 'dist', 'src', 'cli', 'start', 'bin.cjs');
/** ajv-cli's script, run with this Node.js like ours (its .bin entry is a link to it). */
export const ajvCli = realpathSync(join(packageRoot, 'node_modules', '.bin', 'ajv'));
/** The read + parse floor: bench-read-baseline.ts. */
export const readBaseline = join(packageRoot, 'dist', 'scripts', 'bench-read-baseline.js');
/** One run of the invite tracker's figure: bench-tracker-run.ts. */
export const trackerRun = join(packageRoot, 'dist', 'scripts', 'bench-tracker-run.js');
export const documentedDir = join(packageRoot, 'samples', 'documented');
export const projectConfig = join(packageRoot, 'graph-invite-contract.config.json');

/** The kind the project's config gives a file by its name (the CLI reads the same config); none for sidecars. */
export function kindOfName(name: string): Kind | undefined {
  if (name.endsWith('.expected.json')) return undefined;
  if (name.endsWith('.request.json')) return 'invite-request';
  if (name.endsWith('.response.json') || name.endsWith('.operation.json')) return 'invite-operation';
  if (/\.notification[^/]*\.json$/.test(name)) return 'comms-notifications';
  return undefined;
}

/**
 * ajv-cli's arguments for one kind (it takes one schema a run): the kind's root schema, the others as
 * references, ajv-formats, every error; then the data files or glob patterns.
 */
export function ajvArgs(kind: Kind, data: readonly string[]): string[] {
  const schema = rootSchemaFile[kind];
  const refs = loadSchemaFiles()
    .map(({ file }) => file)
    .filter((file) => file !== schema)
    .flatMap((file) => ['-r', join(schemasDir, file)]);
  return [ajvCli, 'validate', '--spec=draft2020', '--strict=false', '--all-errors', '-c', 'ajv-formats', '-s', join(schemasDir, schema), ...refs, ...data.flatMap((file) => ['-d', file])];
}

/** ajv-cli prints "<file> valid" or "<file> invalid" per data file: the counts, to check it saw what we did. */
export function ajvChecked(run: Pick<Run, 'stdout' | 'stderr'>): { valid: number; invalid: number } {
  return { valid: (run.stdout.match(/ valid$/gm) ?? []).length, invalid: (run.stderr.match(/ invalid$/gm) ?? []).length };
}
