import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';
import { runScript } from './script-host.js';

const generator = join(packageRoot, 'dist', 'scripts', 'generate.js');

/** The files scripts/generate.ts writes into generated/, sorted. */
export const generatedFiles: readonly string[] = ['one-pass-checks.ts', 'profiles.ts', 'types-v1.0.ts', 'types.ts', 'validators.d.ts', 'validators.js'];

/**
 * Runs the built generator (npm run generate) with these arguments, in the loaded script host (a few
 * hundred milliseconds a run instead of a second: its compilers stay warm).
 */
export function runGenerator(args: readonly string[]): { status: number | null; output: string } {
  const run = runScript(generator, args);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Runs the built generator as a process of its own, as `npm run generate` does. */
export function spawnGenerator(args: readonly string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [generator, ...args], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The sample folders the generator reads: the documented payloads the OpenAPI documents carry. */
const documentedFolders = ['documented', 'documented-v1.0'];

/**
 * A scratch copy of the generator's inputs and outputs, so edits never touch the project. Of samples/, only
 * the folders the generator reads (the others hold nearly three times as many files, copied and removed for
 * nothing); a read of another would fail the run, not pass unseen.
 */
export function scratchCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'gic-generate-'));
  cpSync(join(packageRoot, 'schemas'), join(root, 'schemas'), { recursive: true });
  // The OpenAPI documents carry the package's version and the documented payloads.
  cpSync(join(packageRoot, 'package.json'), join(root, 'package.json'));
  for (const folder of documentedFolders) cpSync(join(packageRoot, 'samples', folder), join(root, 'samples', folder), { recursive: true });
  cpSync(join(packageRoot, 'generated'), join(root, 'generated'), { recursive: true });
  return root;
}

/**
 * Replaces the schema of mediaStream's label in a scratch copy, through the overlay (the schema files are
 * generated from it): the edit generator tests make.
 */
export function setMediaStreamLabel(root: string, label: Record<string, unknown>): void {
  const file = join(root, 'schemas', 'source', 'overlay.json');
  const overlay = JSON.parse(readFileSync(file, 'utf8')) as { types: Record<string, { properties: Record<string, unknown> }> };
  const { description, ...schema } = label;
  (overlay.types['mediaStream'] as { properties: Record<string, unknown> }).properties['label'] = { description: description ?? 'Changed for the test.', schema, reason: 'Changed for the test.' };
  writeFileSync(file, JSON.stringify(overlay, null, 2));
}
