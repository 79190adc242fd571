import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { kindForPath, loadConfig } from '../src/cli/config/config.js';
import type { ApiVersion } from '../src/model/api-version.js';
import { isKind, type Kind } from '../src/model/kind.js';
import { packageRoot } from '../src/paths.js';
import type { Severity } from '../src/model/problem.js';

/** The sample folders, each with its own promise about the samples in it. */
export const sampleFolders = ['documented', 'documented-v1.0', 'valid', 'invalid', 'invalid/v1.0'] as const;
export type SampleFolder = (typeof sampleFolders)[number];

/** The profile a folder's samples are checked against: the v1.0 page's examples and invalid/v1.0 under v1.0, the rest under beta. */
export function folderApiVersion(folder: SampleFolder): ApiVersion {
  return folder === 'documented-v1.0' || folder === 'invalid/v1.0' ? 'v1.0' : 'beta';
}

/** What a sample must yield, as written beside it in <name>.expected.json. */
export interface Expectation {
  readonly kind: Kind | null;
  readonly problems: ReadonlyArray<{ readonly ruleId: string; readonly severity: Severity; readonly pointer: string }>;
}

export interface Sample {
  readonly folder: SampleFolder;
  readonly name: string;
  readonly path: string;
  readonly expectedPath: string;
}

export const samplesDir = join(packageRoot, 'samples');
export const projectConfig = loadConfig(packageRoot);

/** Every sample payload (expectation files excluded), sorted. */
export function listSamples(folder: SampleFolder): Sample[] {
  const dir = join(samplesDir, folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.expected.json'))
    .sort()
    .map((name) => ({ folder, name, path: join(dir, name), expectedPath: join(dir, name.replace(/\.json$/, '.expected.json')) }));
}

/** The kind a sample is checked as: from the project config, else from its expectation. */
export function sampleKind(sample: Sample): Kind | null {
  return kindForPath(projectConfig, sample.path) ?? readExpectation(sample)?.kind ?? null;
}

/** A sample's parsed content (only for samples that are JSON). */
export function readSample(sample: Sample): unknown {
  return JSON.parse(readFileSync(sample.path, 'utf8')) as unknown;
}

/** Reads a sample's expectation, or undefined when it has none. */
export function readExpectation(sample: Sample): Expectation | undefined {
  if (!existsSync(sample.expectedPath)) return undefined;
  const raw = JSON.parse(readFileSync(sample.expectedPath, 'utf8')) as Expectation;
  if (raw.kind !== null && !isKind(raw.kind)) throw new Error(`${sample.expectedPath}: kind ${String(raw.kind)} is not a kind`);
  return raw;
}

/** Problems reduced to what expectations assert, in a canonical order. */
export function canonical(problems: Expectation['problems']): string[] {
  return problems.map((p) => `${p.severity} ${p.ruleId} ${p.pointer}`).sort();
}
