import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';

const generator = join(packageRoot, 'dist', 'scripts', 'generate.js');

/** Runs the built generator (npm run generate) with these arguments. */
/** The files scripts/generate.ts writes into generated/, sorted. */
export const generatedFiles: readonly string[] = ['one-pass-checks.ts', 'profiles.ts', 'types.ts', 'validators.d.ts', 'validators.js'];

export function runGenerator(args: readonly string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [generator, ...args], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A scratch copy of schemas/ and generated/, so edits never touch the project. */
export function scratchCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'gic-generate-'));
  cpSync(join(packageRoot, 'schemas'), join(root, 'schemas'), { recursive: true });
  cpSync(join(packageRoot, 'generated'), join(root, 'generated'), { recursive: true });
  return root;
}

/** Replaces the label property of media-stream.schema.json in a scratch copy: the edit generator tests make. */
export function setMediaStreamLabel(root: string, label: unknown): void {
  const file = join(root, 'schemas', 'media-stream.schema.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { properties: Record<string, unknown> };
  schema.properties['label'] = label;
  writeFileSync(file, JSON.stringify(schema, null, 2));
}
